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
        int size = to - from;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean ordered = true;
        long previous = Long.MIN_VALUE;
        for (int k = from; k < to; k++) {
            long v = key.applyAsLong(indices[k]);
            ordered &= v >= previous;
            previous = v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (ordered) {
            return;
        }
        int positionBits = 32 - Integer.numberOfLeadingZeros(size - 1);
        long range = max - min;
        if (range >= 0 && range < (1L << (63 - positionBits))) {
            long[] packed = new long[size];
            for (int k = 0; k < size; k++) {
                packed[k] = (key.applyAsLong(indices[from + k]) - min) << positionBits | k;
            }
            Arrays.sort(packed);
            int[] run = Arrays.copyOfRange(indices, from, to);
            long mask = (1L << positionBits) - 1;
            for (int k = 0; k < size; k++) {
                indices[from + k] = run[(int) (packed[k] & mask)];
            }
        } else {
            sort(indices, from, to, (i, j) -> Long.compare(key.applyAsLong(i), key.applyAsLong(j)));
        }
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
