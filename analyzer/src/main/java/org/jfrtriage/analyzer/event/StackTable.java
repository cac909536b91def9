package org.jfrtriage.analyzer.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns frames and stacks into dense int ids, so aggregates are keyed by ints and names are built only for
 * what is shown.
 *
 * <p>Stacks are nodes of a tree rooted at the innermost frame: a stack is the node of its outermost frame, whose
 * parent is the same stack without that frame. Stacks that share their inner frames (the same lock, the same
 * map method, the same leaf) share those nodes, so memory grows with distinct call paths — about 40 bytes a
 * node — not with stacks × depth, and never with events.
 *
 * <p>Memory has a ceiling: past {@link #DEFAULT_NODE_BUDGET} nodes, a new stack keeps only the inner frames
 * already known (its outer frames are dropped and counted in {@link #shortenedStacks()}), so a recording with
 * millions of distinct deep stacks still analyzes in a small heap; the innermost frames — where sites, locks
 * and map methods are — survive.
 *
 * <p>Stack id {@link #UNKNOWN} is the empty stack: an event without a stack, or whose stack id was missing from
 * its chunk. Every node id is a valid stack id. Not thread-safe: one table per reading thread.
 */
public final class StackTable {

    /** The id of the empty stack, used for events without a resolvable stack. */
    public static final int UNKNOWN = 0;
    /** Root of the stacks the JVM truncated at its depth limit (their outermost frames are missing). */
    private static final int TRUNCATED_ROOT = 1;
    /** 2 M nodes ≈ 80 MB: fits a 256 MB heap with the rest of a profile. */
    public static final int DEFAULT_NODE_BUDGET = 2_000_000;

    private final int nodeBudget;
    private long shortened;

    private final List<Frame> frames = new ArrayList<>();
    private final Map<Frame, Integer> frameIds = new HashMap<>();
    /** Node → parent node, frame id and depth; parallel arrays indexed by stack id. */
    private int[] parent = new int[1024];
    private int[] frame = new int[1024];
    private int[] depth = new int[1024];
    private int nodes;
    /** (parent node, frame id) → child node. */
    private final LongIntMap children = new LongIntMap(4096);
    /**
     * 64-bit hash of a whole stack → its node: one lookup instead of one per frame for stacks seen before
     * (every chunk re-sends the stacks it uses). At a million stacks the chance of any collision is ~1e-7.
     */
    private final LongIntMap byHash = new LongIntMap(4096);

    public StackTable() {
        this(DEFAULT_NODE_BUDGET);
    }

    public StackTable(int nodeBudget) {
        this.nodeBudget = nodeBudget;
        addNode(-1, -1, 0); // UNKNOWN
        addNode(-1, -1, 0); // TRUNCATED_ROOT
    }

    /** The id of the frame, registering it if new. */
    public int frameId(Frame f) {
        Integer id = frameIds.get(f);
        if (id != null) {
            return id;
        }
        int newId = frames.size();
        frames.add(f);
        frameIds.put(f, newId);
        return newId;
    }

    /** The id of the stack made of these frame ids, innermost first, registering it if new. */
    public int stackId(int[] frameIdsInnermostFirst, boolean isTruncated) {
        long hash = isTruncated ? 0x6A09E667F3BCC909L : 0x3C6EF372FE94F82BL;
        for (int frameId : frameIdsInnermostFirst) {
            hash = Long.rotateLeft((hash ^ frameId) * 0x9E3779B97F4A7C15L, 29);
        }
        hash ^= frameIdsInnermostFirst.length;
        int cached = byHash.get(hash);
        if (cached != LongIntMap.MISSING) {
            return cached;
        }
        int id = insert(frameIdsInnermostFirst, isTruncated);
        if (depth[id] == frameIdsInnermostFirst.length) { // not shortened: safe to remember
            byHash.put(hash, id);
        }
        return id;
    }

    private int insert(int[] frameIdsInnermostFirst, boolean isTruncated) {
        int node = isTruncated ? TRUNCATED_ROOT : UNKNOWN;
        for (int frameId : frameIdsInnermostFirst) {
            long key = (long) node << 32 | (frameId & 0xffffffffL);
            int known = children.get(key);
            if (known == LongIntMap.MISSING) {
                if (nodes >= nodeBudget) {
                    shortened++;
                    return node; // out of budget: keep the inner frames we know
                }
                known = addNode(node, frameId, depth[node] + 1);
                children.put(key, known);
            }
            node = known;
        }
        return node;
    }

    /** Stacks that lost outer frames because the node budget was spent; a report says so. */
    public long shortenedStacks() {
        return shortened;
    }

    private int addNode(int parentNode, int frameId, int nodeDepth) {
        if (nodes == parent.length) {
            parent = Arrays.copyOf(parent, nodes * 2);
            frame = Arrays.copyOf(frame, nodes * 2);
            depth = Arrays.copyOf(depth, nodes * 2);
        }
        parent[nodes] = parentNode;
        frame[nodes] = frameId;
        depth[nodes] = nodeDepth;
        return nodes++;
    }

    public Frame frame(int frameId) {
        return frames.get(frameId);
    }

    /** Frame ids of the stack, innermost first (a new array). */
    public int[] frameIds(int stackId) {
        int[] ids = new int[depth[stackId]];
        int node = stackId;
        for (int i = ids.length - 1; i >= 0; i--) { // walking to the root goes from the outermost frame in
            ids[i] = frame[node];
            node = parent[node];
        }
        return ids;
    }

    public boolean isTruncated(int stackId) {
        int node = stackId;
        while (parent[node] >= 0) {
            node = parent[node];
        }
        return node == TRUNCATED_ROOT;
    }

    public int depth(int stackId) {
        return depth[stackId];
    }

    /** One past the highest stack id. */
    public int stackCount() {
        return nodes;
    }

    public int frameCount() {
        return frames.size();
    }

    /** The frames of a stack, innermost first. Builds a list: for shown rows only. */
    public List<Frame> frames(int stackId) {
        List<Frame> list = new ArrayList<>(depth[stackId]);
        for (int id : frameIds(stackId)) {
            list.add(frames.get(id));
        }
        return list;
    }
}
