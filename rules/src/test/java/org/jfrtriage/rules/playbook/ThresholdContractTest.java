package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.JudgedThreshold;
import org.jfrtriage.rules.model.Limit;
import org.jfrtriage.rules.model.ScoreCurve;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.Threshold;

/**
 * The contract of every threshold every rule of the standard playbook declares: a synthetic profile whose
 * measure is just below a limit (info, warning, critical) gets the severity below it, one at or just above the
 * limit gets that limit's severity — and each profile moves only that one measure, so each score term of a rule
 * is shown to raise the severity on its own. A rule that declares a threshold without a probe here fails
 * {@link #everyDeclaredThresholdHasAProbe()}.
 */
class ThresholdContractTest {

    private static final String[] SYNC_MAP_PUT = {"java.util.Collections$SynchronizedMap.put", "com.acme.Registry.register",
            "com.acme.Handler.handle", "java.lang.Thread.run"};
    private static final String[] TREE_PUT = {"java.util.HashMap$TreeNode.putTreeVal", "java.util.HashMap.putVal",
            "java.util.HashMap.put", "com.acme.SessionTable.touch"};
    private static final String[] PLAIN_PUT = {"java.util.HashMap.putVal", "java.util.HashMap.put", "com.acme.Report.collect"};
    private static final String[] RESIZE = {"java.util.HashMap.resize", "java.util.HashMap.putVal", "java.util.HashMap.put",
            "com.acme.OrderIndex.build", "com.acme.Handler.handle"};
    private static final String[] OTHER = {"com.acme.Pricing.compute", "com.acme.Handler.handle"};

    /**
     * Builds a profile in which the threshold's measure is {@code measure} and every other measure of the rule
     * stays below the info limit.
     *
     * @param discrete the measure is a count: "just below" a limit is one less
     * @param maxScore the rule's cap for this term (a finding it alone raises never scores above it)
     */
    record Probe(Rule rule, boolean discrete, int maxScore, DoubleFunction<Profile> profile) {
    }

    static final Map<String, Probe> PROBES = Map.of(
            "lock-hotspot.blocked-threads", new Probe(new LockHotspotRule(), false, 100, ThresholdContractTest::blockedThreads),
            // one long wait or pause alone is at most a warning: critical takes trouble sustained over the recording
            "lock-hotspot.longest-wait", new Probe(new LockHotspotRule(), false, ScoreCurve.CRITICAL_SCORE - 1, ThresholdContractTest::longestWait),
            "thread-pileup.threads", new Probe(new ThreadPileupRule(), true, 100, ThresholdContractTest::pileup),
            "map-resize-churn.cpu-share", new Probe(new MapResizeChurnRule(), false, 100, ThresholdContractTest::resizeCpuShare),
            "map-resize-churn.allocation-share", new Probe(new MapResizeChurnRule(), false, 100, ThresholdContractTest::resizeAllocationShare),
            "unsynchronized-map-write.coincident-tree-writes", new Probe(new UnsynchronizedMapWriteRule(), true, 100, ThresholdContractTest::coincidentTreeWrites),
            "unsynchronized-map-write.tree-spin", new Probe(new UnsynchronizedMapWriteRule(), false, 100, ThresholdContractTest::treeSpin),
            "unsynchronized-map-write.coincident-writes", new Probe(new UnsynchronizedMapWriteRule(), true, ScoreCurve.WARNING_SCORE - 1, ThresholdContractTest::coincidentWrites),
            "allocation-pressure.site-rate", new Probe(new AllocationPressureRule(), false, ScoreCurve.CRITICAL_SCORE - 1, ThresholdContractTest::siteRate),
            "gc-pressure.pause-share", new Probe(new GcPressureRule(), false, 100, ThresholdContractTest::pauseShare));

