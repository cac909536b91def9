package org.jfrtriage.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.AllocationSample;
import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.ExecutionSample;
import org.jfrtriage.analyzer.event.SampleKind;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.ProfileBuilder;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.FrameType;
import org.jfrtriage.analyzer.table.ThreadTable;

/**
 * The differential graphs written from each side's {@link PackedTree} are the JSON the per-node HashMap trees
 * ({@link FlameGraphs.Node}) gave, byte for byte: the same nodes, and children of equal width in the same order (the
 * order of a HashMap filled in build order, which the packed tree rebuilds per node it writes).
 */
class DiffTreesTest {

    @Test
    void packedTreesWriteTheSameGraphsAsNodeTrees() throws IOException {
        for (long seed = 1; seed <= 6; seed++) {
            Profile before = profile(seed, "before.jfr");
            Profile after = profile(seed * 31, "after.jfr");
            String packed = json(g -> FlameGraphs.writeDiff(FlameGraphs.diffTrees(before), FlameGraphs.diffTrees(after), g));
            String nodes = json(g -> NodeDiff.write(before, after, g));
            assertThat(packed).as("seed %d", seed).contains("\"c\"").contains("\"id\":\"alloc\"").isEqualTo(nodes);
        }
    }

    @Test
    void aSideWithoutDataIsWrittenAsAllBeforeOrAllAfter() throws IOException {
        Profile some = profile(7, "some.jfr");
        Profile none = new ProfileBuilder("none.jfr").build();
        assertThat(json(g -> FlameGraphs.writeDiff(FlameGraphs.diffTrees(some), FlameGraphs.diffTrees(none), g)))
                .isEqualTo(json(g -> NodeDiff.write(some, none, g))).contains("\"a\":0.0");
        assertThat(json(g -> FlameGraphs.writeDiff(FlameGraphs.diffTrees(none), FlameGraphs.diffTrees(some), g)))
                .isEqualTo(json(g -> NodeDiff.write(none, some, g))).contains("\"b\":0.0");
    }

    @Test
    void aPackedTreeIsCutToTheNodesBuiltAndKeepsTheRootsTotal() {
        Profile p = profile(3, "p.jfr");
        FlameGraphs.Node nodes = FlameGraphs.contention(p, WaitCategory.LOCK, FlameGraphs.STABLE, FlameGraphs.DIFF_SHARE);
        PackedTree packed = packedLock(p);
        assertThat(packed.size()).isEqualTo(count(nodes));
        assertThat(packed.value(0)).isEqualTo(nodes.value);
        assertThat(packed.name(0)).isEqualTo("all");
        assertThat(packed.kind(0)).isEqualTo("root");
    }

    private static PackedTree packedLock(Profile p) {
        FlameGraphs.TreeBuilder tree = new FlameGraphs.TreeBuilder(p.stacks(), FlameGraphs.STABLE);
        for (var c : p.contention()) {
            if (c.category() == WaitCategory.LOCK) {
                tree.add(c.stack(), c.totalNanos() / 1e6, null);
            }
        }
        return tree.buildPacked(FlameGraphs.DIFF_SHARE);
    }

    private static int count(FlameGraphs.Node n) {
        int c = 1;
        if (n.children != null) {
            for (FlameGraphs.Node child : n.children.values()) {
                c += count(child);
            }
        }
        return c;
    }

