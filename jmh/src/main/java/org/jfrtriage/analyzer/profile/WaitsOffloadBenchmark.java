package org.jfrtriage.analyzer.profile;

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

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.FrameType;

/**
 * A park-heavy read's waits pushed into a {@link ProfileBuilder} as the file reader pushes them (2 M waits of 64
 * threads at 48 sites, a tenth of them monitor enters naming an owner; the table fills and joins), until every one
 * is applied: {@code where=reader} applies each on the pushing thread (the baseline: how every read did it before
 * {@link ContentionWaits}), {@code where=offloaded} hands them in batches to a thread of their own
 * ({@link ProfileBuilder#offloadWaits()}), which pays off only with a core to spare.
 * Run: {@code java -jar jmh/target/benchmarks.jar WaitsOffloadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WaitsOffloadBenchmark {
    private static final int WAITS = 2_000_000;
    private static final int THREADS = 64;
    private static final int SITES = 48;

    @Param({"reader", "offloaded"})
    public String where;

    private final Frame[][] frames = new Frame[SITES][];
    private final int[] site = new int[WAITS];
    private final long[] start = new long[WAITS];
    private final long[] duration = new long[WAITS];
    private final int[] thread = new int[WAITS];
    private final int[] owner = new int[WAITS];

    @Setup
    public void setUp() {
        for (int s = 0; s < SITES; s++) {
            frames[s] = new Frame[] {new Frame("jdk.internal.misc.Unsafe", "park", 1, FrameType.NATIVE),
                new Frame("java.util.concurrent.locks.LockSupport", "park", 1, FrameType.JIT_COMPILED),
                new Frame("com.acme.Worker", "step" + s, 10 + s, FrameType.JIT_COMPILED)};
        }
        Random random = new Random(16);
        long[] clock = new long[THREADS];
        for (int i = 0; i < WAITS; i++) {
            int t = random.nextInt(THREADS);
            duration[i] = 2_000 + random.nextInt(400_000);
            start[i] = clock[t] + random.nextInt(40_000);
            clock[t] = start[i] + duration[i];
            thread[i] = t;
            site[i] = (t + random.nextInt(3)) % SITES;
            owner[i] = random.nextInt(10) == 0 ? random.nextInt(THREADS) : -1;
        }
    }

    @Benchmark
    public long pushAndApply() {
        ProfileBuilder b = new ProfileBuilder("park.jfr");
        if (where.equals("offloaded")) {
            b.offloadWaits();
        }
        int[] stacks = new int[SITES];
        for (int s = 0; s < SITES; s++) {
            int[] ids = new int[frames[s].length];
            for (int f = 0; f < ids.length; f++) {
                ids[f] = b.stacks().frameId(frames[s][f]);
            }
            stacks[s] = b.stacks().stackId(ids, false);
        }
        b.onChunk(0, clockEnd());
        for (int i = 0; i < WAITS; i++) {
            boolean enter = owner[i] >= 0;
            b.onContention(enter ? ContentionKind.MONITOR_ENTER : ContentionKind.PARK, start[i], duration[i], thread[i],
                    enter ? "com.acme.Ledger" : "java.util.concurrent.locks.ReentrantLock$NonfairSync", owner[i],
                    stacks[site[i]], enter ? 0x7fab840093c0L : 0L);
        }
        b.finishWaits();
        return b.build().intervals().recorded();
    }

    private long clockEnd() {
        long end = 0;
        for (int i = 0; i < WAITS; i++) {
            end = Math.max(end, start[i] + duration[i]);
        }
        return end;
    }
}
