package org.jfrtriage.analyzer.profile;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.jfrtriage.analyzer.table.StackTable;

/**
 * How many threads the JVM had over time ({@code jdk.JavaThreadStatistics}: live, started since the JVM started,
 * peak) and the threads started during the recording ({@code jdk.ThreadStart}, {@code jdk.ThreadEnd}) by the stack
 * that started them. Memory: a few numbers per reading and per thread the recording saw start.
 */
public final class ThreadLifecycle {

    /** One {@code jdk.JavaThreadStatistics} reading. */
    public record Reading(long timeNanos, long active, long accumulated, long peak) {
    }

    /** Threads started at one stack: how many, and how many of them the recording saw end. */
    public record Starts(int stack, int started, int ended) {
        public int alive() {
            return started - ended;
        }
    }

    private Reading[] readings = new Reading[64];
    private int readingCount;
    private boolean sorted = true;
    /** Per thread id: the stack that started it (+1, 0: no start seen), when, and whether it ended. */
    private int[] startStack = new int[0];
    private long[] startTime = new long[0];
    private boolean[] ended = new boolean[0];
    private int starts;
    private int ends;

    void reading(long timeNanos, long active, long accumulated, long peak) {
        if (readingCount == readings.length) {
            readings = Arrays.copyOf(readings, readingCount * 2);
        }
        Reading r = new Reading(timeNanos, active, accumulated, peak);
        sorted &= readingCount == 0 || readings[readingCount - 1].timeNanos() <= timeNanos;
        readings[readingCount++] = r;
    }

    void start(long timeNanos, int thread, int stack) {
        starts++;
        if (thread < 0) {
            return;
        }
        grow(thread);
        startStack[thread] = (stack < 0 ? StackTable.UNKNOWN : stack) + 1;
        startTime[thread] = timeNanos;
    }

    void end(int thread) {
        ends++;
        if (thread < 0) {
            return;
        }
        grow(thread);
        ended[thread] = true;
    }

    private void grow(int thread) {
        if (thread >= startStack.length) {
            int size = Math.max(thread + 1, startStack.length * 2);
            startStack = Arrays.copyOf(startStack, size);
            startTime = Arrays.copyOf(startTime, size);
            ended = Arrays.copyOf(ended, size);
        }
    }

    /** The readings in time order. */
    public Reading[] readings() {
        if (!sorted) {
            Arrays.sort(readings, 0, readingCount, java.util.Comparator.comparingLong(Reading::timeNanos));
            sorted = true;
        }
        return Arrays.copyOf(readings, readingCount);
    }

    /** {@code jdk.ThreadStart} events seen. */
    public int starts() {
        return starts;
    }

    /** {@code jdk.ThreadEnd} events seen. */
    public int ends() {
        return ends;
    }

    /**
     * The threads started at or after {@code sinceNanos}, by the stack that started them ({@code StackTable.UNKNOWN}
     * when the start had no stack), with how many of them ended before the recording did.
     */
    public Map<Integer, Starts> startsSince(long sinceNanos) {
        Map<Integer, int[]> counts = new HashMap<>();
        for (int t = 0; t < startStack.length; t++) {
            if (startStack[t] != 0 && startTime[t] >= sinceNanos) {
                int[] c = counts.computeIfAbsent(startStack[t] - 1, k -> new int[2]);
                c[0]++;
                if (ended[t]) {
                    c[1]++;
                }
            }
        }
        Map<Integer, Starts> result = new HashMap<>();
        counts.forEach((stack, c) -> result.put(stack, new Starts(stack, c[0], c[1])));
        return result;
    }
}
