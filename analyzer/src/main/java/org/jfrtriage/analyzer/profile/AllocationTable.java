package org.jfrtriage.analyzer.profile;

import java.util.ArrayList;
import java.util.Arrays;
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
    /**
     * The row each stack's latest sample went to: a stack mostly allocates one class, so most samples find their row
     * here with one array load instead of the class and row maps.
     */
    private Row[] rowByStack = new Row[1024];
    private long totalBytes;
    private long totalSamples;

    void add(int stack, String objectClass, long bytes, long objectBytes) {
        Row row = stack >= 0 && stack < rowByStack.length ? rowByStack[stack] : null;
        if (row == null || !row.objectClass.equals(objectClass)) {
            row = row(stack, objectClass);
            if (stack >= 0) {
                if (stack >= rowByStack.length) {
                    rowByStack = Arrays.copyOf(rowByStack, Math.max(stack + 1, 2 * rowByStack.length));
                }
                rowByStack[stack] = row;
            }
        }
        row.bytes += bytes;
        row.samples++;
        row.largestObjectBytes = Math.max(row.largestObjectBytes, objectBytes);
        totalBytes += bytes;
        totalSamples++;
    }

    /** The row of (stack, class), made on its first sample. */
    private Row row(int stack, String objectClass) {
        Integer classId = classIds.get(objectClass);
        if (classId == null) {
            classId = classIds.size();
            classIds.put(objectClass, classId);
        }
        long key = (long) stack << 32 | classId;
        int index = rowIndex.get(key);
        if (index != org.jfrtriage.analyzer.table.LongIntMap.MISSING) {
            return rows.get(index);
        }
        Row row = new Row(stack, objectClass);
        rowIndex.put(key, rows.size());
        rows.add(row);
        return row;
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
