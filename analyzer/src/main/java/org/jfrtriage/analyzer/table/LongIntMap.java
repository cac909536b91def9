package org.jfrtriage.analyzer.table;

import java.util.Arrays;

/**
 * Open-addressing map from long keys to int values (constant-pool id → index), no boxing. A free slot holds
 * {@link #FREE}, so a lookup touches one key array and, on a hit, one value array; the key {@code FREE} itself
 * is kept beside the table.
 */
public final class LongIntMap {
    public static final int MISSING = Integer.MIN_VALUE;
    /** Marks a free slot; never a constant-pool id in a sound file, but a key like any other here. */
    private static final long FREE = Long.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private int size;
    private boolean hasFreeKey;
    private int freeKeyValue;

    public LongIntMap() {
        this(64);
    }

    public LongIntMap(int capacity) {
        int n = Integer.highestOneBit(Math.max(16, capacity * 2 - 1)) << 1;
        keys = new long[n];
        Arrays.fill(keys, FREE);
        values = new int[n];
    }

    public int get(long key) {
        if (key == FREE) {
            return hasFreeKey ? freeKeyValue : MISSING;
        }
        long[] k = keys;
        int mask = k.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            long found = k[i];
            if (found == key) {
                return values[i];
            }
            if (found == FREE) {
                return MISSING;
            }
        }
    }

    public void put(long key, int value) {
        if (key == FREE) {
            if (!hasFreeKey) {
                hasFreeKey = true;
                size++;
            }
            freeKeyValue = value;
            return;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (keys[i] != FREE) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
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
        if (hasFreeKey) {
            visitor.visit(FREE, freeKeyValue);
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != FREE) {
                visitor.visit(keys[i], values[i]);
            }
        }
    }

    public int size() {
        return size;
    }

    public void clear() {
        Arrays.fill(keys, FREE);
        hasFreeKey = false;
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, FREE);
        values = new int[oldKeys.length * 2];
        size = hasFreeKey ? 1 : 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
