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
    /**
     * The first index in {@code sorted[from, to)} (ascending) whose value is at least {@code value}; {@code to} when
     * none is: the lower bound the profile's searches over start times and running ends share.
     */
    public static int firstAtLeast(long[] sorted, int from, int to, long value) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public static void sort(long[] keys) {
        sort(keys, 0, keys.length, null);
    }

    /**
     * Sorts {@code keys[from, to)} in ascending (signed) order, the passes writing into {@code scratch} (at least
     * {@code to - from} long; null: one is made when needed). Callers sorting many ranges, or two arrays of the same
     * length, pass one scratch to all: the rules phase made one per sort, ~30 MB on the park-heavy file.
     */
    public static void sort(long[] keys, int from, int to, long[] scratch) {
        int n = to - from;
        if (n < SMALL) {
            insertionSort(keys, from, to);
            return;
        }
        if (isAscending(keys, from, to)) {
            return;
        }
        // a whole array through the methods every other caller uses (already compiled by now)
        boolean whole = from == 0 && to == keys.length;
        long min = whole ? IndexSort.least(keys) : least(keys, from, to);
        long max = whole ? IndexSort.greatest(keys) : greatest(keys, from, to);
        // the distance from the least fits in 64 bits unsigned, whatever the signs
        long range = max - min;
        int bits = 64 - Long.numberOfLeadingZeros(range);
        long[] other = scratch != null && scratch.length >= n ? scratch : new long[n];
        long[] src = keys;
        int srcFrom = from;
        long[] dst = other;
        int dstFrom = 0;
        int digitBits = n < MANY ? FEW_DIGIT_BITS : DIGIT_BITS;
        int[] counts = new int[(1 << digitBits) + 1];
        for (int shift = 0; shift < bits; shift += digitBits) {
            if (pass(src, srcFrom, dst, dstFrom, n, counts, min, shift)) {
                long[] t = src;
                src = dst;
                dst = t;
                int f = srcFrom;
                srcFrom = dstFrom;
                dstFrom = f;
            }
        }
        if (src != keys) {
            System.arraycopy(src, srcFrom, keys, from, n);
        }
    }

    /**
     * One stable pass by the digit at {@code shift} of each key's distance from {@code min}, {@code n} keys of
     * {@code src} from {@code srcFrom} into {@code dst} from {@code dstFrom}; false (nothing written) when every key
     * has the same digit there.
     */
    private static boolean pass(long[] src, int srcFrom, long[] dst, int dstFrom, int n, int[] counts, long min,
                                int shift) {
        java.util.Arrays.fill(counts, 0);
        int digits = counts.length - 1;
        long mask = digits - 1;
        int srcTo = srcFrom + n;
        for (int k = srcFrom; k < srcTo; k++) {
            counts[(int) ((src[k] - min) >>> shift & mask) + 1]++;
        }
        for (int d = 0; d < digits; d++) {
            if (counts[d + 1] == n) {
                return false;
            }
            counts[d + 1] += counts[d];
        }
        for (int k = srcFrom; k < srcTo; k++) {
            long key = src[k];
            dst[dstFrom + counts[(int) ((key - min) >>> shift & mask)]++] = key;
        }
        return true;
    }

    /** The least of {@code keys[from, to)}: a loop of its own, for the JIT. */
    private static long least(long[] keys, int from, int to) {
        long min = Long.MAX_VALUE;
        for (int k = from; k < to; k++) {
            min = Math.min(min, keys[k]);
        }
        return min;
    }

    /** The greatest of {@code keys[from, to)}. */
    private static long greatest(long[] keys, int from, int to) {
        long max = Long.MIN_VALUE;
        for (int k = from; k < to; k++) {
            max = Math.max(max, keys[k]);
        }
        return max;
    }

    private static boolean isAscending(long[] keys, int from, int to) {
        for (int k = from + 1; k < to; k++) {
            if (keys[k] < keys[k - 1]) {
                return false;
            }
        }
        return true;
    }

    private static void insertionSort(long[] keys, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            long key = keys[i];
            int j = i - 1;
            while (j >= from && keys[j] > key) {
                keys[j + 1] = keys[j];
                j--;
            }
            keys[j + 1] = key;
        }
    }
}
