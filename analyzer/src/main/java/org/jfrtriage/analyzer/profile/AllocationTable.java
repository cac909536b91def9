package org.jfrtriage.analyzer.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Allocated bytes by (stack, class): one row per distinct pair, however many samples it stood for. */
public final class AllocationTable {

    /** One row: bytes and samples of {@code objectClass} allocated at {@code stack}. */
    public static final class Row {
        private final int stack;
        private final String objectClass;
        private long bytes;
        private long samples;
        private long largestObjectBytes = -1;

        Row(int stack, String objectClass) {
            this.stack = stack;
            this.objectClass = objectClass;
        }

        public int stack() {
            return stack;
        }

        public String objectClass() {
            return objectClass;
        }

        public long bytes() {
            return bytes;
        }

        public long samples() {
            return samples;
        }

        /** Largest single object seen (TLAB events record object sizes; -1 when only weights are known). */
        public long largestObjectBytes() {
            return largestObjectBytes;
        }
    }

    private record Key(int stack, String objectClass) {
    }

    private final Map<Key, Row> rows = new HashMap<>();
    private long totalBytes;
    private long totalSamples;

    void add(int stack, String objectClass, long bytes, long objectBytes) {
        Row row = rows.computeIfAbsent(new Key(stack, objectClass), k -> new Row(k.stack, k.objectClass));
        row.bytes += bytes;
        row.samples++;
        row.largestObjectBytes = Math.max(row.largestObjectBytes, objectBytes);
        totalBytes += bytes;
        totalSamples++;
    }

    public List<Row> rows() {
        return Collections.unmodifiableList(new ArrayList<>(rows.values()));
    }

    public long totalBytes() {
        return totalBytes;
    }

    public long totalSamples() {
        return totalSamples;
    }
}
