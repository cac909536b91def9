package org.jfrtriage.analyzer.profile;

import java.util.Arrays;

import org.jfrtriage.analyzer.event.ThreadActivity;

/**
 * Sleeps and I/O of every thread ({@code jdk.ThreadSleep}, socket and file events), kept for the thread lanes in
 * primitive arrays, 21 bytes each, at most {@link #DEFAULT_CAPACITY_LIMIT}: JFR writes these only past a threshold
 * (20 ms by default), so even a long recording has few. Beyond the limit they are counted, not kept.
 */
public final class ThreadActivities {

    /** 250 k activities ≈ 5 MB: 20 ms sleeps of 10 threads for 8 minutes. */
    static final int DEFAULT_CAPACITY_LIMIT = 250_000;

    private final int capacityLimit;
    private long[] starts = new long[256];
    private long[] ends = new long[256];
    private int[] threads = new int[256];
    private byte[] kinds = new byte[256];
    private int size;
    private long dropped;

    ThreadActivities(int capacityLimit) {
        this.capacityLimit = capacityLimit;
    }

    void add(long startNanos, long durationNanos, int thread, ThreadActivity activity) {
        if (size == capacityLimit) {
            dropped++;
            return;
        }
        if (size == starts.length) {
            int grown = Math.min(capacityLimit, size * 2);
            starts = Arrays.copyOf(starts, grown);
            ends = Arrays.copyOf(ends, grown);
            threads = Arrays.copyOf(threads, grown);
            kinds = Arrays.copyOf(kinds, grown);
        }
        starts[size] = startNanos;
        ends[size] = startNanos + Math.max(0, durationNanos);
        threads[size] = thread;
        kinds[size] = (byte) activity.ordinal();
        size++;
    }

    public int size() {
        return size;
    }

    /** Activities not kept because the limit was reached. */
    public long dropped() {
        return dropped;
    }

    public long start(int i) {
        return starts[i];
    }

    public long end(int i) {
        return ends[i];
    }

    public int thread(int i) {
        return threads[i];
    }

    public ThreadActivity activity(int i) {
        return ACTIVITIES[kinds[i]];
    }

    /** The kinds by ordinal, once (values() copies its array at every call). */
    private static final ThreadActivity[] ACTIVITIES = ThreadActivity.values();
}
