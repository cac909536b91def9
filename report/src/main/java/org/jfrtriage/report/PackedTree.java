package org.jfrtriage.report;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A flame graph tree in parallel arrays, for one side of a differential graph: node 0 is the root, and the children
 * of a node are the consecutive nodes {@code [first, first + count)}, in the order they were built (by the builder's
 * key). ~20 bytes a node where a {@link FlameGraphs.Node} with its own HashMap took ~190: a side of a 500 MB
 * recording, down to {@link FlameGraphs#DIFF_SHARE}, holds up to ~1.2 M nodes (24 MB instead of ~210 MB), and the
 * first side's trees stay alive while the second recording is read.
 */
final class PackedTree {
    private static final int ROOT_KEY = -1;

    /** Display names and kinds by key, shared with the builder that interned them. */
    private final List<String> keyNames;
    private final List<String> keyKinds;
    private int[] keys;
    private double[] values;
    private int[] firsts;
    private int[] counts;
    private int size;

    PackedTree(List<String> keyNames, List<String> keyKinds, double rootValue) {
        this.keyNames = keyNames;
        this.keyKinds = keyKinds;
        keys = new int[64];
        values = new double[64];
        firsts = new int[64];
        counts = new int[64];
        keys[0] = ROOT_KEY;
        values[0] = rootValue;
        size = 1;
    }

    /** Appends {@code n} nodes as the children of {@code parent}; returns the first one's index. */
    int addChildren(int parent, int n) {
        if (size + n > keys.length) {
            int capacity = Math.max(size + n, keys.length + (keys.length >> 1));
            keys = Arrays.copyOf(keys, capacity);
            values = Arrays.copyOf(values, capacity);
            firsts = Arrays.copyOf(firsts, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
        int first = size;
        size += n;
        firsts[parent] = first;
        counts[parent] = n;
        return first;
    }

    void set(int node, int key, double value) {
        keys[node] = key;
        values[node] = value;
    }

    /** The arrays cut to the nodes built, once the tree is complete. */
    void trim() {
        keys = Arrays.copyOf(keys, size);
        values = Arrays.copyOf(values, size);
        firsts = Arrays.copyOf(firsts, size);
        counts = Arrays.copyOf(counts, size);
    }

    int size() {
        return size;
    }

    double value(int node) {
        return values[node];
    }

    String name(int node) {
        return keys[node] == ROOT_KEY ? "all" : keyNames.get(keys[node]);
    }

    String kind(int node) {
        return keys[node] == ROOT_KEY ? "root" : keyKinds.get(keys[node]);
    }

    int childCount(int node) {
        return counts[node];
    }

    /**
     * The children of {@code node} by name, or null when it has none, iterating in the order a HashMap filled one
     * child at a time with {@code computeIfAbsent} in build order iterates (what each {@link FlameGraphs.Node} held):
     * children of equal width are written in that order, so the page stays byte for byte what it was.
     */
    Map<String, Integer> children(int node) {
        int n = counts[node];
        if (n == 0) {
            return null;
        }
        Map<String, Integer> byName = new HashMap<>();
        for (int c = firsts[node], end = c + n; c < end; c++) {
            Integer child = c;
            byName.computeIfAbsent(name(c), k -> child);
        }
        return byName;
    }
}
