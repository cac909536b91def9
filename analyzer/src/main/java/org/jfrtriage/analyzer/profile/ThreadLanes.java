package org.jfrtriage.analyzer.profile;

import java.util.List;

/**
 * What the waiters and holders of one lock did over the recording, one lane per thread: the recording cut into
 * {@link #buckets()} equal buckets, each bucket of a lane holding the state the thread spent most of it in, and the
 * buckets in which a holder held the lock while others waited. Built from what the profile already keeps — the
 * non-idle waits ({@link ContentionIntervals}), the execution and wall samples ({@link ThreadSamples}) and the holds
 * {@link LockHolders} charges — so it costs nothing while reading, and its size is lanes × buckets whatever the
 * recording's length.
 */
public final class ThreadLanes {

    /** A thread's state in a bucket. Running is sampled on CPU; the others are recorded waits or wall samples' frames. */
    public enum State {
        RUNNING("running"), BLOCKED("blocked"), PARKED("parked"), WAITING("waiting"), SLEEPING("sleeping"), IO("io");

        private final String key;

        State(String key) {
            this.key = key;
        }

        /** The name the reports use: running, blocked, parked, waiting, sleeping, io. */
        public String key() {
            return key;
        }
    }

    /** No state known for the bucket: no wait recorded, no sample taken. */
    public static final byte NONE = -1;

    /**
     * One thread's lane.
     *
     * @param thread the thread's id in the profile's thread table
     * @param holder whether it held the lock while others waited
     * @param waitedNanos how long it waited at the lock's sites
     * @param heldNanos waiting by others charged to its holds
     * @param states per bucket, a {@link State} ordinal or {@link #NONE}
     * @param held per bucket, whether it held the lock while others waited during that bucket
     */
    public record Lane(int thread, boolean holder, long waitedNanos, long heldNanos, byte[] states, boolean[] held) {
    }

    private final long startNanos;
    private final long bucketNanos;
    private final int buckets;
    private final List<Lane> lanes;
    private final int omitted;

    ThreadLanes(long startNanos, long bucketNanos, int buckets, List<Lane> lanes, int omitted) {
        this.startNanos = startNanos;
        this.bucketNanos = bucketNanos;
        this.buckets = buckets;
        this.lanes = List.copyOf(lanes);
        this.omitted = omitted;
    }

    /** When bucket 0 starts (the recording's start). */
    public long startNanos() {
        return startNanos;
    }

    public long bucketNanos() {
        return bucketNanos;
    }

    public int buckets() {
        return buckets;
    }

    /** Holders first (heaviest first), then waiters by time waited. */
    public List<Lane> lanes() {
        return lanes;
    }

    /** Waiters and holders left out to keep to the lane limit. */
    public int omitted() {
        return omitted;
    }
}
