package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.JvmInfo;
import org.jfrtriage.analyzer.table.ThreadTable;
import org.jfrtriage.analyzer.event.WaitCategory;

/** The small aggregates a profile is made of, on exact numbers. */
class AggregatesTest {
    private static final long S = 1_000_000_000L;

    @Test
    void timelineBucketsBySecondAndSpreadsIntervals() {
        Timeline t = new Timeline(10 * S);
        assertThat(t.startNanos()).isEqualTo(10 * S);
        assertThat(t.seconds()).isZero();
        t.add(Timeline.Series.CPU_SAMPLES, 10 * S, 3);
        t.add(Timeline.Series.CPU_SAMPLES, 11 * S - 1, 2);
        t.add(Timeline.Series.CPU_SAMPLES, 12 * S, 7);
        assertThat(t.series(Timeline.Series.CPU_SAMPLES)).containsExactly(5, 0, 7);
        assertThat(t.value(Timeline.Series.CPU_SAMPLES, 2)).isEqualTo(7);
        assertThat(t.value(Timeline.Series.CPU_SAMPLES, 3)).isZero();
        assertThat(t.seconds()).isEqualTo(3);
        t.addInterval(Timeline.Series.LOCK_NANOS, 10 * S + S / 2, 12 * S + S / 4);
        assertThat(t.series(Timeline.Series.LOCK_NANOS)).containsExactly(S / 2, S, S / 4);
        t.addInterval(Timeline.Series.WAIT_NANOS, 11 * S + 100, 11 * S + 300);
        t.addInterval(Timeline.Series.WAIT_NANOS, 11 * S, 11 * S); // empty
        assertThat(t.series(Timeline.Series.WAIT_NANOS)).containsExactly(0, 200, 0);
        // before the start is clamped to the first second; far past it grows the series
        t.add(Timeline.Series.GC_PAUSE_NANOS, 5 * S, 9);
        t.add(Timeline.Series.GC_PAUSE_NANOS, 110 * S, 4);
        assertThat(t.seconds()).isEqualTo(101);
        assertThat(t.value(Timeline.Series.GC_PAUSE_NANOS, 0)).isEqualTo(9);
        assertThat(t.value(Timeline.Series.GC_PAUSE_NANOS, 100)).isEqualTo(4);
        assertThat(t.value(Timeline.Series.CPU_SAMPLES, 2)).isEqualTo(7); // kept while growing
        Timeline edge = new Timeline(0);
        edge.add(Timeline.Series.CPU_SAMPLES, 63 * S, 1); // the last second of the first array
        assertThat(edge.value(Timeline.Series.CPU_SAMPLES, 64)).isZero();
        edge.add(Timeline.Series.CPU_SAMPLES, 64 * S, 2); // one past it
        assertThat(edge.series(Timeline.Series.CPU_SAMPLES)).hasSize(65).endsWith(1, 2);
    }

    /** Issue 16: an interval inside the second the previous one started in skips the division; the sums stay exact. */
    @Test
    void intervalsInTheSecondOfThePreviousOneAddUpAsSpreadOneByOne() {
        java.util.Random random = new java.util.Random(16);
        for (int round = 0; round < 200; round++) {
            long start = random.nextInt(3) * S + random.nextInt(1000);
            Timeline t = new Timeline(start);
            long[] expected = new long[16];
            long at = start - S / 2;
            for (int i = 0; i < 300; i++) {
                // mostly short waits in time order, some out of order, across seconds, empty, or before the start
                at += random.nextInt(4) == 0 ? -random.nextInt((int) (S / 3)) : random.nextInt((int) (S / 20));
                at = Math.max(start - S, Math.min(start + 12 * S, at));
                long length = random.nextInt(10) == 0 ? random.nextInt((int) (2 * S)) : random.nextInt(1000);
                t.addInterval(Timeline.Series.LOCK_NANOS, at, at + length);
                for (long n = at; n < at + length; ) { // nanosecond by nanosecond, a second at a time
                    int second = (int) Math.max(0, (n - start) / S);
                    long secondEnd = start + (second + 1) * S;
                    long until = Math.min(at + length, Math.max(secondEnd, n + 1));
                    expected[second] += until - n;
                    n = until;
                }
            }
            long[] got = t.series(Timeline.Series.LOCK_NANOS);
            assertThat(got).isEqualTo(java.util.Arrays.copyOf(expected, got.length));
            assertThat(java.util.Arrays.stream(expected, got.length, expected.length).sum()).isZero();
        }
    }

