package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.AllocationSample;
import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.ExecutionSample;
import org.jfrtriage.analyzer.event.GcPause;
import org.jfrtriage.analyzer.event.JvmInfo;
import org.jfrtriage.analyzer.event.SampleKind;
import org.jfrtriage.analyzer.table.ThreadTable;

class EventWindowTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void aWindowKeepsTheEventsOfItsSpanAndCountsThemByType() {
        EventWindow w = new EventWindow("live:42", 10 * S);
        int s = Stacks.stack(w.stacks(), "com.acme.Book.quote");
        int t = w.threads().threadId(7, "request-1");
        assertThat(w.newestNanos()).isEqualTo(Long.MIN_VALUE);
        w.onChunk(0, 1); // ignored: the window is the span
        w.onSetting("jdk.ThreadPark", "enabled", "true");
        w.onJvmInfo(new JvmInfo("21.0.2+13", "Vendor", "", "", 42)); // readers parse versions (JvmInfoTest)
        w.onExecutionSample(new ExecutionSample(2 * S, t, s, SampleKind.CPU, 1)); // dropped: older than the window
        w.onExecutionSample(new ExecutionSample(12 * S, t, s, SampleKind.CPU, 1));
        w.onExecutionSample(new ExecutionSample(13 * S, t, s, SampleKind.WALL, 1));
        w.onExecutionSample(new ExecutionSample(13 * S, t, s, SampleKind.WALL, 1));
        w.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, 14 * S, 100 * MS, t, "com.acme.Book", ThreadTable.NONE, s));
        w.onContention(new ContentionEvent(ContentionKind.PARK, 14 * S, 100 * MS, t, "java.util.concurrent.locks.ReentrantLock$NonfairSync",
                ThreadTable.NONE, s));
        w.onContention(new ContentionEvent(ContentionKind.MONITOR_WAIT, 15 * S, 100 * MS, t, "java.lang.Object", ThreadTable.NONE, s));
        w.onAllocation(new AllocationSample(16 * S, t, "byte[]", 4096, -1, s, AllocationSample.Source.SAMPLE));
        w.onAllocation(new AllocationSample(16 * S, t, "byte[]", 4096, -1, s, AllocationSample.Source.SAMPLE));
        w.onAllocation(new AllocationSample(16 * S, t, "byte[]", 4096, 4096, s, AllocationSample.Source.TLAB));
        w.onGcPause(new GcPause(17 * S, 5 * MS, 5 * MS, "G1New", "G1 Evacuation Pause"));
        w.onThreadCount(18 * S, 30, 5);
        w.onThreadDump(19 * S, "dump");
        w.onFinish(new EventSink.ReadSummary("async-profiler", true, 0, 0, 0, List.of(), Map.of()));
        assertThat(w.newestNanos()).isEqualTo(19 * S);
        Profile p = w.profile(20 * S);
        assertThat(p.info().startNanos()).isEqualTo(10 * S);
        assertThat(p.info().endNanos()).isEqualTo(20 * S);
        assertThat(p.info().source()).isEqualTo("live:42");
        assertThat(p.info().producer()).isEqualTo("async-profiler");
        assertThat(p.info().jvm().version()).isEqualTo("21.0.2+13");
        assertThat(p.info().setting("jdk.ThreadPark", "enabled")).isEqualTo("true");
        assertThat(p.info().warnings()).isEmpty();
        assertThat(p.info().eventCounts()).isEqualTo(Map.of("jdk.ExecutionSample", 1L, "profiler.WallClockSample", 2L,
                "jdk.JavaMonitorEnter", 1L, "jdk.ThreadPark", 1L, "jdk.JavaMonitorWait", 1L, "jdk.ObjectAllocationSample", 2L,
                "jdk.ObjectAllocationInNewTLAB", 1L, "jdk.GarbageCollection", 1L, "jdk.JavaThreadStatistics", 1L, "jdk.ThreadDump", 1L));
        assertThat(p.cpuSamples().total()).isEqualTo(1);
        assertThat(p.wallSamples().total()).isEqualTo(2);
        assertThat(p.contention()).hasSize(3);
        assertThat(p.gcPauses()).hasSize(1);
        assertThat(p.allocations().totalBytes()).isEqualTo(8192);
        assertThat(p.threadStats().maxActive()).isEqualTo(30);
        assertThat(p.threadStats().lastThreadDump()).isEqualTo("dump");
        assertThat(p.stacks()).isSameAs(w.stacks());
        // a later window drops what fell out of it, keyed by when each event ended
        Profile later = w.profile(24 * S + 100 * MS);
        assertThat(later.cpuSamples().total()).isZero();
        assertThat(later.contention()).hasSize(3);
        assertThat(later.info().eventCount("jdk.ExecutionSample")).isZero();
        assertThat(later.info().eventCount("jdk.JavaMonitorEnter")).isEqualTo(1);
        Profile last = w.profile(24 * S + 100 * MS + 1);
        assertThat(last.info().eventCount("jdk.JavaMonitorEnter")).isZero();
        assertThat(last.info().eventCount("jdk.JavaMonitorWait")).isEqualTo(1);
    }
}
