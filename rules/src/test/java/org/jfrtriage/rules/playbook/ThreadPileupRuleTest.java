package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

class ThreadPileupRuleTest {
    private static final String CHM = "java.util.concurrent.ConcurrentHashMap$ReservationNode";

    /** {@code threads} threads blocked together for {@code overlapMs} in computeIfAbsent, all starting at T0+1s. */
    private static Rule.Result pileup(int threads, long overlapMs) {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack("java.util.concurrent.ConcurrentHashMap.computeIfAbsent", "com.acme.PriceCache.get",
                "com.acme.Handler.handle", "java.lang.Thread.run");
        for (int t = 0; t < threads; t++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + 1000 * MS + t * MS, overlapMs * MS + (threads - t) * MS,
                    "request-" + t, CHM, s);
        }
        return new ThreadPileupRule().evaluate(p.build());
    }

    /** A 10-minute recording whose first 150 s hold two pollers' 1.2 M parks, one every 250 µs each, of waitNanos. */
    private static SyntheticProfile pollers(long waitNanos) {
        SyntheticProfile p = new SyntheticProfile(600);
        int poll = p.stack("java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire", "java.util.concurrent.locks.ReentrantLock.lock",
                "com.acme.Poller.poll", "java.lang.Thread.run");
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 600_000; i++) {
                p.contention(ContentionKind.PARK, T0 + i * 250_000L + t * 100_000L, waitNanos, "poller-" + t,
                        "java.util.concurrent.locks.ReentrantLock$NonfairSync", poll);
            }
        }
        return p;
    }

    @Test
    void aCheckOverSampledWaitsSaysWhenTheSamplesKeptEndBeforeTheRecordingDoes() {
        SyntheticProfile cut = new SyntheticProfile(30, org.jfrtriage.analyzer.profile.ContentionIntervals.DEFAULT_CAPACITY_LIMIT, 1_000);
        cut.wall(T0, T0 + 30 * SECOND, 10 * MS, "request-1", cut.stack("com.acme.Pricing.compute", "java.lang.Thread.run"));
        Rule.Result result = new ThreadPileupRule().evaluate(cut.build());
        assertThat(result.check().status()).isEqualTo(Check.Status.OK);
        assertThat(result.check().message()).contains("wall-clock samples were kept only from about 20 s into the recording: "
                + "waits seen only in earlier samples are missing");
        SyntheticProfile whole = new SyntheticProfile(30);
        whole.wall(T0, T0 + 30 * SECOND, 10 * MS, "request-1", whole.stack("com.acme.Pricing.compute", "java.lang.Thread.run"));
        assertThat(new ThreadPileupRule().evaluate(whole.build()).check().message()).doesNotContain("kept only");
    }

    @Test
    void aPileupInTheLastMinutePastTheFirstMillionWaitsIsFound() {
        // two pollers park 1.2 M times (200 µs waits, 50 µs apart) in the first 150 s of a 10-minute recording;
        // the only pileup, 10 request threads for 55 s, comes in its last minute: past the first million waits
        SyntheticProfile p = pollers(200_000L);
        int book = p.stack("com.acme.PriceBook.quote", "com.acme.Handler.handle", "java.lang.Thread.run");
        for (int t = 0; t < 10; t++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + 540 * SECOND + t * MS, 55 * SECOND, "request-" + t,
                    "com.acme.PriceBook", book);
        }
        org.jfrtriage.analyzer.profile.Profile profile = p.build();
        Rule.Result result = new ThreadPileupRule().evaluate(profile);

        assertThat(result.findings()).hasSize(1);
        Finding f = result.findings().get(0);
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.PriceBook.quote");
        assertThat(f.evidence("sustainedThreads")).isEqualTo(10L);
        assertThat(String.valueOf(f.evidence("peakAt"))).startsWith(java.time.Instant.ofEpochSecond(0, T0 + 540 * SECOND + 9 * MS)
                .toString().substring(0, 19));
        assertThat(f.severity()).isEqualTo(Severity.WARNING); // 55 s of 600: under the 10% critical share
        // a precision note on the pileup, not a doubt about the recording
        assertThat(profile.info().warnings()).isEmpty();
        assertThat(String.valueOf(f.evidence("joinedWaits")))
                .startsWith("each thread's waits at one site less than 1 ms apart were joined where it waited at least half the "
                        + "time (1,200,010 waits kept as");
        assertThat(result.check().message()).contains("less than 1 ms apart were joined");
    }

    /** Two pollers fill the interval table with 1.2 M brief waits no join can merge (waiting 4% of the time). */
    private static SyntheticProfile tableFilledByBriefWaits(int lateThreads) {
        SyntheticProfile p = pollers(10_000L);
        int book = p.stack("com.acme.PriceBook.quote", "com.acme.Handler.handle", "java.lang.Thread.run");
        for (int t = 0; t < lateThreads; t++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + 540 * SECOND + t * MS, 55 * SECOND, "request-" + t,
                    "com.acme.PriceBook", book);
        }
        return p;
    }

    @Test
    void aLatePileupIsFoundFromAveragesWhenBriefWaitsFilledTheTable() {
        org.jfrtriage.analyzer.profile.Profile profile = tableFilledByBriefWaits(10).build();
        assertThat(profile.intervals().averaged()).isNotNull();
        Rule.Result result = new ThreadPileupRule().evaluate(profile);

        assertThat(result.findings()).hasSize(1);
        Finding f = result.findings().get(0);
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.PriceBook.quote");
        assertThat(f.evidence("sustainedThreads")).isEqualTo(10L);
        assertThat(f.evidence("peakThreads")).isEqualTo(10L);
        assertThat(((Number) f.evidence("pileupMs")).longValue()).isBetween(54_900L, 55_010L);
        assertThat(f.severity()).isEqualTo(Severity.WARNING); // 55 s of 600: under the 10% critical share
        assertThat(f.title()).endsWith(", averaged over 10 ms)");
        assertThat(String.valueOf(f.evidence("averagedWaits"))).contains("waits found no room to be kept one by one and "
                + "were averaged per 10 ms at their site");
        assertThat(f.tables().get(0).title()).startsWith("Threads that waited here");
        assertThat(profile.info().warnings()).singleElement().asString().contains("were averaged per 10 ms");
    }

    @Test
    void averagesBelowTheInfoLimitAreNoPileup() {
        Rule.Result result = new ThreadPileupRule().evaluate(tableFilledByBriefWaits(2).build());
        assertThat(result.findings()).isEmpty();
    }

    /** Ten threads, each waiting 0.7 ms of every 1 ms for 2 s at one lock, their cycles a tenth apart: 7 wait at once. */
    private static Rule.Result convoy(int intervalLimit) {
        SyntheticProfile p = new SyntheticProfile(10, intervalLimit);
        int book = p.stack("com.acme.PriceBook.quote", "com.acme.Handler.handle", "java.lang.Thread.run");
        for (int t = 0; t < 10; t++) {
            for (int i = 0; i < 2_000; i++) {
                p.contention(ContentionKind.MONITOR_ENTER, T0 + i * MS + t * MS / 10, 7 * MS / 10, "request-" + t,
                        "com.acme.PriceBook", book);
            }
        }
        return new ThreadPileupRule().evaluate(p.build());
    }

    @Test
    void joinedWaitsCountAsTheShareTheyWaitedNotAsWholeThreads() {
        Rule.Result kept = convoy(1_000_000);   // every wait kept as recorded
        Rule.Result joined = convoy(10_000);    // each thread's 2,000 waits joined into one 2 s interval
        assertThat(kept.findings().get(0).evidence("sustainedThreads")).isEqualTo(7L);
        Finding f = joined.findings().get(0);
        assertThat(f.evidence("joinedWaits")).asString().contains("a joined wait counts as the share of its span");
        // whole threads would make it 10: every thread "waiting" through its 0.3 ms gaps
        assertThat(f.evidence("sustainedThreads")).isEqualTo(7L);
        assertThat(f.evidence("peakThreads")).isEqualTo(7L);
    }

    @Test
    void belowInfoLimitNoPileup() {
        assertThat(pileup(2, 500).findings()).isEmpty();
    }

    @Test
    void shortCoincidenceIsNotAPileup() {
        // 12 threads together, but only for 60 ms (< 100 ms minimum)
        assertThat(pileup(12, 60).findings()).isEmpty();
    }

    @Test
    void twelveThreadsForTwoSecondsOfTenIsCriticalInsideComputeIfAbsent() {
        Rule.Result result = pileup(12, 2000);
        assertThat(result.findings()).hasSize(1);
        Finding f = result.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence("sustainedThreads")).isEqualTo(12L);
        assertThat(f.evidence("peakThreads")).isEqualTo(12L);
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.PriceCache.get");
        assertThat(f.recommendation()).contains("computeIfAbsent");
        assertThat(f.tables().get(0).rows()).hasSize(12);
    }

    @Test
    void aBurstIsAtMostAWarningHoweverManyThreadsItHeld() {
        // 12 threads together for 0.9 s of a 10 s recording: 9% of it, just below the 10% critical share
        Finding burst = pileup(12, 900).findings().get(0);
        assertThat(burst.severity()).isEqualTo(Severity.WARNING);
        assertThat((double) burst.evidence("pileupSharePercent")).isBetween(9.0, 10.0);
        // the same threads for 1.0 s: 10%, critical
        assertThat(pileup(12, 1000).findings().get(0).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void fourThreadsIsInfoFiveIsWarning() {
        assertThat(pileup(4, 500).findings()).singleElement().extracting(Finding::severity).isEqualTo(Severity.INFO);
        assertThat(pileup(5, 500).findings()).singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void sequentialWaitsDoNotPileUp() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack("java.lang.Object.wait", "com.acme.Pool.borrow", "com.acme.Handler.handle");
        for (int t = 0; t < 50; t++) { // back to back, never overlapping
            p.contention(ContentionKind.MONITOR_ENTER, T0 + t * 100 * MS, 100 * MS, "request-" + t, "com.acme.Pool", s);
        }
        assertThat(new ThreadPileupRule().evaluate(p.build()).findings()).isEmpty();
    }

    private static final String POOL = "com.acme.Pool";
    private static final String[] BORROW = {"com.acme.Pool.borrow", "com.acme.Handler.handle", "java.lang.Thread.run"};

    private static Rule.Result evaluate(SyntheticProfile p) {
        return new ThreadPileupRule().evaluate(p.build());
    }

    @Test
    void aWaitEndingTheInstantAnotherStartsHandsOverWithoutOverlap() {
        // A waits [0, 50 ms), B [50, 100 ms), C and D [0, 100 ms): three threads for exactly 100 ms, never four
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(BORROW);
        p.contention(ContentionKind.MONITOR_ENTER, T0, 50 * MS, "A", POOL, s)
                .contention(ContentionKind.MONITOR_ENTER, T0 + 50 * MS, 50 * MS, "B", POOL, s)
                .contention(ContentionKind.MONITOR_ENTER, T0, 100 * MS, "C", POOL, s)
                .contention(ContentionKind.MONITOR_ENTER, T0, 100 * MS, "D", POOL, s);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.evidence("sustainedThreads")).isEqualTo(3L);
        assertThat(f.evidence("peakThreads")).isEqualTo(3L);
        assertThat(f.evidence("pileupMs")).isEqualTo(100L);
        assertThat(f.evidence("threads")).isEqualTo(4L);
        assertThat(f.evidence("blockedMs")).isEqualTo(300L);
        assertThat(f.evidence("peakAt")).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(f.tables().get(0).rows()).containsExactlyInAnyOrder(List.of("A"), List.of("C"), List.of("D"));
        assertThat(f.title()).isEqualTo("3 threads stuck at once in Pool.borrow, blocked on com.acme.Pool (peak 3 at 22:13:20Z)");
    }

    @Test
    void aPileupOfExactlyTheMinimumDurationCountsOneLessDoesNot() {
        for (long ms : new long[] {100, 99}) {
            SyntheticProfile p = new SyntheticProfile(10);
            int s = p.stack(BORROW);
            for (int t = 0; t < 3; t++) {
                p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, ms * MS, "request-" + t, POOL, s);
            }
            Rule.Result result = evaluate(p);
            if (ms == 100) {
                assertThat(result.findings()).singleElement().extracting(f -> f.evidence("sustainedThreads")).isEqualTo(3L);
            } else {
                assertThat(result.findings()).isEmpty();
                assertThat(result.check().status()).isEqualTo(Check.Status.OK);
                assertThat(result.check().message()).isEqualTo("no site had 3 or more threads waiting at once for 100 ms");
            }
        }
    }

    @Test
    void threadsAtThePeakIncludeThoseStartingThereNotThoseEndingThere() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(BORROW);
        p.contention(ContentionKind.MONITOR_ENTER, T0, 50 * MS, "leaving", POOL, s);
        for (int t = 0; t < 4; t++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + 50 * MS, 200 * MS, "arriving-" + t, POOL, s);
        }
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.evidence("peakThreads")).isEqualTo(4L);
        assertThat(f.evidence("peakAt")).isEqualTo("2023-11-14T22:13:20.050Z");
        assertThat(f.evidence("threads")).isEqualTo(5L);
        assertThat(f.tables().get(0).rows()).containsExactlyInAnyOrder(List.of("arriving-0"), List.of("arriving-1"),
                List.of("arriving-2"), List.of("arriving-3"));
    }

    @Test
    void thePeakIsTheFirstOfEqualPeaksAndPileupTimeAddsUp() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(BORROW);
        for (int t = 0; t < 3; t++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 200 * MS, "first-" + t, POOL, s);
            p.contention(ContentionKind.MONITOR_ENTER, T0 + 3 * SECOND, 300 * MS, "second-" + t, POOL, s);
        }
        p.contention(ContentionKind.MONITOR_ENTER, T0 + 5 * SECOND, 400 * MS, "alone", POOL, s);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.evidence("peakAt")).isEqualTo("2023-11-14T22:13:21Z");
        assertThat(f.evidence("pileupMs")).isEqualTo(500L); // 3 threads for 200 + 300 ms; the lone wait is not a pileup
        assertThat(f.evidence("blockedMs")).isEqualTo(3 * 200 + 3 * 300 + 400L);
        assertThat(f.evidence("threads")).isEqualTo(7L);
    }

    @Test
    void intervalsArrivingOutOfOrderWithDistinctTimesAreSwept() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(BORROW);
        for (int t = 0; t < 5; t++) { // latest start first, every start and end a different instant
            p.contention(ContentionKind.MONITOR_ENTER, T0 + (4 - t) * 10 * MS, 300 * MS + t * MS, "request-" + t, POOL, s);
        }
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.evidence("sustainedThreads")).isEqualTo(5L);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence("peakAt")).isEqualTo("2023-11-14T22:13:20.040Z");
    }

    @Test
    void aZeroLengthWaitAfterTheOthersEndedIsHarmless() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(BORROW);
        for (int t = 0; t < 3; t++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0, 200 * MS, "request-" + t, POOL, s);
        }
        p.contention(ContentionKind.MONITOR_ENTER, T0 + 300 * MS, 0, "request-3", POOL, s);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.evidence("sustainedThreads")).isEqualTo(3L);
        assertThat(f.evidence("threads")).isEqualTo(4L);
    }

    @Test
    void aClockStartingAtZeroKeepsTheWholeRun() {
        // streams and tests may time events from 0: a run that starts at time 0 still lasts from 0
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(BORROW);
        for (int t = 0; t < 3; t++) {
            p.contention(ContentionKind.MONITOR_ENTER, 0, 140 * MS, "request-" + t, POOL, s);
        }
        p.contention(ContentionKind.MONITOR_ENTER, 50 * MS, 90 * MS, "request-3", POOL, s);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.evidence("sustainedThreads")).isEqualTo(3L);
        assertThat(f.evidence("peakThreads")).isEqualTo(4L);
    }

    @Test
    void pileupsAreRankedAndEachCountsItsOwnThreads() {
        SyntheticProfile p = new SyntheticProfile(10);
        int borrow = p.stack(BORROW);
        int load = p.stack("com.acme.Loader.load", "com.acme.Handler.handle", "java.lang.Thread.run");
        for (int t = 0; t < 3; t++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0, 200 * MS, "borrower-" + t, POOL, borrow);
        }
        for (int t = 0; t < 6; t++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0, 200 * MS, "loader-" + t, "com.acme.Loader", load);
        }
        Rule.Result result = evaluate(p);
        assertThat(result.findings()).extracting(f -> f.site().method()).containsExactly("load", "borrow");
        assertThat(result.findings()).extracting(f -> f.evidence("threads")).containsExactly(6L, 3L);
        assertThat(result.findings().get(0).tables().get(0).rows()).hasSize(6)
                .allSatisfy(row -> assertThat((String) row.get(0)).startsWith("loader-"));
        assertThat(result.check().status()).isEqualTo(Check.Status.FINDINGS);
        assertThat(result.check().message()).isEqualTo("2 pileups");
    }

    @Test
    void theExampleStackIsTheHeaviestOfTheSiteAndNamesItsOwner() {
        for (boolean heavyFirst : new boolean[] {false, true}) {
            SyntheticProfile p = new SyntheticProfile(10);
            int light = p.stack(BORROW);
            int heavy = p.stack("com.acme.Pool.borrow", "com.acme.Batch.run", "java.lang.Thread.run");
            if (!heavyFirst) {
                p.contention(ContentionKind.MONITOR_ENTER, T0, 150 * MS, "light", POOL, light);
            }
            p.contention(ContentionKind.MONITOR_ENTER, T0, 500 * MS, "heavy-1", POOL, heavy, "holder");
            p.contention(ContentionKind.MONITOR_ENTER, T0, 500 * MS, "heavy-2", POOL, heavy, "holder");
            if (heavyFirst) {
                p.contention(ContentionKind.MONITOR_ENTER, T0, 150 * MS, "light", POOL, light);
            }
            Finding f = evaluate(p).findings().get(0);
            assertThat(f.stack()).as("heavy first: %s", heavyFirst).extracting(r -> r.qualifiedMethod()).contains("com.acme.Batch.run");
            assertThat(f.evidence("topOwner")).isEqualTo("holder");
            assertThat(f.recommendation()).contains("synchronized");
        }
    }

    @Test
    void aWaitForAnotherPartyIsNamedAsAWaitNotALock() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack("jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.CompletableFuture.get", "com.acme.Api.call", "com.acme.Handler.handle");
        for (int t = 0; t < 3; t++) {
            p.contention(ContentionKind.PARK, T0, 200 * MS, "request-" + t, "java.util.concurrent.CompletableFuture$Signaller", s);
        }
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.evidence("waitKind")).isEqualTo("wait");
        assertThat(f.evidence("topOwner")).isNull();
        assertThat(f.title()).contains("waiting for java.util.concurrent.CompletableFuture$Signaller");
        assertThat(f.recommendation()).startsWith("Threads queue at Api.call waiting for java.util.concurrent.CompletableFuture$Signaller");
        assertThat(f.evidence("threads")).isEqualTo(3L);
    }

    @Test
    void withoutBlockingEventsTheRuleSaysWhatToEnable() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.cpu(T0, "main", p.stack("com.acme.Main.main"), 1);
        Rule.Result result = new ThreadPileupRule().evaluate(p.build());
        assertThat(result.findings()).isEmpty();
        assertThat(result.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(result.check().message()).contains("jdk.JavaMonitorWait");
    }

    @Test
    void equallyHeavyStacksKeepTheFirstAsTheExample() {
        SyntheticProfile p = new SyntheticProfile(10);
        int first = p.stack(BORROW);
        int second = p.stack("com.acme.Pool.borrow", "com.acme.Batch.run", "java.lang.Thread.run");
        p.contention(ContentionKind.MONITOR_ENTER, T0, 300 * MS, "a", POOL, first)
                .contention(ContentionKind.MONITOR_ENTER, T0, 300 * MS, "b", POOL, second)
                .contention(ContentionKind.MONITOR_ENTER, T0, 300 * MS, "c", POOL, first)
                .contention(ContentionKind.MONITOR_ENTER, T0, 300 * MS, "d", POOL, second);
        assertThat(evaluate(p).findings().get(0).stackId()).isEqualTo(first);
    }

    /** A HikariCP-style pool wait: a timed poll on a SynchronousQueue, which writes no park event the lock profiler keeps. */
    private static final String[] POOL_POLL = {"jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.parkNanos",
            "java.util.concurrent.LinkedTransferQueue.awaitMatch", "java.util.concurrent.SynchronousQueue.poll",
            "com.zaxxer.hikari.util.ConcurrentBag.borrow", "com.zaxxer.hikari.pool.HikariPool.getConnection",
            "com.acme.Orders.load", "java.lang.Thread.run"};

    @Test
    void poolWaitsSeenOnlyInWallClockSamplesPileUpAndSayTheyWereSampled() {
        SyntheticProfile p = new SyntheticProfile(10);
        int poll = p.stack(POOL_POLL);
        for (int t = 0; t < 6; t++) {
            p.wall(T0 + SECOND, T0 + 3 * SECOND, 10 * MS, "request-" + t, poll);
        }
        Rule.Result r = new ThreadPileupRule().evaluate(p.build());
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.evidence("sustainedThreads")).isEqualTo(6L);
            assertThat(f.site().qualifiedMethod()).isEqualTo("com.zaxxer.hikari.util.ConcurrentBag.borrow");
            assertThat(f.evidence("waitKind")).isEqualTo("wait");
            assertThat((String) f.evidence("waitSource")).startsWith("all the waits rebuilt from wall-clock samples every 10 ms");
        });
    }

    @Test
    void twoWallSamplesInARowAreNoWaitSoNoPileup() {
        SyntheticProfile p = new SyntheticProfile(10);
        int poll = p.stack(POOL_POLL);
        for (int t = 0; t < 6; t++) {
            // each thread sampled twice in the poll, then running: moments, not stretches
            for (long at = T0 + SECOND; at < T0 + 3 * SECOND; at += 30 * MS) {
                p.wall(at, at + 10 * MS, 10 * MS, "request-" + t, poll);
                p.wall(at + 20 * MS, at + 20 * MS, 10 * MS, "request-" + t, p.stack("com.acme.Orders.load", "java.lang.Thread.run"));
            }
        }
        assertThat(new ThreadPileupRule().evaluate(p.build()).findings()).isEmpty();
    }
}