    /** Map.of takes ten pairs at most. */
    static final Map<String, Probe> MORE_PROBES = Map.of(
            "gc-pressure.longest-pause", new Probe(new GcPressureRule(), false, ScoreCurve.CRITICAL_SCORE - 1, ThresholdContractTest::longestPause),
            "unsynchronized-map-write.race-exceptions", new Probe(new UnsynchronizedMapWriteRule(), true, 100, ThresholdContractTest::raceExceptions),
            "exception-storm.rate", new Probe(new ExceptionStormRule(), false, 100, ThresholdContractTest::exceptionRate),
            "cpu-saturation.jvm-cpu", new Probe(new CpuSaturationRule(), false, 100, ThresholdContractTest::jvmCpu),
            "cpu-saturation.other-processes", new Probe(new CpuSaturationRule(), false, ScoreCurve.WARNING_SCORE - 1, ThresholdContractTest::otherProcesses),
            "cpu-saturation.throttled-periods", new Probe(new CpuSaturationRule(), false, 100, ThresholdContractTest::throttledPeriods),
            // without a dump nothing proves a cycle: at most a warning
            "deadlock.never-ended-wait", new Probe(new DeadlockRule(), false, ScoreCurve.CRITICAL_SCORE - 1, ThresholdContractTest::neverEndedWait));

    /** The thread-leak and virtual-thread rules' probes. */
    static final Map<String, Probe> THREAD_PROBES = Map.of(
            "thread-leak.growth-rate", new Probe(new ThreadLeakRule(), false, 100, ThresholdContractTest::threadGrowth),
            "thread-leak.never-ended", new Probe(new ThreadLeakRule(), true, 100, ThresholdContractTest::threadsNeverEnded),
            "vthread-pinning.pinned-share", new Probe(new VirtualThreadPinningRule(), false, 100, ThresholdContractTest::pinnedShare),
            "vthread-pinning.pinned-rate", new Probe(new VirtualThreadPinningRule(), true, 100, ThresholdContractTest::pinnedRate),
            "vthread-pinning.all-carriers-pinned", new Probe(new VirtualThreadPinningRule(), false, 100, ThresholdContractTest::allCarriersPinned),
            "vthread-pinning.submit-failures", new Probe(new VirtualThreadPinningRule(), true, 100, ThresholdContractTest::submitFailures));

    static final Map<String, Probe> IO_AND_SAFEPOINT_PROBES = Map.of(
            "io-wait.wait-share", new Probe(new IoWaitRule(), false, 100, ThresholdContractTest::ioWaitShare),
            "io-wait.concurrent-waiters", new Probe(new IoWaitRule(), true, ScoreCurve.CRITICAL_SCORE - 1, ThresholdContractTest::ioConcurrentWaiters),
            "io-wait.longest-wait", new Probe(new IoWaitRule(), false, ScoreCurve.CRITICAL_SCORE - 1, ThresholdContractTest::ioLongestWait),
            "safepoint-pause.stopped-share", new Probe(new SafepointPauseRule(), false, 100, ThresholdContractTest::stoppedShare),
            "safepoint-pause.time-to-safepoint", new Probe(new SafepointPauseRule(), false, ScoreCurve.CRITICAL_SCORE - 1, ThresholdContractTest::timeToSafepoint),
            "safepoint-pause.longest-operation", new Probe(new SafepointPauseRule(), false, ScoreCurve.CRITICAL_SCORE - 1, ThresholdContractTest::longestOperation));

    /**
     * The limits as docs/rules.md states them (info, warning, critical). The probes below are judged at these
     * numbers, not at whatever the rule declares: a limit changed in code (say, ten times higher) fails here,
     * and the change is then made on purpose, here and in the reference, together.
     */
    static final Map<String, double[]> DOCUMENTED = Map.ofEntries(
            Map.entry("thread-pileup.threads", new double[] {3, 5, 10}),
            Map.entry("lock-hotspot.blocked-threads", new double[] {0.05, 0.25, 1.0}),
            Map.entry("lock-hotspot.longest-wait", new double[] {200, 1000, 5000}),
            Map.entry("map-resize-churn.cpu-share", new double[] {1, 3, 10}),
            Map.entry("map-resize-churn.allocation-share", new double[] {5, 15, 40}),
            Map.entry("unsynchronized-map-write.coincident-tree-writes", new double[] {2, 5, 20}),
            Map.entry("unsynchronized-map-write.tree-spin", new double[] {250, 1000, 3000}),
            Map.entry("unsynchronized-map-write.coincident-writes", new double[] {20, 200, 2000}),
            Map.entry("allocation-pressure.site-rate", new double[] {100, 500, 2000}),
            Map.entry("gc-pressure.pause-share", new double[] {2, 5, 15}),
            Map.entry("gc-pressure.longest-pause", new double[] {100, 300, 1000}),
            Map.entry("unsynchronized-map-write.race-exceptions", new double[] {1, 3, 300}),
            Map.entry("exception-storm.rate", new double[] {1000, 5000, 20000}),
            Map.entry("cpu-saturation.jvm-cpu", new double[] {60, 85, 95}),
            Map.entry("cpu-saturation.other-processes", new double[] {20, 40, 70}),
            Map.entry("cpu-saturation.throttled-periods", new double[] {5, 20, 50}),
            Map.entry("thread-leak.growth-rate", new double[] {6, 60, 600}),
            Map.entry("thread-leak.never-ended", new double[] {6, 60, 600}),
            Map.entry("vthread-pinning.pinned-share", new double[] {1, 10, 40}),
            Map.entry("vthread-pinning.pinned-rate", new double[] {6, 60, 600}),
            Map.entry("vthread-pinning.all-carriers-pinned", new double[] {1, 5, 20}),
            Map.entry("vthread-pinning.submit-failures", new double[] {1, 3, 10}),
            Map.entry("deadlock.never-ended-wait", new double[] {1, 5, 30}),

            Map.entry("io-wait.wait-share", new double[] {20, 50, 80}),
            Map.entry("io-wait.concurrent-waiters", new double[] {4, 8, 16}),
            Map.entry("io-wait.longest-wait", new double[] {1000, 5000, 30000}),
            Map.entry("safepoint-pause.stopped-share", new double[] {1, 3, 10}),
            Map.entry("safepoint-pause.time-to-safepoint", new double[] {20, 100, 500}),
            Map.entry("safepoint-pause.longest-operation", new double[] {50, 200, 1000}));

