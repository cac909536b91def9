package org.jfrtriage.analyzer.profile;

import java.util.Arrays;

/**
 * The individual blocked/parked intervals needed to find pileups (threads waiting at one site at the same
 * moment) and to find who held a lock while others waited. Stored in primitive arrays, 36 bytes an interval, and capped at {@link #DEFAULT_CAPACITY_LIMIT}
 * so a pathological recording cannot exhaust the heap; beyond the cap intervals are counted, not kept.
 * Idle waits are never stored.
 */
public final class ContentionIntervals {

    /** 1 M intervals ≈ 36 MB: pileups of the first million waits, in a 256 MB heap with room to spare. */
    public static final int DEFAULT_CAPACITY_LIMIT = 1_000_000;

    private final int capacityLimit;
    private long[] starts = new long[1024];
    private long[] ends = new long[1024];
    private int[] threads = new int[1024];
    private int[] sites = new int[1024];
    private long[] addresses = new long[1024];
    private int[] owners = new int[1024];
    private int size;
    private long dropped;

    ContentionIntervals(int capacityLimit) {
        this.capacityLimit = capacityLimit;
    }

    void add(long startNanos, long endNanos, int thread, int site) {
        add(startNanos, endNanos, thread, site, 0L, org.jfrtriage.analyzer.event.ThreadTable.NONE);
    }

    void add(long startNanos, long endNanos, int thread, int site, long address, int owner) {
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
            addresses = Arrays.copyOf(addresses, grown);
            owners = Arrays.copyOf(owners, grown);
        }
        starts[size] = startNanos;
        ends[size] = endNanos;
        threads[size] = thread;
        sites[size] = site;
        addresses[size] = address;
        owners[size] = owner;
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

    /** The lock's address as recorded (0 if the recording has none): waits with one address waited for one lock. */
    public long address(int i) {
        return addresses[i];
    }

    /**
     * The thread the recording names as the lock's owner ({@code previousOwner} of a monitor enter: the thread that
     * released the monitor to this waiter), or {@link org.jfrtriage.analyzer.event.ThreadTable#NONE}.
     */
    public int owner(int i) {
        return owners[i];
    }
}
