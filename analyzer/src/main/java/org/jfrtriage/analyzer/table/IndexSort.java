package org.jfrtriage.analyzer.table;

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
