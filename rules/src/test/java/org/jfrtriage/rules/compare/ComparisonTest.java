package org.jfrtriage.rules.compare;

import static org.jfrtriage.rules.SyntheticProfile.SECOND;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;

class ComparisonTest {
    private static final String MAP = "java.util.Collections$SynchronizedMap";

    /** {@code waits} 50 ms monitor waits over 10 threads at {@code site}, in a recording of {@code seconds}. */
    private static Triage contended(long seconds, int waits, String site) {
        SyntheticProfile p = new SyntheticProfile(seconds).enabled("jdk.JavaMonitorEnter");
        int stack = p.stack("java.util.Collections$SynchronizedMap.get", site, "java.lang.Thread.run");
        for (int i = 0; i < waits; i++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + i * 5 * MS, 50 * MS, "request-" + (i % 10), MAP, stack);
        }
        return Playbook.standard().run(p.build());
    }

    @Test
    void fixedLockIsResolvedAndTheVerdictSaysSo() {
        Comparison c = Comparison.of(contended(10, 400, "com.acme.Registry.lookup"), contended(10, 0, "com.acme.Registry.lookup"));
        assertThat(c.changes(Verdict.RESOLVED)).extracting(FindingChange::kind).contains("lock-hotspot");
        assertThat(c.changes(Verdict.NEW)).isEmpty();
        assertThat(c.fixWorked()).isTrue();
        assertThat(c.verdict()).startsWith("the fix worked: lock hotspot at Registry.lookup resolved").endsWith("no new hotspot");
    }

    @Test
    void sameRateInALongerRecordingIsUnchangedNotImproved() {
        // twice the blocked time in twice the time: the rate is the same
        Comparison c = Comparison.of(contended(10, 400, "com.acme.Registry.lookup"), contended(20, 800, "com.acme.Registry.lookup"));
        assertThat(c.changes()).filteredOn(ch -> ch.kind().equals("lock-hotspot")).singleElement()
                .extracting(FindingChange::verdict).isEqualTo(Verdict.UNCHANGED);
        assertThat(c.fixWorked()).isFalse();
        assertThat(c.verdict()).startsWith("no measurable change");
    }

    @Test
    void halvedRateIsImprovedDoubledIsRegressed() {
        Triage base = contended(10, 400, "com.acme.Registry.lookup");
        assertThat(Comparison.of(base, contended(10, 150, "com.acme.Registry.lookup")).changes())
                .filteredOn(ch -> ch.kind().equals("lock-hotspot")).singleElement()
                .extracting(FindingChange::verdict).isEqualTo(Verdict.IMPROVED);
        assertThat(Comparison.of(contended(10, 150, "com.acme.Registry.lookup"), base).changes())
                .filteredOn(ch -> ch.kind().equals("lock-hotspot")).singleElement()
                .extracting(FindingChange::verdict).isEqualTo(Verdict.REGRESSED);
    }

    @Test
    void movedContentionIsResolvedPlusNew() {
        Comparison c = Comparison.of(contended(10, 400, "com.acme.Registry.lookup"), contended(10, 400, "com.acme.Registry.refresh"));
        assertThat(c.changes(Verdict.RESOLVED)).extracting(ch -> ch.shown().site().method()).contains("lookup");
        assertThat(c.changes(Verdict.NEW)).extracting(ch -> ch.shown().site().method()).contains("refresh");
        assertThat(c.fixWorked()).isFalse();
        assertThat(c.verdict()).startsWith("the fix moved the problem");
    }

    @Test
    void noiseFloorShrinksWithEvidence() {
        assertThat(Comparison.noiseRatio(25, 25)).isCloseTo(0.566, org.assertj.core.data.Offset.offset(0.01));
        assertThat(Comparison.noiseRatio(10_000, 10_000)).isLessThan(Comparison.MIN_RELATIVE_CHANGE);
    }

    // ---- hand-made findings: the comparison judged on exact numbers ----

    private static final org.jfrtriage.analyzer.profile.Profile EMPTY = new SyntheticProfile(10).build();

    private static Finding finding(String kind, String method, Severity severity, int score, String title, Evidence... evidence) {
        SiteRef site = new SiteRef("com.acme.Registry", method, 10);
        return new Finding(Finding.idOf(kind, site, MAP), kind, Step.WHICH_LOCK, severity, score, title, MAP, site, List.of(site), 0,
                List.of(evidence), List.of(), "fix", List.of(), List.of());
    }

    /** A lock hotspot at {@code method} with {@code msPerSecond} blocked per second over {@code events} events. */
    private static Finding lock(String method, Severity severity, double msPerSecond, long events) {
        return finding("lock-hotspot", method, severity, severity == Severity.INFO ? 30 : 60, "lock at " + method,
                Evidence.of("blockedMsPerSecond", "blocked time per second", msPerSecond, "ms/s"),
                Evidence.of("events", "blocking events", events, ""));
    }

    private static Finding gc(Severity severity, double share) {
        return finding("gc-pressure", "gc", severity, 60, "gc",
                Evidence.of("pauseSharePercent", "share", share, "%"), Evidence.of("gcCount", "collections", 1_000L, ""));
    }

    private static Triage triage(List<Finding> findings, Check... checks) {
        return new Triage(EMPTY, findings, List.of(checks));
    }

    private static Triage triage(Finding... findings) {
        return triage(List.of(findings));
    }

    private static FindingChange only(Triage before, Triage after) {
        List<FindingChange> changes = Comparison.of(before, after).changes();
        assertThat(changes).hasSize(1);
        return changes.get(0);
    }

    private static Verdict lockVerdict(double before, double after) {
        return only(triage(lock("lookup", Severity.WARNING, before, 100_000)), triage(lock("lookup", Severity.WARNING, after, 100_000))).verdict();
    }

    @Test
    void withAmpleEvidenceTwentyPercentIsTheSmallestChangeThatCounts() {
        assertThat(lockVerdict(100, 70)).isEqualTo(Verdict.IMPROVED);
        assertThat(lockVerdict(100, 80)).isEqualTo(Verdict.IMPROVED);
        assertThat(lockVerdict(100, 85)).isEqualTo(Verdict.UNCHANGED);
        assertThat(lockVerdict(100, 115)).isEqualTo(Verdict.UNCHANGED);
        assertThat(lockVerdict(100, 120)).isEqualTo(Verdict.REGRESSED);
        assertThat(lockVerdict(100, 130)).isEqualTo(Verdict.REGRESSED);
        FindingChange c = only(triage(lock("lookup", Severity.WARNING, 100, 100_000)), triage(lock("lookup", Severity.WARNING, 70, 100_000)));
        assertThat(c.reason()).isEqualTo("blocked time per second -30% (changes under 20% are noise here)");
        assertThat(c.measure()).isEqualTo("blocked time per second");
        assertThat(c.unit()).isEqualTo("ms/s");
        assertThat(c.beforeValue()).isEqualTo(100.0);
        assertThat(c.afterValue()).isEqualTo(70.0);
        assertThat(c.noiseRatio()).isCloseTo(2 * Math.sqrt(2.0 / 100_000), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.relativeChange()).isCloseTo(-0.3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.kind()).isEqualTo("lock-hotspot");
    }

    @Test
    void fewEventsRaiseTheNoiseFloor() {
        FindingChange c = only(triage(lock("lookup", Severity.WARNING, 100, 4)), triage(lock("lookup", Severity.WARNING, 50, 4)));
        assertThat(c.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(c.reason()).isEqualTo("blocked time per second -50% (changes under 141% are noise here)");
    }

    @Test
    void noiseRatioWithoutCountsIsTheFloor() {
        assertThat(Comparison.noiseRatio(0, 100)).isEqualTo(Comparison.MIN_RELATIVE_CHANGE);
        assertThat(Comparison.noiseRatio(100, 0)).isEqualTo(Comparison.MIN_RELATIVE_CHANGE);
        assertThat(Comparison.noiseRatio(-1, 5)).isEqualTo(Comparison.MIN_RELATIVE_CHANGE);
        assertThat(Comparison.noiseRatio(1, 1)).isCloseTo(2 * Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Comparison.MIN_RELATIVE_CHANGE).isEqualTo(0.20);
    }

    @Test
    void kindsWithoutAMeasureCompareByScore() {
        FindingChange c = only(triage(finding("custom-check", "a", Severity.INFO, 40, "t")),
                triage(finding("custom-check", "a", Severity.WARNING, 80, "t")));
        assertThat(c.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(c.measure()).isEqualTo("score");
        assertThat(c.beforeValue()).isEqualTo(40.0);
        assertThat(c.afterValue()).isEqualTo(80.0);
        assertThat(c.noiseRatio()).isEqualTo(Comparison.MIN_RELATIVE_CHANGE);
        // a measure that is not a number falls back to the score too
        FindingChange text = only(triage(finding("lock-hotspot", "a", Severity.WARNING, 60, "t", Evidence.text("blockedMsPerSecond", "x", "n/a"))),
                triage(finding("lock-hotspot", "a", Severity.WARNING, 30, "t", Evidence.text("blockedMsPerSecond", "x", "n/a"))));
        assertThat(text.beforeValue()).isEqualTo(60.0);
        assertThat(text.verdict()).isEqualTo(Verdict.IMPROVED);
    }

    @Test
    void withoutACountTheNoiseIsTheFloor() {
        Finding before = finding("thread-pileup", "a", Severity.CRITICAL, 80, "t", Evidence.of("sustainedThreads", "s", 10L, "threads"));
        Finding after = finding("thread-pileup", "a", Severity.CRITICAL, 78, "t", Evidence.of("sustainedThreads", "s", 7L, "threads"));
        FindingChange c = only(triage(before), triage(after));
        assertThat(c.noiseRatio()).isEqualTo(Comparison.MIN_RELATIVE_CHANGE);
        assertThat(c.verdict()).isEqualTo(Verdict.IMPROVED);
        Finding textCount = finding("lock-hotspot", "a", Severity.WARNING, 60, "t",
                Evidence.of("blockedMsPerSecond", "b", 100.0, "ms/s"), Evidence.text("events", "e", "many"));
        assertThat(only(triage(textCount), triage(lock("a", Severity.WARNING, 100, 1))).noiseRatio()).isEqualTo(Comparison.MIN_RELATIVE_CHANGE);
    }

    @Test
    void fromZeroAnyRiseIsARegression() {
        assertThat(lockVerdict(0, 0)).isEqualTo(Verdict.UNCHANGED);
        assertThat(lockVerdict(0, 5)).isEqualTo(Verdict.REGRESSED);
    }

    @Test
    void aRuleThatCouldNotRunOnOneSideIsUnknownNotResolvedOrNew() {
        Check lockGap = new Check("lock-hotspot", Step.WHICH_LOCK, Check.Status.NOT_APPLICABLE, "no lock events");
        FindingChange gone = only(triage(lock("lookup", Severity.WARNING, 100, 1000)), triage(List.of(), lockGap));
        assertThat(gone.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(gone.reason()).isEqualTo("the after recording lacks the events lock-hotspot needs");
        assertThat(gone.after()).isNull();
        FindingChange resolved = only(triage(lock("lookup", Severity.WARNING, 100, 1000)), triage());
        assertThat(resolved.verdict()).isEqualTo(Verdict.RESOLVED);
        assertThat(resolved.afterValue()).isZero();
        assertThat(resolved.reason()).isEqualTo("below the rule's info limit after the fix");
        FindingChange appeared = only(triage(List.of(), lockGap), triage(lock("lookup", Severity.WARNING, 100, 1000)));
        assertThat(appeared.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(appeared.reason()).isEqualTo("the before recording lacks the events lock-hotspot needs");
        FindingChange fresh = only(triage(), triage(lock("lookup", Severity.WARNING, 100, 1000)));
        assertThat(fresh.verdict()).isEqualTo(Verdict.NEW);
        assertThat(fresh.beforeValue()).isZero();
        assertThat(fresh.afterValue()).isEqualTo(100.0);
        assertThat(fresh.relativeChange()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(fresh.shown()).isSameAs(fresh.after());
        assertThat(resolved.shown()).isSameAs(resolved.before());
    }

    @Test
    void theHighestScoringFindingOfAnIdIsCompared() {
        Finding low = finding("custom-check", "a", Severity.INFO, 30, "low");
        Finding high = finding("custom-check", "a", Severity.WARNING, 60, "high");
        Finding tie = finding("custom-check", "a", Severity.WARNING, 60, "tie");
        assertThat(only(triage(low, high), triage(low)).before().title()).isEqualTo("high");
        assertThat(only(triage(high, low), triage(low)).before().title()).isEqualTo("high");
        assertThat(only(triage(high, tie), triage(low)).before().title()).isEqualTo("high");
    }

    @Test
    void changesReadWorstFirstThenByScoreThenById() {
        List<Finding> before = new ArrayList<>();
        List<Finding> after = new ArrayList<>();
        before.add(lock("unchanged", Severity.WARNING, 100, 100_000));
        after.add(lock("unchanged", Severity.WARNING, 100, 100_000));
        before.add(lock("improved", Severity.WARNING, 100, 100_000));
        after.add(lock("improved", Severity.WARNING, 50, 100_000));
        before.add(lock("resolved", Severity.WARNING, 100, 100_000));
        before.add(lock("regressed", Severity.WARNING, 100, 100_000));
        after.add(lock("regressed", Severity.WARNING, 200, 100_000));
        after.add(lock("newB", Severity.INFO, 100, 100_000));
        after.add(lock("newA", Severity.INFO, 100, 100_000));
        after.add(lock("newHigh", Severity.WARNING, 100, 100_000));
        Comparison c = Comparison.of(triage(before), triage(after));
        assertThat(c.changes()).extracting(ch -> ch.shown().site().method())
                .containsExactly("newHigh", "newA", "newB", "regressed", "resolved", "improved", "unchanged");
        assertThat(c.changes(Verdict.NEW)).hasSize(3);
        assertThat(c.before().findings()).hasSize(4);
        assertThat(c.after().findings()).hasSize(6);
    }

    @Test
    void theFixWorkedOnlyWhenSomethingSeriousWentAwayAndNothingSeriousRemains() {
        // only an info finding before: there was nothing to fix
        Comparison infoOnly = Comparison.of(triage(lock("lookup", Severity.INFO, 100, 1000)), triage());
        assertThat(infoOnly.fixWorked()).isFalse();
        assertThat(infoOnly.verdict()).isEqualTo("nothing to fix: neither recording has a warning or critical finding");
        // allocation pressure never decides
        Finding allocation = finding("allocation-pressure", "render", Severity.WARNING, 60, "alloc",
                Evidence.of("rateMBps", "rate", 900.0, "MB/s"));
        assertThat(Comparison.of(triage(allocation), triage()).fixWorked()).isFalse();
        // a serious finding the after recording cannot judge does not spoil a fix
        Check gcGap = new Check("gc-pressure", Step.WHICH_MAP_OR_MEMORY, Check.Status.NOT_APPLICABLE, "no GC events");
        Comparison unknownAfter = Comparison.of(triage(List.of(lock("lookup", Severity.WARNING, 100, 1000)), gcGap),
                triage(gc(Severity.WARNING, 8)));
        assertThat(unknownAfter.changes(Verdict.UNKNOWN)).hasSize(1);
        assertThat(unknownAfter.fixWorked()).isTrue();
        // still serious after
        Comparison stillBad = Comparison.of(triage(lock("lookup", Severity.WARNING, 100, 1000), gc(Severity.WARNING, 8)),
                triage(gc(Severity.WARNING, 8)));
        assertThat(stillBad.fixWorked()).isFalse();
        assertThat(stillBad.verdict()).isEqualTo("the fix helped: lock hotspot at Registry.lookup resolved; still warning: gc pressure at Registry.gc");
    }

    @Test
    void aCpuThatGotBusyWithTheFixIsSaidBesideTheVerdictNotAgainstIt() {
        Finding cpu = finding("cpu-saturation", "work", Severity.CRITICAL, 80, "cpu",
                Evidence.of("jvmCpuPercent", "JVM CPU", 97.0, "%"));
        Comparison fixed = Comparison.of(triage(lock("lookup", Severity.WARNING, 100, 1000)), triage(cpu));
        assertThat(fixed.changes(Verdict.NEW)).hasSize(1);
        assertThat(fixed.fixWorked()).isTrue();
        assertThat(fixed.verdict()).isEqualTo("the fix worked: lock hotspot at Registry.lookup resolved; no new hotspot; "
                + "CPU use rose (cpu saturation at Registry.work new): expected when a lock stops serializing the work "
                + "— compare throughput, and the hot methods of the after recording");
        // saturated before and after alone: nothing was stuck, and the line does not pretend nothing was found
        assertThat(Comparison.of(triage(cpu), triage(cpu)).verdict()).isEqualTo("nothing stuck to fix: the only "
                + "warning or critical findings measure resource use (cpu saturation), which does not say whether a fix worked");
    }

    @Test
    void theVerdictLineForEachOutcome() {
        assertThat(Comparison.of(triage(lock("lookup", Severity.INFO, 100, 1000)), triage(lock("lookup", Severity.WARNING, 300, 1000))).verdict())
                .isEqualTo("the fix did not work: lock hotspot at Registry.lookup regressed");
        assertThat(Comparison.of(triage(), triage(lock("lookup", Severity.WARNING, 300, 1000))).verdict())
                .isEqualTo("the fix did not work: lock hotspot at Registry.lookup new");
        // an info finding that got worse is not a reason to call the fix a failure
        assertThat(Comparison.of(triage(lock("lookup", Severity.WARNING, 100, 1000), lock("other", Severity.INFO, 10, 1000)),
                triage(lock("other", Severity.INFO, 40, 1000))).verdict())
                .isEqualTo("the fix worked: lock hotspot at Registry.lookup resolved; no new hotspot");
        // serious before, same rate after, below warning now: no measurable change, named from before
        assertThat(Comparison.of(triage(lock("lookup", Severity.WARNING, 100, 1000)), triage(lock("lookup", Severity.INFO, 100, 1000))).verdict())
                .isEqualTo("no measurable change: lock hotspot at Registry.lookup unchanged");
        // serious before, one still serious, one the after recording cannot judge: name what remains
        Check gcGap = new Check("gc-pressure", Step.WHICH_MAP_OR_MEMORY, Check.Status.NOT_APPLICABLE, "no GC events");
        assertThat(Comparison.of(triage(lock("lookup", Severity.WARNING, 100, 1000), gc(Severity.WARNING, 8)),
                triage(List.of(lock("lookup", Severity.WARNING, 100, 1000)), gcGap)).verdict())
                .isEqualTo("no measurable change: lock hotspot at Registry.lookup unchanged");
        // a regression of something serious is not "remaining"
        assertThat(Comparison.of(triage(lock("lookup", Severity.WARNING, 100, 1000), gc(Severity.WARNING, 8)),
                triage(lock("lookup", Severity.WARNING, 300, 1000))).verdict())
                .isEqualTo("the fix moved the problem: gc pressure at Registry.gc resolved; but lock hotspot at Registry.lookup regressed");
    }

    /** A recording whose JVM used {@code jvm} of 2 CPUs and whose JDK counted {@code perSecond} throwables a second. */
    private static Triage busy(double jvm, long perSecond) {
        SyntheticProfile p = new SyntheticProfile(10).cpus(2, 0);
        p.cpu(T0, "worker", p.stack("com.acme.Pricer.price", "com.acme.Worker.run"), 100);
        for (int i = 0; i < 10; i++) {
            p.cpuLoad(T0 + i * org.jfrtriage.rules.SyntheticProfile.SECOND, jvm, 0, jvm);
        }
        p.throwableCount(T0, 0).throwableCount(T0 + 10 * org.jfrtriage.rules.SyntheticProfile.SECOND, perSecond * 10);
        return Playbook.standard().run(p.build());
    }

    @Test
    void cpuSaturationAndExceptionStormsCompareByTheirRates() {
        Comparison better = Comparison.of(busy(0.97, 30_000), busy(0.70, 12_000));
        assertThat(better.changes()).filteredOn(ch -> ch.kind().equals("cpu-saturation")).singleElement()
                .satisfies(ch -> assertThat(ch.verdict()).isEqualTo(Verdict.IMPROVED))
                .satisfies(ch -> assertThat(ch.reason()).startsWith("JVM CPU, share of its CPUs -28%"));
        assertThat(better.changes()).filteredOn(ch -> ch.kind().equals("exception-storm")).singleElement()
                .satisfies(ch -> assertThat(ch.verdict()).isEqualTo(Verdict.IMPROVED))
                .satisfies(ch -> assertThat(ch.reason()).startsWith("throwables created per second -60%"));
        Comparison fixed = Comparison.of(busy(0.97, 30_000), busy(0.30, 100));
        assertThat(fixed.changes(Verdict.RESOLVED)).extracting(FindingChange::kind).contains("cpu-saturation", "exception-storm");
        // more CPU after a fix is throughput, not the problem moved: it is shown, never decisive
        Comparison busier = Comparison.of(busy(0.30, 30_000), busy(0.97, 100));
        assertThat(busier.changes(Verdict.NEW)).extracting(FindingChange::kind).containsExactly("cpu-saturation");
        assertThat(busier.verdict()).startsWith("the fix worked: exception storm at (unknown) resolved");
    }

    /** Live threads growing {@code perMinute} a minute for 2 minutes, and virtual threads pinned {@code pinnedMs} of every second on 2 carriers. */
    private static Triage threadsAndPins(long perMinute, long pinnedMs) {
        long second = org.jfrtriage.rules.SyntheticProfile.SECOND;
        SyntheticProfile p = new SyntheticProfile(120).cpus(2, 0);
        for (int s = 0; s <= 120; s++) {
            p.threadStatistics(T0 + s * second, 50 + perMinute * s / 60, 50 + perMinute * s / 60);
        }
        int site = p.stack("java.lang.VirtualThread.parkOnCarrierThread", "com.acme.RateBook.rateOf", "com.acme.Handler.handle");
        for (int s = 0; s < 120 && pinnedMs > 0; s++) {
            p.pinned(T0 + s * second, pinnedMs * 1_000_000L, "v" + s, "carrier-1", site, "LockSupport.park", "Native or VM frame on stack");
        }
        return Playbook.standard().run(p.enabled("jdk.VirtualThreadPinned").build());
    }

    @Test
    void threadLeaksAndPinningCompareByTheirRates() {
        Comparison better = Comparison.of(threadsAndPins(600, 400), threadsAndPins(120, 100));
        assertThat(better.changes()).filteredOn(ch -> ch.kind().equals("thread-leak")).singleElement()
                .satisfies(ch -> assertThat(ch.verdict()).isEqualTo(Verdict.IMPROVED))
                .satisfies(ch -> assertThat(ch.reason()).startsWith("live threads added per minute -80%"));
        assertThat(better.changes()).filteredOn(ch -> ch.kind().equals("vthread-pinning") && ch.shown().subject().equals("carrier"))
                .first().satisfies(ch -> assertThat(ch.reason()).startsWith("pinned share of the carriers' time -75%"));
        Comparison fixed = Comparison.of(threadsAndPins(600, 400), threadsAndPins(0, 0));
        assertThat(fixed.changes(Verdict.RESOLVED)).extracting(FindingChange::kind).contains("thread-leak", "vthread-pinning");
    }

    /** {@code threads} request threads reading 300 ms replies from one database for 10 s, and 100 thread dumps of {@code dumpMs} ms each. */
    private static Triage slowDependency(int threads, long dumpMs) {
        SyntheticProfile p = new SyntheticProfile(10).enabled("jdk.SafepointBegin").enabled("jdk.SocketRead");
        int s = p.stack("java.net.SocketInputStream.read", "com.acme.OrderDao.load", "com.acme.Handler.handle");
        for (int t = 0; t < threads; t++) {
            for (long at = 0; at + 300 * MS <= 10 * SECOND; at += 301 * MS) {
                p.socketRead(T0 + at, 300 * MS, "request-" + t, "db", 5432, s);
            }
        }
        for (int i = 0; i < 100; i++) { // 100 a side: a change past 28% is more than noise
            p.vmOperation(T0 + i * 100 * MS, dumpMs * MS, "ThreadDump", "health-check");
        }
        return Playbook.standard().run(p.build());
    }

    @Test
    void ioWaitsAndSafepointStopsCompareByTheirRates() {
        Comparison better = Comparison.of(slowDependency(12, 12), slowDependency(6, 5));
        assertThat(better.changes()).filteredOn(ch -> ch.kind().equals("io-wait")).singleElement()
                .satisfies(ch -> assertThat(ch.verdict()).isEqualTo(Verdict.IMPROVED))
                .satisfies(ch -> assertThat(ch.reason()).startsWith("time waited on the endpoint per second -50%"));
        assertThat(better.changes()).filteredOn(ch -> ch.kind().equals("safepoint-pause")).singleElement()
                .satisfies(ch -> assertThat(ch.verdict()).isEqualTo(Verdict.IMPROVED))
                .satisfies(ch -> assertThat(ch.reason()).startsWith("share of wall time stopped outside GC -58%"));
        Comparison fixed = Comparison.of(slowDependency(12, 12), slowDependency(0, 0));
        assertThat(fixed.changes(Verdict.RESOLVED)).extracting(FindingChange::kind).contains("io-wait", "safepoint-pause");
    }
}
