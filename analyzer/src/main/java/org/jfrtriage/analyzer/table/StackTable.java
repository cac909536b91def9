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
 * <p>A stack is found again by a 64-bit hash of its frames and checked frame by frame. Its frame ids are kept in
 * one shared int pool (4 bytes a frame), cut into {@link #SEGMENT}-frame segments counted from the outermost
 * frame, each segment stored once for every stack that has it, and the innermost remainder (fewer than
 * {@link #SEGMENT} frames) stored with the stack. Deep stacks share their outer frames (a thread's entry, the
 * server's dispatch, the framework around the code): a 4-minute async-profiler recording's 11.7 M frames, ~107 a
 * stack with the native ones, take 1.9 M ids, and JFR's benchmark files a seventh of theirs. Any frame is still two
 * array reads away. Memory grows with distinct
 * stacks × depth, never with events.
 *
 * <p>Memory has a ceiling: past {@link #DEFAULT_FRAME_BUDGET} pooled ids a new stack keeps only its innermost
 * {@link #SHORTENED_DEPTH} frames — where sites, locks and map methods are — and is counted in
 * {@link #shortenedStacks()}, so a recording with millions of distinct deep stacks still analyzes in a small heap.
 *
 * <p>Stack id {@link #UNKNOWN} is the empty stack: an event without a stack, or whose stack id was missing from
 * its chunk. Not thread-safe: one table per reading thread.
 */
public final class StackTable {

    /** The id of the empty stack, used for events without a resolvable stack. */
    public static final int UNKNOWN = 0;
    /** 24 M pooled ids ≈ 96 MB: half a 256 MB heap, the rest is for the profile. */
    public static final int DEFAULT_FRAME_BUDGET = 24_000_000;
    /** Frames a stack keeps once the budget is spent. */
    public static final int SHORTENED_DEPTH = 16;
    /** Frames in a shared segment (a power of two). */
    static final int SEGMENT = 16;
    private static final int SEGMENT_SHIFT = Integer.numberOfTrailingZeros(SEGMENT);

    private final int frameBudget;
    private final List<Frame> frames = new ArrayList<>();
    private final Map<Frame, Integer> frameIds = new HashMap<>();
    /** Heads and segments: frame ids, innermost first within each. */
    private int[] pool = new int[4096];
    private int poolSize;
    /** Per stack from {@link #firstSegment}: where in {@link #pool} its segments start, innermost segment first. */
    private int[] segments = new int[1024];
    private int segmentsSize;
    /** Per stack: its frames; the first {@code depth % SEGMENT} are its head, the rest are in its segments. */
    private int[] depth = new int[1024];
    /** Per stack: where its head starts in {@link #pool}. */
    private int[] head = new int[1024];
    private int[] firstSegment = new int[1024];
    private boolean[] truncated = new boolean[1024];
    private int stacks;
    private final LongIntMap byHash = new LongIntMap(4096);
    /** A segment's frames (by their hash) → where they are in {@link #pool}. */
    private final LongIntMap segmentByHash = new LongIntMap(4096);
    /** Stacks whose hash another, different stack already took (never seen in practice, but never wrong). */
    private final Map<Long, List<Integer>> collisions = new HashMap<>();
    private long shortened;

    public StackTable() {
        this(DEFAULT_FRAME_BUDGET);
    }

    public StackTable(int frameBudget) {
        this.frameBudget = frameBudget;
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
        if ((long) poolSize + segmentsSize + n > frameBudget && n > SHORTENED_DEPTH) {
            n = SHORTENED_DEPTH;
            cut = true;
            shortened++;
        }
        long hash = hash(ids, 0, n, cut);
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

    private static long hash(int[] ids, int from, int n, boolean cut) {
        long h = cut ? 0x6A09E667F3BCC909L : 0x3C6EF372FE94F82BL;
        for (int i = from; i < from + n; i++) {
            h = Long.rotateLeft((h ^ ids[i]) * 0x9E3779B97F4A7C15L, 29);
        }
        return h ^ n;
    }

    private boolean same(int stack, int[] ids, int n, boolean cut) {
        if (truncated[stack] != cut || depth[stack] != n) {
            return false;
        }
        int h = n & (SEGMENT - 1);
        if (!Arrays.equals(pool, head[stack], head[stack] + h, ids, 0, h)) {
            return false;
        }
        for (int g = 0, from = h; from < n; g++, from += SEGMENT) {
            int at = segments[firstSegment[stack] + g];
            if (!Arrays.equals(pool, at, at + SEGMENT, ids, from, from + SEGMENT)) {
                return false;
            }
        }
        return true;
    }

    private int add(int[] ids, int n, boolean cut) {
        if (stacks + 1 >= depth.length) {
            int length = depth.length * 2;
            depth = Arrays.copyOf(depth, length);
            head = Arrays.copyOf(head, length);
            firstSegment = Arrays.copyOf(firstSegment, length);
            truncated = Arrays.copyOf(truncated, length);
        }
        int h = n & (SEGMENT - 1);
        int count = n >>> SEGMENT_SHIFT;
        if (segmentsSize + count > segments.length) {
            segments = Arrays.copyOf(segments, Math.max(segmentsSize + count, 2 * segments.length));
        }
        int id = stacks++;
        depth[id] = n;
        truncated[id] = cut;
        head[id] = append(ids, 0, h);
        firstSegment[id] = segmentsSize;
        for (int from = h; from < n; from += SEGMENT) {
            segments[segmentsSize++] = segment(ids, from);
        }
        return id;
    }

    /** Where the {@link #SEGMENT} frames from {@code ids[from]} are in the pool: found, or added. */
    private int segment(int[] ids, int from) {
        long hash = hash(ids, from, SEGMENT, false);
        int known = segmentByHash.get(hash);
        if (known != LongIntMap.MISSING && Arrays.equals(pool, known, known + SEGMENT, ids, from, from + SEGMENT)) {
            return known;
        }
        int at = append(ids, from, SEGMENT);
        if (known == LongIntMap.MISSING) {
            segmentByHash.put(hash, at); // a segment whose hash another took is kept apart, unshared
        }
        return at;
    }

    /** Copies {@code n} ids from {@code ids[from]} to the end of the pool; where they start. */
    private int append(int[] ids, int from, int n) {
        if (poolSize + n > pool.length) {
            pool = Arrays.copyOf(pool, grown(pool.length, poolSize + n, frameBudget));
        }
        int at = poolSize;
        System.arraycopy(ids, from, pool, at, n);
        poolSize += n;
        return at;
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

    /** Ids held for the stacks' frames: heads, segments and the stacks' lists of segments. */
    long pooledIds() {
        return (long) poolSize + segmentsSize;
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
        int n = depth[stackId];
        int[] ids = new int[n];
        int h = n & (SEGMENT - 1);
        System.arraycopy(pool, head[stackId], ids, 0, h);
        for (int g = 0, from = h; from < n; g++, from += SEGMENT) {
            System.arraycopy(pool, segments[firstSegment[stackId] + g], ids, from, SEGMENT);
        }
        return ids;
    }

    /** The frame id at {@code index} of the stack, innermost first (0 is the innermost frame); no copy. */
    public int frameId(int stackId, int index) {
        int h = depth[stackId] & (SEGMENT - 1);
        if (index < h) {
            return pool[head[stackId] + index];
        }
        int k = index - h;
        return pool[segments[firstSegment[stackId] + (k >>> SEGMENT_SHIFT)] + (k & (SEGMENT - 1))];
    }

    public boolean isTruncated(int stackId) {
        return truncated[stackId];
    }

    public int depth(int stackId) {
        return depth[stackId];
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
        for (int id : frameIds(stackId)) {
            list.add(frames.get(id));
        }
        return list;
    }
}
