package org.jfrtriage.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.profile.Profile;

/**
 * A report page's flame graphs, built and written through the page's script-safe generator into a counting sink:
 * as the page writes them since 7 December ({@code columns}: each tree built as a {@link PackedTree} and written in
 * flamegraph.js's columnar form, each name once) next to what it wrote before ({@code nested}, the baseline: {@link
 * FlameGraphs.Node} trees with a HashMap per node, written as nested objects naming every frame in every node), from
 * the same profile in the same run. Each returns the characters written. Run from the repository root:
 * {@code java -jar jmh/target/benchmarks.jar PageTreesBenchmark}; on a benchmark recording
 * {@code java -jar jmh/target/benchmarks.jar PageTreesBenchmark -p recording=bench/out/large-500mb.jfr -jvmArgs -Xmx1g}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PageTreesBenchmark {
    @Param({"sample-recordings/recordings/UnsizedHashMapPerRequest-jdk25-profile.jfr",
            "sample-recordings/recordings/GcPressureHugeMap-async-profiler.jfr"})
    public String recording;

    private Profile profile;

    @Setup
    public void setUp() throws Exception {
        profile = new Analyzer().analyze(Path.of(recording));
    }

    @Benchmark
    public long columns() throws IOException {
        Counting out = new Counting();
        try (JsonGenerator json = HtmlReport.scriptSafeGenerator(out)) {
            json.writeStartArray();
            FlameGraphs.write(profile, json);
            json.writeEndArray();
        }
        return out.chars;
    }

    /** Baseline: the same five graphs as Node trees, written nested. */
    @Benchmark
    public long nested() throws IOException {
        Counting out = new Counting();
        try (JsonGenerator json = HtmlReport.scriptSafeGenerator(out)) {
            json.writeStartArray();
            TreeFields fields = new TreeFields(json);
            nested(fields, json, "lock", FlameGraphs.contention(profile, WaitCategory.LOCK, FlameGraphs.EXACT, FlameGraphs.MIN_SHARE));
            nested(fields, json, "wait", FlameGraphs.contention(profile, WaitCategory.WAIT, FlameGraphs.EXACT, FlameGraphs.MIN_SHARE));
            nested(fields, json, "cpu", FlameGraphs.samples(profile, profile.cpuSamples(), FlameGraphs.EXACT, FlameGraphs.MIN_SHARE));
            nested(fields, json, "alloc", FlameGraphs.allocation(profile, FlameGraphs.EXACT, FlameGraphs.MIN_SHARE));
            nested(fields, json, "wall", FlameGraphs.samples(profile, profile.wallSamples(), FlameGraphs.EXACT, FlameGraphs.MIN_SHARE));
            json.writeEndArray();
        }
        return out.chars;
    }

    private static void nested(TreeFields fields, JsonGenerator json, String id, FlameGraphs.Node root) throws IOException {
        if (root.value > 0) {
            json.writeStartObject();
            json.writeStringField("id", id);
            json.writeFieldName("tree");
            root.write(fields, json, root.value * FlameGraphs.MIN_SHARE);
            json.writeEndObject();
        }
    }

    /** Counts what it is given and keeps nothing. */
    private static final class Counting extends Writer {
        long chars;

        @Override
        public void write(char[] buffer, int offset, int length) {
            chars += length;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