    @Test
    void aBadTimestampIsClampedToAWeekAndAnEndlessIntervalStopsThere() {
        Timeline t = new Timeline(0);
        int week = 7 * 24 * 3600;
        t.addInterval(Timeline.Series.LOCK_NANOS, (week - 1) * S + S / 2, Long.MAX_VALUE);
        assertThat(t.seconds()).isEqualTo(week);
        assertThat(t.value(Timeline.Series.LOCK_NANOS, week - 1)).isEqualTo(S / 2);
        t.add(Timeline.Series.CPU_SAMPLES, 1_000 * (long) week * S, 1);
        assertThat(t.seconds()).isEqualTo(week);
        assertThat(t.value(Timeline.Series.CPU_SAMPLES, week - 1)).isEqualTo(1);
        // an interval wholly past the week counts one nanosecond in the last second, and the loop ends
        t.addInterval(Timeline.Series.WAIT_NANOS, 2L * week * S, 2L * week * S + 5 * S);
        assertThat(t.value(Timeline.Series.WAIT_NANOS, week - 1)).isEqualTo(1);
    }

    @Test
    void replacingASeriesTakesTheOtherTimelinesValues() {
        Timeline shown = new Timeline(0);
        Timeline tlab = new Timeline(0);
        shown.add(Timeline.Series.CPU_SAMPLES, 0, 1);
        shown.add(Timeline.Series.ALLOCATED_BYTES, 0, 99);
        tlab.add(Timeline.Series.ALLOCATED_BYTES, 3 * S, 500);
        shown.replaceSeries(Timeline.Series.ALLOCATED_BYTES, tlab);
        assertThat(shown.series(Timeline.Series.ALLOCATED_BYTES)).containsExactly(0, 0, 0, 500);
        assertThat(shown.series(Timeline.Series.CPU_SAMPLES)).containsExactly(1, 0, 0, 0);
        Timeline longer = new Timeline(0);
        Timeline empty = new Timeline(0);
        longer.add(Timeline.Series.CPU_SAMPLES, 100 * S, 1);
        longer.replaceSeries(Timeline.Series.ALLOCATED_BYTES, empty);
        assertThat(longer.series(Timeline.Series.ALLOCATED_BYTES)).hasSize(101).containsOnly(0L);
        assertThat(longer.value(Timeline.Series.CPU_SAMPLES, 100)).isEqualTo(1);
    }

    @Test
    void intervalsAreCappedAndCounted() {
        ContentionIntervals few = new ContentionIntervals(3);
        for (int i = 0; i < 5; i++) {
            few.add(i * 10, i * 10 + 5, 100 + i, 200 + i);
        }
        assertThat(few.size()).isEqualTo(3);
        assertThat(few.dropped()).isEqualTo(2);
        assertThat(few.start(2)).isEqualTo(20);
        assertThat(few.end(2)).isEqualTo(25);
        assertThat(few.thread(2)).isEqualTo(102);
        assertThat(few.site(2)).isEqualTo(202);
        ContentionIntervals grown = new ContentionIntervals(1_500);
        for (int i = 0; i < 2_000; i++) {
            grown.add(i, i + 1, i, i);
        }
        assertThat(grown.size()).isEqualTo(1_500);
        assertThat(grown.dropped()).isEqualTo(500);
        assertThat(grown.start(1_499)).isEqualTo(1_499);
        assertThat(grown.end(1_024)).isEqualTo(1_025);
        assertThat(grown.thread(1_300)).isEqualTo(1_300);
        assertThat(grown.site(0)).isZero();
    }

    @Test
    void aTableJoinsAtItsLimitWhetherOrNotItsColumnsGrewToIt() {
        long us = 1_000L;
        for (int limit : new int[] {5, 1_024, 1_500}) {
            ContentionIntervals c = new ContentionIntervals(limit);
            // one thread's 100 µs waits 50 µs apart at one site: the first join takes them all, the later ones join
            // on arrival
            for (int i = 0; i < 3 * limit; i++) {
                c.add(i * 150 * us, i * 150 * us + 100 * us, 1, 7);
            }
            assertThat(c.size()).as("limit %d", limit).isEqualTo(1);
            assertThat(c.dropped()).isZero();
            assertThat(c.joined()).isEqualTo(3L * limit - 1);
            assertThat(c.start(0)).isZero();
            assertThat(c.end(0)).isEqualTo((3L * limit - 1) * 150 * us + 100 * us);
        }
    }

