package org.jfrtriage.analyzer.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns frames and stacks into dense int ids, so aggregates are keyed by ints and names are built only for
 * what is shown. Memory grows with distinct frames and stacks, never with events.
 *
 * <p>Stack id {@link #UNKNOWN} is the empty stack: an event without a stack, or whose stack id was missing from
 * its chunk. Not thread-safe: one table per reading thread.
 */
public final class StackTable {

    /** The id of the empty stack, used for events without a resolvable stack. */
    public static final int UNKNOWN = 0;

    private static final int[] NO_FRAMES = new int[0];

    private final List<Frame> frames = new ArrayList<>();
    private final Map<Frame, Integer> frameIds = new HashMap<>();
    private final List<int[]> stacks = new ArrayList<>();
    private final List<Boolean> truncated = new ArrayList<>();
    private final Map<StackKey, Integer> stackIds = new HashMap<>();

    public StackTable() {
        stacks.add(NO_FRAMES);
        truncated.add(Boolean.FALSE);
        stackIds.put(new StackKey(NO_FRAMES, false), UNKNOWN);
    }

    /** The id of the frame, registering it if new. */
    public int frameId(Frame frame) {
        Integer id = frameIds.get(frame);
        if (id != null) {
            return id;
        }
        int newId = frames.size();
        frames.add(frame);
        frameIds.put(frame, newId);
        return newId;
    }

    /**
     * The id of the stack made of these frame ids (innermost first), registering it if new.
     * The array is owned by the table afterwards; callers must not change it.
     */
    public int stackId(int[] frameIdsInnermostFirst, boolean isTruncated) {
        StackKey key = new StackKey(frameIdsInnermostFirst, isTruncated);
        Integer id = stackIds.get(key);
        if (id != null) {
            return id;
        }
        int newId = stacks.size();
        stacks.add(frameIdsInnermostFirst);
        truncated.add(isTruncated);
        stackIds.put(key, newId);
        return newId;
    }

    public Frame frame(int frameId) {
        return frames.get(frameId);
    }

    /** Frame ids of the stack, innermost first. The array must not be modified. */
    public int[] frameIds(int stackId) {
        return stacks.get(stackId);
    }

    public boolean isTruncated(int stackId) {
        return truncated.get(stackId);
    }

    public int depth(int stackId) {
        return stacks.get(stackId).length;
    }

    public int stackCount() {
        return stacks.size();
    }

    public int frameCount() {
        return frames.size();
    }

    /** The frames of a stack, innermost first. Builds a list: for shown rows only. */
    public List<Frame> frames(int stackId) {
        int[] ids = stacks.get(stackId);
        List<Frame> list = new ArrayList<>(ids.length);
        for (int id : ids) {
            list.add(frames.get(id));
        }
        return list;
    }

    private record StackKey(int[] frameIds, boolean truncated) {
        @Override
        public boolean equals(Object o) {
            return o instanceof StackKey other && truncated == other.truncated && Arrays.equals(frameIds, other.frameIds);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(frameIds) * 31 + (truncated ? 1 : 0);
        }
    }
}
