package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

class MapResizeChurnRuleTest {
    private static final String[] VIA_HANDLER = {"java.util.HashMap.resize", "java.util.HashMap.putVal", "java.util.HashMap.put",
            "com.acme.OrderIndex.build", "com.acme.Handler.handle"};
    private static final String[] VIA_BATCH = {"java.util.HashMap.resize", "java.util.HashMap.putVal", "java.util.HashMap.put",
            "com.acme.OrderIndex.build", "com.acme.Batch.run"};
    private static final String[] OTHER = {"com.acme.Pricing.compute", "com.acme.Handler.handle"};

    private static Rule.Result evaluate(SyntheticProfile p) {
        return new MapResizeChurnRule().evaluate(p.build());
    }

    @Test
    void tenSamplesAtASiteAreEvidenceNineAreNoise() {
        for (int n : new int[] {10, 9}) {
            SyntheticProfile p = new SyntheticProfile(10);
            p.cpu(T0, "request-1", p.stack(VIA_HANDLER), n).cpu(T0, "request-2", p.stack(OTHER), 9 * n); // 10% either way
            Rule.Result result = evaluate(p);
            if (n == 10) {
                Finding f = result.findings().get(0);
                assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(f.evidence("cpuSamples")).isEqualTo(10L);
                assertThat(f.evidence("cpuSharePercent")).isEqualTo(10.0);
                assertThat(result.check().message()).isEqualTo("1 site with map resize churn");
            } else {
                assertThat(result.findings()).isEmpty();
                assertThat(result.check().status()).isEqualTo(Check.Status.OK);
                assertThat(result.check().message()).isEqualTo("no site spends notable CPU or memory growing hash maps");
            }
        }
    }

    @Test
    void theExampleStackHasTheMostSamplesTheFirstOnATie() {
        SyntheticProfile p = new SyntheticProfile(10);
        int handler = p.stack(VIA_HANDLER);
        int batch = p.stack(VIA_BATCH);
        p.cpu(T0, "request-1", handler, 20).cpu(T0, "request-2", batch, 80).cpu(T0, "request-3", p.stack(OTHER), 900);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.stackId()).isEqualTo(batch);
        assertThat(f.evidence("cpuSamples")).isEqualTo(100L);
        SyntheticProfile tie = new SyntheticProfile(10);
        int first = tie.stack(VIA_HANDLER);
        tie.cpu(T0, "request-1", first, 50).cpu(T0, "request-2", tie.stack(VIA_BATCH), 50).cpu(T0, "request-3", tie.stack(OTHER), 900);
        assertThat(evaluate(tie).findings().get(0).stackId()).isEqualTo(first);
    }

    @Test
    void cpuAndAllocationEvidenceAndTheTableSizeFromArraysOnly() {
        SyntheticProfile p = new SyntheticProfile(10);
        int resize = p.stack(VIA_HANDLER);
        int other = p.stack(OTHER);
        p.cpu(T0, "request-1", resize, 100).cpu(T0, "request-2", other, 900);
        p.allocation(T0, "request-1", "java.util.HashMap$Node[]", 30L << 20, 16 + 4 * 1024, resize);
        p.allocation(T0, "request-1", "java.util.HashMap$Node", 10L << 20, 1 << 20, resize); // not a table
        p.allocation(T0, "request-1", "byte[]", 60L << 20, 4096, other);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.evidence("cpuSamples")).isEqualTo(100L);
        assertThat(f.evidence("cpuSharePercent")).isEqualTo(10.0);
        assertThat(f.evidence("allocatedBytes")).isEqualTo(40L << 20);
        assertThat(f.evidence("allocationSharePercent")).isEqualTo(40.0);
        assertThat(f.evidence("largestTableBuckets")).isEqualTo(1024L);
        // CPU share 10% is exactly a quarter of the allocation share 40%: the title speaks of CPU
        assertThat(f.title()).isEqualTo("HashMap resizing takes 10% of CPU at OrderIndex.build");
        assertThat(f.recommendation()).contains("had 1,024 buckets, so the map grew to up to 768 entries")
                .contains("new HashMap<>(1,024)").contains("HashMap.newHashMap(768)");
        assertThat(f.thresholds()).extracting(j -> j.score()).containsExactly(f.score(), 0); // allocation judged only without CPU
    }

    @Test
    void withoutCpuSamplesAllocationJudgesAndTheFirstRowIsTheExample() {
        SyntheticProfile p = new SyntheticProfile(10);
        int handler = p.stack(VIA_HANDLER);
        int batch = p.stack(VIA_BATCH);
        p.allocation(T0, "request-1", "java.util.HashMap$Node[]", 50L << 20, -1, handler);
        p.allocation(T0, "request-1", "java.util.HashMap$Node[]", 10L << 20, -1, batch);
        p.allocation(T0, "request-1", "byte[]", 40L << 20, -1, p.stack(OTHER));
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.stackId()).isEqualTo(handler);
        assertThat(f.evidence("allocationSharePercent")).isEqualTo(60.0);
        assertThat(f.evidence("largestTableBuckets")).isNull();
        assertThat(f.title()).isEqualTo("HashMap resizing allocates 60% of all memory at OrderIndex.build");
        assertThat(f.recommendation()).contains("Create it with the expected number of entries up front (HashMap.newHashMap(n)");
    }

    @Test
    void aTableSizeNeedsMoreThanAnArrayHeader() {
        for (long tableBytes : new long[] {16, 17}) {
            SyntheticProfile p = new SyntheticProfile(10);
            p.allocation(T0, "request-1", "java.util.HashMap$Node[]", 50L << 20, tableBytes, p.stack(VIA_HANDLER));
            p.allocation(T0, "request-1", "byte[]", 50L << 20, 1024, p.stack(OTHER));
            Finding f = evaluate(p).findings().get(0);
            assertThat(f.evidence("largestTableBuckets")).isEqualTo(tableBytes == 16 ? null : 0L);
            assertThat(f.recommendation()).contains("Create it with the expected number of entries up front");
        }
    }

    @Test
    void sitesAreRankedAndNamedByTheirMap() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.cpu(T0, "request-1", p.stack(VIA_HANDLER), 20); // 2%: info
        p.cpu(T0, "request-2", p.stack("java.util.concurrent.ConcurrentHashMap.transfer", "java.util.concurrent.ConcurrentHashMap.putVal",
                "com.acme.Catalog.load"), 150); // 15%: critical
        p.cpu(T0, "request-3", p.stack(OTHER), 830);
        Rule.Result result = evaluate(p);
        assertThat(result.findings()).extracting(Finding::subject).containsExactly("java.util.concurrent.ConcurrentHashMap", "java.util.HashMap");
        assertThat(result.findings().get(0).title()).isEqualTo("ConcurrentHashMap resizing takes 15% of CPU at Catalog.load");
        assertThat(result.findings()).extracting(Finding::severity).containsExactly(Severity.CRITICAL, Severity.INFO);
        assertThat(result.check().message()).isEqualTo("2 sites with map resize churn");
    }

    @Test
    void withoutSamplesTheRuleSaysWhatToEnable() {
        SyntheticProfile p = new SyntheticProfile(10).enabled("jdk.ExecutionSample");
        Rule.Result result = evaluate(p);
        assertThat(result.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(result.check().message()).contains("jdk.ObjectAllocationSample");
    }
}
