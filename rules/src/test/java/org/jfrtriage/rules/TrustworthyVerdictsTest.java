package org.jfrtriage.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.playbook.GcPressureRule;
import org.jfrtriage.rules.playbook.LockHotspotRule;
import org.jfrtriage.rules.playbook.PlaybookRule;
import org.jfrtriage.rules.playbook.ThreadPileupRule;

/**
 * A verdict someone pages people on: no finding built on waits nobody can act on, no OK for what was not checked,
 * no critical that names no code or no threads, GC advice that follows the recorded cause.
 */
class TrustworthyVerdictsTest {
    private static final String LOCK = "com.acme.Registry";

    /** {@code threads} threads blocked together on one monitor for 2 s, with the given stack and thread names. */
    private static Profile blocked(int threads, String threadPrefix, String... stack) {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(stack);
        for (int t = 0; t < threads; t++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND + t * MS, 2 * SECOND, threadPrefix + t, LOCK, s);
        }
        return p.build();
    }

    @Test
    void waitsWithoutAStackNeverMakeAFindingAndTheChecksSaySoInsteadOfOk() {
        Profile stackless = blocked(12, "request-");
        Rule.Result pileup = new ThreadPileupRule().evaluate(stackless);
        Rule.Result lock = new LockHotspotRule().evaluate(stackless);
        assertThat(pileup.findings()).isEmpty();
        assertThat(lock.findings()).isEmpty();
        assertThat(pileup.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(pileup.check().message()).startsWith("the blocking events carry no stack traces (12 events)");
        assertThat(lock.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(lock.check().message()).contains("enable stackTrace");
    }

    @Test
    void theSameWaitsWithAnApplicationStackAreCritical() {
        Profile sound = blocked(12, "request-", "com.acme.Registry.touch", "com.acme.Handler.handle");
        Finding f = new ThreadPileupRule().evaluate(sound).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.Registry.touch");
    }

    @Test
    void jdkHousekeepingThreadsAndJdkOnlyStacksAreLeftOutAndCounted() {
        // Common-Cleaner and friends in a routine timed wait, stack all JDK code
        Profile housekeeping = blocked(6, "Common-Cleaner-", "java.lang.Object.wait", "java.lang.ref.ReferenceQueue.remove0");
        Rule.Result pileup = new ThreadPileupRule().evaluate(housekeeping);
        assertThat(pileup.findings()).isEmpty();
        assertThat(pileup.check().status()).isEqualTo(Check.Status.OK);
        assertThat(pileup.check().message()).contains("of waits in JDK threads or JDK-only stacks left out");

        // the JVM's own threads by name, even where their stack shows application classes
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack("com.acme.Registry.touch", "com.acme.Handler.handle");
        for (String name : List.of("Reference Handler", "Finalizer", "Signal Dispatcher", "Attach Listener",
                "JFR Periodic Tasks", "RMI TCP Connection(1)")) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 2 * SECOND, name, LOCK, s);
        }
        assertThat(new ThreadPileupRule().evaluate(p.build()).findings()).isEmpty();
        assertThat(new LockHotspotRule().evaluate(p.build()).findings()).isEmpty();
    }

    @Test
    void oneApplicationThreadAmongHousekeepingThreadsStillCounts() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack("com.acme.Registry.touch", "com.acme.Handler.handle");
        p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 8 * SECOND, "Finalizer", LOCK, s);
        p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 8 * SECOND, "request-1", LOCK, s);
        assertThat(new LockHotspotRule().evaluate(p.build()).findings()).isNotEmpty();
    }

    @Test
    void theHeadlineNeverSaysOkForACheckThatDidNotRun() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack("com.acme.Registry.touch", "com.acme.Handler.handle");
        p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 30 * MS, "request-1", LOCK, s);
        Triage triage = Playbook.standard().run(p.build());
        assertThat(triage.verdict()).startsWith("No problem found in what was checked (10 s of recording) — not checked: ")
                .contains("GC").contains("allocation").contains("deadlocks").doesNotStartWith("OK");

        SyntheticProfile withGc = new SyntheticProfile(10);
        withGc.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 30 * MS, "request-1", LOCK,
                withGc.stack("com.acme.Registry.touch"));
        withGc.threadDump(T0 + 3 * SECOND, "\"main\" #1 prio=5\n   java.lang.Thread.State: RUNNABLE\n");
        withGc.gc(T0 + 2 * SECOND, MS, "G1 Evacuation Pause").cpu(T0, "request-1", withGc.stack("com.acme.Work.run"), 1)
                .allocation(T0, "request-1", "byte[]", 1024, -1, withGc.stack("com.acme.Work.run"))
                .cpuLoad(T0, 0.2, 0.01, 0.3).throwableCount(T0, 10).throwableCount(T0 + 9 * SECOND, 20)
                .enabled("jdk.VirtualThreadPinned").threadStatistics(T0, 20, 20).threadStart(T0, "request-1", "main", -1)
                .enabled("jdk.SocketRead").enabled("jdk.ExecuteVMOperation");
        Triage checkedAll = Playbook.standard().run(withGc.build());
        assertThat(checkedAll.checks()).noneMatch(c -> c.status() == Check.Status.NOT_APPLICABLE);
        assertThat(checkedAll.verdict()).isEqualTo("OK: no lock, pileup, CPU, I/O, safepoint, exception, map, thread or GC problem found in 10 s of recording");

        SyntheticProfile onlyGcMissing = new SyntheticProfile(10);
        onlyGcMissing.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 30 * MS, "request-1", LOCK,
                onlyGcMissing.stack("com.acme.Registry.touch"));
        onlyGcMissing.threadDump(T0 + 3 * SECOND, "");
        onlyGcMissing.cpu(T0, "request-1", onlyGcMissing.stack("com.acme.Work.run"), 1)
                .allocation(T0, "request-1", "byte[]", 1024, -1, onlyGcMissing.stack("com.acme.Work.run"))
                .cpuLoad(T0, 0.2, 0.01, 0.3).throwableCount(T0, 10).throwableCount(T0 + 9 * SECOND, 20)
                .javaVersion("17.0.15+6").threadStart(T0, "request-1", "main", -1) // JDK 17: nothing can pin
                .enabled("jdk.SocketRead").enabled("jdk.ExecuteVMOperation");
        assertThat(Playbook.standard().run(onlyGcMissing.build()).verdict())
                .isEqualTo("No problem found in what was checked (10 s of recording) — GC not checked: no GC events");
    }

    @Test
    void aJvmWithoutVirtualThreadsIsNoVerdictWhenNothingElseCouldBeJudged() {
        Triage nothing = Playbook.standard().run(new SyntheticProfile(10).javaVersion("1.8.0_292").build());
        assertThat(nothing.checks()).filteredOn(c -> c.status() == Check.Status.OK).extracting(Check::rule)
                .containsExactly("vthread-pinning");
        assertThat(nothing.verdict()).isEqualTo("NO VERDICT: the recording has none of the events the playbook needs");
    }

    @Test
    void aFindingThatNamesNoCodeOrNoThreadsIsCappedAtInfo() {
        Finding unknownSite = finding(80, "CRITICAL thing at " + SiteRef.UNKNOWN.shortName(), SiteRef.UNKNOWN, 5);
        Finding capped = PlaybookRule.plausible(unknownSite);
        assertThat(capped.severity()).isEqualTo(Severity.INFO);
        assertThat(capped.score()).isEqualTo(49);
        assertThat(capped.evidence("severityCapped")).isEqualTo("the recording does not show the code that caused it");

        Finding noThreads = finding(80, "0 threads blocked at Registry.touch", new SiteRef("com.acme.Registry", "touch", 3), 0);
        assertThat(PlaybookRule.plausible(noThreads).severity()).isEqualTo(Severity.INFO);
        assertThat(PlaybookRule.plausible(noThreads).evidence("severityCapped")).isEqualTo("the recording does not show which threads");

        Finding sound = finding(80, "5 threads blocked at Registry.touch", new SiteRef("com.acme.Registry", "touch", 3), 5);
        assertThat(PlaybookRule.plausible(sound)).isSameAs(sound);
        // a GC finding without an allocation site names no "(unknown)" and keeps its severity
        Finding gc = finding(60, "GC paused the JVM 3 s", SiteRef.UNKNOWN, 5);
        assertThat(PlaybookRule.plausible(gc)).isSameAs(gc);
    }

    @Test
    void collectionsRequestedFromOutsideAreListedNotScored() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.gc(T0 + SECOND, 1500 * MS, "Heap Inspection Initiated GC").gc(T0 + 3 * SECOND, 1500 * MS, "System.gc()");
        Rule.Result r = new GcPressureRule().evaluate(p.build());
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().status()).isEqualTo(Check.Status.OK);
        assertThat(r.check().message()).contains("2 collections requested from outside (3.0 s");

        SyntheticProfile real = new SyntheticProfile(10);
        real.gc(T0 + SECOND, 1500 * MS, "Heap Inspection Initiated GC").gc(T0 + 3 * SECOND, 1500 * MS, "Allocation Failure");
        Finding f = new GcPressureRule().evaluate(real.build()).findings().get(0);
        assertThat(f.evidence("gcCount")).isEqualTo(1L);
        assertThat(f.evidence("requestedGcCount")).isEqualTo(1L);
        assertThat(f.evidence("pauseTotalMs")).isEqualTo(1500.0);
        // a young collector's allocation failure: the fix is the allocation rate, not the old generation
        assertThat(f.recommendation()).startsWith("Frequent young collections").doesNotContain("old generation");
    }

    @Test
    void oneLongWaitOfOneThreadIsAWarningNotCritical() {
        SyntheticProfile p = new SyntheticProfile(60);
        // 8 s for one thread in a 60 s recording: 0.13 threads blocked on average (info), longest wait past critical
        p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 8 * SECOND, "request-1", LOCK,
                p.stack("com.acme.Registry.touch", "com.acme.Handler.handle"));
        Finding f = new LockHotspotRule().evaluate(p.build()).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.score()).isEqualTo(74);
        assertThat(f.thresholds()).anySatisfy(j -> {
            assertThat(j.threshold().id()).isEqualTo("lock-hotspot.longest-wait");
            assertThat(j.measure()).isEqualTo(8000.0); // past its critical limit, and capped as one moment
            assertThat(j.score()).isEqualTo(74);
        });
    }

    @Test
    void oneLongGcPauseIsAWarningSustainedPausesAreCritical() {
        SyntheticProfile once = new SyntheticProfile(100);
        once.gc(T0 + SECOND, 6 * SECOND, "G1 Evacuation Pause"); // 6% of the time, longest 6 s
        assertThat(new GcPressureRule().evaluate(once.build()).findings().get(0).severity()).isEqualTo(Severity.WARNING);
        SyntheticProfile often = new SyntheticProfile(100);
        for (int i = 0; i < 20; i++) {
            often.gc(T0 + i * 4 * SECOND, 800 * MS, "G1 Evacuation Pause"); // 16% of the time
        }
        assertThat(new GcPressureRule().evaluate(often.build()).findings().get(0).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void checksSayExactlyWhatTheyLeftOut() {
        SyntheticProfile p = new SyntheticProfile(10);
        int none = p.stack();
        int jdkOnly = p.stack("java.lang.Object.wait", "java.lang.ref.ReferenceQueue.remove0");
        p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 1500 * MS, "request-1", LOCK, none);
        p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 500 * MS, "request-2", LOCK, none);
        p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 700 * MS, "request-3", LOCK, jdkOnly);
        p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 20 * MS, "request-4", LOCK,
                p.stack("com.acme.Registry.touch"));
        Check check = new LockHotspotRule().evaluate(p.build()).check();
        assertThat(check.status()).isEqualTo(Check.Status.OK);
        assertThat(check.message()).endsWith("; 2.0 s of waits without a stack trace not judged; 700 ms of waits in JDK "
                + "threads or JDK-only stacks left out");
        // the JVM's first thread is a housekeeping thread too (thread ids start at 0)
        SyntheticProfile first = new SyntheticProfile(10);
        int s = first.stack("com.acme.Registry.touch", "com.acme.Handler.handle");
        for (String name : List.of("Reference Handler", "request-1", "request-2")) {
            first.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 2 * SECOND, name, LOCK, s);
        }
        assertThat(new ThreadPileupRule().evaluate(first.build()).findings()).as("two application threads are no pileup").isEmpty();
    }

    @Test
    void anOkGcCheckCountsOnlyTheCollectionsItScored() {
        SyntheticProfile p = new SyntheticProfile(100);
        p.gc(T0 + SECOND, 10 * MS, "G1 Evacuation Pause").gc(T0 + 2 * SECOND, 10 * MS, "G1 Evacuation Pause")
                .gc(T0 + 3 * SECOND, 50 * MS, "System.gc()");
        assertThat(new GcPressureRule().evaluate(p.build()).check().message()).isEqualTo("2 GC pauses, 20 ms in total "
                + "(0.0% of wall time), longest 10 ms; 1 collection requested from outside (50 ms, System.gc() or heap "
                + "inspection) not counted");
    }

    @Test
    void findingsOfADistrustedRecordingSaySoInTheirEvidence() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack("com.acme.Registry.touch", "com.acme.Handler.handle");
        for (int t = 0; t < 12; t++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 5 * SECOND, "request-" + t, LOCK, s);
        }
        Triage sound = Playbook.standard().run(p.build());
        assertThat(sound.findings()).isNotEmpty().allSatisfy(f -> assertThat(f.evidence("readWarnings")).isNull());
        Triage cut = Playbook.standard().run(p.buildIncomplete("recording is truncated: its last chunk was cut"));
        assertThat(cut.findings()).isNotEmpty().allSatisfy(f -> assertThat(f.evidence("readWarnings"))
                .isEqualTo("1 warning about the recording, which is incomplete: recording is truncated: its last chunk was cut"));
    }

    @Test
    void infoFindingsPassThePlausibilityCapUntouched() {
        Finding info = finding(30, "minor at " + SiteRef.UNKNOWN.shortName(), SiteRef.UNKNOWN, 0);
        assertThat(PlaybookRule.plausible(info)).isSameAs(info);
    }

    @Test
    void gcAdviceFollowsTheCause() {
        assertThat(adviceFor("Metadata GC Threshold")).startsWith("Metaspace fills up");
        assertThat(adviceFor("GCLocker Initiated GC")).contains("JNI critical regions");
        assertThat(adviceFor("G1 Humongous Allocation")).startsWith("Humongous allocations");
    }

    private static String adviceFor(String cause) {
        SyntheticProfile p = new SyntheticProfile(10);
        p.gc(T0 + SECOND, 1500 * MS, cause);
        return new GcPressureRule().evaluate(p.build()).findings().get(0).recommendation();
    }

    private static Finding finding(int score, String title, SiteRef site, long threads) {
        return new Finding("k|x|y", "lock-hotspot", Step.WHICH_LOCK, org.jfrtriage.rules.model.ScoreCurve.severity(score),
                score, title, "com.acme.Registry", site, List.of(), 0, List.of(Evidence.of("threads", "threads", threads, "threads")),
                List.of(), "fix it", List.of(), List.of());
    }
}
