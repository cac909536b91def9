package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import org.junit.jupiter.api.Test;

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
}
