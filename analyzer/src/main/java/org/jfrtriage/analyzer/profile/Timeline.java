package org.jfrtriage.analyzer.profile;

import java.util.Arrays;

/**
 * Per-second series over the recording: what the timeline chart draws and what rules correlate. Bounded by the
 * recording's duration (a day is 86,400 buckets), not by its events.
 */
public final class Timeline {

    /** The series, one value per second. */
    public enum Series {
        /** CPU samples taken in the second. */
        CPU_SAMPLES,
        /** Nanoseconds threads spent blocked on locks (monitors and j.u.c. locks) in the second. */
        LOCK_NANOS,
        /** Nanoseconds threads spent waiting for another party (not idle) in the second. */
        WAIT_NANOS,
        /** Nanoseconds of GC pauses that started in the second. */
        GC_PAUSE_NANOS,
        /** Bytes allocated (by the allocation source in use) in the second. */
        ALLOCATED_BYTES
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Events further than this from the recording start are clamped: a bad timestamp must not size an array. */
    private static final int MAX_SECONDS = 7 * 24 * 3600;

    private final long startNanos;
    private final long[][] values = new long[Series.values().length][];
    private int seconds;
    /**
     * The second the last interval spread over began in, and its bounds [start, end) (empty until then): an
     * interval inside it is added to it without finding its second again. Never the first or the last second,
     * where {@link #secondOf} clamps.
     */
    private int lastSecond;
    private long lastSecondStart = Long.MAX_VALUE;
    private long lastSecondEnd = Long.MIN_VALUE;

    Timeline(long startNanos) {
        this.startNanos = startNanos;
        for (int i = 0; i < values.length; i++) {
            values[i] = new long[64];
        }
    }

    public long startNanos() {
        return startNanos;
    }

    /** Number of seconds with data. */
    public int seconds() {
        return seconds;
    }

    public long value(Series series, int second) {
        return second < seconds ? values[series.ordinal()][second] : 0;
    }

    public long[] series(Series series) {
        return Arrays.copyOf(values[series.ordinal()], seconds);
    }

    void add(Series series, long timeNanos, long value) {
        int second = secondOf(timeNanos);
        ensure(second);
        values[series.ordinal()][second] += value;
    }

    /** Spreads an interval's nanoseconds over the seconds it covers. */
    void addInterval(Series series, long startNanos, long endNanos) {
        if (startNanos >= lastSecondStart && endNanos <= lastSecondEnd && startNanos < endNanos) {
            // within the second the previous interval started in (most waits are far shorter than a second and
            // arrive in time order): no division, and that second's column has room already
            values[series.ordinal()][lastSecond] += endNanos - startNanos;
            return;
        }
        long t = startNanos;
        if (t < endNanos) {
            int second = secondOf(t);
            if (second > 0 && second < MAX_SECONDS - 1) {
                ensure(second);
                lastSecond = second;
                lastSecondStart = this.startNanos + second * NANOS_PER_SECOND;
                lastSecondEnd = lastSecondStart + NANOS_PER_SECOND;
            }
        }
        while (t < endNanos) {
            int second = secondOf(t);
            long secondEnd = this.startNanos + (second + 1) * NANOS_PER_SECOND;
            long until = Math.min(endNanos, Math.max(secondEnd, t + 1));
            ensure(second);
            values[series.ordinal()][second] += until - t;
            if (second == MAX_SECONDS - 1) {
                break;
            }
            t = until;
        }
    }

    /** Takes {@code series} from another timeline with the same start (the allocation source chosen last). */
    void replaceSeries(Series series, Timeline other) {
        other.ensure(Math.max(0, seconds - 1));
        ensure(Math.max(0, other.seconds - 1));
        values[series.ordinal()] = Arrays.copyOf(other.values[series.ordinal()], values[0].length);
    }

    private int secondOf(long timeNanos) {
        long second = (timeNanos - startNanos) / NANOS_PER_SECOND;
        return (int) Math.max(0, Math.min(MAX_SECONDS - 1, second));
    }

    private void ensure(int second) {
        if (second >= values[0].length) {
            int grown = Math.max(second + 1, values[0].length * 2);
            for (int i = 0; i < values.length; i++) {
                values[i] = Arrays.copyOf(values[i], grown);
            }
        }
        seconds = Math.max(seconds, second + 1);
    }
}