    /**
     * Stacks four frames deep over wide levels (up to 70 siblings, so the per-node maps resize and share buckets),
     * with weights from a handful of values so many siblings tie on width.
     */
    static Profile profile(long seed, String name) {
        Random random = new Random(seed);
        ProfileBuilder b = new ProfileBuilder(name);
        long t0 = 1_700_000_000_000_000_000L;
        b.onChunk(t0, t0 + 10_000_000_000L);
        int thread = b.threads().threadId(7, "worker");
        String[] classes = {"com.acme.Orders", "com.acme.Prices", "java.util.HashMap", "com.acme.Orders$$Lambda$12/0x0000000800c0a000"};
        String[] allocated = {"byte[]", "java.lang.String", "com.acme.Order", "java.lang.Object[]"};
        for (int i = 0; i < 3000; i++) {
            int depth = 1 + random.nextInt(4);
            int[] frames = new int[depth];
            for (int d = 0; d < depth; d++) {
                int width = d == 0 ? 3 : 70;
                frames[depth - 1 - d] = b.stacks().frameId(new Frame(classes[random.nextInt(classes.length)],
                        "m" + random.nextInt(width), d + 1, d == 0 ? FrameType.INTERPRETED : FrameType.JIT_COMPILED));
            }
            int stack = b.stacks().stackId(frames, false);
            long time = t0 + i * 1_000_000L;
            b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, time, (1 + random.nextInt(3)) * 10_000_000L,
                    thread, "com.acme.Lock", ThreadTable.NONE, stack));
            b.onExecutionSample(new ExecutionSample(time, thread, stack, SampleKind.CPU, 1 + random.nextInt(2)));
            b.onAllocation(new AllocationSample(time, thread, allocated[random.nextInt(allocated.length)],
                    (1 + random.nextInt(3)) * 4096L, -1, stack, AllocationSample.Source.SAMPLE));
        }
        b.onFinish(new EventSink.ReadSummary("jdk", true, 1, 1, 1, List.of(), Map.of("jdk.JavaMonitorEnter", 3000L)));
        return b.build();
    }

    private interface Writing {
        void to(JsonGenerator json) throws IOException;
    }

    private static String json(Writing writing) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartArray();
            writing.to(json);
            json.writeEndArray();
        }
        return out.toString();
    }

    /** The differential graphs as they were written from {@link FlameGraphs.Node} trees: the reference. */
    private static final class NodeDiff {
        static void write(Profile before, Profile after, JsonGenerator json) throws IOException {
            double bs = Math.max(before.info().durationNanos(), 1_000_000L) / 1e9;
            double as = Math.max(after.info().durationNanos(), 1_000_000L) / 1e9;
            write(json, "lock", "Lock contention — blocked ms per second, before → after", "ms/s",
                    FlameGraphs.contention(before, WaitCategory.LOCK, FlameGraphs.STABLE, FlameGraphs.DIFF_SHARE), 1 / bs,
                    FlameGraphs.contention(after, WaitCategory.LOCK, FlameGraphs.STABLE, FlameGraphs.DIFF_SHARE), 1 / as);
            FlameGraphs.Node cpuBefore = FlameGraphs.samples(before, before.cpuSamples(), FlameGraphs.STABLE, FlameGraphs.DIFF_SHARE);
            FlameGraphs.Node cpuAfter = FlameGraphs.samples(after, after.cpuSamples(), FlameGraphs.STABLE, FlameGraphs.DIFF_SHARE);
            write(json, "cpu", "CPU — share of samples (%), before → after", "%", cpuBefore,
                    cpuBefore.value == 0 ? 0 : 100 / cpuBefore.value, cpuAfter, cpuAfter.value == 0 ? 0 : 100 / cpuAfter.value);
            write(json, "alloc", "Allocation — MB per second, before → after", "MB/s",
                    FlameGraphs.allocation(before, FlameGraphs.STABLE, FlameGraphs.DIFF_SHARE), 1 / bs / 1048576.0,
                    FlameGraphs.allocation(after, FlameGraphs.STABLE, FlameGraphs.DIFF_SHARE), 1 / as / 1048576.0);
        }

        private static void write(JsonGenerator json, String id, String title, String unit, FlameGraphs.Node before,
                                  double bScale, FlameGraphs.Node after, double aScale) throws IOException {
            if (before.value > 0 || after.value > 0) {
                double min = (before.value * bScale + after.value * aScale) * FlameGraphs.MIN_SHARE;
                json.writeStartObject();
                json.writeStringField("id", id);
                json.writeStringField("title", title);
                json.writeStringField("unit", unit);
                json.writeFieldName("tree");
                node(json, before, bScale, after, aScale, min);
                json.writeEndObject();
            }
        }

        private record Child(FlameGraphs.Node before, FlameGraphs.Node after, double width) {
        }

        private static void node(JsonGenerator json, FlameGraphs.Node before, double bScale, FlameGraphs.Node after,
                                 double aScale, double min) throws IOException {
            FlameGraphs.Node any = after != null ? after : before;
            double b = before == null ? 0 : before.value * bScale;
            double a = after == null ? 0 : after.value * aScale;
            json.writeStartObject();
            json.writeStringField("n", any.name);
            json.writeNumberField("b", Math.round(b * 1000) / 1000.0);
            json.writeNumberField("a", Math.round(a * 1000) / 1000.0);
            json.writeNumberField("v", Math.round((a + b) * 1000) / 1000.0);
            json.writeStringField("k", any.kind);
            Set<String> names = new LinkedHashSet<>();
            if (before != null && before.children != null) {
                names.addAll(before.children.keySet());
            }
            if (after != null && after.children != null) {
                names.addAll(after.children.keySet());
            }
            List<Child> children = new ArrayList<>();
            for (String name : names) {
                FlameGraphs.Node cb = before == null || before.children == null ? null : before.children.get(name);
                FlameGraphs.Node ca = after == null || after.children == null ? null : after.children.get(name);
                double cbv = cb == null ? 0 : cb.value * bScale;
                double cav = ca == null ? 0 : ca.value * aScale;
                if (cbv + cav >= min) {
                    children.add(new Child(cb, ca, Math.round((cav + cbv) * 1000) / 1000.0));
                }
            }
            if (!children.isEmpty()) {
                children.sort((x, y) -> Double.compare(y.width(), x.width()));
                json.writeArrayFieldStart("c");
                for (Child child : children) {
                    node(json, child.before(), bScale, child.after(), aScale, min);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
    }
}
