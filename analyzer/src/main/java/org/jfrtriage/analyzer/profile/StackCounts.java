package org.jfrtriage.analyzer.profile;

import java.util.Arrays;

/** A count (samples, nanoseconds, bytes) per stack id, in one primitive array. */
public final class StackCounts {
    private long[] values = new long[256];
    private long total;

    void add(int stack, long value) {
        if (stack >= values.length) {
            values = Arrays.copyOf(values, Math.max(stack + 1, values.length * 2));
        }
        values[stack] += value;
        total += value;
    }

    public long get(int stack) {
        return stack < values.length ? values[stack] : 0;
    }

    public long total() {
        return total;
    }

    /** One past the highest stack id that may have a value. */
    public int limit() {
        return values.length;
    }
}
