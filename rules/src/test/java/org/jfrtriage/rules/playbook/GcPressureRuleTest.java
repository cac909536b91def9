package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.SiteRef;

class GcPressureRuleTest {

    private static Rule.Result evaluate(SyntheticProfile p) {
        return new GcPressureRule().evaluate(p.build());
    }

    @Test
    void evidenceCausesAndTheTopAllocationSites() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.gc(T0 + SECOND, 400 * MS, "G1New", "G1 Evacuation Pause");
        p.gc(T0 + 3 * SECOND, 600 * MS, "G1Old", "G1 Compaction Pause");
        p.gc(T0 + 5 * SECOND, 200 * MS, "G1New", "G1 Evacuation Pause");
        int render = p.stack("com.acme.Report.render", "com.acme.Handler.handle");
        p.allocation(T0, "request-1", "byte[]", 10L << 20, -1, p.stack("com.acme.Cache.fill"));
        p.allocation(T0, "request-1", "byte[]", 30L << 20, -1, render);
        p.allocation(T0, "request-1", "byte[]", 5L << 20, -1, p.stack("com.acme.Pricing.compute"));
        p.allocation(T0, "request-1", "byte[]", 1L << 20, -1, p.stack("com.acme.Audit.log"));
        Rule.Result result = evaluate(p);
        Finding f = result.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence("gcCount")).isEqualTo(3L);
        assertThat(f.evidence("pauseTotalMs")).isEqualTo(1200.0);
        assertThat(f.evidence("pauseMaxMs")).isEqualTo(600.0);
        assertThat(f.evidence("pauseSharePercent")).isEqualTo(12.0);
        assertThat(f.evidence("longestPauseCause")).isEqualTo("G1Old / G1 Compaction Pause");
        assertThat(f.evidence("allocationRateMBps")).isEqualTo(4.6);
        assertThat(f.subject()).isEqualTo("G1Old");
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.Report.render");
        assertThat(f.stackId()).isEqualTo(render);
        assertThat(f.stack()).extracting(SiteRef::qualifiedMethod).containsExactly("com.acme.Report.render", "com.acme.Handler.handle");
        assertThat(f.id()).isEqualTo("gc-pressure|com.acme.Report.render|G1Old");
        assertThat(f.title()).isEqualTo("GC paused the JVM 1.2 s (12.0% of wall time, longest 600 ms); top allocator Report.render");
        assertThat(result.check().message()).isEqualTo(f.title());
        assertThat(f.tables()).hasSize(2);
        assertThat(f.tables().get(0).rows()).containsExactly(List.of("G1New / G1 Evacuation Pause", 2L, "600 ms"),
                List.of("G1Old / G1 Compaction Pause", 1L, "600 ms"));
        assertThat(f.tables().get(1).rows()).containsExactly(List.of("com.acme.Report.render", "30.0 MB", "65%"),
                List.of("com.acme.Cache.fill", "10.0 MB", "22%"), List.of("com.acme.Pricing.compute", "5.0 MB", "11%"));
        assertThat(f.recommendation()).startsWith("The old generation fills up").contains("If the code at Report.render rebuilds");
    }

    @Test
    void theLongestPauseNamesTheCauseTheFirstOnATie() {
        SyntheticProfile later = new SyntheticProfile(10);
        later.gc(T0, 100 * MS, "G1New", "G1 Evacuation Pause").gc(T0 + SECOND, 700 * MS, "G1New", "G1 Humongous Allocation")
                .gc(T0 + 2 * SECOND, 200 * MS, "G1New", "G1 Evacuation Pause");
        assertThat(evaluate(later).findings().get(0).evidence("longestPauseCause")).isEqualTo("G1New / G1 Humongous Allocation");
        SyntheticProfile tie = new SyntheticProfile(10);
        tie.gc(T0, 500 * MS, "G1New", "G1 Evacuation Pause").gc(T0 + SECOND, 500 * MS, "G1New", "G1 Humongous Allocation");
        Finding f = evaluate(tie).findings().get(0);
        assertThat(f.evidence("longestPauseCause")).isEqualTo("G1New / G1 Evacuation Pause");
        assertThat(f.recommendation()).startsWith("Frequent young collections");
    }

    private static String advice(String collector, String cause) {
        SyntheticProfile p = new SyntheticProfile(10);
        p.gc(T0, 400 * MS, collector, cause);
        return evaluate(p).findings().get(0).recommendation();
    }

    @Test
    void adviceFollowsTheCauseOfTheLongestPause() {
        assertThat(advice("G1New", "G1 Humongous Allocation")).startsWith("Humongous allocations")
                .contains("at the top allocation sites, or raise -XX:G1HeapRegionSize");
        for (String[] oldGen : new String[][] {{"G1Full", "Allocation Failure"}, {"G1Old", "G1 Evacuation Pause"},
                {"G1New", "Concurrent Mark Abort"}, {"SerialOld", "Allocation Failure"}, {"PSMarkSweep", "Ergonomics"}}) {
            assertThat(advice(oldGen[0], oldGen[1])).as(String.join(" / ", oldGen))
                    .startsWith("The old generation fills up: the live set is close to the heap size. If the code at the top allocation sites rebuilds");
        }
        // a young collector's allocation failure is the allocation rate, not the old generation
        for (String[] young : new String[][] {{"G1New", "G1 Preventive Collection"}, {"DefNew", "Allocation Failure"},
                {"ParNew", "Allocation Failure"}}) {
            assertThat(advice(young[0], young[1])).as(String.join(" / ", young))
                    .startsWith("Frequent young collections follow the allocation rate: reduce allocation at the top allocation sites");
        }
        assertThat(advice("G1New", "Metadata GC Threshold")).startsWith("Metaspace fills up");
    }

    @Test
    void withoutAllocationsTheFindingHasNoSite() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.gc(T0, 400 * MS, "G1New", "G1 Evacuation Pause");
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.title()).isEqualTo("GC paused the JVM 400 ms (4.0% of wall time, longest 400 ms)");
        assertThat(f.site()).isEqualTo(SiteRef.UNKNOWN);
        assertThat(f.id()).isEqualTo("gc-pressure|(unknown)|G1New");
        assertThat(f.tables()).hasSize(1);
        assertThat(f.evidence("allocationRateMBps")).isNull();
        assertThat(f.stack()).isEmpty();
    }

    @Test
    void theOkCheckSaysWhatWasSeenAndAMissingEventIsNamed() {
        SyntheticProfile p = new SyntheticProfile(100);
        for (int i = 0; i < 3; i++) {
            p.gc(T0 + i * SECOND, 10 * MS, "G1New", "G1 Evacuation Pause");
        }
        Rule.Result ok = evaluate(p);
        assertThat(ok.findings()).isEmpty();
        assertThat(ok.check().status()).isEqualTo(Check.Status.OK);
        assertThat(ok.check().message()).isEqualTo("3 GC pauses, 30 ms in total (0.0% of wall time), longest 10 ms");
        Rule.Result missing = evaluate(new SyntheticProfile(10));
        assertThat(missing.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(missing.check().message()).contains("enable jdk.GarbageCollection");
    }
}
