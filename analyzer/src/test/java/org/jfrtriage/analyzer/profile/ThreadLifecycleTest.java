package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.table.StackTable;

/**
 * Thread counts over time and the threads started during the recording by the stack that started them: readings in
 * time order whatever order they came in, the instant a start counts from, starts without a stack or a thread, and
 * threads that ended.
 */
class ThreadLifecycleTest {

    @Test
    void nothingRecordedHasNoReadingsAndNoStarts() {
        ThreadLifecycle life = new ThreadLifecycle();
        assertThat(life.readings()).isEmpty();
        assertThat(life.starts()).isZero();
        assertThat(life.ends()).isZero();
        assertThat(life.startsSince(Long.MIN_VALUE)).isEmpty();
    }

    @Test
    void readingsComeBackInTimeOrderWithEveryField() {
        ThreadLifecycle life = new ThreadLifecycle();
        life.reading(3000, 30, 300, 33);
        life.reading(1000, 10, 100, 11);
        life.reading(2000, 20, 200, 22);
        assertThat(life.readings()).containsExactly(new ThreadLifecycle.Reading(1000, 10, 100, 11),
                new ThreadLifecycle.Reading(2000, 20, 200, 22), new ThreadLifecycle.Reading(3000, 30, 300, 33));
        // a reading added after they were sorted, earlier than the last: sorted again
        life.reading(1500, 15, 150, 15);
        assertThat(life.readings()).extracting(ThreadLifecycle.Reading::timeNanos).containsExactly(1000L, 1500L, 2000L, 3000L);
    }

    @Test
    void readingsAtTheSameInstantOrInOrderStayAsTheyCame() {
        ThreadLifecycle life = new ThreadLifecycle();
        life.reading(1000, 10, 100, 10);
        life.reading(1000, 11, 101, 11);
        life.reading(2000, 12, 102, 12);
        assertThat(life.readings()).extracting(ThreadLifecycle.Reading::active).containsExactly(10L, 11L, 12L);
    }

    @Test
    void manyReadingsGrowTheTableAndAllAreKept() {
        ThreadLifecycle life = new ThreadLifecycle();
        for (int i = 200; i > 0; i--) {
            life.reading(i * 1000L, i, i, i);
        }
        ThreadLifecycle.Reading[] readings = life.readings();
        assertThat(readings).hasSize(200);
        assertThat(readings[0].timeNanos()).isEqualTo(1000);
        assertThat(readings[199].timeNanos()).isEqualTo(200_000);
    }

    @Test
    void theReadingsReturnedAreACopy() {
        ThreadLifecycle life = new ThreadLifecycle();
        life.reading(1000, 10, 100, 10);
        life.readings()[0] = null;
        assertThat(life.readings()).containsExactly(new ThreadLifecycle.Reading(1000, 10, 100, 10));
    }

    @Test
    void startsCountFromTheInstantGivenInclusive() {
        ThreadLifecycle life = new ThreadLifecycle();
        life.start(99, 1, 4);
        life.start(100, 2, 4);
        life.start(101, 3, 4);
        assertThat(life.startsSince(100).get(4)).isEqualTo(new ThreadLifecycle.Starts(4, 2, 0));
        assertThat(life.startsSince(101).get(4).started()).isEqualTo(1);
        assertThat(life.startsSince(102)).isEmpty();
    }

    @Test
    void aStartWithoutAStackCountsUnderTheUnknownStack() {
        ThreadLifecycle life = new ThreadLifecycle();
        life.start(10, 1, -1);
        life.start(10, 2, StackTable.UNKNOWN);
        life.start(10, 3, 5);
        assertThat(life.startsSince(0)).containsOnlyKeys(StackTable.UNKNOWN, 5);
        assertThat(life.startsSince(0).get(StackTable.UNKNOWN).started()).isEqualTo(2);
    }

    @Test
    void eventsWithoutAThreadAreCountedButBelongToNoStack() {
        ThreadLifecycle life = new ThreadLifecycle();
        life.start(10, -1, 5);
        life.end(-1);
        assertThat(life.starts()).isEqualTo(1);
        assertThat(life.ends()).isEqualTo(1);
        assertThat(life.startsSince(0)).isEmpty();
    }

    @Test
    void threadZeroIsAThread() {
        ThreadLifecycle life = new ThreadLifecycle();
        life.start(10, 0, 5);
        life.start(10, 1, 5);
        life.end(0);
        assertThat(life.startsSince(0).get(5)).isEqualTo(new ThreadLifecycle.Starts(5, 2, 1));
    }

    @Test
    void anEndWithoutAStartSeenIsCountedButStartsNothing() {
        ThreadLifecycle life = new ThreadLifecycle();
        life.end(7);
        life.start(10, 3, 5);
        life.end(3);
        assertThat(life.ends()).isEqualTo(2);
        assertThat(life.startsSince(0)).containsOnlyKeys(5);
        assertThat(life.startsSince(0).get(5)).isEqualTo(new ThreadLifecycle.Starts(5, 1, 1));
        assertThat(life.startsSince(0).get(5).alive()).isZero();
    }

    @Test
    void anEndSeenBeforeItsStartStillEndsTheThread() {
        // events of one chunk are not in time order
        ThreadLifecycle life = new ThreadLifecycle();
        life.end(3);
        life.start(10, 3, 5);
        assertThat(life.startsSince(0).get(5).alive()).isZero();
    }

    @Test
    void highThreadIdsGrowTheTablesAndKeepWhatWasThere() {
        ThreadLifecycle life = new ThreadLifecycle();
        life.start(10, 1, 5);
        life.start(20, 1000, 5);
        life.start(30, 5000, 6);
        life.end(1000);
        life.end(9000);
        assertThat(life.startsSince(0).get(5)).isEqualTo(new ThreadLifecycle.Starts(5, 2, 1));
        assertThat(life.startsSince(0).get(6)).isEqualTo(new ThreadLifecycle.Starts(6, 1, 0));
        assertThat(life.startsSince(15)).containsOnlyKeys(5, 6);
        assertThat(life.startsSince(15).get(5).started()).isEqualTo(1);
    }
}
