package org.jfrtriage.analyzer.profile;

import java.util.Arrays;

import org.jfrtriage.analyzer.table.LongSort;

/**
 * Spans of time {@code [from, to)}, apart and in time order (a union: touching or overlapping spans were made one),
 * in one primitive array of bounds. A lock holder's holds number in the hundreds of thousands on a long recording:
 * as {@code long[2]} objects they took 40 bytes each and their own header, here 16 bytes each.
 */
public final class SpanUnion {

    /** No span. */
    public static final SpanUnion EMPTY = new SpanUnion(new long[0]);

    /** Span k is {@code [bounds[2k], bounds[2k + 1])}. */
    private final long[] bounds;

    private SpanUnion(long[] bounds) {
        this.bounds = bounds;
    }

    /**
     * The union of the spans {@code [starts[k], ends[k])} for k in [from, to). Sorts the starts and the ends apart,
     * in place (through {@code scratch}, at least {@code to - from} long), and overwrites their first places: a
     * sweep that counts the spans open at each moment finds the same union as sorting the spans, with two primitive
     * sorts.
     */
    static SpanUnion of(long[] starts, long[] ends, int from, int to, long[] scratch) {
        if (to == from) {
            return EMPTY;
        }
        LongSort.sort(starts, from, to, scratch);
        LongSort.sort(ends, from, to, scratch);
        // the c-th span of the union is written at from + c, over a start and an end the sweep has read: it opened
        // at a start after c others, and closes at an end after c others closed
        int count = 0;
        int open = 0;
        long openedAt = 0;
        int j = from;
        for (int i = from; i < to; i++) {
            while (ends[j] < starts[i]) {
                if (--open == 0) {
                    long closedAt = ends[j];
                    starts[from + count] = openedAt;
                    ends[from + count++] = closedAt;
                }
                j++;
            }
            if (open++ == 0) {
                openedAt = starts[i];
            }
        }
        long closedAt = ends[to - 1];
        starts[from + count] = openedAt;
        ends[from + count++] = closedAt;
        long[] bounds = new long[2 * count];
        for (int k = 0; k < count; k++) {
            bounds[2 * k] = starts[from + k];
            bounds[2 * k + 1] = ends[from + k];
        }
        return new SpanUnion(bounds);
    }

    /** Spans given apart and in order, as {@code from, to} pairs (for tests). */
    static SpanUnion ofOrdered(long... bounds) {
        if (bounds.length % 2 != 0) {
            throw new IllegalArgumentException("from, to pairs expected: " + bounds.length + " bounds");
        }
        for (int k = 1; k < bounds.length; k++) {
            if (bounds[k] < bounds[k - 1]) {
                throw new IllegalArgumentException("spans not apart and in order at bound " + k);
            }
        }
        return bounds.length == 0 ? EMPTY : new SpanUnion(bounds.clone());
    }

    /** The number of spans. */
    public int size() {
        return bounds.length / 2;
    }

    public boolean isEmpty() {
        return bounds.length == 0;
    }

    /** Where span k starts. */
    public long from(int k) {
        return bounds[2 * k];
    }

    /** Where span k ends (not in it). */
    public long to(int k) {
        return bounds[2 * k + 1];
    }

    /** The length of all the spans. */
    public long totalNanos() {
        long nanos = 0;
        for (int k = 0; k < bounds.length; k += 2) {
            nanos += bounds[k + 1] - bounds[k];
        }
        return nanos;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpanUnion other && Arrays.equals(bounds, other.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        for (int k = 0; k < size(); k++) {
            s.append(k == 0 ? "" : ", ").append('[').append(from(k)).append(", ").append(to(k)).append(')');
        }
        return s.append(']').toString();
    }
}
