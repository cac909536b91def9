package org.jfrtriage.report;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
 * One side of a differential flame graph: its lock, CPU and allocation trees down to {@link FlameGraphs#DIFF_SHARE}
 * built as {@link PackedTree}s ({@code packed}, what {@code diff} keeps) next to the {@link FlameGraphs.Node} trees
 * with a HashMap per node they replaced ({@code nodes}, the baseline), from the same profile in the same run.
 * Run from the repository root (the recording path is relative to it):
 * {@code java -jar jmh/target/benchmarks.jar DiffTreesBenchmark}; on a benchmark recording
 * {@code java -jar jmh/target/benchmarks.jar DiffTreesBenchmark -p recording=bench/out/park-500mb.jfr -jvmArgs -Xmx1g}
 * (the Node trees of one side of that file take ~110 MB).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DiffTreesBenchmark {
    @Param({"sample-recordings/recordings/UnsizedHashMapPerRequest-jdk25-profile.jfr",
            "sample-recordings/recordings/GcPressureHugeMap-jdk17-default.jfr"})
    public String recording;

    private Profile profile;

    @Setup
    public void setUp() throws Exception {
        profile = new Analyzer().analyze(Path.of(recording));
    }

    @Benchmark
    public FlameGraphs.DiffTrees packed() {
        return FlameGraphs.diffTrees(profile);
    }

    /** Baseline: the same three trees as Nodes, each with its own HashMap of children. */
    @Benchmark
    public FlameGraphs.Node[] nodes() {
        return new FlameGraphs.Node[] {
            FlameGraphs.contention(profile, WaitCategory.LOCK, FlameGraphs.STABLE, FlameGraphs.DIFF_SHARE),
            FlameGraphs.samples(profile, profile.cpuSamples(), FlameGraphs.STABLE, FlameGraphs.DIFF_SHARE),
            FlameGraphs.allocation(profile, FlameGraphs.STABLE, FlameGraphs.DIFF_SHARE)};
    }
}
