package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

class ThreadPileupRuleTest {
    private static final String CHM = "java.util.concurrent.ConcurrentHashMap$ReservationNode";

    /** {@code threads} threads blocked together for {@code overlapMs} in computeIfAbsent, all starting at T0+1s. */
    private static Rule.Result pileup(int threads, long overlapMs) {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack("java.util.concurrent.ConcurrentHashMap.computeIfAbsent", "com.acme.PriceCache.get",
                "com.acme.Handler.handle", "java.lang.Thread.run");
        for (int t = 0; t < threads; t++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + 1000 * MS + t * MS, overlapMs * MS + (threads - t) * MS,
                    "request-" + t, CHM, s);
        }
        return new ThreadPileupRule().evaluate(p.build());
    }

    @Test
    void belowInfoLimitNoPileup() {
        assertThat(pileup(2, 500).findings()).isEmpty();
    }

    @Test
    void shortCoincidenceIsNotAPileup() {
        // 12 threads together, but only for 60 ms (< 100 ms minimum)
        assertThat(pileup(12, 60).findings()).isEmpty();
    }

    @Test
    void twelveThreadsForTwoSecondsOfTenIsCriticalInsideComputeIfAbsent() {
        Rule.Result result = pileup(12, 2000);
        assertThat(result.findings()).hasSize(1);
        Finding f = result.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence("sustainedThreads")).isEqualTo(12L);
        assertThat(f.evidence("peakThreads")).isEqualTo(12L);
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.PriceCache.get");
        assertThat(f.recommendation()).contains("computeIfAbsent");
        assertThat(f.tables().get(0).rows()).hasSize(12);
    }

    @Test
    void aBurstIsAtMostAWarningHoweverManyThreadsItHeld() {
        // 12 threads together for 0.9 s of a 10 s recording: 9% of it, just below the 10% critical share
        Finding burst = pileup(12, 900).findings().get(0);
        assertThat(burst.severity()).isEqualTo(Severity.WARNING);
        assertThat((double) burst.evidence("pileupSharePercent")).isBetween(9.0, 10.0);
        // the same threads for 1.0 s: 10%, critical
        assertThat(pileup(12, 1000).findings().get(0).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void fourThreadsIsInfoFiveIsWarning() {
        assertThat(pileup(4, 500).findings()).singleElement().extracting(Finding::severity).isEqualTo(Severity.INFO);
        assertThat(pileup(5, 500).findings()).singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void sequentialWaitsDoNotPileUp() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack("java.lang.Object.wait", "com.acme.Pool.borrow", "com.acme.Handler.handle");
        for (int t = 0; t < 50; t++) { // back to back, never overlapping
            p.contention(ContentionKind.MONITOR_ENTER, T0 + t * 100 * MS, 100 * MS, "request-" + t, "com.acme.Pool", s);
        }
        assertThat(new ThreadPileupRule().evaluate(p.build()).findings()).isEmpty();
    }
}