    /**
     * A probe for a declared {@link Limit}: a profile in which the one measure the limit decides sits at
     * {@code value} (in the limit's unit) and counts exactly when {@code value} is within the limit, so the rule
     * finds something just inside it and nothing just outside.
     */
    record LimitProbe(Rule rule, DoubleFunction<Profile> profile) {
    }

    static final Map<String, LimitProbe> LIMIT_PROBES = Map.of(
            "unsynchronized-map-write.coincidence-window", new LimitProbe(new UnsynchronizedMapWriteRule(), ThresholdContractTest::treeWritesApart),
            "unsynchronized-map-write.tree-spin-gap", new LimitProbe(new UnsynchronizedMapWriteRule(), ThresholdContractTest::treeSamplesApart));

    /** The fixed limits as docs/rules.md states them: changed in code, they fail here until changed here too. */
    static final Map<String, Double> DOCUMENTED_LIMITS = Map.of(
            "unsynchronized-map-write.coincidence-window", 10.0,
            "unsynchronized-map-write.tree-spin-gap", 1000.0);

    private static Probe probe(String id) {
        return PROBES.containsKey(id) ? PROBES.get(id) : MORE_PROBES.containsKey(id) ? MORE_PROBES.get(id)
                : THREAD_PROBES.containsKey(id) ? THREAD_PROBES.get(id) : IO_AND_SAFEPOINT_PROBES.get(id);
    }

    private static List<Threshold> declared() {
        return Playbook.standard().rules().stream().flatMap(r -> r.thresholds().stream()).toList();
    }

    @Test
    void everyDeclaredThresholdHasAProbe() {
        List<String> ids = declared().stream().map(Threshold::id).toList();
        assertThat(ids).doesNotHaveDuplicates().hasSize(PROBES.size() + MORE_PROBES.size() + THREAD_PROBES.size()
                + IO_AND_SAFEPOINT_PROBES.size())
                .containsExactlyInAnyOrderElementsOf(DOCUMENTED.keySet());
        assertThat(ids).allSatisfy(id -> assertThat(probe(id)).as("probe for %s", id).isNotNull());
        for (Rule rule : Playbook.standard().rules()) {
            for (Threshold t : rule.thresholds()) {
                assertThat(probe(t.id()).rule().kind()).as(t.id()).isEqualTo(rule.kind());
                assertThat(t.id()).startsWith(rule.kind() + ".");
                assertThat(new double[] {t.info(), t.warning(), t.critical()}).as("limits of %s", t.id())
                        .containsExactly(DOCUMENTED.get(t.id()));
            }
        }
    }

