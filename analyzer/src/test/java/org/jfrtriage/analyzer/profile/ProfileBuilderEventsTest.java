package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.AllocationSample;
import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.CpuLoad;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.ExecutionSample;
import org.jfrtriage.analyzer.event.GcPause;
import org.jfrtriage.analyzer.event.JvmInfo;
import org.jfrtriage.analyzer.event.SampleKind;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.event.ThreadCpuLoad;
import org.jfrtriage.analyzer.table.ThreadTable;
import org.jfrtriage.analyzer.event.ThrowableEvent;
import org.jfrtriage.analyzer.event.WaitCategory;

/** What the builder makes of each kind of event, on exact numbers. */
class ProfileBuilderEventsTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long T0 = 100 * S;

    private final ProfileBuilder b = new ProfileBuilder("test.jfr");
    private final String[] tree = {"java.util.HashMap$TreeNode.putTreeVal", "java.util.HashMap.putVal", "com.acme.Sessions.touch"};

    private int stack(String... frames) {
        return Stacks.stack(b.stacks(), frames);
    }

    private int thread(String name) {
        return b.threads().threadId(name.hashCode() & 0x7fffffffL, name);
    }

    private void cpu(long time, String thread, int stack) {
        b.onExecutionSample(new ExecutionSample(time, thread(thread), stack, SampleKind.CPU, 1));
    }

    private Profile build() {
        b.onFinish(new EventSink.ReadSummary("jdk", true, 10, 20, 1, List.of("read warning"), Map.of("jdk.ExecutionSample", 1L)));
        return b.build();
    }

    private MapWriteConcurrency writesAt(Profile p, String site) {
        return p.mapWrites().stream().filter(m -> p.stacks().frame(m.siteFrame()).qualifiedMethod().equals(site)).findFirst().orElseThrow();
    }

    @Test
    void cpuAndWallSamplesGoToTheirOwnCounts() {
        b.onChunk(T0, T0 + 10 * S);
        int s = stack("com.acme.Main.work");
        b.onExecutionSample(new ExecutionSample(T0 + S, 0, s, SampleKind.CPU, 3));
        b.onExecutionSample(new ExecutionSample(T0 + 2 * S, 0, s, SampleKind.WALL, 5));
        Profile p = build();
        assertThat(p.cpuSamples().get(s)).isEqualTo(3);
        assertThat(p.cpuSamples().total()).isEqualTo(3);
        assertThat(p.wallSamples().get(s)).isEqualTo(5);
        assertThat(p.timeline().series(org.jfrtriage.analyzer.profile.Timeline.Series.CPU_SAMPLES)).containsExactly(0, 3);
        assertThat(p.mapWrites()).isEmpty();
        assertThat(p.info().source()).isEqualTo("test.jfr");
        assertThat(p.info().warnings()).containsExactly("read warning");
        assertThat(p.info().startNanos()).isEqualTo(T0);
        assertThat(p.info().endNanos()).isEqualTo(T0 + 10 * S);
        assertThat(p.threads()).isSameAs(b.threads());
        assertThat(p.stacks()).isSameAs(b.stacks());
    }

    @Test
    void twoThreadsWritingOneSiteWithinTenMillisecondsAreCoincident() {
        int t = stack(tree);
        int plain = stack("java.util.HashMap.putVal", "com.acme.Sessions.touch");
        int elsewhere = stack("java.util.HashMap.putVal", "com.acme.Other.fill");
        cpu(T0, "a", t);
        cpu(T0 + 10 * MS, "b", t); // exactly the window: coincident, both in tree bins
        cpu(T0 + 100 * MS, "a", t);
        cpu(T0 + 110 * MS + 1, "b", t); // just outside
        cpu(T0 + 200 * MS, "a", t);
        cpu(T0 + 201 * MS, "b", plain); // coincident, only one in a tree bin
        cpu(T0 + 202 * MS, "c", elsewhere); // another site
        cpu(T0 + 300 * MS, "a", plain);
        cpu(T0 + 301 * MS, "a", plain); // the same thread
        b.onExecutionSample(new ExecutionSample(T0 + 400 * MS, -1, plain, SampleKind.CPU, 1));
        cpu(T0 + 500 * MS, "a", t);
        cpu(T0 + 505 * MS, "b", t); // a second pair inside tree bins
        Profile p = build();
        MapWriteConcurrency m = writesAt(p, "com.acme.Sessions.touch");
        assertThat(m.writeSamples()).isEqualTo(11);
        assertThat(m.treeNodeSamples()).isEqualTo(7);
        assertThat(m.coincidentPairs()).isEqualTo(3);
        assertThat(m.coincidentTreePairs()).isEqualTo(2);
        assertThat(m.threadCount()).isEqualTo(2);
        assertThat(m.longestTreeSpinNanos()).isEqualTo(200 * MS); // a: tree samples at 0, 100 and 200 ms
        assertThat(writesAt(p, "com.acme.Other.fill").writeSamples()).isEqualTo(1);
    }

    @Test
    void theLast32SamplesAreCompared() {
        int plain = stack("java.util.HashMap.putVal", "com.acme.Sessions.touch");
        for (int i = 0; i < 33; i++) {
            cpu(T0 + i * 1_000, "a", plain);
        }
        cpu(T0 + 40_000, "b", plain);
        assertThat(writesAt(build(), "com.acme.Sessions.touch").coincidentPairs()).isEqualTo(32);
    }

    @Test
    void aTreeSpinIsOneThreadsUnbrokenRunInOneSite() {
        int t = stack(tree);
        int other = stack("java.util.HashMap$TreeNode.find", "java.util.HashMap.putVal", "com.acme.Index.add");
        int cpuOnly = stack("com.acme.Pricing.compute");
        cpu(T0, "a", t);
        cpu(T0 + S, "a", t); // a gap of exactly 1 s still continues
        cpu(T0 + 2 * S, "a", t);
        cpu(T0 + 2 * S, "a", t); // two samples at one instant continue too
        cpu(T0 + 2_500 * MS, "a", t); // 2.5 s
        cpu(T0 + 3_500 * MS + 1, "a", t); // a gap over 1 s starts a new run
        cpu(T0 + 3_600 * MS, "a", t);
        cpu(T0 + 3_700 * MS, "a", cpuOnly); // leaving the tree ends the run
        cpu(T0 + 3_800 * MS, "a", t);
        cpu(T0 + 4_700 * MS, "a", t);
        cpu(T0 + 5_600 * MS, "a", t);
        cpu(T0 + 6_200 * MS, "a", t); // 2.4 s: shorter than the first run
        cpu(T0 + 8 * S, "a", other); // another site starts a new run
        cpu(T0 + 8_300 * MS, "a", other);
        cpu(T0 + 8_200 * MS, "a", other); // back in time: a new run
        Profile p = build();
        assertThat(writesAt(p, "com.acme.Sessions.touch").longestTreeSpinNanos()).isEqualTo(2_500 * MS);
        assertThat(writesAt(p, "com.acme.Index.add").longestTreeSpinNanos()).isEqualTo(300 * MS);
    }

    @Test
    void contentionGoesToTheTimelineAndIntervalsByCategory() {
        b.onChunk(T0, T0 + 10 * S);
        int lock = stack("com.acme.Book.quote");
        int idle = stack("jdk.internal.misc.Unsafe.park", "java.util.concurrent.ThreadPoolExecutor.getTask");
        int wait = stack("java.lang.Object.wait", "com.acme.Pool.borrow", "com.acme.Handler.handle");
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, T0 + S, 300 * MS, thread("r1"), "com.acme.Book", ThreadTable.NONE, lock));
        b.onContention(new ContentionEvent(ContentionKind.PARK, T0 + S, 800 * MS, thread("w1"),
                "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject", ThreadTable.NONE, idle));
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_WAIT, T0 + 2 * S, 200 * MS, thread("r2"), "com.acme.Pool", ThreadTable.NONE, wait));
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, T0 + 3 * S, 10 * MS, thread("r3"), "[Ljava.lang.Object;", ThreadTable.NONE, lock));
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, T0 + 3 * S, 10 * MS, thread("r3"), null, ThreadTable.NONE, lock));
        Profile p = build();
        assertThat(p.contention()).extracting(ContentionSite::category)
                .containsExactly(WaitCategory.LOCK, WaitCategory.IDLE, WaitCategory.WAIT, WaitCategory.LOCK, WaitCategory.LOCK);
        assertThat(p.contention()).extracting(ContentionSite::lockClass)
                .containsExactly("com.acme.Book", "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject", "com.acme.Pool",
                        "java.lang.Object[]", "");
        assertThat(p.contention()).extracting(ContentionSite::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(p.timeline().value(Timeline.Series.LOCK_NANOS, 1)).isEqualTo(300 * MS);
        assertThat(p.timeline().value(Timeline.Series.LOCK_NANOS, 3)).isEqualTo(20 * MS);
        assertThat(p.timeline().value(Timeline.Series.WAIT_NANOS, 2)).isEqualTo(200 * MS);
        assertThat(p.timeline().value(Timeline.Series.WAIT_NANOS, 1)).isZero();
        ContentionIntervals intervals = p.intervals();
        assertThat(intervals.size()).isEqualTo(4); // the idle wait is not kept
        assertThat(intervals.start(0)).isEqualTo(T0 + S);
        assertThat(intervals.end(0)).isEqualTo(T0 + S + 300 * MS);
        assertThat(intervals.site(1)).isEqualTo(2);
        assertThat(intervals.thread(1)).isEqualTo(thread("r2"));
    }

    @Test
    void withoutChunksTheSpanIsThatOfTheEvents() {
        int s = stack("com.acme.Book.quote");
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, T0 + 2 * S, 10 * MS, 0, "com.acme.Book", ThreadTable.NONE, s));
        b.onAllocation(new AllocationSample(T0 + 5 * S, 0, "[B", 4096, -1, s, AllocationSample.Source.SAMPLE));
        b.onGcPause(new GcPause(T0 + 4 * S, 20 * MS, 15 * MS, "G1New", "G1 Evacuation Pause"));
        Profile p = build();
        assertThat(p.info().startNanos()).isEqualTo(T0 + 2 * S);
        assertThat(p.info().endNanos()).isEqualTo(T0 + 5 * S);
        assertThat(p.timeline().startNanos()).isEqualTo(T0 + 2 * S);
        assertThat(p.timeline().value(Timeline.Series.ALLOCATED_BYTES, 3)).isEqualTo(4096);
        assertThat(p.timeline().value(Timeline.Series.GC_PAUSE_NANOS, 2)).isEqualTo(20 * MS);
        assertThat(p.allocations().rows()).singleElement().satisfies(r -> assertThat(r.objectClass()).isEqualTo("byte[]"));
        assertThat(p.gcPauses()).singleElement().satisfies(g -> assertThat(g.longestPauseNanos()).isEqualTo(15 * MS));
        ProfileBuilder gcOnly = new ProfileBuilder("gc");
        gcOnly.onGcPause(new GcPause(T0 + 7 * S, 20 * MS, 15 * MS, "G1New", "G1 Evacuation Pause"));
        assertThat(gcOnly.build().info().startNanos()).isEqualTo(T0 + 7 * S);
        ProfileBuilder empty = new ProfileBuilder("empty");
        Profile nothing = empty.build();
        assertThat(nothing.timeline().startNanos()).isZero();
        assertThat(nothing.features()).isNotNull();
        assertThat(nothing.info().startNanos()).isZero();
        assertThat(nothing.info().endNanos()).isZero();
        assertThat(nothing.info().producer()).isEqualTo("jdk");
        assertThat(nothing.info().complete()).isTrue();
        assertThat(nothing.threadStats().maxActive()).isEqualTo(-1);
        assertThat(nothing.threadStats().minActive()).isEqualTo(-1);
    }

    @Test
    void tlabAllocationsFillTheTimelineWhenThereAreNoSamples() {
        b.onChunk(T0, T0 + 10 * S);
        int s = stack("com.acme.Book.quote");
        b.onAllocation(new AllocationSample(T0 + 2 * S, 0, "byte[]", 1024, 1024, s, AllocationSample.Source.TLAB));
        Profile p = build();
        assertThat(p.timeline().value(Timeline.Series.ALLOCATED_BYTES, 2)).isEqualTo(1024);
        ProfileBuilder sampled = new ProfileBuilder("s");
        sampled.onChunk(T0, T0 + 10 * S);
        sampled.onAllocation(new AllocationSample(T0 + 2 * S, 0, "byte[]", 1024, 1024, s, AllocationSample.Source.TLAB));
        sampled.onAllocation(new AllocationSample(T0 + 3 * S, 0, "byte[]", 512, -1, s, AllocationSample.Source.SAMPLE));
        Profile q = sampled.build();
        assertThat(q.timeline().value(Timeline.Series.ALLOCATED_BYTES, 2)).isZero();
        assertThat(q.timeline().value(Timeline.Series.ALLOCATED_BYTES, 3)).isEqualTo(512);
    }

    @Test
    void gcPausesAreKeptUpToTheLimitThenCountedInTheTimeline() {
        b.onChunk(0, 10 * S);
        for (int i = 0; i <= ProfileBuilder.GC_PAUSE_LIMIT; i++) {
            b.onGcPause(new GcPause(i, 1, 1, "G1New", "x"));
        }
        Profile p = build();
        assertThat(p.gcPauses()).hasSize(ProfileBuilder.GC_PAUSE_LIMIT);
        assertThat(p.timeline().value(Timeline.Series.GC_PAUSE_NANOS, 0)).isEqualTo(ProfileBuilder.GC_PAUSE_LIMIT + 1);
    }

    @Test
    void throwablesComeFromExceptionEventsWhenTheRecordingHasThemElseFromErrors() {
        b.onChunk(T0, T0 + 10 * S);
        int merge = stack("java.util.ConcurrentModificationException.<init>", "java.util.HashMap.merge", "com.acme.Registry.record");
        b.onThrowable(new ThrowableEvent(T0 + S, thread("w1"), "java.util.ConcurrentModificationException", "", merge, false));
        b.onThrowable(new ThrowableEvent(T0 + 2 * S, thread("w2"), "java.util.ConcurrentModificationException", "later", merge, false));
        b.onThrowable(new ThrowableEvent(T0 + 2 * S, thread("w2"), "java.lang.StackOverflowError", "x".repeat(400), merge, true));
        b.onThrowableCount(T0 + 3 * S, 1_000);
        b.onThrowableCount(T0 + S, 400);
        b.onThrowableCount(T0 + 2 * S, 700);
        Profile p = build();
        assertThat(p.throwables().recorded()).isEqualTo(2);
        ThrowableTable.Row row = p.throwables().rows().get(0);
        assertThat(row.throwableClass()).isEqualTo("java.util.ConcurrentModificationException");
        assertThat(row.count()).isEqualTo(2);
        assertThat(row.threadCount()).isEqualTo(2);
        assertThat(row.message()).isEmpty();
        assertThat(p.throwables().countedBetweenReadings()).isEqualTo(600);
        assertThat(p.throwables().statisticsSpanNanos()).isEqualTo(2 * S);

        ProfileBuilder errorsOnly = new ProfileBuilder("errors");
        errorsOnly.onThrowable(new ThrowableEvent(T0, 0, "java.lang.StackOverflowError", "x".repeat(400), merge, true));
        errorsOnly.onThrowableCount(T0, 5);
        Profile e = errorsOnly.build();
        assertThat(e.throwables().rows()).extracting(ThrowableTable.Row::throwableClass).containsExactly("java.lang.StackOverflowError");
        assertThat(e.throwables().rows().get(0).message()).hasSize(ThrowableTable.MESSAGE_CHAR_LIMIT);
        assertThat(e.throwables().countedBetweenReadings()).isZero();
    }

    @Test
    void cpuLoadSkipsTheFirstEmptyReadingAndAveragesTheRest() {
        b.onCpuLoad(new CpuLoad(T0, 0, 0, 0));
        b.onCpuLoad(new CpuLoad(T0 + S, 0.4, 0.1, 0.6));
        b.onCpuLoad(new CpuLoad(T0 + 2 * S, 0.2, 0.0, 0.1)); // machine below the JVM: taken as the JVM's
        b.onThreadCpuLoad(new ThreadCpuLoad(T0 + S, thread("w1"), 0.3, 0.1));
        b.onThreadCpuLoad(new ThreadCpuLoad(T0 + 2 * S, thread("w1"), 0.1, 0.1));
        b.onCpuCapacity(T0, 8, 0);
        b.onCpuCapacity(T0, 0, 2);
        b.onCpuThrottling(T0 + 2 * S, 300, 120, 9 * S);
        b.onCpuThrottling(T0 + S, 100, 20, 2 * S);
        CpuUsage cpu = build().cpu();
        assertThat(cpu.readings()).isEqualTo(2);
        assertThat(cpu.jvmAverage()).isCloseTo(0.35, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cpu.machineAverage()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cpu.jvmMax()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cpu.machineMax()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cpu.threadAverages().get(thread("w1"))).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cpu.hardwareThreads()).isEqualTo(8);
        assertThat(cpu.effectiveCpus()).isEqualTo(2.0);
        assertThat(cpu.throttlingPeriods()).isEqualTo(200);
        assertThat(cpu.throttledPeriods()).isEqualTo(100);
        assertThat(cpu.throttledNanos()).isEqualTo(7 * S);
    }

    @Test
    void threadCountsAndDumps() {
        b.onThreadCount(T0, 40, 10);
        b.onThreadCount(T0 + S, 25, 10);
        b.onThreadCount(T0 + 2 * S, 31, 10);
        b.onThreadDump(T0, "first dump");
        b.onThreadDump(T0 + S, null);
        Profile p = build();
        assertThat(p.threadStats()).isEqualTo(new Profile.ThreadStats(25, 40, 31, 2, "first dump"));
        ProfileBuilder none = new ProfileBuilder("none");
        none.onThreadCount(T0, 0, 0);
        assertThat(none.build().threadStats()).isEqualTo(new Profile.ThreadStats(0, 0, 0, 0, ""));
        ProfileBuilder big = new ProfileBuilder("big");
        String exact = "x".repeat(ProfileBuilder.THREAD_DUMP_CHAR_LIMIT);
        big.onThreadDump(0, exact);
        assertThat(big.build().threadStats().lastThreadDump()).isSameAs(exact);
        ProfileBuilder bigger = new ProfileBuilder("bigger");
        bigger.onThreadDump(0, exact + "yz");
        assertThat(bigger.build().threadStats().lastThreadDump()).isEqualTo(exact);
    }

    @Test
    void jvmInformationKeepsTheFirstVersionAndTheLatestArguments() {
        // versions arrive parsed (JvmInfo.fromJvmInformation, tested in JvmInfoTest); the builder merges
        b.onJvmInfo(new JvmInfo("17.0.15+6", "Debian", "-Xmx1g", "app.jar", 42));
        b.onJvmInfo(new JvmInfo("21.0.2", "Other", "", "other.jar", 0));
        JvmInfo jvm = build().info().jvm();
        assertThat(jvm).isEqualTo(new JvmInfo("17.0.15+6", "Debian", "-Xmx1g", "other.jar", 42));
        ProfileBuilder late = new ProfileBuilder("late");
        late.onJvmInfo(new JvmInfo("", "", "", "", 0));
        late.onJvmInfo(new JvmInfo("21.0.2+13", "Vendor", "-Xss1m", "", 7));
        assertThat(late.build().info().jvm()).isEqualTo(new JvmInfo("21.0.2+13", "Vendor", "-Xss1m", "", 7));
    }

    @Test
    void settingsAndWarningsReachTheRecordingInfo() {
        ProfileBuilder small = new ProfileBuilder("small", 2);
        small.onSetting("jdk.ThreadPark", "threshold", "20 ms");
        small.onSetting("jdk.ThreadPark", "enabled", "true");
        int s = Stacks.stack(small.stacks(), "com.acme.Book.quote");
        for (int i = 0; i < 5; i++) {
            small.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, T0 + i * S, MS, i, "com.acme.Book", ThreadTable.NONE, s));
        }
        small.onFinish(new EventSink.ReadSummary("async-profiler", false, 5, 9, 2, List.of(), Map.of()));
        Profile p = small.build();
        assertThat(p.info().settings()).isEqualTo(Map.of("jdk.ThreadPark", Map.of("threshold", "20 ms", "enabled", "true")));
        assertThat(p.info().warnings()).containsExactly("pileup analysis kept 2 blocked intervals one by one; 3 more "
                + "found no room and were averaged per 10 ms at their site: pileups there are averages over 10 ms, and which "
                + "threads waited and who held the lock are known from the kept ones only");
        assertThat(p.intervals().averaged().waits()).isEqualTo(3);
        assertThat(p.info().producer()).isEqualTo("async-profiler");
        assertThat(p.info().complete()).isFalse();
        assertThat(p.info().chunks()).isEqualTo(2);
        StackTable tiny = new StackTable(4);
        ProfileBuilder shortened = new ProfileBuilder("s", tiny, new ThreadTable());
        String[] deep = new String[20];
        for (int i = 0; i < deep.length; i++) {
            deep[i] = "com.acme.Deep.m" + i;
        }
        Stacks.stack(tiny, deep);
        assertThat(shortened.build().info().warnings()).singleElement().asString().contains("1 stacks kept only their innermost frames");
    }
}
