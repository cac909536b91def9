package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.VirtualThreadPin;

class VirtualThreadPinsTest {

    private static VirtualThreadPin pin(long start, long duration, int thread, int carrier) {
        return new VirtualThreadPin(start, duration, thread, carrier, 7, "LockSupport.park", "Native or VM frame on stack");
    }

    @Test
    void allCarriersPinnedIsTheTimeAtLeastThatManyPinsOverlap() {
        VirtualThreadPins pins = new VirtualThreadPins();
        pins.pin(pin(0, 100, 1, 10));
        pins.pin(pin(50, 100, 2, 11));  // both pinned 50..100
        pins.pin(pin(100, 50, 3, 10));  // starts as the first ends: a hand-over, still two pinned until 150
        pins.pin(pin(300, 20, 4, 10));  // alone
        int[] peak = new int[1];
        assertThat(pins.overlapNanos(2, peak)).isEqualTo(100); // 50..150
        assertThat(peak[0]).isEqualTo(2);
        assertThat(pins.overlapNanos(1, null)).isEqualTo(170); // 0..150 and 300..320
        assertThat(pins.overlapNanos(3, null)).isZero();
        assertThat(pins.carriersSeen()).isEqualTo(2);
        assertThat(pins.pinnedEvents()).isEqualTo(4);
        VirtualThreadPins.Site site = pins.sites().iterator().next();
        assertThat(site.count()).isEqualTo(4);
        assertThat(site.totalNanos()).isEqualTo(270);
        assertThat(site.longestNanos()).isEqualTo(100);
        assertThat(site.threads()).isEqualTo(4);
        assertThat(site.pinnedReason()).isEqualTo("Native or VM frame on stack");
    }

    @Test
    void submitFailuresAreCountedByStackWithTheFirstMessage() {
        VirtualThreadPins pins = new VirtualThreadPins();
        pins.submitFailed(3, "java.util.concurrent.RejectedExecutionException");
        pins.submitFailed(3, "later");
        pins.submitFailed(5, "");
        assertThat(pins.submitFailures()).isEqualTo(3);
        assertThat(pins.submitFailuresByStack()).containsEntry(3, 2L).containsEntry(5, 1L);
        assertThat(pins.firstSubmitFailure()).isEqualTo("java.util.concurrent.RejectedExecutionException");
    }

    @Test
    void threadStartsAreCountedByCreatingStackSinceAnInstant() {
        ThreadLifecycle life = new ThreadLifecycle();
        life.start(10, 1, 4);
        life.start(20, 2, 4);
        life.start(30, 3, 4);
        life.start(40, 4, 9);
        life.end(2);
        life.end(4);
        life.reading(2000, 12, 40, 12);
        life.reading(1000, 10, 30, 10); // out of order: sorted on read
        assertThat(life.startsSince(15)).containsOnlyKeys(4, 9);
        assertThat(life.startsSince(15).get(4)).isEqualTo(new ThreadLifecycle.Starts(4, 2, 1));
        assertThat(life.startsSince(15).get(4).alive()).isEqualTo(1);
        assertThat(life.startsSince(15).get(9).alive()).isZero();
        assertThat(life.starts()).isEqualTo(4);
        assertThat(life.ends()).isEqualTo(2);
        assertThat(life.readings()).extracting(ThreadLifecycle.Reading::active).containsExactly(10L, 12L);
    }
}