    @Test
    void aWaitReadLateIsJoinedInItsPlaceInTime() {
        long ms = 1_000_000L;
        ContentionIntervals late = new ContentionIntervals(5);
        // thread 1's three close waits at site 7 arrive out of order (an event of an earlier chunk read late), with
        // other threads' waits before and between them
        late.add(0, 10 * ms, 3, 7);
        late.add(2 * ms, 7 * ms / 2, 1, 7);
        late.add(0, 10 * ms, 2, 7);
        late.add(0, 3 * ms / 2, 1, 7);
        late.add(4 * ms, 11 * ms / 2, 1, 7);
        late.add(100 * ms, 101 * ms, 4, 9); // the table is full: joining makes room
        assertThat(late.joined()).isEqualTo(2);
        assertThat(late.size()).isEqualTo(4);
        // ordered by thread, site and start: thread 1's joined wait first, spanning all three
        assertThat(late.thread(0)).isEqualTo(1);
        assertThat(late.start(0)).isZero();
        assertThat(late.end(0)).isEqualTo(11 * ms / 2);
        assertThat(late.thread(1)).isEqualTo(2);
        assertThat(late.thread(2)).isEqualTo(3);
        assertThat(late.thread(3)).isEqualTo(4);
    }

    @Test
    void aFullTableJoinsOneThreadsCloseWaitsAtOneSiteWhileItMostlyWaited() {
        ContentionIntervals joined = new ContentionIntervals(10);
        long ms = 1_000_000L;
        long us = 1_000L;
        // thread 1 waits at site 7 three times, 1.5 ms each and 0.5 ms apart, with a short wait at site 8 between
        // the first two: its waits at 7 become one, the one at 8 stays its own
        joined.add(0, 3 * ms / 2, 1, 7);
        joined.add(3 * ms / 2 + 100, 3 * ms / 2 + 200, 1, 8);
        joined.add(2 * ms, 7 * ms / 2, 1, 7);
        joined.add(4 * ms, 11 * ms / 2, 1, 7);
        joined.add(0, 10 * ms, 2, 7);              // another thread at the same site: its own interval
        // thread 3 takes a contended monitor for 3 µs every 100 µs: mostly not waiting, so never joined
        for (int i = 0; i < 5; i++) {
            joined.add(i * 100 * us, i * 100 * us + 3 * us, 3, 9);
        }
        assertThat(joined.size()).isEqualTo(10);
        assertThat(joined.joinGapNanos()).isZero();

        joined.add(100 * ms, 101 * ms, 4, 9); // the table is full: joining makes room
        assertThat(joined.joined()).isEqualTo(2);
        assertThat(joined.joinGapNanos()).isEqualTo(ContentionIntervals.FIRST_JOIN_GAP_NANOS);
        assertThat(joined.size()).isEqualTo(9);
        assertThat(joined.recorded()).isEqualTo(11);
        assertThat(joined.dropped()).isZero();
        assertThat(joined.start(0)).isZero();
        assertThat(joined.end(0)).isEqualTo(11 * ms / 2);
        assertThat(joined.thread(0)).isEqualTo(1);
        assertThat(joined.site(0)).isEqualTo(7);
        assertThat(joined.site(1)).isEqualTo(8);
        assertThat(joined.thread(8)).isEqualTo(4);
    }

    @Test
    void afterAJoinWaitsArrivingInOrderAreJoinedAsTheyArrive() {
        ContentionIntervals c = new ContentionIntervals(5);
        long ms = 1_000_000L;
        long us = 1_000L;
        for (int i = 0; i < 5; i++) { // thread 1: 1.5 ms waits 0.5 ms apart
            c.add(i * 2 * ms, i * 2 * ms + 3 * ms / 2, 1, 1);
        }
        c.add(100 * ms, 100 * ms + 10 * us, 2, 1); // full: a pass joins thread 1's five into one
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.joined()).isEqualTo(4);

