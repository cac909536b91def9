package org.jfrtriage.analyzer.table;

/**
 * Sorts a {@code long[]} ascending, as {@code Arrays.sort} does, by a least-significant-digit radix sort over the
 * keys' distance from the least: times and times packed with a weight or a position, a million at a time.
 *
 * <p>Why not {@code Arrays.sort}: the rules phase sorts a few such arrays once per run, after the read, and the JIT
 * compiled the JDK's dual-pivot quicksort for them then (C2, several on-stack replacements, ~0.2 s of a core on the
 * 500 MB files) beside the two rule threads on a two-core machine. This is three short loops; a pass of 11 bits
 * (8 for fewer keys) costs two reads and a write per key, and a pass whose digit is the same in every key is skipped, so times an
 * hour apart take four passes, not six.
 */
public final class LongSort {

    /** Bits sorted per pass of many keys: 2,048 counters fit in the first-level cache. */
    private static final int DIGIT_BITS = 11;
    /** Bits sorted per pass of fewer than {@link #MANY} keys, where clearing and summing 2,048 counters would dominate. */
    private static final int FEW_DIGIT_BITS = 8;
    private static final int MANY = 1 << 14;
    /** Below this many keys an insertion sort is cheaper than the passes' counters. */
    private static final int SMALL = 48;

    private LongSort() {
    }

    /** Sorts {@code keys} in ascending (signed) order. */
    public static void sort(long[] keys) {
        int n = keys.length;
        if (n < SMALL) {
            insertionSort(keys);
            return;
        }
        if (isAscending(keys)) {
            return;
        }
        long min = IndexSort.least(keys);
        // the distance from the least fits in 64 bits unsigned, whatever the signs
        long range = IndexSort.greatest(keys) - min;
        int bits = 64 - Long.numberOfLeadingZeros(range);
        long[] from = keys;
        long[] to = new long[n];
        int digitBits = n < MANY ? FEW_DIGIT_BITS : DIGIT_BITS;
        int[] counts = new int[(1 << digitBits) + 1];
        for (int shift = 0; shift < bits; shift += digitBits) {
            if (pass(from, to, counts, min, shift)) {
                long[] t = from;
                from = to;
                to = t;
            }
        }
        if (from != keys) {
            System.arraycopy(from, 0, keys, 0, n);
        }
    }

    /**
     * One stable pass by the digit at {@code shift} of each key's distance from {@code min}, {@code from} into
     * {@code to}; false (nothing written) when every key has the same digit there.
     */
    private static boolean pass(long[] from, long[] to, int[] counts, long min, int shift) {
        java.util.Arrays.fill(counts, 0);
        int digits = counts.length - 1;
        long mask = digits - 1;
        for (long key : from) {
            counts[(int) ((key - min) >>> shift & mask) + 1]++;
        }
        for (int d = 0; d < digits; d++) {
            if (counts[d + 1] == from.length) {
                return false;
            }
            counts[d + 1] += counts[d];
        }
        for (long key : from) {
            to[counts[(int) ((key - min) >>> shift & mask)]++] = key;
        }
        return true;
    }

    private static boolean isAscending(long[] keys) {
        for (int k = 1; k < keys.length; k++) {
            if (keys[k] < keys[k - 1]) {
                return false;
            }
        }
        return true;
    }

    private static void insertionSort(long[] keys) {
        for (int i = 1; i < keys.length; i++) {
            long key = keys[i];
            int j = i - 1;
            while (j >= 0 && keys[j] > key) {
                keys[j + 1] = keys[j];
                j--;
            }
            keys[j + 1] = key;
        }
    }
}
