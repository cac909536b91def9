package org.jfrtriage.analyzer.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The radix sort orders as {@code Arrays.sort} does, at every size and over any range of values. */
class LongSortTest {

    private static void sortsAsTheJdkDoes(long[] keys) {
        long[] expected = keys.clone();
        Arrays.sort(expected);
        long[] sorted = keys.clone();
        LongSort.sort(sorted);
        assertThat(sorted).containsExactly(expected);
        sortsARangeAsTheJdkDoes(keys);
    }

    /** The same keys as a range in the middle of a larger array, through a shared scratch: the rest untouched. */
    private static void sortsARangeAsTheJdkDoes(long[] keys) {
        int before = 5;
        long[] whole = new long[before + keys.length + 3];
        Arrays.fill(whole, -99);
        System.arraycopy(keys, 0, whole, before, keys.length);
        long[] expected = whole.clone();
        Arrays.sort(expected, before, before + keys.length);
        long[] scratch = new long[keys.length + 1];
        Arrays.fill(scratch, 123);
        LongSort.sort(whole, before, before + keys.length, scratch);
        assertThat(whole).containsExactly(expected);
        LongSort.sort(whole, before, before + keys.length, null);
        assertThat(whole).as("sorted again without a scratch").containsExactly(expected);
    }

    @Test
    void aScratchTooSmallIsNotUsed() {
        long[] keys = new Random(7).longs(1_000).toArray();
        long[] expected = keys.clone();
        Arrays.sort(expected);
        LongSort.sort(keys, 0, keys.length, new long[10]);
        assertThat(keys).containsExactly(expected);
    }

    @Test
    void emptyOneAndFewKeys() {
        sortsAsTheJdkDoes(new long[0]);
        sortsAsTheJdkDoes(new long[] {7});
        sortsAsTheJdkDoes(new long[] {3, -1, 3, 0, Long.MIN_VALUE, Long.MAX_VALUE, 2});
    }

    @Test
    void manyKeysAtEverySizeAroundTheLimitsAndSigns() {
        Random random = new Random(16);
        for (int n : new int[] {47, 48, 49, 1_000, (1 << 14) - 1, 1 << 14, 100_000}) {
            long[] times = new long[n];
            long[] anything = new long[n];
            long[] extremes = new long[n];
            long[] fewValues = new long[n];
            for (int i = 0; i < n; i++) {
                // times a long recording apart, mostly in order, a tenth late (as waits arrive)
                times[i] = 1_700_000_000_000_000_000L + i * 1_000_000L - (random.nextInt(10) == 0 ? random.nextInt(1 << 30) : 0);
                anything[i] = random.nextLong();
                extremes[i] = random.nextBoolean() ? Long.MIN_VALUE + random.nextInt(3) : Long.MAX_VALUE - random.nextInt(3);
                fewValues[i] = random.nextInt(3) << 20; // one digit differs: the other passes are skipped
            }
            sortsAsTheJdkDoes(times);
            sortsAsTheJdkDoes(anything);
            sortsAsTheJdkDoes(extremes);
            sortsAsTheJdkDoes(fewValues);
        }
    }

    @Test
    void inOrderAndAllEqualKeysStayAsTheyAre() {
        long[] ordered = new long[5_000];
        Arrays.setAll(ordered, i -> i * 3L);
        sortsAsTheJdkDoes(ordered);
        long[] reversed = new long[5_000];
        Arrays.setAll(reversed, i -> -i * 3L);
        sortsAsTheJdkDoes(reversed);
        long[] same = new long[5_000];
        Arrays.fill(same, 42);
        sortsAsTheJdkDoes(same);
    }

    @Test
    void firstAtLeastIsTheLowerBoundOfARange() {
        long[] sorted = {1, 3, 3, 3, 7, 9};
        assertThat(LongSort.firstAtLeast(sorted, 0, 6, 3)).isEqualTo(1);
        assertThat(LongSort.firstAtLeast(sorted, 0, 6, 4)).isEqualTo(4);
        assertThat(LongSort.firstAtLeast(sorted, 0, 6, 0)).isEqualTo(0);
        assertThat(LongSort.firstAtLeast(sorted, 0, 6, 10)).isEqualTo(6);
        assertThat(LongSort.firstAtLeast(sorted, 2, 5, 1)).isEqualTo(2); // never before the range
        assertThat(LongSort.firstAtLeast(sorted, 2, 5, 8)).isEqualTo(5); // nor past it
        assertThat(LongSort.firstAtLeast(sorted, 3, 3, 3)).isEqualTo(3); // an empty range
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 200; round++) {
            long[] keys = random.longs(random.nextInt(40), 0, 20).sorted().toArray();
            long value = random.nextInt(22) - 1;
            int expected = 0;
            while (expected < keys.length && keys[expected] < value) {
                expected++;
            }
            assertThat(LongSort.firstAtLeast(keys, 0, keys.length, value)).isEqualTo(expected);
        }
    }
}
