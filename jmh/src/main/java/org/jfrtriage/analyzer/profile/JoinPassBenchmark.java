package org.jfrtriage.analyzer.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The join passes of {@link ContentionIntervals} on park-heavy waits: 4 M waits of 60 request threads parking at a
 * pool (1–2 ms waits, most a fraction of a millisecond apart, some a few milliseconds or more) and 4 pollers taking a
 * monitor briefly every few hundred microseconds (never joined), each thread's waits arriving in runs of 900 in start
 * order, a third of the runs read before the run before them (JFR writes a thread's events a buffer at a time); the
 * table ends at the 16 ms gap with 0.78 M intervals, none dropped. {@code firstPass}: the pass
 * of a full million, the table made afresh for each call; {@code laterPass}: the next pass, at a larger gap, over
 * a table half made of a pass's output; {@code coldFill}: 4 M waits into a new table in a new JVM, its passes and
 * joins on arrival while the JIT compiles them — what a read of the park-heavy benchmark does. The baseline is the
 * same class run against an older build of the analyzer (docs/architecture.md has both).
 * Run: {@code java -jar jmh/target/benchmarks.jar JoinPassBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JoinPassBenchmark {
    private static final long US = 1_000L;
    private static final int CAPACITY = ContentionIntervals.DEFAULT_CAPACITY_LIMIT;
    private static final int WAITS = 4_000_000;
    private static final int REQUEST_THREADS = 60;
    private static final int POLLERS = 4;
    private static final int RUN = 900;

    private long[] starts;
    private long[] ends;
    private int[] threads;
    private int[] sites;

    @Setup(Level.Trial)
    public void waits() {
        Random random = new Random(16);
        List<long[]> runs = new ArrayList<>();
        int perThread = WAITS / (REQUEST_THREADS + POLLERS);
        for (int t = 0; t < REQUEST_THREADS + POLLERS; t++) {
            boolean poller = t >= REQUEST_THREADS;
            long time = random.nextInt(1_000) * US;
            int site = poller ? 8 : random.nextInt(8);
            long[] run = new long[3 * RUN];
            int inRun = 0;
            for (int w = 0; w < perThread; w++) {
                long length;
                long gap;
                if (poller) {
                    length = 5 * US + random.nextInt(30) * US;
                    gap = 200 * US + random.nextInt(400) * US;
                } else {
                    length = 1_000 * US + random.nextInt(1_000) * US;
                    int kind = random.nextInt(20);
                    gap = kind < 14 ? random.nextInt(900) * US          // joined at 1 ms
                            : kind < 17 ? 1_000 * US + random.nextInt(3_000) * US   // at 4 ms
                            : kind < 19 ? 4_000 * US + random.nextInt(4_000) * US   // at 16 ms, mostly waiting
                            : 20_000 * US + random.nextInt(20_000) * US;            // never
                    if (random.nextInt(16) == 0) {
                        site = random.nextInt(8);
                    }
                }
                long start = time + gap;
                run[3 * inRun] = start;
                run[3 * inRun + 1] = start + length;
                run[3 * inRun + 2] = (long) t << 32 | site;
                time = start + length;
                if (++inRun == RUN || w == perThread - 1) {
                    runs.add(java.util.Arrays.copyOf(run, 3 * inRun));
                    inRun = 0;
                }
            }
        }
        runs.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int k = 1; k < runs.size(); k++) {
            if (random.nextInt(3) == 0) {
                java.util.Collections.swap(runs, k - 1, k);
            }
        }
        starts = new long[WAITS];
        ends = new long[WAITS];
        threads = new int[WAITS];
        sites = new int[WAITS];
        int n = 0;
        for (long[] run : runs) {
            for (int j = 0; j < run.length && n < WAITS; j += 3) {
                starts[n] = run[j];
                ends[n] = run[j + 1];
                threads[n] = (int) (run[j + 2] >>> 32);
                sites[n] = (int) run[j + 2];
                n++;
            }
        }
    }

    /** A new table filled to its limit: the next wait that joins no neighbour on arrival makes the first pass. */
    @State(Scope.Thread)
    public static class Full {
        ContentionIntervals table;
        int next;

        @Setup(Level.Invocation)
        public void fill(JoinPassBenchmark waits) {
            table = new ContentionIntervals(CAPACITY);
            next = 0;
            while (next < CAPACITY) {
                waits.add(table, next++);
            }
        }
    }

    /** A table past its first pass and full again: the next pass is at a larger gap over the pass's output and more. */
    @State(Scope.Thread)
    public static class FullAgain extends Full {
        @Override
        @Setup(Level.Invocation)
        public void fill(JoinPassBenchmark waits) {
            super.fill(waits);
            next = waits.untilPass(table, next);
            while (table.size() < CAPACITY && next < WAITS) {
                waits.add(table, next++);
            }
        }
    }

    private void add(ContentionIntervals table, int i) {
        table.add(starts[i], ends[i], threads[i], sites[i], 0L, -1);
    }

    /** Adds waits from the i-th on until a pass has run; returns the next wait's index. */
    private int untilPass(ContentionIntervals table, int i) {
        long before = table.joinPassNanos();
        int next = i;
        while (table.joinPassNanos() == before && next < WAITS) {
            add(table, next++);
        }
        return next;
    }

    @Benchmark
    @Warmup(iterations = 5)
    @Measurement(iterations = 10)
    @Fork(1)
    public int firstPass(Full full) {
        return untilPass(full.table, full.next);
    }

    @Benchmark
    @Warmup(iterations = 5)
    @Measurement(iterations = 10)
    @Fork(1)
    public int laterPass(FullAgain full) {
        return untilPass(full.table, full.next);
    }

    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(5)
    public ContentionIntervals coldFill() {
        ContentionIntervals fresh = new ContentionIntervals(CAPACITY);
        for (int i = 0; i < WAITS; i++) {
            add(fresh, i);
        }
        return fresh;
    }
}
