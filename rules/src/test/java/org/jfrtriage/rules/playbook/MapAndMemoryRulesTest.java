package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

class MapAndMemoryRulesTest {

    private static Rule.Result resizeShare(int resizeSamples, int otherSamples) {
        SyntheticProfile p = new SyntheticProfile(10);
        int resize = p.stack("java.util.HashMap.resize", "java.util.HashMap.putVal", "java.util.HashMap.put",
                "com.acme.OrderIndex.build", "com.acme.Handler.handle");
        int other = p.stack("com.acme.Pricing.compute", "com.acme.Handler.handle");
        p.cpu(T0, "request-1", resize, resizeSamples).cpu(T0, "request-2", other, otherSamples);
        return new MapResizeChurnRule().evaluate(p.build());
    }

    @Test
    void resizeBelowOnePercentIsNotReported() {
        assertThat(resizeShare(9, 991).findings()).isEmpty();
    }

    @Test
    void resizeAtTwelvePercentIsCriticalAtTheFillingSite() {
        Rule.Result result = resizeShare(120, 880);
        Finding f = result.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.OrderIndex.build");
        assertThat(f.subject()).isEqualTo("java.util.HashMap");
        assertThat((Double) f.evidence("cpuSharePercent")).isEqualTo(12.0);
    }

    @Test
    void presizingAdviceComesFromTheLargestTableSeen() {
        SyntheticProfile p = new SyntheticProfile(10);
        int resize = p.stack("java.util.HashMap.resize", "java.util.HashMap.putVal", "com.acme.OrderIndex.build");
        int other = p.stack("com.acme.Pricing.compute");
        // a 262,144-bucket table: 16 header bytes + 4 bytes per reference
        p.allocation(T0, "request-1", "java.util.HashMap$Node[]", 50L << 20, 16 + 4L * 262_144, resize);
        p.allocation(T0, "request-1", "byte[]", 50L << 20, 1024, other);
        Finding f = new MapResizeChurnRule().evaluate(p.build()).findings().get(0);
        assertThat(f.evidence("largestTableBuckets")).isEqualTo(262_144L);
        assertThat(f.recommendation()).contains("262,144").contains("196,608");
    }

    @Test
    void gcPauseShareJustBelowAndAboveLimits() {
        SyntheticProfile below = new SyntheticProfile(100);
        for (int i = 0; i < 19; i++) {
            below.gc(T0 + i * 1000 * MS, 10 * MS, "G1 Evacuation Pause"); // 190 ms of 100 s = 1.9%
        }
        assertThat(new GcPressureRule().evaluate(below.build()).findings()).isEmpty();
        SyntheticProfile above = new SyntheticProfile(100);
        for (int i = 0; i < 160; i++) {
            above.gc(T0 + i * 500 * MS, 100 * MS, "G1 Humongous Allocation"); // 16 s of 100 s = 16%
        }
        Finding f = new GcPressureRule().evaluate(above.build()).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.recommendation()).contains("Humongous");
    }

    @Test
    void allocationAloneIsAtMostAWarning() {
        SyntheticProfile p = new SyntheticProfile(1);
        int s = p.stack("com.acme.Report.render");
        p.allocation(T0, "request-1", "byte[]", 10L << 30, -1, s); // 10 GB in 1 s
        Finding f = new AllocationPressureRule().evaluate(p.build()).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.Report.render");
    }

    @Test
    void coincidentTreeBinWritesFromTwoThreadsAreFlagged() {
        SyntheticProfile p = new SyntheticProfile(10);
        int tree = p.stack("java.util.HashMap$TreeNode.putTreeVal", "java.util.HashMap.putVal", "java.util.HashMap.put",
                "com.acme.SessionTable.touch");
        for (int i = 0; i < 6; i++) {
            p.cpu(T0 + i * 20 * MS, "writer-1", tree, 1).cpu(T0 + i * 20 * MS + 100_000, "writer-2", tree, 1);
        }
        Finding f = new UnsynchronizedMapWriteRule().evaluate(p.build()).findings().get(0);
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.SessionTable.touch");
        assertThat(f.evidence("coincidentTreePairs")).isEqualTo(6L);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void perThreadPlainMapWritesStayInfoAtMost() {
        SyntheticProfile p = new SyntheticProfile(10);
        int plain = p.stack("java.util.HashMap.putVal", "java.util.HashMap.put", "com.acme.Report.collect");
        for (int i = 0; i < 5000; i++) {
            p.cpu(T0 + i * 2 * MS, "w-1", plain, 1).cpu(T0 + i * 2 * MS + 1000, "w-2", plain, 1);
        }
        assertThat(new UnsynchronizedMapWriteRule().evaluate(p.build()).findings())
                .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
    }
}