    @Test
    void everyDeclaredLimitHasAProbe() {
        List<Limit> limits = Playbook.standard().rules().stream().flatMap(r -> r.limits().stream()).toList();
        assertThat(limits.stream().map(Limit::id).toList()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(LIMIT_PROBES.keySet())
                .containsExactlyInAnyOrderElementsOf(DOCUMENTED_LIMITS.keySet());
        for (Rule rule : Playbook.standard().rules()) {
            for (Limit l : rule.limits()) {
                assertThat(LIMIT_PROBES.get(l.id()).rule().kind()).as(l.id()).isEqualTo(rule.kind());
                assertThat(l.id()).startsWith(rule.kind() + ".");
                assertThat(l.value()).as("value of %s", l.id()).isEqualTo(DOCUMENTED_LIMITS.get(l.id()));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> eachFixedLimitSeparatesCountedFromNotCounted() {
        List<DynamicTest> tests = new ArrayList<>();
        Playbook.standard().rules().stream().flatMap(r -> r.limits().stream()).forEach(l -> {
            LimitProbe probe = LIMIT_PROBES.get(l.id());
            double value = DOCUMENTED_LIMITS.get(l.id());
            tests.add(DynamicTest.dynamicTest(l.id() + " just inside (" + value * 0.99 + " " + l.unit() + ")", () -> {
                Rule.Result r = probe.rule().evaluate(probe.profile().apply(value * 0.99));
                assertThat(r.findings()).as("%s at %s %s", l.id(), value * 0.99, l.unit()).hasSize(1);
            }));
            tests.add(DynamicTest.dynamicTest(l.id() + " just outside (" + value * 1.01 + " " + l.unit() + ")", () -> {
                Rule.Result r = probe.rule().evaluate(probe.profile().apply(value * 1.01));
                assertThat(r.findings()).as("%s at %s %s", l.id(), value * 1.01, l.unit()).isEmpty();
                assertThat(r.check().status()).isEqualTo(Check.Status.OK);
            }));
        });
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> eachLimitSeparatesTwoSeveritiesThroughItsOwnTermAlone() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Threshold t : declared()) {
            Probe probe = probe(t.id());
            double[] limits = DOCUMENTED.get(t.id());
            Severity[] levels = {Severity.INFO, Severity.WARNING, Severity.CRITICAL};
            for (int i = 0; i < limits.length; i++) {
                double limit = limits[i];
                Severity level = levels[i];
                Severity lower = i == 0 ? Severity.OK : levels[i - 1];
                double below = probe.discrete() ? limit - 1 : limit * 0.99;
                double above = probe.discrete() ? limit + 1 : limit * 1.01;
                tests.add(DynamicTest.dynamicTest(t.id() + " just below " + level.label() + " (" + below + " " + t.unit() + ")",
                        () -> assertJudged(probe, t, below, lower)));
                tests.add(DynamicTest.dynamicTest(t.id() + " at " + level.label() + " (" + limit + " " + t.unit() + ")",
                        () -> assertJudged(probe, t, limit, level)));
                tests.add(DynamicTest.dynamicTest(t.id() + " just above " + level.label() + " (" + above + " " + t.unit() + ")",
                        () -> assertJudged(probe, t, above, level)));
            }
        }
        return tests.stream();
    }

    /** The probe's profile, judged by its rule: severity as expected (capped), raised by this threshold alone. */
    private static void assertJudged(Probe probe, Threshold t, double measure, Severity uncapped) {
        Severity expected = min(uncapped, ScoreCurve.severity(probe.maxScore()));
        Rule.Result result = probe.rule().evaluate(probe.profile().apply(measure));
        if (expected == Severity.OK) {
            assertThat(result.findings()).as("%s at %s %s", t.id(), measure, t.unit()).isEmpty();
            assertThat(result.check().status()).isEqualTo(Check.Status.OK);
            return;
        }
        assertThat(result.findings()).as("%s at %s %s", t.id(), measure, t.unit()).hasSize(1);
        assertThat(result.check().status()).isEqualTo(Check.Status.FINDINGS);
        Finding f = result.findings().get(0);
        assertThat(f.severity()).as("%s at %s %s: %s", t.id(), measure, t.unit(), f.thresholds()).isEqualTo(expected);
        assertThat(f.score()).isEqualTo(Math.min(probe.maxScore(), t.score(measure)));
        JudgedThreshold own = f.thresholds().stream().filter(j -> j.threshold().id().equals(t.id())).findFirst().orElseThrow();
        assertThat(own.threshold()).isSameAs(t);
        assertThat(own.measure()).as("measure of %s", t.id()).isCloseTo(measure, org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(own.score()).isEqualTo(Math.min(probe.maxScore(), t.score(measure)));
        // every other term of the rule stays below the severity reached: this one raised it alone
        assertThat(f.thresholds()).filteredOn(j -> j != own).allSatisfy(j -> assertThat(ScoreCurve.severity(j.score()))
                .as("other term %s", j.threshold().id()).isLessThan(expected));
        assertThat(f.thresholds().stream().map(j -> j.threshold().id()).collect(Collectors.toSet()))
                .isEqualTo(probe.rule().thresholds().stream().map(Threshold::id).collect(Collectors.toSet()));
    }

    private static Severity min(Severity a, Severity b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    // ---- probes: one measure moves, the others stay below their info limits ----

    private static final String[] DAO_READ = {"java.net.SocketInputStream.read", "com.acme.OrderDao.load",
            "com.acme.Handler.handle", "java.lang.Thread.run"};

    /** Three threads waiting {@code percent} of a 10 s recording on one endpoint, in reads of 100 ms at most. */
    static Profile ioWaitShare(double percent) {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(DAO_READ);
        long each = Math.round(percent * 100 * MS); // percent of 10 s
        int n = (int) Math.ceil(each / (100.0 * MS));
        for (int t = 0; t < 3; t++) {
            long left = each;
            for (int i = 0; i < n; i++, left -= 100 * MS) {
                p.socketRead(T0 + i * (10 * SECOND / n), Math.min(left, 100 * MS), "request-" + t, "db", 5432, s);
            }
        }
        return p.build();
    }

    /** {@code threads} threads waiting 200 ms at once on one endpoint in a 100 s recording. */
    static Profile ioConcurrentWaiters(double threads) {
        SyntheticProfile p = new SyntheticProfile(100);
        int s = p.stack(DAO_READ);
        for (int t = 0; t < (int) threads; t++) {
            p.socketRead(T0 + SECOND, 200 * MS, "request-" + t, "db", 5432, s);
        }
        return p.build();
    }

    /** One read of {@code ms}, and nine threads' short reads during it, in a 1,000 s recording. */
    static Profile ioLongestWait(double ms) {
        SyntheticProfile p = new SyntheticProfile(1000);
        int s = p.stack(DAO_READ);
        p.socketRead(T0 + SECOND, Math.round(ms * MS), "request-0", "db", 5432, s);
        for (int t = 1; t < 10; t++) {
            p.socketRead(T0 + SECOND + t * 50 * MS, 21 * MS, "request-" + t, "db", 5432, s);
        }
        return p.build();
    }

    /** Thread dumps of 20 ms at most stopping {@code percent} of a 100 s recording. */
    static Profile stoppedShare(double percent) {
        SyntheticProfile p = new SyntheticProfile(100).enabled("jdk.SafepointBegin");
        long total = Math.round(percent * SECOND);
        int i = 0;
        for (long left = total; left > 0; left -= 20 * MS, i++) {
            p.vmOperation(T0 + i * 40 * MS, Math.min(left, 20 * MS), "ThreadDump", "monitor");
        }
        return p.build();
    }

    /** One safepoint reached in {@code ms} in a 1,000 s recording. */
    static Profile timeToSafepoint(double ms) {
        SyntheticProfile p = new SyntheticProfile(1000).enabled("jdk.ExecuteVMOperation");
        p.safepointBegin(T0 + SECOND, Math.round(ms * MS));
        return p.build();
    }

    /** One heap dump of {@code ms} in a 1,000 s recording. */
    static Profile longestOperation(double ms) {
        SyntheticProfile p = new SyntheticProfile(1000).enabled("jdk.SafepointBegin");
        p.vmOperation(T0 + SECOND, Math.round(ms * MS), "HeapDumper", "attach-listener");
        return p.build();
    }

    /** Average blocked threads over 10 s, in waits of 50 ms (longest wait stays far below 200 ms). */
    static Profile blockedThreads(double threads) {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(SYNC_MAP_PUT);
        long total = Math.round(threads * 10 * SECOND);
        int i = 0;
        for (long left = total; left > 0; left -= 50 * MS, i++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + (i / 20) * 50 * MS, Math.min(left, 50 * MS), "request-" + (i % 20),
                    "java.util.Collections$SynchronizedMap", s);
        }
        return p.build();
    }

    /** The park frames of a thread waiting for a ReentrantLock, as a wall-clock sample shows them. */
    static final String[] LOCK_PARK = {"jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire", "java.util.concurrent.locks.ReentrantLock$Sync.lock",
            "java.util.concurrent.locks.ReentrantLock.lock", "com.acme.Ledger.post", "java.lang.Thread.run"};

    /** One thread sampled (every 10 ms) waiting for a lock for the last {@code seconds} of a 100 s recording, to its end. */
    static Profile neverEndedWait(double seconds) {
        SyntheticProfile p = new SyntheticProfile(100);
        long end = T0 + 100 * SECOND;
        p.wall(end - Math.round(seconds * SECOND), end, 10 * MS, "request-1", p.stack(LOCK_PARK));
        return p.build();
    }

    /** One wait of {@code ms} in a 1,000 s recording (the average blocked stays far below 0.05 threads). */
    static Profile longestWait(double ms) {
        SyntheticProfile p = new SyntheticProfile(1000);
        int s = p.stack(SYNC_MAP_PUT);
        p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, Math.round(ms * MS), "request-1",
                "java.util.Collections$SynchronizedMap", s);
        return p.build();
    }

    /** {@code threads} threads blocked together at one site for 2 s of 10: past thread-pileup.critical-share (10%). */
    static Profile pileup(double threads) {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack("com.acme.Pool.borrow", "com.acme.Handler.handle", "java.lang.Thread.run");
        for (int t = 0; t < (int) threads; t++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 2 * SECOND, "request-" + t, "com.acme.Pool", s);
        }
        return p.build();
    }

    /** {@code percent} of 10,000 CPU samples in HashMap.resize at one site. */
    static Profile resizeCpuShare(double percent) {
        SyntheticProfile p = new SyntheticProfile(10);
        int resize = p.stack(RESIZE);
        int other = p.stack(OTHER);
        int resizeSamples = (int) Math.round(percent * 100);
        p.cpu(T0, "request-1", resize, resizeSamples).cpu(T0, "request-2", other, 10_000 - resizeSamples);
        return p.build();
    }

    /** {@code percent} of all allocated bytes in tables grown by HashMap.resize, in a recording without CPU samples. */
    static Profile resizeAllocationShare(double percent) {
        SyntheticProfile p = new SyntheticProfile(10);
        int resize = p.stack(RESIZE);
        int other = p.stack(OTHER);
        long resizeBytes = Math.round(percent * 1_000_000);
        p.allocation(T0, "request-1", "java.util.HashMap$Node[]", resizeBytes, -1, resize);
        p.allocation(T0, "request-1", "byte[]", 100_000_000 - resizeBytes, -1, other);
        return p.build();
    }

    /** {@code pairs} moments, 1.5 s apart, when two threads were sampled inside tree-bin writes within 0.1 ms. */
    static Profile coincidentTreeWrites(double pairs) {
        SyntheticProfile p = new SyntheticProfile(100);
        int tree = p.stack(TREE_PUT);
        for (int i = 0; i < (int) pairs; i++) {
            p.cpu(T0 + i * 1500 * MS, "writer-1", tree, 1).cpu(T0 + i * 1500 * MS + 100_000, "writer-2", tree, 1);
        }
        return p.build();
    }

    /** One thread sampled inside a tree bin every 100 ms for {@code ms}. */
    static Profile treeSpin(double ms) {
        SyntheticProfile p = new SyntheticProfile(100);
        int tree = p.stack(TREE_PUT);
        long end = T0 + Math.round(ms * MS);
        for (long t = T0; t < end; t += 100 * MS) {
            p.cpu(t, "writer-1", tree, 1);
        }
        p.cpu(end, "writer-1", tree, 1);
        return p.build();
    }

    /** {@code pairs} moments, 20 ms apart, when two threads were sampled in plain HashMap writes within 1 ms. */
    static Profile coincidentWrites(double pairs) {
        SyntheticProfile p = new SyntheticProfile(100);
        int plain = p.stack(PLAIN_PUT);
        for (int i = 0; i < (int) pairs; i++) {
            p.cpu(T0 + i * 20 * MS, "w-1", plain, 1).cpu(T0 + i * 20 * MS + MS, "w-2", plain, 1);
        }
        return p.build();
    }

    /** Five moments, 1.5 s apart, when two threads were sampled inside tree-bin writes {@code ms} apart. */
    static Profile treeWritesApart(double ms) {
        SyntheticProfile p = new SyntheticProfile(100);
        int tree = p.stack(TREE_PUT);
        for (int i = 0; i < 5; i++) {
            p.cpu(T0 + i * 1500 * MS, "writer-1", tree, 1).cpu(T0 + i * 1500 * MS + Math.round(ms * MS), "writer-2", tree, 1);
        }
        return p.build();
    }

    /** One thread sampled inside a tree bin five times, {@code ms} apart: one spin of 4 × ms, or none. */
    static Profile treeSamplesApart(double ms) {
        SyntheticProfile p = new SyntheticProfile(100);
        int tree = p.stack(TREE_PUT);
        for (int i = 0; i < 5; i++) {
            p.cpu(T0 + i * Math.round(ms * MS), "writer-1", tree, 1);
        }
        return p.build();
    }

    /** One site allocating {@code mbPerSecond} for 10 s. */
    static Profile siteRate(double mbPerSecond) {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack("com.acme.Report.render", "com.acme.Handler.handle");
        p.allocation(T0, "request-1", "byte[]", Math.round(mbPerSecond * 10 * 1024 * 1024), -1, s);
        return p.build();
    }

    /** {@code percent} of 100 s paused, in pauses of 10 ms (the longest stays far below 100 ms). */
    static Profile pauseShare(double percent) {
        SyntheticProfile p = new SyntheticProfile(100);
        long total = Math.round(percent / 100 * 100 * SECOND);
        int i = 0;
        for (long left = total; left > 0; left -= 10 * MS, i++) {
            p.gc(T0 + i * 60 * MS, Math.min(left, 10 * MS), "G1 Evacuation Pause");
        }
        return p.build();
    }

    /** One pause of {@code ms} in 1,000 s (its share of wall time stays far below 2%). */
    static Profile longestPause(double ms) {
        SyntheticProfile p = new SyntheticProfile(1000);
        p.gc(T0 + SECOND, Math.round(ms * MS), "G1 Evacuation Pause");
        return p.build();
    }

    /**
     * {@code count} ConcurrentModificationExceptions thrown from a HashMap iterator in the class whose site writes
     * the map, beside 10 coincident plain writes there (the least that lets them count; the writes alone score 12).
     */
    static Profile raceExceptions(double count) {
        SyntheticProfile p = new SyntheticProfile(100);
        int plain = p.stack(PLAIN_PUT);
        for (int i = 0; i < UnsynchronizedMapWriteRule.RACE_MIN_COINCIDENT_PAIRS; i++) {
            p.cpu(T0 + i * 20 * MS, "w-1", plain, 1).cpu(T0 + i * 20 * MS + MS, "w-2", plain, 1);
        }
        int iterate = p.stack("java.util.ConcurrentModificationException.<init>", "java.util.HashMap$HashIterator.nextNode",
                "com.acme.Report.total");
        for (int i = 0; i < (int) count; i++) {
            p.throwable(T0 + SECOND + i * MS, "reporter", "java.util.ConcurrentModificationException", "", iterate, false);
        }
        return p.build();
    }

    /** Live threads climbing {@code perMinute} a minute, steadily, over 20 minutes: one more thread at each reading. */
    static Profile threadGrowth(double perMinute) {
        SyntheticProfile p = new SyntheticProfile(1200);
        double every = 60 * SECOND / perMinute;
        for (int i = 0; i * every <= 1200 * SECOND; i++) {
            p.threadStatistics(T0 + Math.round(i * every), 100 + i, 100 + i);
        }
        return p.build();
    }

    /** Over 20 minutes, {@code perMinute} threads a minute started at one site in the later 10 and never ended. */
    static Profile threadsNeverEnded(double perMinute) {
        SyntheticProfile p = new SyntheticProfile(1200);
        int site = p.stack("java.lang.Thread.start", "java.util.concurrent.ThreadPoolExecutor.addWorker",
                "com.acme.OrderService.quote", "com.acme.Handler.handle");
        long count = Math.round(perMinute * 10);
        for (long i = 0; i < count; i++) {
            p.threadStart(T0 + 600 * SECOND + i * (600 * SECOND / count), "pool-" + i + "-thread-1", "handler", site);
        }
        return p.build();
    }

    /** Pins at one site for {@code percent} of two carriers' time over 10 minutes, in 8 pins one after another. */
    static Profile pinnedShare(double percent) {
        SyntheticProfile p = new SyntheticProfile(600).cpus(2, 0);
        int site = p.stack("java.lang.VirtualThread.parkOnCarrierThread", "java.lang.Thread.sleep", "com.acme.Rates.lookup",
                "com.acme.Handler.handle");
        long each = Math.round(percent * 1.5 * SECOND); // percent / 100 × 600 s × 2 carriers / 8 pins
        for (int i = 0; i < 8; i++) {
            p.pinned(T0 + i * each, each, "virtual-" + i, "carrier-1", site, "LockSupport.park", "Native or VM frame on stack");
        }
        return p.build();
    }

    /** {@code perMinute} pins of 20 ms a minute at one site over 10 minutes, on 64 carriers. */
    static Profile pinnedRate(double perMinute) {
        SyntheticProfile p = new SyntheticProfile(600).cpus(64, 0);
        int site = p.stack("java.lang.VirtualThread.parkOnCarrierThread", "java.lang.Object.wait", "com.acme.Ledger.post",
                "com.acme.Handler.handle");
        long count = Math.round(perMinute * 10);
        for (long i = 0; i < count; i++) {
            p.pinned(T0 + i * (600 * SECOND / count), 20 * MS, "virtual-" + i, null, site, "", "");
        }
        return p.build();
    }

    /** One carrier pinned for {@code percent} of 1000 s, by 25 sites each pinning once (each below 1% of the time). */
    static Profile allCarriersPinned(double percent) {
        SyntheticProfile p = new SyntheticProfile(1000).cpus(1, 0);
        long each = Math.round(percent * 0.4 * SECOND); // percent / 100 × 1000 s / 25 sites
        for (int i = 0; i < 25; i++) {
            int site = p.stack("java.lang.VirtualThread.parkOnCarrierThread", "com.acme.Site" + i + ".call", "com.acme.Handler.handle");
            p.pinned(T0 + i * each, each, "virtual-" + i, "carrier-1", site, "LockSupport.park", "Native or VM frame on stack");
        }
        return p.build();
    }

    /** {@code count} virtual threads the scheduler refused over 60 s, and no pin. */
    static Profile submitFailures(double count) {
        SyntheticProfile p = new SyntheticProfile(60).cpus(2, 0);
        int site = p.stack("java.lang.VirtualThread.submitRunContinuation", "java.lang.VirtualThread.start", "com.acme.Server.accept");
        for (long i = 0; i < Math.round(count); i++) {
            p.submitFailed(T0 + i * 100 * MS, "virtual-" + i, site, "java.util.concurrent.RejectedExecutionException");
        }
        return p.enabled("jdk.VirtualThreadPinned").build();
    }

    /** jdk.ExceptionStatistics counting {@code perSecond} throwables a second over 10 s. */
    static Profile exceptionRate(double perSecond) {
        SyntheticProfile p = new SyntheticProfile(10);
        p.throwableCount(T0, 1_000).throwableCount(T0 + 10 * SECOND, 1_000 + Math.round(perSecond * 10));
        return p.build();
    }

    /** The JVM using {@code percent} of a 2-CPU container on an 8-CPU machine (the machine stays a quarter busy). */
    static Profile jvmCpu(double percent) {
        SyntheticProfile p = new SyntheticProfile(10).cpus(8, 2);
        double share = percent / 100 / 4;
        for (int i = 0; i < 10; i++) {
            p.cpuLoad(T0 + i * SECOND, share * 0.9, share * 0.1, share);
        }
        return p.build();
    }

    /** Other processes using {@code percent} of the machine beside this JVM's 5%. */
    static Profile otherProcesses(double percent) {
        SyntheticProfile p = new SyntheticProfile(10).cpus(2, 0);
        for (int i = 0; i < 10; i++) {
            p.cpuLoad(T0 + i * SECOND, 0.05, 0, 0.05 + percent / 100);
        }
        return p.build();
    }

    /** The container throttled in {@code percent} of 10,000 CFS periods, at 10% CPU. */
    static Profile throttledPeriods(double percent) {
        SyntheticProfile p = new SyntheticProfile(100).cpus(2, 0);
        p.cpuLoad(T0, 0.1, 0, 0.1);
        p.throttling(T0, 5_000, 100, SECOND).throttling(T0 + 100 * SECOND, 15_000, 100 + Math.round(percent * 100), 9 * SECOND);
        return p.build();
    }
}
