package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AveragedWaitsTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_700_000_000_000L * MS; // epoch nanos, like a recording's

    private static TreeMap<Long, Long> buckets(AveragedWaits a, int... sites) {
        BitSet set = new BitSet();
        for (int s : sites) {
            set.set(s);
        }
        TreeMap<Long, Long> out = new TreeMap<>();
        a.forEach(set, (start, nanos) -> out.merge(start, nanos, Long::sum));
        return out;
    }

    @Test
    void aWaitIsSpreadOverTheBucketsItCoversInItsSeries() {
        AveragedWaits a = new AveragedWaits(1_000);
        a.add(3, T0 + 5 * MS, T0 + 27 * MS);   // 5 ms of the first 10 ms bucket, all of the second, 7 ms of the third
        a.add(3, T0 + 8 * MS, T0 + 9 * MS);
        a.add(4, T0, T0 + MS);
        a.add(3, T0 + MS, T0 + MS);            // nothing waited: not counted
        assertThat(a.bucketNanos()).isEqualTo(AveragedWaits.FIRST_BUCKET_NANOS);
        assertThat(a.waits()).isEqualTo(3);
        assertThat(buckets(a, 3)).containsExactly(
                java.util.Map.entry(T0, 6 * MS), java.util.Map.entry(T0 + 10 * MS, 10 * MS),
                java.util.Map.entry(T0 + 20 * MS, 7 * MS));
        assertThat(buckets(a, 3, 4).get(T0)).isEqualTo(7 * MS);
        assertThat(a.firstNanos()).isEqualTo(T0);
        assertThat(a.lastNanos()).isEqualTo(T0 + 27 * MS);
        BitSet other = new BitSet();
        other.set(5);
        other.set(700);
        assertThat(a.covers(other)).isFalse();
        other.set(4);
        assertThat(a.covers(other)).isTrue();
    }

    @Test
    void sitesOfOneSeriesShareTheirBucketsAndAreVisitedOnce() {
        AveragedWaits a = new AveragedWaits(1_000);
        a.mapSite(1, 0);
        a.mapSite(2, 0);  // another stack of the same code site and lock
        a.mapSite(3, 1);
        a.add(1, T0, T0 + 4 * MS);
        a.add(2, T0 + 2 * MS, T0 + 5 * MS);
        a.add(3, T0, T0 + MS);
        assertThat(buckets(a, 1)).containsExactly(java.util.Map.entry(T0, 7 * MS));
        assertThat(buckets(a, 1, 2)).containsExactly(java.util.Map.entry(T0, 7 * MS)); // once, not once per site
        assertThat(buckets(a, 2, 3)).containsExactly(java.util.Map.entry(T0, 8 * MS));
    }

    @Test
    void runningOutOfBucketsDoublesTheirLengthKeepingEveryNanosecond() {
        AveragedWaits a = new AveragedWaits(8);
        for (int i = 0; i < 8; i++) {          // 8 buckets of 10 ms, 4 ms waited in each: the budget, not over it
            a.add(1, T0 + i * 10 * MS, T0 + i * 10 * MS + 4 * MS);
        }
        assertThat(a.bucketNanos()).isEqualTo(10 * MS);
        a.add(1, T0 + 80 * MS, T0 + 81 * MS);  // a ninth: pairs merge into 20 ms buckets
        assertThat(a.bucketNanos()).isEqualTo(20 * MS);
        TreeMap<Long, Long> b = buckets(a, 1);
        assertThat(b).hasSize(5);
        assertThat(b.get(T0)).isEqualTo(8 * MS);
        assertThat(b.get(T0 + 80 * MS)).isEqualTo(MS);
        assertThat(b.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(33 * MS);
    }

    @Test
    void aWaitOfHoursStaysWithinTheBudget() {
        AveragedWaits a = new AveragedWaits(100);
        a.add(1, T0, T0 + 3 * 3_600_000 * MS);
        assertThat(buckets(a, 1).size()).isLessThanOrEqualTo(100);
        assertThat(a.bucketNanos()).isEqualTo(10 * MS << 14); // 163.84 s: the shortest doubling that fits 3 hours in 100
        assertThat(buckets(a, 1).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3 * 3_600_000 * MS);
    }

    @Test
    void aFullIntervalTableAveragesTheWaitsItCannotKeep() {
        ContentionIntervals c = new ContentionIntervals(2, 100);
        for (int i = 0; i < 5; i++) { // 30 ms apart: never joined
            c.add(T0 + i * 30 * MS, T0 + i * 30 * MS + 2 * MS, 1, 9);
        }
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.dropped()).isEqualTo(3);
        assertThat(c.averaged().waits()).isEqualTo(3);
        assertThat(buckets(c.averaged(), 9)).containsKeys(T0 + 60 * MS, T0 + 90 * MS, T0 + 120 * MS);
    }
}
