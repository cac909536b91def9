package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

class SafepointPauseRuleTest {

    private static Rule.Result evaluate(SyntheticProfile p) {
        return new SafepointPauseRule().evaluate(p.build());
    }

    @Test
    void withoutVmOperationOrSafepointEventsTheRuleSaysWhatToEnable() {
        Rule.Result r = evaluate(new SyntheticProfile(10));
        assertThat(r.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(r.check().message()).startsWith("no VM operation or safepoint events: enable jdk.ExecuteVMOperation");
    }

    @Test
    void gcOperationsBelongToTheGcRuleAndAreNeverCountedHere() {
        SyntheticProfile p = new SyntheticProfile(10).enabled("jdk.SafepointBegin");
        for (int i = 0; i < 50; i++) {
            p.vmOperation(T0 + i * 100 * MS, 80 * MS, "G1CollectForAllocation", "request-1");
        }
        Rule.Result r = evaluate(p);
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().message()).startsWith("stopped 0.00% of the time outside GC");
    }

    @Test
    void frequentThreadDumpsAreCriticalAndNamedWithWhoAskedForThem() {
        SyntheticProfile p = new SyntheticProfile(10).enabled("jdk.SafepointBegin");
        for (int i = 0; i < 100; i++) {
            p.vmOperation(T0 + i * 100 * MS, 15 * MS, "ThreadDump", "health-check");
        }
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.title()).startsWith("The JVM stopped 15.0% of the time outside GC, mostly for thread dumps").contains("100× ThreadDump");
        assertThat(f.subject()).isEqualTo("ThreadDump");
        assertThat(f.tables().get(0).rows().get(0)).contains("health-check");
        assertThat(f.recommendation()).contains("dumpAllThreads");
    }

    @Test
    void theRecordersOwnThreadDumpsAreShownNotCounted() {
        SyntheticProfile p = new SyntheticProfile(10).enabled("jdk.SafepointBegin");
        p.vmOperation(T0, 400 * MS, "PrintThreads", "JFR Periodic Tasks");
        assertThat(evaluate(p).findings()).isEmpty();
    }

    @Test
    void oneStopInAShortRecordingIsNotASustainedShare() {
        SyntheticProfile p = new SyntheticProfile(1).enabled("jdk.SafepointBegin");
        p.vmOperation(T0, 40 * MS, "RedefineClasses", "agent");
        assertThat(evaluate(p).findings()).isEmpty(); // 40 ms of a 10 s window: 0.4%
        SyntheticProfile four = new SyntheticProfile(10).enabled("jdk.SafepointBegin");
        for (int i = 0; i < 4; i++) {
            four.vmOperation(T0 + i * SECOND, 45 * MS, "RedefineClasses", "agent");
        }
        Finding f = evaluate(four).findings().get(0);
        assertThat((Double) f.evidence("stoppedSharePercent")).isGreaterThan(1.5);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        SyntheticProfile jfr = new SyntheticProfile(10).enabled("jdk.SafepointBegin");
        jfr.vmOperation(T0, 900 * MS, "GC_HeapInspection", "VM JFR Buffer Thread");
        assertThat(evaluate(jfr).findings()).isEmpty();
    }

    @Test
    void aLongTimeToSafepointIsAtMostAWarningWithTheCountedLoopAdvice() {
        SyntheticProfile p = new SyntheticProfile(100).enabled("jdk.ExecuteVMOperation");
        p.safepointBegin(T0 + SECOND, 2 * SECOND);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.title()).startsWith("Threads took up to 2.0 s to reach a safepoint");
        assertThat(f.recommendation()).contains("counted loop");
    }

    @Test
    void operationsAreNamedAsThePersonWhoCausedThemKnowsThem() {
        assertThat(SafepointPauseRule.isGc("G1CollectForAllocation")).isTrue();
        assertThat(SafepointPauseRule.isGc("ParallelGCFailedAllocation")).isTrue();
        assertThat(SafepointPauseRule.isGc("ZMarkStart")).isTrue();
        assertThat(SafepointPauseRule.isGc("HeapDumper")).isFalse();
        assertThat(SafepointPauseRule.isGc("GC_HeapInspection")).isFalse();
        assertThat(SafepointPauseRule.isGc("RevokeBias")).isFalse();
        assertThat(SafepointPauseRule.describe("RevokeBias")).startsWith("biased-lock revocation");
        assertThat(SafepointPauseRule.describe("Deoptimize")).startsWith("deoptimization");
        assertThat(SafepointPauseRule.describe("RedefineClasses")).startsWith("class redefinition");
        assertThat(SafepointPauseRule.describe("HeapDumper")).startsWith("a heap dump");
    }

    @Test
    void evidenceGivesTheExactStopsAndTheTitleAndFixNameTheLongestInTotalThenTheLongestStop() {
        SyntheticProfile p = new SyntheticProfile(100);
        for (int i = 0; i < 3; i++) {
            p.vmOperation(T0 + i * SECOND, 300 * MS, "ThreadDump", "monitor");
        }
        p.vmOperation(T0 + 5 * SECOND, 500 * MS, "Deoptimize", "main");
        p.vmOperation(T0 + 6 * SECOND, 2 * SECOND, "G1CollectForAllocation", "request-1");
        p.vmOperation(T0 + 9 * SECOND, 700 * MS, "PrintThreads", "JFR Periodic Tasks");
        p.safepointBegin(T0 + 10 * SECOND, 30 * MS);
        p.safepointBegin(T0 + 11 * SECOND, 50 * MS);
        Rule.Result r = evaluate(p);
        Finding f = r.findings().get(0);
        // (1400 ms of ThreadDump and Deoptimize + 80 ms to safepoint) of 100 s; GC's 2 s and the recorder's 700 ms not counted
        assertThat(f.evidence("stoppedSharePercent")).isEqualTo(1.48);
        assertThat(f.evidence("nonGcOperationMs")).isEqualTo(1400.0);
        assertThat(f.evidence("longestOperationMs")).isEqualTo(500.0);
        assertThat((String) f.evidence("longestOperation")).startsWith("Deoptimize — deoptimization (");
        assertThat(f.evidence("operations")).isEqualTo(4L);
        assertThat(f.evidence("timeToSafepointMs")).isEqualTo(80.0);
        assertThat(f.evidence("longestTimeToSafepointMs")).isEqualTo(50.0);
        assertThat(f.evidence("safepoints")).isEqualTo(2L);
        assertThat(f.evidence("timeToSafepoint")).isNull();
        assertThat(f.evidence("vmOperations")).isNull();
        // the 500 ms operation scores above the 1.5% share (stops: 4 operations + 2 safepoints, so uncapped, but info)
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        // title, subject and fix are about the operation that stopped the JVM longest in total (3 × 300 ms of thread
        // dumps, 61% of the 1,480 ms stopped); the 500 ms Deoptimize the warning comes from is named as another operation
        assertThat(f.title()).isEqualTo("The JVM stopped 1.5% of the time outside GC, mostly for thread dumps: 3× ThreadDump, "
                + "longest 300 ms; the longest single stop, 500 ms, was another operation: deoptimization (Deoptimize)");
        assertThat(f.subject()).isEqualTo("ThreadDump");
        assertThat(r.check().message()).isEqualTo(f.title());
        assertThat(f.recommendation()).startsWith("Something takes thread dumps often (ThreadDump)")
                .contains(" The longest single stop (500 ms) was Deoptimize: Compiled code is thrown away over and over (Deoptimize)");
        List<List<Object>> rows = f.tables().get(0).rows();
        assertThat(rows).extracting(row -> row.get(0))
                .containsExactly("G1CollectForAllocation", "ThreadDump", "PrintThreads (by JFR)", "Deoptimize");
        assertThat(rows.get(0)).containsExactly("G1CollectForAllocation", "GC (gc-pressure)", 1L, "2.0 s", "2.0 s", "request-1");
        assertThat(rows.get(1)).containsExactly("ThreadDump", SafepointPauseRule.describe("ThreadDump"), 3L, "900 ms", "300 ms",
                "monitor");
        assertThat(rows.get(2)).containsExactly("PrintThreads (by JFR)", "the flight recorder's own (not counted)", 1L, "700 ms",
                "700 ms", "JFR Periodic Tasks");
        assertThat(rows.get(3).get(1)).isEqualTo(SafepointPauseRule.describe("Deoptimize"));
    }

    @Test
    void tablesSortByTotalThenNameAndTheFirstOfEquallyLongOperationsIsTheLongest() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.vmOperation(T0, 200 * MS, "RevokeBias", "a");
        p.vmOperation(T0 + SECOND, 100 * MS, "ICBufferFull", "b");
        p.vmOperation(T0 + 2 * SECOND, 100 * MS, "ClearICs", "c");
        p.vmOperation(T0 + 3 * SECOND, 100 * MS, "Exit", "d");
        p.vmOperation(T0 + 4 * SECOND, 100 * MS, "Cleanup", "e");
        p.vmOperation(T0 + 5 * SECOND, 200 * MS, "Deoptimize", "f");
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.tables().get(0).rows()).extracting(row -> row.get(0))
                .containsExactly("Deoptimize", "RevokeBias", "Cleanup", "ClearICs", "Exit", "ICBufferFull");
        assertThat((String) f.evidence("longestOperation")).startsWith("RevokeBias — ");
        assertThat(f.evidence("longestOperationMs")).isEqualTo(200.0);
    }

    @Test
    void theOperationsTitleAndTheTimeToSafepointTitleGiveWayToTheShareWhenTheyScoreTheSame() {
        // one 2 s heap dump in 10 s: the share (20%, one stop, capped at warning) and the operation (capped) score the same
        SyntheticProfile p = new SyntheticProfile(10);
        p.vmOperation(T0, 2 * SECOND, "HeapDumper", "ops");
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.title()).isEqualTo("The JVM stopped 20.0% of the time outside GC, mostly for a heap dump: 1× HeapDumper, longest 2.0 s");
        assertThat(f.recommendation()).startsWith("A heap dump or histogram (HeapDumper) stops every thread");
        // a 2 s time to safepoint (capped) beside a 2 s heap dump (capped) over 4% of 100 s: the operation is named
        SyntheticProfile both = new SyntheticProfile(100);
        both.vmOperation(T0, 2 * SECOND, "HeapDumper", "ops");
        both.safepointBegin(T0 + 5 * SECOND, 2 * SECOND);
        Finding g = evaluate(both).findings().get(0);
        assertThat(g.title()).isEqualTo("A heap dump (HeapDumper) stopped every thread for 2.0 s at once; outside GC the JVM stopped 4.0% of the time");
        assertThat(g.subject()).isEqualTo("HeapDumper");
    }

    @Test
    void fiveStopsMayBeCriticalFourMayNotEvenBesideGcOperations() {
        SyntheticProfile five = new SyntheticProfile(10);
        for (int i = 0; i < 5; i++) {
            five.vmOperation(T0 + i * SECOND, 250 * MS, "RedefineClasses", "agent");
        }
        Finding f = evaluate(five).findings().get(0);
        assertThat(f.evidence("stoppedSharePercent")).isEqualTo(12.5);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        // four operations, 12% of 10 s: capped at warning; three longer GC operations neither count as stops nor lead the title
        SyntheticProfile four = new SyntheticProfile(10);
        for (int i = 0; i < 4; i++) {
            four.vmOperation(T0 + i * SECOND, 300 * MS, "RedefineClasses", "agent");
            four.vmOperation(T0 + i * SECOND + 500 * MS, i < 3 ? SECOND : 0, "G1CollectForAllocation", "request-1");
        }
        Finding g = evaluate(four).findings().get(0);
        assertThat(g.evidence("stoppedSharePercent")).isEqualTo(12.0);
        assertThat(g.evidence("operations")).isEqualTo(4L);
        assertThat(g.severity()).isEqualTo(Severity.WARNING);
        assertThat(g.title()).isEqualTo("The JVM stopped 12.0% of the time outside GC, mostly for class redefinition: "
                + "4× RedefineClasses, longest 300 ms");
        assertThat(g.recommendation()).startsWith("Classes are redefined at run time (RedefineClasses)");
        // three operations and two safepoints are five stops
        SyntheticProfile withSafepoints = new SyntheticProfile(10);
        for (int i = 0; i < 3; i++) {
            withSafepoints.vmOperation(T0 + i * SECOND, 400 * MS, "RedefineClasses", "agent");
        }
        withSafepoints.safepointBegin(T0 + 5 * SECOND, 10 * MS);
        withSafepoints.safepointBegin(T0 + 6 * SECOND, 10 * MS);
        Finding h = evaluate(withSafepoints).findings().get(0);
        assertThat(h.evidence("stoppedSharePercent")).isEqualTo(12.2);
        assertThat(h.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(h.title()).isEqualTo("The JVM stopped 12.2% of the time outside GC, mostly for class redefinition: "
                + "3× RedefineClasses, longest 400 ms");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FindDeadlocks|deadlock detection|Something takes thread dumps often (FindDeadlocks)",
            "Deoptimize|deoptimization|Compiled code is thrown away over and over (Deoptimize)",
            "RevokeBias|biased-lock revocation|Biased-lock revocations (RevokeBias) stop every thread",
            "HeapDumper|a heap dump|A heap dump or histogram (HeapDumper)",
            "GC_HeapInspection|a heap inspection|A heap dump or histogram (GC_HeapInspection)",
            "RedefineClasses|class redefinition|Classes are redefined at run time (RedefineClasses)",
            "ClearICs|inline-cache cleanup|The VM operation ClearICs stops every thread",
            "SomethingNew|VM operation SomethingNew|The VM operation SomethingNew stops every thread"})
    void eachKindOfOperationGetsItsOwnTitleAndAdvice(String operation, String shortDescription, String advice) {
        SyntheticProfile p = new SyntheticProfile(10);
        for (int i = 0; i < 100; i++) {
            p.vmOperation(T0 + i * 100 * MS, 15 * MS, operation, "someone");
        }
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.title()).isEqualTo("The JVM stopped 15.0% of the time outside GC, mostly for " + shortDescription + ": 100× "
                + operation + ", longest 15 ms");
        assertThat(f.recommendation()).startsWith(advice);
    }

    @Test
    void theLongestOperationLeadsTheTitleAloneWhenItIsAlsoTheLongestInTotal() {
        // one 500 ms Deoptimize (the longest in total too) and 2 × 100 ms of thread dumps in 100 s
        SyntheticProfile p = new SyntheticProfile(100);
        p.vmOperation(T0, 500 * MS, "Deoptimize", "main");
        p.vmOperation(T0 + SECOND, 100 * MS, "ThreadDump", "monitor");
        p.vmOperation(T0 + 2 * SECOND, 100 * MS, "ThreadDump", "monitor");
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.title()).isEqualTo("Deoptimization (Deoptimize) stopped every thread for 500 ms at once; "
                + "outside GC the JVM stopped 0.7% of the time");
        assertThat(f.subject()).isEqualTo("Deoptimize");
        assertThat(f.recommendation()).startsWith("Compiled code is thrown away over and over (Deoptimize)")
                .doesNotContain("longest single stop");
    }

    @Test
    void mostlyOnlyWhenTheOperationIsMoreThanHalfOfTheTimeStopped() {
        // 60 × 20 ms of thread dumps (1.2 s) beside 1.2 s to reach safepoints: exactly half is not "mostly"
        SyntheticProfile half = new SyntheticProfile(10).enabled("jdk.SafepointBegin");
        for (int i = 0; i < 60; i++) {
            half.vmOperation(T0 + i * 100 * MS, 20 * MS, "ThreadDump", "monitor");
            half.safepointBegin(T0 + i * 100 * MS + 50 * MS, 20 * MS);
        }
        Finding f = evaluate(half).findings().get(0);
        assertThat(f.title()).isEqualTo("The JVM stopped 24.0% of the time outside GC, the largest part for thread dumps: "
                + "60× ThreadDump, longest 20 ms");
        // one more dump makes it more than half
        half.vmOperation(T0 + 9_900 * MS, 20 * MS, "ThreadDump", "monitor");
        assertThat(evaluate(half).findings().get(0).title()).startsWith("The JVM stopped 24.2% of the time outside GC, "
                + "mostly for thread dumps: 61× ThreadDump");
    }

    @Test
    void countsInTheTitleAreGrouped() {
        SyntheticProfile p = new SyntheticProfile(100);
        for (int i = 0; i < 1200; i++) {
            p.vmOperation(T0 + i * 50 * MS, 15 * MS, "ThreadDump", "monitor");
        }
        assertThat(evaluate(p).findings().get(0).title()).contains(": 1,200× ThreadDump, longest 15 ms");
    }

    @Test
    void theShortDescriptionStopsBeforeTheParenthesis() {
        assertThat(SafepointPauseRule.shortDescription("ThreadDump")).isEqualTo("thread dumps");
        assertThat(SafepointPauseRule.shortDescription("ClearICs")).isEqualTo("inline-cache cleanup");
        assertThat(SafepointPauseRule.describe("SomethingNew")).isEqualTo("VM operation SomethingNew");
        assertThat(SafepointPauseRule.describe("G1CollectForAllocation")).isEqualTo("garbage collection");
    }

    @Test
    void whatWasNotRecordedIsSaidInTheCheckAndTheEvidence() {
        SyntheticProfile opsOnly = new SyntheticProfile(10);
        opsOnly.vmOperation(T0, 40 * MS, "RedefineClasses", "agent");
        assertThat(evaluate(opsOnly).check().message()).isEqualTo("stopped 0.40% of the time outside GC (40 ms in non-GC "
                + "operations, 0.0 ms to reach safepoints); time to safepoint not recorded (enable jdk.SafepointBegin)");
        SyntheticProfile beginsOnly = new SyntheticProfile(10);
        beginsOnly.safepointBegin(T0, 5 * MS);
        assertThat(evaluate(beginsOnly).check().message()).isEqualTo("stopped 0.05% of the time outside GC (0.0 ms in non-GC "
                + "operations, 5.0 ms to reach safepoints); VM operations not recorded (enable jdk.ExecuteVMOperation)");

        SyntheticProfile longOp = new SyntheticProfile(10);
        longOp.vmOperation(T0, 600 * MS, "RedefineClasses", "agent");
        Finding f = evaluate(longOp).findings().get(0);
        assertThat(f.evidence("timeToSafepoint")).isEqualTo("not recorded: enable jdk.SafepointBegin");
        assertThat(f.evidence("timeToSafepointMs")).isNull();
        assertThat(f.evidence("vmOperations")).isNull();
        SyntheticProfile longBegin = new SyntheticProfile(100);
        longBegin.safepointBegin(T0, 300 * MS);
        Finding g = evaluate(longBegin).findings().get(0);
        assertThat(g.evidence("vmOperations")).isEqualTo("not recorded: enable jdk.ExecuteVMOperation");
        assertThat(g.evidence("timeToSafepointMs")).isEqualTo(300.0);
        assertThat(g.title()).isEqualTo("Threads took up to 300 ms to reach a safepoint (300 ms over 1 safepoint): every other "
                + "thread waited stopped");
        assertThat(g.subject()).isEqualTo("time-to-safepoint");
    }
}
