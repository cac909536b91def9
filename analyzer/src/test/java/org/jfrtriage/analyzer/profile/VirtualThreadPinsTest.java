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
    void nothingPinnedIsNoSiteNoOverlapAndNoPeak() {
        VirtualThreadPins pins = new VirtualThreadPins();
        int[] peak = {-1};
        assertThat(pins.overlapNanos(1, peak)).isZero();
        assertThat(peak[0]).isZero();
        assertThat(pins.sites()).isEmpty();
        assertThat(pins.pinnedEvents()).isZero();
        assertThat(pins.carriersSeen()).isZero();
        assertThat(pins.submitFailures()).isZero();
        assertThat(pins.submitFailuresByStack()).isEmpty();
        assertThat(pins.firstSubmitFailure()).isEmpty();
        assertThat(pins.intervalsDropped()).isZero();
    }

    @Test
    void onePinCoversItsOwnTimeForOneCarrierAndNoneForTwo() {
        VirtualThreadPins pins = new VirtualThreadPins();
        pins.pin(pin(1000, 250, 1, 10));
        int[] peak = new int[1];
        assertThat(pins.overlapNanos(1, peak)).isEqualTo(250);
        assertThat(peak[0]).isEqualTo(1);
        assertThat(pins.overlapNanos(2, null)).isZero();
        assertThat(pins.overlapNanos(0, null)).isZero(); // no carriers: nothing to starve
        assertThat(pins.overlapNanos(1, new int[0])).isEqualTo(250); // an empty array for the peak is left alone
    }

    @Test
    void aPinOfNoTimeOverlapsNothing() {
        VirtualThreadPins pins = new VirtualThreadPins();
        pins.pin(pin(100, 0, 1, 10));
        int[] peak = new int[1];
        assertThat(pins.overlapNanos(1, peak)).isZero();
        assertThat(peak[0]).isZero();
        assertThat(pins.overlapNanos(0, null)).isZero();
        // beside a pin that ends at that instant and one that starts there: two hand-overs, no overlap
        pins.pin(pin(50, 50, 2, 11));
        pins.pin(pin(100, 50, 3, 11));
        assertThat(pins.overlapNanos(1, peak)).isEqualTo(100); // 50..150
        assertThat(pins.overlapNanos(2, null)).isZero();
        assertThat(peak[0]).isEqualTo(1);
    }

    @Test
    void aNegativeDurationCountsAsNoTimeAndIsNotTheLongest() {
        VirtualThreadPins pins = new VirtualThreadPins();
        pins.pin(pin(100, -40, 1, 10));
        pins.pin(pin(200, 30, 2, 10));
        VirtualThreadPins.Site site = pins.sites().iterator().next();
        assertThat(site.totalNanos()).isEqualTo(30);
        assertThat(site.longestNanos()).isEqualTo(30);
        assertThat(site.count()).isEqualTo(2);
        assertThat(pins.overlapNanos(1, null)).isEqualTo(30);
    }

    @Test
    void theTimeEveryCarrierWasPinnedIsCountedOnceAcrossMorePinsThanCarriers() {
        // 2 carriers: 0..100 (a), 10..90 (b), 20..60 (c), 80..120 (d); at least two pinned 10..100 and 80..90: 10..100 once
        VirtualThreadPins pins = new VirtualThreadPins();
        pins.pin(pin(0, 100, 1, 10));
        pins.pin(pin(10, 80, 2, 11));
        pins.pin(pin(20, 40, 3, 12));
        pins.pin(pin(80, 40, 4, 13));
        int[] peak = new int[1];
        assertThat(pins.overlapNanos(2, peak)).isEqualTo(90);
        assertThat(peak[0]).isEqualTo(3);
        assertThat(pins.overlapNanos(3, null)).isEqualTo(50); // 20..60 and 80..90
        assertThat(pins.overlapNanos(1, null)).isEqualTo(120);
    }

    @Test
    void pinsAreCountedBySiteAndWithoutAThreadOrCarrierAreStillCounted() {
        VirtualThreadPins pins = new VirtualThreadPins();
        pins.pin(new VirtualThreadPin(0, 30, -1, -1, 7, null, null));
        pins.pin(new VirtualThreadPin(100, 20, 1, 10, 8, "", ""));
        pins.pin(new VirtualThreadPin(200, 40, 1, 10, 8, "Object.wait", "Monitor held"));
        pins.pin(new VirtualThreadPin(300, 10, 2, 11, 8, "LockSupport.park", "Native frame"));
        assertThat(pins.pinnedEvents()).isEqualTo(4);
        assertThat(pins.carriersSeen()).isEqualTo(2);
        assertThat(pins.sites()).extracting(VirtualThreadPins.Site::stack).containsExactlyInAnyOrder(7, 8);
        VirtualThreadPins.Site seven = pins.sites().stream().filter(x -> x.stack() == 7).findFirst().orElseThrow();
        assertThat(seven.threads()).isZero();
        assertThat(seven.blockingOperation()).isEmpty();
        assertThat(seven.pinnedReason()).isEmpty();
        VirtualThreadPins.Site eight = pins.sites().stream().filter(x -> x.stack() == 8).findFirst().orElseThrow();
        assertThat(eight.count()).isEqualTo(3);
        assertThat(eight.totalNanos()).isEqualTo(70);
        assertThat(eight.longestNanos()).isEqualTo(40);
        assertThat(eight.threads()).isEqualTo(2);
        // the first non-empty ones: an empty value does not hold the place
        assertThat(eight.blockingOperation()).isEqualTo("Object.wait");
        assertThat(eight.pinnedReason()).isEqualTo("Monitor held");
    }

    @Test
    void threadAndCarrierZeroAreAThreadAndACarrier() {
        VirtualThreadPins pins = new VirtualThreadPins();
        pins.pin(pin(0, 10, 0, 0));
        assertThat(pins.carriersSeen()).isEqualTo(1);
        assertThat(pins.sites().iterator().next().threads()).isEqualTo(1);
    }

    @Test
    void manyPinsGrowTheIntervalsAndAllOverlap() {
        VirtualThreadPins pins = new VirtualThreadPins();
        for (int i = 0; i < 1000; i++) {
            pins.pin(pin(i, 2000, i, i % 4));
        }
        int[] peak = new int[1];
        assertThat(pins.overlapNanos(1000, peak)).isEqualTo(1001); // the last one starts at 999, the first ends at 2000
        assertThat(peak[0]).isEqualTo(1000);
        assertThat(pins.intervalsDropped()).isZero();
    }

    @Test
    void pastTheIntervalLimitPinsAreCountedButLeftOutOfTheOverlap() {
        VirtualThreadPins pins = new VirtualThreadPins();
        VirtualThreadPin p = pin(0, 10, 1, 10);
        for (int i = 0; i < VirtualThreadPins.INTERVAL_LIMIT; i++) {
            pins.pin(p);
        }
        assertThat(pins.intervalsDropped()).isZero(); // exactly the limit: all kept
        pins.pin(pin(100, 10, 2, 10));
        pins.pin(pin(200, 10, 2, 10));
        assertThat(pins.intervalsDropped()).isEqualTo(2);
        assertThat(pins.pinnedEvents()).isEqualTo(VirtualThreadPins.INTERVAL_LIMIT + 2L);
        int[] peak = new int[1];
        assertThat(pins.overlapNanos(1, peak)).isEqualTo(10); // the dropped pins at 100 and 200 are not swept
        assertThat(peak[0]).isEqualTo(VirtualThreadPins.INTERVAL_LIMIT);
    }

    @Test
    void theFirstSubmitFailureWithAMessageIsKept() {
        VirtualThreadPins pins = new VirtualThreadPins();
        pins.submitFailed(3, null);
        pins.submitFailed(3, "java.util.concurrent.RejectedExecutionException: shut down");
        pins.submitFailed(4, "later");
        assertThat(pins.firstSubmitFailure()).isEqualTo("java.util.concurrent.RejectedExecutionException: shut down");
        assertThat(pins.submitFailuresByStack()).containsOnly(java.util.Map.entry(3, 2L), java.util.Map.entry(4, 1L));
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
