package org.jfrtriage.analyzer.profile;

/**
 * Evidence that one application site writes a non-thread-safe {@code HashMap} from several threads at once:
 * samples of different threads inside {@code HashMap} writes at the same site within
 * {@link #COINCIDENCE_WINDOW_NANOS}, and threads spinning inside {@code HashMap$TreeNode} (the corrupted-tree loop
 * that concurrent writes cause).
 * <p>
 * The two windows below define these measures. The profile is built before any rule runs, so they are fixed here,
 * where the measure is taken; the rule that judges the measures (unsynchronized-map-write) declares them as its
 * limits, so docs/rules.md lists them and ThresholdContractTest probes them on both sides.
 */
public final class MapWriteConcurrency {

    /**
     * Two threads sampled in the same site within this window count as running it at the same moment. 10 ms:
     * the JDK samples threads in rounds (all within microseconds), but async-profiler's itimer signals each
     * thread on its own CPU clock, so concurrent writers' samples land up to one interval apart.
     */
    public static final long COINCIDENCE_WINDOW_NANOS = 10_000_000L;
    /** Samples of one thread in HashMap$TreeNode closer than this belong to one continuous spin. */
    public static final long TREE_SPIN_GAP_NANOS = 1_000_000_000L;

    private final int siteFrame;
    long writeSamples;
    long treeNodeSamples;
    long coincidentPairs;
    long coincidentTreePairs;
    long longestTreeSpinNanos;
    final java.util.BitSet threads = new java.util.BitSet();

    MapWriteConcurrency(int siteFrame) {
        this.siteFrame = siteFrame;
    }

    public int siteFrame() {
        return siteFrame;
    }

    /** CPU samples inside HashMap writes at this site. */
    public long writeSamples() {
        return writeSamples;
    }

    /** CPU samples inside {@code HashMap$TreeNode} at this site (treeified bins: many colliding keys). */
    public long treeNodeSamples() {
        return treeNodeSamples;
    }

    /** Pairs of samples of two threads writing at this site at the same moment. */
    public long coincidentPairs() {
        return coincidentPairs;
    }

    /** Of those, pairs where both threads were inside {@code HashMap$TreeNode}. */
    public long coincidentTreePairs() {
        return coincidentTreePairs;
    }

    /** Longest time one thread was sampled continuously inside {@code HashMap$TreeNode}. */
    public long longestTreeSpinNanos() {
        return longestTreeSpinNanos;
    }

    public int threadCount() {
        return threads.cardinality();
    }
}
