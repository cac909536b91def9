package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

class AllocationPressureRuleTest {
    private static final long MB = 1L << 20;

    private static Rule.Result evaluate(SyntheticProfile p) {
        return new AllocationPressureRule().evaluate(p.build());
    }

    @Test
    void sitesRankByBytesWithTheirClasses() {
        SyntheticProfile p = new SyntheticProfile(1);
        int fill = p.stack("com.acme.Cache.fill");
        int render = p.stack("com.acme.Report.render", "com.acme.Handler.handle");
        p.allocation(T0, "request-1", "byte[]", 150 * MB, -1, fill);
        p.allocation(T0, "request-1", "char[]", 200 * MB, -1, render);
        p.allocation(T0, "request-1", "byte[]", 400 * MB, -1, render);
        p.allocation(T0, "request-1", "byte[]", 50 * MB, -1, p.stack("com.acme.Audit.log")); // below the info limit
        Rule.Result result = evaluate(p);
        assertThat(result.findings()).extracting(f -> f.site().method()).containsExactly("render", "fill");
        assertThat(result.findings()).extracting(Finding::severity).containsExactly(Severity.WARNING, Severity.INFO);
        assertThat(result.check().message()).isEqualTo("2 allocation hot spots");
        Finding f = result.findings().get(0);
        assertThat(f.title()).isEqualTo("Report.render allocates 600 MB/s (75% of all allocation), mostly byte[]");
        assertThat(f.evidence("allocatedBytes")).isEqualTo(600 * MB);
        assertThat(f.evidence("rateMBps")).isEqualTo(600.0);
        assertThat(f.evidence("sharePercent")).isEqualTo(75.0);
        assertThat(f.evidence("topClass")).isEqualTo("byte[]");
        assertThat(f.subject()).isEqualTo("byte[]");
        assertThat(f.tables()).singleElement().satisfies(t -> {
            assertThat(t.title()).isEqualTo("Classes allocated at Report.render");
            assertThat(t.rows()).containsExactly(List.of("byte[]", "400.0 MB", "67%"), List.of("char[]", "200.0 MB", "33%"));
        });
        assertThat(f.recommendation()).startsWith("Reduce allocation at Report.render:");
        assertThat(f.thresholds()).singleElement().satisfies(j -> assertThat(j.measure()).isEqualTo(600.0));
    }

    @Test
    void theExampleStackIsTheHeaviestRowTheFirstOnATie() {
        for (long second : new long[] {300, 200}) {
            SyntheticProfile p = new SyntheticProfile(1);
            int viaHandler = p.stack("com.acme.Report.render", "com.acme.Handler.handle");
            int viaBatch = p.stack("com.acme.Report.render", "com.acme.Batch.run");
            p.allocation(T0, "request-1", "byte[]", 200 * MB, -1, viaHandler);
            p.allocation(T0, "request-1", "byte[]", second * MB, -1, viaBatch);
            Finding f = evaluate(p).findings().get(0);
            assertThat(f.stackId()).isEqualTo(second > 200 ? viaBatch : viaHandler);
        }
    }

    @Test
    void theOkCheckGivesTheTotalRate() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.allocation(T0, "request-1", "byte[]", 500 * MB, -1, p.stack("com.acme.Report.render"));
        Rule.Result result = evaluate(p);
        assertThat(result.findings()).isEmpty();
        assertThat(result.check().status()).isEqualTo(Check.Status.OK);
        assertThat(result.check().message()).isEqualTo("total allocation 50.0 MB/s; no site above 100 MB/s");
        Rule.Result missing = evaluate(new SyntheticProfile(10));
        assertThat(missing.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(missing.check().message()).contains("jdk.ObjectAllocationSample");
    }
}
