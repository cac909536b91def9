package org.jfrtriage.analyzer.profile;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.FrameType;
import org.jfrtriage.analyzer.table.IndexSort;

/**
 * The lock holders' hot loops. {@code blockedBy}: who held one monitor while 16 threads convoyed on it, 20,000
 * rounds each (320 K waits, each cut at the acquisitions around it: ~5 M pieces), from a fresh {@link LockHolders}
 * each time (its grouping included); run the same class on an older build for the baseline (docs/architecture.md
 * has both). {@code blockedByHelped}: the same answer asked from two threads at once, the one that waits taking
 * parts of its loops (issue 16), beside {@code blockedBy} asked from one. {@code sortRun} ({@code IndexSort.sortByKey}): a thread's waits put in start order by one primitive
 * sort of packed (key, position), next to the stable index merge sort it replaced ({@code indexSort}), on 1 M keys,
 * a tenth of them out of order.
 * Run: {@code java -jar jmh/target/benchmarks.jar HoldersBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HoldersBenchmark {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_000 * MS;
    private static final int WAITERS = 16;
    private static final int ROUNDS = 20_000;

    private Profile profile;
    private BitSet sites;
    private long[] keys;
    private int[] indices;
    private ExecutorService helper;

    @Setup
    public void setUp() {
        ProfileBuilder b = new ProfileBuilder("convoy.jfr");
        int touch = b.stacks().stackId(new int[] {
            b.stacks().frameId(new Frame("java.util.Collections$SynchronizedMap", "put", 1, FrameType.JIT_COMPILED)),
            b.stacks().frameId(new Frame("com.acme.Sessions", "touch", 1, FrameType.JIT_COMPILED))}, false);
        int[] threads = new int[WAITERS];
        for (int k = 0; k < WAITERS; k++) {
            threads[k] = b.threads().threadId(k + 1L, "worker-" + k);
        }
        // each round every worker waits for the one before it: a 1 ms hold passed along the queue
        for (int round = 0; round < ROUNDS; round++) {
            for (int k = 0; k < WAITERS; k++) {
                long from = T0 + round * WAITERS * MS + k * 50_000L;
                long to = T0 + round * WAITERS * MS + (k + 1) * MS;
                b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, from, to - from, threads[k],
                        "java.lang.Object", threads[(k + WAITERS - 1) % WAITERS], touch, 0x7fab840093c0L));
            }
        }
        b.onChunk(T0, T0 + (ROUNDS + 1L) * WAITERS * MS);
        b.onFinish(new EventSink.ReadSummary("jdk", true, 10, 10, 1, List.of(), Map.of()));
        profile = b.build();
        sites = new BitSet();
        profile.contention().forEach(c -> sites.set(c.index()));
        Random random = new Random(18);
        keys = new long[1 << 20];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = T0 + i * 1_000L + (random.nextInt(10) == 0 ? random.nextInt(1_000_000) : 0);
        }
        indices = new int[keys.length];
        helper = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "helper");
            t.setDaemon(true);
            return t;
        });
    }

    @TearDown
    public void tearDown() {
        helper.shutdownNow();
    }

    @Benchmark
    public LockHolders.Result blockedBy() {
        return profile.lockHolders().compactingAt(LockHolders.COMPACT_SPANS).blockedBy(sites);
    }

    /** {@link #blockedBy} asked from a second thread at the same time: it waits for the answer, helping make it. */
    @Benchmark
    public LockHolders.Result blockedByHelped() throws Exception {
        LockHolders holders = profile.lockHolders().compactingAt(LockHolders.COMPACT_SPANS);
        Future<LockHolders.Result> other = helper.submit(() -> holders.blockedBy(sites));
        LockHolders.Result here = holders.blockedBy(sites);
        if (other.get() != here) {
            throw new IllegalStateException("two answers made");
        }
        return here;
    }

    @Benchmark
    public int[] sortRun() {
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        long[] k = keys;
        org.jfrtriage.analyzer.table.IndexSort.sortByKey(indices, 0, indices.length, i -> k[i]);
        return indices;
    }

    /** Baseline of {@link #sortRun}: the stable merge sort of indices by a comparator. */
    @Benchmark
    public int[] indexSort() {
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        long[] k = keys;
        IndexSort.sort(indices, 0, indices.length, (i, j) -> Long.compare(k[i], k[j]));
        return indices;
    }
}
