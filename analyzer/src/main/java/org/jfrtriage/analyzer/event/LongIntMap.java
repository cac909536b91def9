package org.jfrtriage.analyzer.event;

import java.util.Arrays;

/** Open-addressing map from long keys to int values (constant-pool id → index), no boxing. */
public final class LongIntMap {
    public static final int MISSING = Integer.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private boolean[] used;
    private int size;

    public LongIntMap() {
        this(64);
    }

    public LongIntMap(int capacity) {
        int n = Integer.highestOneBit(Math.max(16, capacity * 2 - 1)) << 1;
        keys = new long[n];
        values = new int[n];
        used = new boolean[n];
    }

    public int get(long key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; used[i]; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return MISSING;
    }

    public void put(long key, int value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (used[i]) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = key;
        values[i] = value;
        size++;
    }

    /** Receives each key and value. */
    @FunctionalInterface
    public interface Visitor {
        void visit(long key, int value);
    }

    public void forEach(Visitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                visitor.visit(keys[i], values[i]);
            }
        }
    }

    public int size() {
        return size;
    }

    public void clear() {
        Arrays.fill(used, false);
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
