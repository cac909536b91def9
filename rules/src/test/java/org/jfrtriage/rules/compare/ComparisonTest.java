package org.jfrtriage.rules.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.Triage;

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
}
