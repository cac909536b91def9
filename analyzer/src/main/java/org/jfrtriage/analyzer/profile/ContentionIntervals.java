package org.jfrtriage.analyzer.profile;

import java.util.Arrays;

/**
 * The individual blocked/parked intervals needed to find pileups (threads waiting at one site at the same
 * moment). Stored in primitive arrays, 24 bytes an interval, and capped at {@link #DEFAULT_CAPACITY_LIMIT}
 * so a pathological recording cannot exhaust the heap; beyond the cap intervals are counted, not kept.
 * Idle waits are never stored.
 */
public final class ContentionIntervals {

    /** 1 M intervals ≈ 24 MB: pileups of the first million waits, in a 256 MB heap with room to spare. */
    public static final int DEFAULT_CAPACITY_LIMIT = 1_000_000;

    private final int capacityLimit;
    private long[] starts = new long[1024];
    private long[] ends = new long[1024];
    private int[] threads = new int[1024];
    private int[] sites = new int[1024];
    private int size;
    private long dropped;

    ContentionIntervals(int capacityLimit) {
        this.capacityLimit = capacityLimit;
    }

    void add(long startNanos, long endNanos, int thread, int site) {
        if (size == capacityLimit) {
            dropped++;
            return;
        }
        if (size == starts.length) {
            int grown = Math.min(capacityLimit, size * 2);
            starts = Arrays.copyOf(starts, grown);
            ends = Arrays.copyOf(ends, grown);
            threads = Arrays.copyOf(threads, grown);
            sites = Arrays.copyOf(sites, grown);
        }
        starts[size] = startNanos;
        ends[size] = endNanos;
        threads[size] = thread;
        sites[size] = site;
        size++;
    }

    public int size() {
        return size;
    }

    /** Intervals not kept because the cap was reached; a report built on them says it is partial. */
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

    /** {@link ContentionSite#index()} of the interval's site. */
    public int site(int i) {
        return sites[i];
    }
}
