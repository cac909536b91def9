package org.jfrtriage.analyzer.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns frames and stacks into dense int ids, so aggregates are keyed by ints and names are built only for
 * what is shown.
 *
 * <p>A stack is stored once, as its frame ids in one shared int pool (4 bytes a frame), found again by a 64-bit
 * hash of its frames and checked frame by frame. Memory grows with distinct stacks × depth, never with events.
 *
 * <p>Memory has a ceiling: past {@link #DEFAULT_FRAME_BUDGET} pooled frames a new stack keeps only its innermost
 * {@link #SHORTENED_DEPTH} frames — where sites, locks and map methods are — and is counted in
 * {@link #shortenedStacks()}, so a recording with millions of distinct deep stacks still analyzes in a small heap.
 *
 * <p>Stack id {@link #UNKNOWN} is the empty stack: an event without a stack, or whose stack id was missing from
 * its chunk. Not thread-safe: one table per reading thread.
 */
public final class StackTable {

    /** The id of the empty stack, used for events without a resolvable stack. */
    public static final int UNKNOWN = 0;
    /** 24 M frame ids ≈ 96 MB: half a 256 MB heap, the rest is for the profile. */
    public static final int DEFAULT_FRAME_BUDGET = 24_000_000;
    /** Frames a stack keeps once the budget is spent. */
    public static final int SHORTENED_DEPTH = 16;

    private final int frameBudget;
    private final List<Frame> frames = new ArrayList<>();
    private final Map<Frame, Integer> frameIds = new HashMap<>();
    private int[] pool = new int[4096];
    private int poolSize;
    /** Stack → start in {@link #pool}; stack s spans [start[s], start[s + 1]). */
    private int[] start = new int[1024];
    private boolean[] truncated = new boolean[1024];
    private int stacks;
    private final LongIntMap byHash = new LongIntMap(4096);
    /** Stacks whose hash another, different stack already took (never seen in practice, but never wrong). */
    private final Map<Long, List<Integer>> collisions = new HashMap<>();
    private long shortened;

    public StackTable() {
        this(DEFAULT_FRAME_BUDGET);
    }

    public StackTable(int frameBudget) {
        this.frameBudget = frameBudget;
        start[0] = 0;
        start[1] = 0;
        stacks = 1; // UNKNOWN: no frames
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
        return stackId(frameIdsInnermostFirst, frameIdsInnermostFirst.length, isTruncated);
    }

    /**
     * The id of the stack made of the first {@code length} frame ids of {@code frameIdsInnermostFirst}, registering
     * it if new (the array is copied, so a reader may reuse it for its next stack).
     */
    public int stackId(int[] frameIdsInnermostFirst, int length, boolean isTruncated) {
        int[] ids = frameIdsInnermostFirst;
        int n = length;
        boolean cut = isTruncated;
        if (poolSize + n > frameBudget && n > SHORTENED_DEPTH) {
            n = SHORTENED_DEPTH;
            cut = true;
            shortened++;
        }
        long hash = hash(ids, n, cut);
        int known = byHash.get(hash);
        if (known != LongIntMap.MISSING) {
            if (same(known, ids, n, cut)) {
                return known;
            }
            for (int other : collisions.getOrDefault(hash, List.of())) {
                if (same(other, ids, n, cut)) {
                    return other;
                }
            }
            int id = add(ids, n, cut);
            collisions.computeIfAbsent(hash, h -> new ArrayList<>()).add(id);
            return id;
        }
        int id = add(ids, n, cut);
        byHash.put(hash, id);
        return id;
    }

    private static long hash(int[] ids, int n, boolean cut) {
        long h = cut ? 0x6A09E667F3BCC909L : 0x3C6EF372FE94F82BL;
        for (int i = 0; i < n; i++) {
            h = Long.rotateLeft((h ^ ids[i]) * 0x9E3779B97F4A7C15L, 29);
        }
        return h ^ n;
    }

    private boolean same(int stack, int[] ids, int n, boolean cut) {
        int from = start[stack];
        if (truncated[stack] != cut || start[stack + 1] - from != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (pool[from + i] != ids[i]) {
                return false;
            }
        }
        return true;
    }

    private int add(int[] ids, int n, boolean cut) {
        if (poolSize + n > pool.length) {
            pool = Arrays.copyOf(pool, grown(pool.length, poolSize + n, frameBudget));
        }
        System.arraycopy(ids, 0, pool, poolSize, n);
        poolSize += n;
        if (stacks + 1 >= start.length) {
            start = Arrays.copyOf(start, start.length * 2);
            truncated = Arrays.copyOf(truncated, truncated.length * 2);
        }
        int id = stacks++;
        truncated[id] = cut;
        start[stacks] = poolSize;
        return id;
    }

    /**
     * The pool's next length: doubled while small, then half as long again, and never past the budget before the
     * budget is reached. A pool is copied as it grows, old and new side by side: doubled from 16 M ids (64 MB) a
     * pool of 17 M would hold 192 MB during the copy and 128 MB after it, in a 256 MB heap (an async-profiler
     * recording of 140 MB, 9 M pooled frames, ran out of memory so).
     */
    static int grown(int length, int needed, int budget) {
        long next = length < (1 << 20) ? 2L * length : (long) length + (length >> 1);
        if (needed <= budget) {
            next = Math.min(next, budget);
        }
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, next));
    }

    /** Stacks that kept only their innermost frames because the frame budget was spent; a report says so. */
    public long shortenedStacks() {
        return shortened;
    }

    public Frame frame(int frameId) {
        return frames.get(frameId);
    }

    /** Frame ids of the stack, innermost first (a new array). */
    public int[] frameIds(int stackId) {
        return Arrays.copyOfRange(pool, start[stackId], start[stackId + 1]);
    }

    /** The frame id at {@code index} of the stack, innermost first (0 is the innermost frame); no copy. */
    public int frameId(int stackId, int index) {
        return pool[start[stackId] + index];
    }

    public boolean isTruncated(int stackId) {
        return truncated[stackId];
    }

    public int depth(int stackId) {
        return start[stackId + 1] - start[stackId];
    }

    /** One past the highest stack id. */
    public int stackCount() {
        return stacks;
    }

    public int frameCount() {
        return frames.size();
    }

    /** The frames of a stack, innermost first. Builds a list: for shown rows only. */
    public List<Frame> frames(int stackId) {
        List<Frame> list = new ArrayList<>(depth(stackId));
        for (int i = start[stackId]; i < start[stackId + 1]; i++) {
            list.add(frames.get(pool[i]));
        }
        return list;
    }
}