        c.add(10 * ms, 23 * ms / 2, 1, 1); // in order, 0.5 ms after thread 1's wait: joined on arrival
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.joined()).isEqualTo(5);
        assertThat(c.end(0)).isEqualTo(23 * ms / 2);
        c.add(100 * ms + 900 * us, 100 * ms + 910 * us, 2, 1); // close, but thread 2 mostly was not waiting
        assertThat(c.size()).isEqualTo(3);
        c.add(20 * ms, 21 * ms, 1, 1);             // 8.5 ms later: beyond the 1 ms gap, kept
        c.add(12 * ms, 12 * ms + 100 * us, 1, 1);  // read late (before thread 1's latest wait): kept apart
        assertThat(c.size()).isEqualTo(5);
        c.add(43 * ms / 2, 22 * ms, 1, 1);         // joins the latest wait, not the one read late
        assertThat(c.size()).isEqualTo(5);
        assertThat(c.joined()).isEqualTo(6);
        assertThat(c.start(3)).isEqualTo(20 * ms);
        assertThat(c.end(3)).isEqualTo(22 * ms);
        assertThat(c.end(4)).isEqualTo(12 * ms + 100 * us);
        assertThat(c.dropped()).isZero();
        assertThat(c.recorded()).isEqualTo(11);
    }

    /** Issue 16: groups of threads below 4,096 are found in arrays, others in a map; both join alike. */
    @Test
    void threadsFoundInTheArraysAndInTheMapJoinAlike() {
        long ms = 1_000_000L;
        for (int thread : new int[] {1, 4_095, 4_096, 70_000}) {
            ContentionIntervals c = new ContentionIntervals(5);
            c.seriesOf(1, 0); // two stacks of one code site: one series
            c.seriesOf(2, 0);
            c.seriesOf(3, 1);
            for (int i = 0; i < 5; i++) { // 1.5 ms waits 0.5 ms apart, from either stack
                c.add(i * 2 * ms, i * 2 * ms + 3 * ms / 2, thread, 1 + i % 2);
            }
            c.add(100 * ms, 101 * ms, 0, 1); // full: a pass joins the five into one first
            assertThat(c.size()).as("thread %d", thread).isEqualTo(2);
            c.add(10 * ms, 23 * ms / 2, thread, 2); // joined on arrival into the series' latest wait
            c.add(10 * ms, 23 * ms / 2, thread, 3); // another series: its own group
            c.add(12 * ms, 13 * ms, 5, 1);          // another thread, the same series: its own group
            assertThat(c.size()).as("thread %d", thread).isEqualTo(4);
            assertThat(c.joined()).as("thread %d", thread).isEqualTo(5);
            assertThat(c.thread(0)).as("thread %d", thread).isEqualTo(thread);
            assertThat(c.end(0)).as("thread %d", thread).isEqualTo(23 * ms / 2);
        }
    }

    /** The arrays hold at most DIRECT_SLOTS ints; past them a series' groups are found in the map, and join alike. */
    @Test
    void pastTheArraysBudgetGroupsAreFoundInTheMapAndJoinAlike() {
        long ms = 1_000_000L;
        int series = ContentionIntervals.DIRECT_SLOTS / 4_096 + 44; // a row of 4,096 per series: the last 44 past it
        ContentionIntervals c = new ContentionIntervals(series + 3);
        for (int s = 0; s < series; s++) {
            c.seriesOf(s + 1, s);
        }
        for (int s = 0; s < series; s++) {
            c.add(s * 10 * ms, s * 10 * ms + ms, 4_095, s + 1);
        }
        for (int i = 0; i < 3; i++) { // thread 7: three waits 0.5 ms apart fill the table
            c.add(i * 2 * ms, i * 2 * ms + 3 * ms / 2, 7, 1);
        }
        for (int s = 0; s < series; s++) { // the first of these finds it full: a pass joins thread 7's three
            c.add(s * 10 * ms + 3 * ms / 2, s * 10 * ms + 2 * ms, 4_095, s + 1); // 0.5 ms on: joined on arrival
        }
        assertThat(c.directSlots()).isLessThanOrEqualTo(ContentionIntervals.DIRECT_SLOTS);
        assertThat(c.size()).isEqualTo(series + 1);
        assertThat(c.joined()).isEqualTo(series + 2);
        for (int k = 0; k < c.size(); k++) {
            if (c.thread(k) == 4_095) {
                assertThat(c.end(k) - c.start(k)).as("wait %d", k).isEqualTo(2 * ms);
            }
        }
    }

    @Test
    void aRunReadLateJoinsWithinItselfAsItArrives() {
        // JFR writes a thread's events a buffer at a time: a run of its waits can be read after a later run. The
        // late run's waits follow one another, so each joins the one before it in the run, not the latest wait
        ContentionIntervals c = new ContentionIntervals(4);
        long ms = 1_000_000L;
        for (int i = 0; i < 4; i++) { // thread 1: 1.5 ms waits 0.5 ms apart
            c.add(i * 2 * ms, i * 2 * ms + 3 * ms / 2, 1, 1);
        }
        c.add(100 * ms, 101 * ms, 2, 1); // full: a pass joins thread 1's four into one
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.joined()).isEqualTo(3);
        c.add(50 * ms, 52 * ms, 1, 1);             // a later run of thread 1 (its latest wait now)
        c.add(10 * ms, 12 * ms, 1, 1);             // an earlier run, read after it: kept apart
        assertThat(c.size()).isEqualTo(4);
        c.add(25 * ms / 2, 14 * ms, 1, 1);         // the next wait of that run: joined into 10-12 ms, not 50-52 ms
        assertThat(c.size()).isEqualTo(4);
        assertThat(c.joined()).isEqualTo(4);
        assertThat(c.start(3)).isEqualTo(10 * ms);
        assertThat(c.end(3)).isEqualTo(14 * ms);
        assertThat(c.waited(3)).isEqualTo(7 * ms / 2);
        assertThat(c.start(2)).isEqualTo(50 * ms);
        assertThat(c.end(2)).isEqualTo(52 * ms);
        assertThat(c.dropped()).isZero();
    }

    @Test
    void joiningDoublesTheGapUpToItsLimitThenDrops() {
        ContentionIntervals c = new ContentionIntervals(4);
        long ms = 1_000_000L;
        for (int i = 0; i < 4; i++) { // one thread's 6 ms waits 5 ms apart: joined at an 8 ms gap, after 1, 2 and 4 ms
            c.add(i * 11 * ms, i * 11 * ms + 6 * ms, 1, 1);
        }
        c.add(100 * ms, 101 * ms, 2, 1);
        assertThat(c.joinGapNanos()).isEqualTo(8 * ms);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.end(0)).isEqualTo(39 * ms);

        ContentionIntervals far = new ContentionIntervals(4);
        for (int i = 0; i < 4; i++) { // 16 ms apart or more: never joined, so the fifth is dropped
            far.add(i * 17 * ms, i * 17 * ms + ms, 1, 1);
        }
        far.add(100 * ms, 101 * ms, 1, 1);
        far.add(200 * ms, 201 * ms, 1, 1);
        assertThat(far.joined()).isZero();
        assertThat(far.joinGapNanos()).isZero();
        assertThat(far.size()).isEqualTo(4);
        assertThat(far.dropped()).isEqualTo(2);
    }

    @Test
    void allocationRowsAreKeyedByStackAndClass() {
        AllocationTable table = new AllocationTable();
        table.add(1, "byte[]", 100, 40);
        table.add(1, "byte[]", 300, 24);
        table.add(1, "char[]", 50, -1);
        table.add(2, "byte[]", 7, 7);
        table.add(3, "char[]", 1, 1);
        assertThat(table.rows()).hasSize(4);
        AllocationTable.Row first = table.rows().get(0);
        assertThat(first.stack()).isEqualTo(1);
        assertThat(first.objectClass()).isEqualTo("byte[]");
        assertThat(first.bytes()).isEqualTo(400);
        assertThat(first.samples()).isEqualTo(2);
        assertThat(first.largestObjectBytes()).isEqualTo(40);
        assertThat(table.rows().get(1).largestObjectBytes()).isEqualTo(-1);
        assertThat(table.rows().get(2).stack()).isEqualTo(2);
        assertThat(table.rows().get(3).objectClass()).isEqualTo("char[]");
        assertThat(table.totalBytes()).isEqualTo(458);
        assertThat(table.totalSamples()).isEqualTo(5);
    }

    @Test
    void stackCountsGrowToAnyStackId() {
        StackCounts counts = new StackCounts();
        counts.add(3, 2);
        counts.add(3, 5);
        counts.add(1_000, 1);
        assertThat(counts.get(3)).isEqualTo(7);
        assertThat(counts.get(1_000)).isEqualTo(1);
        assertThat(counts.get(999)).isZero();
        assertThat(counts.get(5_000)).isZero();
        assertThat(counts.total()).isEqualTo(8);
        assertThat(counts.limit()).isGreaterThan(1_000);
        assertThat(counts.get(counts.limit())).isZero();
        StackCounts edge = new StackCounts();
        assertThat(edge.limit()).isEqualTo(256);
        assertThat(edge.get(256)).isZero();
        edge.add(256, 4); // one past the first array
        assertThat(edge.get(256)).isEqualTo(4);
    }

    @Test
    void recordingInfoSaysWhatWasEnabled() {
        RecordingInfo info = new RecordingInfo("f.jfr", "jdk", 100, 40, JvmInfo.UNKNOWN, true, List.of(), 0, 0, 1,
                Map.of("jdk.ExecutionSample", 12L), Map.of("jdk.ThreadPark", Map.of("enabled", "true", "threshold", "20 ms"),
                "jdk.JavaMonitorEnter", Map.of("enabled", "false")));
        assertThat(info.durationNanos()).isZero();
        assertThat(new RecordingInfo("f", "jdk", 100, 350, JvmInfo.UNKNOWN, true, List.of(), 0, 0, 1, Map.of(), Map.of()).durationNanos())
                .isEqualTo(250);
        assertThat(info.eventCount("jdk.ExecutionSample")).isEqualTo(12);
        assertThat(info.eventCount("jdk.ThreadPark")).isZero();
        assertThat(info.isEnabled("jdk.ExecutionSample")).isTrue();
        assertThat(info.isEnabled("jdk.ThreadPark")).isTrue();
        assertThat(info.isEnabled("jdk.JavaMonitorEnter")).isFalse();
        assertThat(info.isEnabled("jdk.GarbageCollection")).isFalse();
        assertThat(info.setting("jdk.ThreadPark", "threshold")).isEqualTo("20 ms");
        assertThat(info.setting("jdk.ThreadPark", "period")).isEmpty();
        assertThat(info.setting("jdk.GarbageCollection", "enabled")).isEmpty();
    }

    @Test
    void aContentionSiteSumsItsEvents() {
        ContentionSite site = new ContentionSite(4, ContentionKind.PARK, "com.acme.Lock", 9, WaitCategory.LOCK);
        site.add(30, 1, ThreadTable.NONE);
        site.add(50, 2, 7);
        site.add(20, -1, 7); // a thread outside the readable part of the recording
        site.add(4, 2, 3);
        site.add(4, 2, 3); // a second owner seen again
        assertThat(site.index()).isEqualTo(4);
        assertThat(site.kind()).isEqualTo(ContentionKind.PARK);
        assertThat(site.lockClass()).isEqualTo("com.acme.Lock");
        assertThat(site.stack()).isEqualTo(9);
        assertThat(site.category()).isEqualTo(WaitCategory.LOCK);
        assertThat(site.events()).isEqualTo(5);
        assertThat(site.totalNanos()).isEqualTo(108);
        assertThat(site.maxNanos()).isEqualTo(50);
        assertThat(site.threadCount()).isEqualTo(2);
        assertThat(site.threads().get(1)).isTrue();
        assertThat(site.threads().get(0)).isFalse();
        site.threads().set(0); // a copy
        assertThat(site.threadCount()).isEqualTo(2);
        assertThat(site.ownerNanos()).containsExactly(Map.entry(7, 70L), Map.entry(3, 8L));
        site.add(5, 0, 0); // thread 0 is a thread, owner 0 an owner
        assertThat(site.threads().get(0)).isTrue();
        assertThat(site.ownerNanos()).containsExactly(Map.entry(7, 70L), Map.entry(3, 8L), Map.entry(0, 5L));
    }

    @Test
    void manyOwnersAreIndexedAndKeepTheirTotals() {
        ContentionSite site = new ContentionSite(0, ContentionKind.MONITOR_ENTER, "x", 1, WaitCategory.LOCK);
        for (int round = 0; round < 3; round++) {
            for (int owner = 0; owner < 20; owner++) {
                site.add(owner + 1, 1, 100 + owner);
            }
        }
        assertThat(site.ownerNanos()).hasSize(20);
        for (int owner = 0; owner < 20; owner++) {
            assertThat(site.ownerNanos()).containsEntry(100 + owner, 3L * (owner + 1));
        }
        assertThat(site.ownerNanos().keySet()).startsWith(100, 101, 102);
        ContentionSite eight = new ContentionSite(0, ContentionKind.MONITOR_ENTER, "x", 1, WaitCategory.LOCK);
        for (int round = 0; round < 2; round++) {
            for (int owner = 0; owner < 9; owner++) {
                eight.add(10, 1, owner);
            }
        }
        assertThat(eight.ownerNanos()).hasSize(9).containsEntry(8, 20L).containsEntry(0, 20L);
    }
}
