package org.jfrtriage.analyzer.profile;

import java.util.Arrays;

import org.jfrtriage.analyzer.table.IndexSort;

/**
 * The individual stack samples (time, thread, stack, batched span), CPU and wall-clock alike, so the threads holding a lock can
 * be seen at work while others waited for it. 25 bytes a sample in primitive arrays, at most
 * {@link #DEFAULT_CAPACITY_LIMIT}: past that each new sample takes the place of the oldest kept one, so the newest
 * are kept — a hang shows in the last samples of a recording, and a recording is usually taken when things are at
 * their worst. Sorted by thread and time once, when the profile is built.
 */
public final class ThreadSamples {

    /** 1 M samples ≈ 25 MB: 30 minutes of 20 ms JDK sampling of 25 busy threads. */
    public static final int DEFAULT_CAPACITY_LIMIT = 1_000_000;

    private final int capacityLimit;
    private long[] times = new long[1024];
    private int[] threads = new int[1024];
    private int[] stacks = new int[1024];
    private boolean[] wall = new boolean[1024];
    /** The time a batched sample covered from its time on (async-profiler's wall-clock timeSpan); 0 for most. */
    private long[] spans = new long[1024];
    private int size;
    private long dropped;
    /** Once full: where the next sample goes, over the oldest kept one. */
    private int oldest;
    /** The latest time among the samples no longer kept: the kept ones are about from then on; 0 while all are kept. */
    private long droppedUntilNanos;
    /** After {@link #seal}: per thread id, the first index of its samples ([threadStart[t], threadStart[t + 1])). */
    private int[] threadStart = new int[1];

    ThreadSamples(int capacityLimit) {
        this.capacityLimit = capacityLimit;
    }

    void add(long timeNanos, int thread, int stack, boolean wallClock) {
        add(timeNanos, thread, stack, wallClock, 0L);
    }

    void add(long timeNanos, int thread, int stack, boolean wallClock, long spanNanos) {
        if (thread < 0) {
            return;
        }
        if (size == capacityLimit) {
            dropped++;
            droppedUntilNanos = Math.max(droppedUntilNanos, times[oldest]);
            put(oldest, timeNanos, thread, stack, wallClock, spanNanos);
            oldest = (oldest + 1) % capacityLimit;
            return;
        }
        if (size == times.length) {
            int grown = Math.min(capacityLimit, size * 2);
            times = Arrays.copyOf(times, grown);
            threads = Arrays.copyOf(threads, grown);
            stacks = Arrays.copyOf(stacks, grown);
            wall = Arrays.copyOf(wall, grown);
            spans = Arrays.copyOf(spans, grown);
        }
        put(size++, timeNanos, thread, stack, wallClock, spanNanos);
    }

    private void put(int i, long timeNanos, int thread, int stack, boolean wallClock, long spanNanos) {
        spans[i] = spanNanos;
        times[i] = timeNanos;
        threads[i] = thread;
        stacks[i] = stack;
        wall[i] = wallClock;
    }

    /**
     * Orders the samples by thread, then time, and indexes where each thread's samples start: a counting sort by
     * thread (stable), then a sort by time only of the threads whose samples arrived out of order (chunks and
     * async-profiler's buffers mostly deliver a thread's samples in order).
     */
    void seal(int threadCount) {
        int count = threadCount;
        for (int i = 0; i < size; i++) {
            count = Math.max(count, threads[i] + 1);
        }
        threadStart = new int[count + 1];
        for (int i = 0; i < size; i++) {
            threadStart[threads[i] + 1]++;
        }
        for (int t = 0; t < count; t++) {
            threadStart[t + 1] += threadStart[t];
        }
        int[] next = Arrays.copyOf(threadStart, count);
        long[] t = new long[size];
        int[] th = new int[size];
        int[] st = new int[size];
        boolean[] w = new boolean[size];
        long[] sp = new long[size];
        for (int k = 0; k < size; k++) {
            int i = (oldest + k) % size; // in the order they arrived, the oldest kept first
            int to = next[threads[i]]++;
            sp[to] = spans[i];
            t[to] = times[i];
            th[to] = threads[i];
            st[to] = stacks[i];
            w[to] = wall[i];
        }
        times = t;
        threads = th;
        stacks = st;
        wall = w;
        spans = sp;
        for (int thread = 0; thread < count; thread++) {
            sortByTime(threadStart[thread], threadStart[thread + 1]);
        }
    }

    private void sortByTime(int from, int to) {
        boolean sorted = true;
        for (int i = from + 1; i < to && sorted; i++) {
            sorted = times[i - 1] <= times[i];
        }
        if (sorted) {
            return;
        }
        int[] order = new int[to - from];
        for (int i = 0; i < order.length; i++) {
            order[i] = from + i;
        }
        IndexSort.sortByKey(order, 0, order.length, Arrays.copyOfRange(times, from, to)); // stable, no boxing
        long[] t = new long[order.length];
        int[] st = new int[order.length];
        boolean[] w = new boolean[order.length];
        long[] sp = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            sp[i] = spans[order[i]];
            t[i] = times[order[i]];
            st[i] = stacks[order[i]];
            w[i] = wall[order[i]];
        }
        System.arraycopy(t, 0, times, from, t.length);
        System.arraycopy(st, 0, stacks, from, st.length);
        System.arraycopy(w, 0, wall, from, w.length);
        System.arraycopy(sp, 0, spans, from, sp.length);
    }

    /** One past the highest thread id with an index (after sealing). */
    public int threadCount() {
        return threadStart.length - 1;
    }

    public int size() {
        return size;
    }

    /** Samples not kept: the oldest, which made room for newer ones once the cap was reached. */
    public long dropped() {
        return dropped;
    }

    /**
     * About when the kept samples begin: the latest time among those that made room for newer ones (a reader delivers
     * a thread's samples a buffer at a time, so some kept ones may be earlier); 0 when every sample was kept.
     */
    public long droppedUntilNanos() {
        return droppedUntilNanos;
    }

    /** The index of the first sample of {@code thread} at or after {@code fromNanos}; {@link #end(int)} if none. */
    public int first(int thread, long fromNanos) {
        if (thread < 0 || thread + 1 >= threadStart.length) {
            return 0;
        }
        int lo = threadStart[thread];
        int hi = threadStart[thread + 1];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < fromNanos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** One past the last sample index of {@code thread}. */
    public int end(int thread) {
        if (thread < 0 || thread + 1 >= threadStart.length) {
            return 0;
        }
        return threadStart[thread + 1];
    }

    public long time(int i) {
        return times[i];
    }

    public int thread(int i) {
        return threads[i];
    }

    public int stack(int i) {
        return stacks[i];
    }

    /** The time a batched sample covered from {@link #time} on (0 for a single sample). */
    public long span(int i) {
        return spans[i];
    }

    /** Whether the sample is a wall-clock sample (taken whatever the thread was doing), not a CPU sample. */
    public boolean isWall(int i) {
        return wall[i];
    }
}
