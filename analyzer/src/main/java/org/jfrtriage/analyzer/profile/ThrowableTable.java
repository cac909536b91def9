package org.jfrtriage.analyzer.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Throwables created, by (class, stack), from {@code jdk.JavaExceptionThrow} / {@code jdk.JavaErrorThrow}, and the
 * JVM's own count of every throwable from {@code jdk.ExceptionStatistics}. Rows are bounded by distinct stacks; the
 * first message of each row is kept (messages carry ids and would make rows unbounded).
 */
public final class ThrowableTable {

    /** A message is kept up to this many characters: enough to tell a HashMap$TreeNode cast. */
    static final int MESSAGE_CHAR_LIMIT = 300;

    /** Throwables of one class created at one stack. */
    public static final class Row {
        private final String throwableClass;
        private final int stack;
        private final String message;
        private long count;
        private final java.util.BitSet threads = new java.util.BitSet();

        Row(String throwableClass, int stack, String message) {
            this.throwableClass = throwableClass;
            this.stack = stack;
            this.message = message;
        }

        public String throwableClass() {
            return throwableClass;
        }

        public int stack() {
            return stack;
        }

        /** The first message seen for this row (cut to {@value #MESSAGE_CHAR_LIMIT} characters), or empty. */
        public String message() {
            return message;
        }

        public long count() {
            return count;
        }

        public int threadCount() {
            return threads.cardinality();
        }
    }

    private final Map<String, Map<Integer, Row>> rows = new HashMap<>();
    private final List<Row> order = new ArrayList<>();
    private long total;
    private long statisticsFirst = -1;
    private long statisticsLast = -1;
    private long statisticsFirstNanos;
    private long statisticsLastNanos;
    private int statisticsReadings;

    void add(String throwableClass, int stack, int thread, String message) {
        Row row = rows.computeIfAbsent(throwableClass, k -> new HashMap<>()).get(stack);
        if (row == null) {
            String kept = message == null ? "" : message.length() > MESSAGE_CHAR_LIMIT ? message.substring(0, MESSAGE_CHAR_LIMIT) : message;
            row = new Row(throwableClass, stack, kept);
            rows.get(throwableClass).put(stack, row);
            order.add(row);
        }
        row.count++;
        if (thread >= 0) {
            row.threads.set(thread);
        }
        total++;
    }

    /** A jdk.ExceptionStatistics reading: a counter since JVM start, so the readings' difference is what the span created. */
    void statistics(long timeNanos, long throwablesSinceStart) {
        if (statisticsReadings == 0 || timeNanos < statisticsFirstNanos) {
            statisticsFirst = throwablesSinceStart;
            statisticsFirstNanos = timeNanos;
        }
        if (statisticsReadings == 0 || timeNanos >= statisticsLastNanos) {
            statisticsLast = throwablesSinceStart;
            statisticsLastNanos = timeNanos;
        }
        statisticsReadings++;
    }

    /** Rows in the order they were first seen. */
    public List<Row> rows() {
        return List.copyOf(order);
    }

    /** Throwables recorded as events. */
    public long recorded() {
        return total;
    }

    public int statisticsReadings() {
        return statisticsReadings;
    }

    /** Throwables the JVM created between the first and the last jdk.ExceptionStatistics reading (0 with fewer than two). */
    public long countedBetweenReadings() {
        return statisticsReadings < 2 ? 0 : Math.max(0, statisticsLast - statisticsFirst);
    }

    /** The span between the first and the last jdk.ExceptionStatistics reading. */
    public long statisticsSpanNanos() {
        return statisticsReadings < 2 ? 0 : statisticsLastNanos - statisticsFirstNanos;
    }
}
