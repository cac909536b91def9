package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.ExecutionSample;
import org.jfrtriage.analyzer.event.SampleKind;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.FrameType;
import org.jfrtriage.analyzer.table.ThreadTable;

/** Waits rebuilt from wall-clock samples: runs, gaps, batches, recorded waits not counted twice, and their holders. */
class SampledWaitsTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_000 * MS;

    private final ProfileBuilder b = new ProfileBuilder("test.jfr");
    /** A thread blocked entering a monitor, as async-profiler samples it: HotSpot's frames inside the Java ones. */
    private final int monitorEnter = nativeThenJava(new String[] {"libjvm.so.ObjectMonitor::EnterI", "libjvm.so.ObjectMonitor::enter"},
            "com.acme.Ledger.post", "com.acme.Http.serve");
    private final int posting = Stacks.stack(b.stacks(), "com.acme.Ledger.rebuild", "com.acme.Ledger.post", "com.acme.Janitor.run");

    private int nativeThenJava(String[] natives, String... java) {
        int[] ids = new int[natives.length + java.length];
        for (int i = 0; i < natives.length; i++) {
            int dot = natives[i].indexOf(".so.") + 3;
            ids[i] = b.stacks().frameId(new Frame(natives[i].substring(0, dot), natives[i].substring(dot + 1), 0, FrameType.CPP));
        }
        for (int i = 0; i < java.length; i++) {
            int dot = java[i].lastIndexOf('.');
            ids[natives.length + i] = b.stacks().frameId(new Frame(java[i].substring(0, dot), java[i].substring(dot + 1), 12,
                    FrameType.JIT_COMPILED));
        }
        return b.stacks().stackId(ids, false);
    }

    private int thread(String name) {
        return b.threads().threadId(Math.abs(name.hashCode()) + 1L, name);
    }

    private void wall(String thread, long fromMs, long toMs, long everyMs, int stack) {
        for (long t = fromMs; t <= toMs; t += everyMs) {
            b.onExecutionSample(new ExecutionSample(T0 + t * MS, thread(thread), stack, SampleKind.WALL, 1));
        }
    }

    private Profile build() {
        b.onChunk(T0, T0 + 10_000 * MS);
        b.onFinish(new EventSink.ReadSummary("async-profiler", true, 10, 10, 1, List.of(), Map.of()));
        return b.build();
    }

    @Test
    void consecutiveSamplesInAMonitorEnterAreOneWaitFromTheFirstSampleToTheLast() {
        wall("request-1", 100, 400, 10, monitorEnter);
        Profile p = build();
        assertThat(p.sampledWaits().periodNanos()).isEqualTo(10 * MS);
        assertThat(p.sampledWaits().waits()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(ContentionKind.MONITOR_ENTER);
            assertThat(w.startNanos()).isEqualTo(T0 + 100 * MS);
            assertThat(w.endNanos()).isEqualTo(T0 + 400 * MS);
            assertThat(w.samples()).isEqualTo(31);
            assertThat(w.open()).isFalse();
        });
        ContentionSite site = p.contention().get(0);
        assertThat(site.sampled()).isTrue();
        assertThat(site.sampledPeriodNanos()).isEqualTo(10 * MS);
        assertThat(site.category()).isEqualTo(WaitCategory.LOCK);
        assertThat(site.totalNanos()).isEqualTo(300 * MS);
    }

    @Test
    void aBatchedSampleStandsForItsSpanAndBridgesALongerGap() {
        wall("request-1", 100, 120, 10, monitorEnter);
        // async-profiler writes an idle thread's samples in one state as one event over their span
        b.onExecutionSample(new ExecutionSample(T0 + 200 * MS, thread("request-1"), monitorEnter, SampleKind.WALL, 20, 400 * MS));
        wall("request-1", 700, 720, 10, monitorEnter);
        Profile p = build();
        assertThat(p.sampledWaits().waits()).singleElement().satisfies(w -> {
            assertThat(w.startNanos()).isEqualTo(T0 + 100 * MS);
            assertThat(w.endNanos()).isEqualTo(T0 + 720 * MS);
        });
    }

    @Test
    void aWaitARecordedEventCoversIsNotCountedTwice() {
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, T0 + 90 * MS, 320 * MS, thread("request-1"),
                "com.acme.Ledger", ThreadTable.NONE, monitorEnter, 0x10L));
        wall("request-1", 100, 400, 10, monitorEnter);
        wall("request-2", 100, 400, 10, monitorEnter);
        Profile p = build();
        assertThat(p.sampledWaits().waits()).extracting(w -> p.threads().name(w.thread())).containsExactly("request-2");
    }

    @Test
    void aWaitSampledUntilTheEndNeverEnded() {
        wall("request-1", 9_000, 10_000, 10, monitorEnter);
        Profile p = build();
        assertThat(p.sampledWaits().waits()).singleElement().satisfies(w -> assertThat(w.open()).isTrue());
        assertThat(p.contention()).singleElement().satisfies(c -> assertThat(c.neverEnded()).isTrue());
    }

    @Test
    void theHolderOfSampledWaitsIsTheThreadSampledInTheLocksCodeMeanwhile() {
        for (int r = 0; r < 4; r++) {
            wall("request-" + r, 100, 400, 10, monitorEnter);
        }
        for (long t = 100; t <= 400; t += 10) {
            b.onExecutionSample(new ExecutionSample(T0 + t * MS, thread("janitor"), posting, SampleKind.CPU, 1));
        }
        Profile p = build();
        BitSet sites = new BitSet();
        p.contention().forEach(c -> sites.set(c.index()));
        LockHolders.Result r = p.lockHolders().blockedBy(sites);
        assertThat(r.holders()).isNotEmpty();
        assertThat(p.threads().name(r.holders().get(0).thread())).isEqualTo("janitor");
        assertThat(r.holders().get(0).source()).isEqualTo(LockHolders.Source.SAMPLES);
    }

    @Test
    void aNeverEndedWaitIsNotChargedToAThreadThatHappenedToRunMeanwhile() {
        wall("transfer-1", 5_000, 10_000, 10, monitorEnter);
        wall("transfer-2", 5_000, 10_000, 10, monitorEnter);
        for (long t = 5_000; t <= 10_000; t += 10) {
            b.onExecutionSample(new ExecutionSample(T0 + t * MS, thread("main"), posting, SampleKind.CPU, 1));
        }
        Profile p = build();
        BitSet sites = new BitSet();
        p.contention().forEach(c -> sites.set(c.index()));
        LockHolders.Result r = p.lockHolders().blockedBy(sites);
        assertThat(r.holders()).isEmpty();
        assertThat(r.note()).contains("never ended");
    }

    @Test
    void aRecordedWaitCoversWhatTheWaitsOfItsThreadCoverWhateverTheirOrder() {
        // threads' waits out of order, overlapping, nested and touching; the answer checked against every wait
        java.util.Random random = new java.util.Random(20261207);
        ContentionIntervals intervals = new ContentionIntervals(10_000);
        List<long[]> waits = new java.util.ArrayList<>();
        for (int k = 0; k < 2_000; k++) {
            long start = random.nextInt(100_000);
            long[] w = {start, start + 1 + random.nextInt(random.nextInt(10) == 0 ? 20_000 : 300), random.nextInt(7)};
            waits.add(w);
            intervals.add(w[0], w[1], (int) w[2], 0);
        }
        SampledWaits.Recorded recorded = SampledWaits.coveredBy(intervals);
        for (int q = 0; q < 20_000; q++) {
            int thread = random.nextInt(9) - 1; // threads without waits, and below every id
            long from = random.nextInt(130_000) - 10_000;
            long to = from + random.nextInt(500);
            boolean covered = waits.stream().anyMatch(w -> w[2] == thread && w[0] < to && w[1] > from);
            assertThat(recorded.covers(thread, from, to)).as("thread %d [%d, %d)", thread, from, to).isEqualTo(covered);
        }
    }
}
