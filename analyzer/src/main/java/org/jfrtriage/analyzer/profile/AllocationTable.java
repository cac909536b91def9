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

    /** Rows by (stack id, class id) packed into one long; class names interned to ids once. */
    private final org.jfrtriage.analyzer.table.LongIntMap rowIndex = new org.jfrtriage.analyzer.table.LongIntMap(1024);
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Integer> classIds = new HashMap<>();
    private long totalBytes;
    private long totalSamples;

    void add(int stack, String objectClass, long bytes, long objectBytes) {
        Integer classId = classIds.get(objectClass);
        if (classId == null) {
            classId = classIds.size();
            classIds.put(objectClass, classId);
        }
        long key = (long) stack << 32 | classId;
        int index = rowIndex.get(key);
        Row row;
        if (index == org.jfrtriage.analyzer.table.LongIntMap.MISSING) {
            row = new Row(stack, objectClass);
            rowIndex.put(key, rows.size());
            rows.add(row);
        } else {
            row = rows.get(index);
        }
        row.bytes += bytes;
        row.samples++;
        row.largestObjectBytes = Math.max(row.largestObjectBytes, objectBytes);
        totalBytes += bytes;
        totalSamples++;
    }

    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    public long totalBytes() {
        return totalBytes;
    }

    public long totalSamples() {
        return totalSamples;
    }
}
