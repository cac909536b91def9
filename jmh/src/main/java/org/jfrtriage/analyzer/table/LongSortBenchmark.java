package org.jfrtriage.analyzer.table;

import java.util.Arrays;
import java.util.Random;
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

/**
 * {@link LongSort} beside its baseline, {@code Arrays.sort}, on what the pileup rule sorts: 1 M wait starts of a
 * 20-minute recording, each above the first and packed with a 17-bit weight (58 bits), mostly in order with a
 * tenth of them late by up to a second ({@code sort=radix|jdk}). Steady-state (C2) figures: the rules phase runs
 * these once, where the JDK's sort also cost its C2 compilation. {@code radixScratch}: the same radix sort of the
 * same range through one scratch kept between sorts (issue 16: the lock holders' unions and the pileup sweep pass one
 * to all their sorts), beside {@code radix}, which makes its own each time.
 * Run: {@code java -jar jmh/target/benchmarks.jar LongSortBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LongSortBenchmark {
    @Param({"radix", "radixScratch", "jdk"})
    public String sort;

    private long[] keys;
    private long[] work;
    private long[] scratch;

    @Setup
    public void setUp() {
        Random random = new Random(16);
        keys = new long[1 << 20];
        long span = 20 * 60 * 1_000_000_000L;
        for (int i = 0; i < keys.length; i++) {
            long start = i * (span / keys.length) - (random.nextInt(10) == 0 ? random.nextInt(1_000_000_000) : 0);
            keys[i] = Math.max(0, start) << 17 | (1 << 16);
        }
        work = new long[keys.length];
        scratch = new long[keys.length];
    }

    @Benchmark
    public long[] sortStarts() {
        System.arraycopy(keys, 0, work, 0, keys.length);
        if (sort.equals("radix")) {
            LongSort.sort(work);
        } else if (sort.equals("radixScratch")) {
            LongSort.sort(work, 0, work.length, scratch);
        } else {
            Arrays.sort(work);
        }
        return work;
    }
}
