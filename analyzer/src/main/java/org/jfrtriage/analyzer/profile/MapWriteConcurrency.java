package org.jfrtriage.analyzer.profile;

/**
 * Evidence that one application site writes a non-thread-safe {@code HashMap} from several threads at once:
 * samples of different threads inside {@code HashMap} writes at the same site within
 * {@link ProfileBuilder#COINCIDENCE_WINDOW_NANOS}, and threads spinning inside {@code HashMap$TreeNode} (the
 * corrupted-tree loop that concurrent writes cause).
 */
public final class MapWriteConcurrency {
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
