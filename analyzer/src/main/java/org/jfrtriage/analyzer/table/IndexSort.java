package org.jfrtriage.analyzer.table;

import java.util.Arrays;

/**
 * Stable sorts of int indices by an order over what they index (intervals, waits, times): a bottom-up merge sort on
 * ints, so a million of them sort without boxing one.
 */
public final class IndexSort {

    /** An order of indices. */
    @FunctionalInterface
    public interface Order {
        int compare(int i, int j);
    }

    private IndexSort() {
    }

    /** Sorts {@code indices[from, to)} by {@code order}, stably (equal indices keep their order). */
    public static void sort(int[] indices, int from, int to, Order order) {
        int size = to - from;
        if (size < 2) {
            return;
        }
        int[] a = java.util.Arrays.copyOfRange(indices, from, to);
        int[] b = new int[size];
        for (int width = 1; width < size; width *= 2) {
            for (int lo = 0; lo < size; lo += 2 * width) {
                int mid = Math.min(lo + width, size);
                int hi = Math.min(lo + 2 * width, size);
                int l = lo;
                int r = mid;
                for (int k = lo; k < hi; k++) {
                    b[k] = r >= hi || (l < mid && order.compare(a[l], a[r]) <= 0) ? a[l++] : a[r++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        System.arraycopy(a, 0, indices, from, size);
    }

    /**
     * Sorts {@code indices[from, to)} stably by {@code key}: nothing to do when they are in order already (a
     * thread's waits mostly are), else one primitive sort of (key above the least, position) packed in a long, or a
     * merge sort where they do not fit in one.
     */
    public static void sortByKey(int[] indices, int from, int to, java.util.function.IntToLongFunction key) {
        long[] keys = new long[to - from];
        for (int k = from; k < to; k++) {
            keys[k - from] = key.applyAsLong(indices[k]);
        }
        sortByKey(indices, from, to, keys);
    }

    /**
     * As {@link #sortByKey(int[], int, int, java.util.function.IntToLongFunction)} with the keys given:
     * {@code keys[k]} is the key of {@code indices[from + k]}. The callers' keys come from different tables; read
     * from one array, the loops here see one type, so the JIT compiles them once rather than again for each caller
     * (a function per caller made its call site megamorphic and the compiled sort trap).
     */
    public static void sortByKey(int[] indices, int from, int to, long[] keys) {
        int size = to - from;
        if (isOrdered(keys)) {
            return;
        }
        int positionBits = 32 - Integer.numberOfLeadingZeros(size - 1);
        long min = least(keys);
        long range = greatest(keys) - min;
        if (range >= 0 && range < (1L << (63 - positionBits))) {
            long[] packed = withPositions(keys, min, positionBits);
            LongSort.sort(packed);
            reorder(indices, from, packed, positionBits);
        } else {
            int[] positions = new int[size];
            for (int k = 0; k < size; k++) {
                positions[k] = k;
            }
            sort(positions, 0, size, (i, j) -> Long.compare(keys[i], keys[j]));
            int[] run = Arrays.copyOfRange(indices, from, to);
            for (int k = 0; k < size; k++) {
                indices[from + k] = run[positions[k]];
            }
        }
    }

    /** Each key above {@code min}, with its position in the low {@code positionBits}. */
    private static long[] withPositions(long[] keys, long min, int positionBits) {
        long[] packed = new long[keys.length];
        for (int k = 0; k < keys.length; k++) {
            packed[k] = (keys[k] - min) << positionBits | k;
        }
        return packed;
    }

    /** {@code indices[from, …)} put in the order of the positions under the sorted {@code packed} keys. */
    private static void reorder(int[] indices, int from, long[] packed, int positionBits) {
        int[] run = Arrays.copyOfRange(indices, from, from + packed.length);
        long mask = (1L << positionBits) - 1;
        for (int k = 0; k < packed.length; k++) {
            indices[from + k] = run[(int) (packed[k] & mask)];
        }
    }

    private static boolean isOrdered(long[] keys) {
        for (int k = 1; k < keys.length; k++) {
            if (keys[k] < keys[k - 1]) {
                return false;
            }
        }
        return true;
    }

    /** The least of {@code keys} ({@code Long.MAX_VALUE} if none): a loop of its own, for the JIT. */
    public static long least(long[] keys) {
        long min = Long.MAX_VALUE;
        for (long v : keys) {
            min = Math.min(min, v);
        }
        return min;
    }

    /** The greatest of {@code keys} ({@code Long.MIN_VALUE} if none). */
    public static long greatest(long[] keys) {
        long max = Long.MIN_VALUE;
        for (long v : keys) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** The indices 0 … keys.length - 1 in ascending order of their key, stably. */
    public static int[] byKey(long[] keys) {
        int[] indices = new int[keys.length];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        sort(indices, 0, indices.length, (i, j) -> Long.compare(keys[i], keys[j]));
        return indices;
    }
}
