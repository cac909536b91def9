package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import java.util.List;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.SiteRef;

class ThreadLeakRuleTest {

    private static final String[] CREATOR = {"java.lang.Thread.start", "java.util.concurrent.ThreadPoolExecutor.addWorker",
            "java.util.concurrent.ThreadPoolExecutor.execute", "com.acme.OrderService.quote", "com.acme.Handler.handle"};

    @Test
    void aPoolThatWarmsUpAndLevelsOffIsNoLeak() {
        // 200 threads started in the first 20 s of a 60 s recording, then flat
        SyntheticProfile p = new SyntheticProfile(60);
        int site = p.stack(CREATOR);
        for (int s = 0; s <= 60; s++) {
            long live = 20 + Math.min(200, s * 10);
            p.threadStatistics(T0 + s * SECOND, live, live);
        }
        for (int t = 0; t < 200; t++) {
            p.threadStart(T0 + t * 100_000_000L, "worker-" + t, "main", site);
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().status()).isEqualTo(Check.Status.OK);
        assertThat(r.check().message()).contains("220 → 220");
    }

    @Test
    void aPoolFillingUpInTheLaterHalfAndLevellingOffIsNoLeak() {
        // 60 s: flat at 20 until 30 s, 10 threads a second from one site until 45 s (150 threads that stay), then flat
        SyntheticProfile p = new SyntheticProfile(60);
        int site = p.stack(CREATOR);
        for (int s = 0; s <= 60; s++) {
            long live = 20 + 10L * Math.max(0, Math.min(15, s - 30));
            p.threadStatistics(T0 + s * SECOND, live, live);
        }
        for (int t = 0; t < 150; t++) {
            p.threadStart(T0 + 30 * SECOND + t * 100_000_000L, "worker-" + t, "main", site);
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().status()).isEqualTo(Check.Status.OK);
    }

    @Test
    void threadsStartedAndNeverEndedAreNamedAtTheCodeThatStartsThem() {
        // 5 threads a second for 60 s, from one site, none ending; another site starts and ends its threads
        SyntheticProfile p = new SyntheticProfile(60);
        int leak = p.stack(CREATOR);
        int churn = p.stack("java.lang.Thread.start", "com.acme.Batch.run");
        int n = 0;
        for (int s = 0; s <= 60; s++) {
            p.threadStatistics(T0 + s * SECOND, 30 + 5L * s, 30 + 7L * s);
            for (int k = 0; k < 5 && s < 60; k++) {
                p.threadStart(T0 + s * SECOND + k * 100_000_000L, "pool-" + n++ + "-thread-1", "handler", leak);
            }
            if (s < 60) {
                p.threadStart(T0 + s * SECOND, "batch-" + s, "main", churn).threadEnd(T0 + s * SECOND + 500_000_000L, "batch-" + s);
            }
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).hasSize(1);
        Finding f = r.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING); // 300/min: past warning (60/min), below critical (600/min)
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.OrderService.quote");
        assertThat(f.title()).contains("from 180 to 330").contains("300/min").contains("150 of the threads started at OrderService.quote never ended");
        assertThat(((Number) f.evidence("growthPerMinute")).doubleValue()).isCloseTo(300, org.assertj.core.data.Offset.offset(0.5));
        assertThat(f.recommendation()).contains("shut down").contains("bounded pool").contains("ThreadFactory")
                .contains("OrderService.quote creates them");
        // a perfect line over 30..60 s: 5 threads a second, 150 over the half, 30 + 5 * 60 live at the end
        assertThat(number(f, "growthPerMinute")).isCloseTo(300, EXACT);
        assertThat(number(f, "fittedGrowth")).isCloseTo(150, EXACT);
        assertThat(number(f, "fitR2")).isCloseTo(1, EXACT);
        assertThat(number(f, "liveThreads")).isCloseTo(330, EXACT);
        assertThat(number(f, "peakThreads")).isCloseTo(330, EXACT);
        // accumulated 30 → 450 over 60 s
        assertThat(number(f, "startedPerMinute")).isCloseTo(420, EXACT);
        // 150 threads of OrderService.quote alive over the 30 s half
        assertThat(number(f, "neverEndedPerMinute")).isCloseTo(300, EXACT);
        assertThat(number(f, "threads")).isCloseTo(150, EXACT);
        assertThat(f.stack()).extracting(SiteRef::qualifiedMethod).contains("com.acme.OrderService.quote");
        EvidenceTable t = f.tables().get(0);
        assertThat(t.columns()).containsExactly("started at", "started", "still alive");
        assertThat(t.rows()).containsExactly(List.of("OrderService.quote", 150, 150), List.of("Batch.run", 30, 0));
        assertThat(r.check().message()).isEqualTo(f.title());
    }

    private static final Offset<Double> EXACT = Offset.offset(1e-9);

    private static double number(Finding f, String key) {
        return ((Number) f.evidence(key)).doubleValue();
    }

    /** A 60 s recording, 100 live threads in its first half, then {@code later} at 30, 35, … 60 s. */
    private static SyntheticProfile laterHalf(long... later) {
        SyntheticProfile p = new SyntheticProfile(60);
        for (int s = 0; s < 30; s += 5) {
            p.threadStatistics(T0 + s * SECOND, 100, 100);
        }
        for (int i = 0; i < later.length; i++) {
            p.threadStatistics(T0 + (30 + 5L * i) * SECOND, later[i], later[i]);
        }
        return p;
    }

    @Test
    void growthThatKeepsExactlyHalfItsPaceInTheLastQuarterIsALeak() {
        // slope 0.8/s (48/min) over 30..60 s; the last quarter (45..60 s, from the reading at 45 s) gains 6 = 0.5 * 0.8 * 15
        Rule.Result r = new ThreadLeakRule().evaluate(laterHalf(100, 100, 106, 114, 118, 120, 120).build());
        assertThat(r.findings()).hasSize(1);
        Finding f = r.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.INFO); // 48/min: past 6/min, below 60/min
        assertThat(f.title()).isEqualTo("Live threads grew from 100 to 120 in the later half of the recording (48/min, not levelling off)");
        assertThat(number(f, "growthPerMinute")).isCloseTo(48, EXACT);
        assertThat(number(f, "fittedGrowth")).isCloseTo(24, EXACT);
        assertThat(number(f, "fitR2")).isCloseTo(0.92, EXACT); // 196/213, evidence keeps two decimals
        assertThat(number(f, "liveThreads")).isCloseTo(120, EXACT);
        assertThat(number(f, "peakThreads")).isCloseTo(120, EXACT);
        assertThat(number(f, "startedPerMinute")).isCloseTo(20, EXACT); // 100 → 120 in 60 s
        // no jdk.ThreadStart: no site, no table, and the advice says what to record
        assertThat(f.site()).isEqualTo(SiteRef.UNKNOWN);
        assertThat(f.stack()).isEmpty();
        assertThat(f.tables()).isEmpty();
        assertThat(f.evidence("threads")).isNull();
        assertThat(f.recommendation()).contains("record jdk.ThreadStart with stack traces");
    }

    @Test
    void growthThatKeepsLessThanHalfItsPaceInTheLastQuarterLevelsOff() {
        // slope 0.764/s; the last quarter gains 5 < 0.5 * 0.764 * 15 = 5.7
        Rule.Result r = new ThreadLeakRule().evaluate(laterHalf(100, 100, 106, 114, 118, 119, 119).build());
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().status()).isEqualTo(Check.Status.OK);
        assertThat(r.check().message()).startsWith("live threads 100 → 119 over the later half (");
    }

    @Test
    void tenThreadsOfFittedGrowthAreAFinding() {
        // 40 s recording: 100 live, then one thread every 2 s from 20 s: 0.5/s over the 20 s half, exactly 10 threads
        SyntheticProfile p = new SyntheticProfile(40);
        for (int s = 0; s <= 40; s += 2) {
            long live = 100 + Math.max(0, s - 20) / 2;
            p.threadStatistics(T0 + s * SECOND, live, live);
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).hasSize(1);
        assertThat(number(r.findings().get(0), "fittedGrowth")).isCloseTo(10, EXACT);
        assertThat(number(r.findings().get(0), "growthPerMinute")).isCloseTo(30, EXACT);
        assertThat(r.findings().get(0).severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void fourReadingsInTheLaterHalfAreEnoughForTheSlope() {
        // readings every 5 s in the first half, every 10 s in the later one: 30, 40, 50, 60 s
        SyntheticProfile p = new SyntheticProfile(60);
        for (int s = 0; s < 30; s += 5) {
            p.threadStatistics(T0 + s * SECOND, 50, 50);
        }
        for (int i = 0; i < 4; i++) {
            p.threadStatistics(T0 + (30 + 10L * i) * SECOND, 50 + 10L * i, 50 + 10L * i);
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).hasSize(1);
        Finding f = r.findings().get(0);
        assertThat(f.title()).startsWith("Live threads grew from 50 to 80 in the later half of the recording (60/min");
        assertThat(number(f, "fittedGrowth")).isCloseTo(30, EXACT);
        assertThat(f.severity()).isEqualTo(Severity.WARNING); // 60/min
    }

    @Test
    void eightFlatReadingsWithoutThreadStartsAreJudged() {
        // the least a recording without jdk.ThreadStart needs: 2 * MIN_READINGS readings, 4 of them in the later half
        SyntheticProfile p = new SyntheticProfile(60);
        for (int s : new int[] {0, 10, 20, 25, 30, 40, 50, 60}) {
            p.threadStatistics(T0 + s * SECOND, 50, 50);
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.check().status()).isEqualTo(Check.Status.OK);
        assertThat(r.check().message()).isEqualTo("live threads 50 → 50 over the later half (0/min fitted); no site left 10 threads alive");
    }

    @Test
    void sevenReadingsWithoutThreadStartsCannotBeJudged() {
        SyntheticProfile p = new SyntheticProfile(60);
        for (int s : new int[] {0, 10, 20, 30, 40, 50, 60}) {
            p.threadStatistics(T0 + s * SECOND, 50, 50);
        }
        assertThat(new ThreadLeakRule().evaluate(p.build()).check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
    }

    @Test
    void withTooFewReadingsForASlopeTheSitesAreStillJudged() {
        // two readings, at -60 s and +60 s around a 60 s chunk: the window is 120 s, its later half 60 s long
        SyntheticProfile p = new SyntheticProfile(60);
        int site = p.stack(CREATOR);
        p.threadStatistics(T0 - 60 * SECOND, 40, 100).threadStatistics(T0 + 60 * SECOND, 40, 120);
        for (int t = 0; t < 20; t++) {
            p.threadStart(T0 + 40 * SECOND + t * 500_000_000L, "worker-" + t, "main", site);
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).hasSize(1);
        Finding f = r.findings().get(0);
        // no slope to speak of: the title is about the site alone
        assertThat(f.title()).isEqualTo("20 threads started at OrderService.quote in the later half of the recording never ended (20/min)");
        assertThat(number(f, "neverEndedPerMinute")).isCloseTo(20, EXACT); // 20 over 60 s
        assertThat(f.evidence("growthPerMinute")).isNull();
        assertThat(f.evidence("fitR2")).isNull();
        assertThat(number(f, "startedPerMinute")).isCloseTo(10, EXACT); // accumulated 100 → 120 over 2 min
        assertThat(f.severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void tooFewReadingsAndNoLeakingSiteSaySoWithoutASlope() {
        SyntheticProfile p = new SyntheticProfile(60);
        int site = p.stack(CREATOR);
        p.threadStatistics(T0, 40, 100).threadStatistics(T0 + 60 * SECOND, 40, 100);
        for (int t = 0; t < 9; t++) {
            p.threadStart(T0 + 40 * SECOND + t * SECOND, "worker-" + t, "main", site);
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().message()).isEqualTo("no site left 10 or more threads started in the later half alive");
    }

    /** A flat live count of 40 over 60 s, one reading a second. */
    private static SyntheticProfile flat() {
        SyntheticProfile p = new SyntheticProfile(60);
        for (int s = 0; s <= 60; s++) {
            p.threadStatistics(T0 + s * SECOND, 40, 40);
        }
        return p;
    }

    private static void start(SyntheticProfile p, String prefix, int site, int... seconds) {
        for (int i = 0; i < seconds.length; i++) {
            p.threadStart(T0 + seconds[i] * SECOND, prefix + i, "main", site);
        }
    }

    @Test
    void aSiteThatLeavesTenThreadsAliveIsAFindingEvenWhenTheLiveCountIsFlat() {
        SyntheticProfile p = flat();
        start(p, "worker-", p.stack(CREATOR), 31, 34, 37, 40, 43, 46, 49, 52, 55, 58);
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).hasSize(1);
        Finding f = r.findings().get(0);
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.OrderService.quote");
        // the live count stayed at 40: the title speaks of the site and claims no growth
        assertThat(f.title()).isEqualTo("10 threads started at OrderService.quote in the later half of the recording never ended (20/min)");
        assertThat(number(f, "neverEndedPerMinute")).isCloseTo(20, EXACT); // 10 over the 30 s half
        assertThat(number(f, "growthPerMinute")).isCloseTo(0, EXACT);
        assertThat(number(f, "fitR2")).isCloseTo(0, EXACT); // a flat count explains nothing
        assertThat(f.evidence("startedPerMinute")).isNull(); // accumulated stayed at 40
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.tables().get(0).rows()).containsExactly(List.of("OrderService.quote", 10, 10));
    }

    @Test
    void aFittedRiseWhoseLastReadingIsNoHigherThanTheFirstIsNotSaidToGrowFromOneToTheOther() {
        // 60 s; the later half's first reading is a spike of 185, then the count climbs from 40 by 5 a second to 185
        SyntheticProfile p = new SyntheticProfile(60);
        for (int s = 0; s <= 60; s++) {
            long live = s < 30 ? 40 : s == 30 ? 185 : 40 + 5L * (s - 31);
            p.threadStatistics(T0 + s * SECOND, live, live);
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).hasSize(1);
        Finding f = r.findings().get(0);
        assertThat(number(f, "growthPerMinute")).isPositive();
        assertThat(f.title()).doesNotContain("grew from").startsWith("Live threads trended up ")
                .endsWith("/min in the later half of the recording (fitted, not levelling off), ending at 185");
    }

    @Test
    void growthToThousandsOfThreadsIsWrittenWithSeparators() {
        // 60 s: 1,000 threads, then 40 more a second from 30 s on (2,400/min)
        SyntheticProfile p = new SyntheticProfile(60);
        for (int s = 0; s <= 60; s++) {
            long live = 1000 + 40L * Math.max(0, s - 30);
            p.threadStatistics(T0 + s * SECOND, live, live);
        }
        Finding f = new ThreadLeakRule().evaluate(p.build()).findings().get(0);
        assertThat(f.title()).isEqualTo("Live threads grew from 1,000 to 2,200 in the later half of the recording (2,400/min, not levelling off)");
    }

    @Test
    void theOkMessageGroupsThousandsOfThreads() {
        SyntheticProfile p = new SyntheticProfile(60);
        for (int s = 0; s <= 60; s++) {
            p.threadStatistics(T0 + s * SECOND, 1500, 1500);
        }
        p.threadStart(T0 + 40 * SECOND, "worker-0", "main", p.stack(CREATOR));
        assertThat(new ThreadLeakRule().evaluate(p.build()).check().message())
                .isEqualTo("live threads 1,500 → 1,500 over the later half (0/min fitted); no site left 10 threads alive");
    }

    @Test
    void aSiteThatLeavesNineThreadsAliveIsNot() {
        SyntheticProfile p = flat();
        start(p, "worker-", p.stack(CREATOR), 31, 34, 37, 40, 43, 46, 49, 52, 55);
        assertThat(new ThreadLeakRule().evaluate(p.build()).findings()).isEmpty();
    }

    @Test
    void aSiteStartingAQuarterOfItsSurvivorsInTheLastQuarterKeepsGrowing() {
        // 20 alive: 15 started in 30..44 s, 5 (= 20 / 4) from the quarter at 45 s on
        SyntheticProfile p = flat();
        start(p, "worker-", p.stack(CREATOR), 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49);
        assertThat(new ThreadLeakRule().evaluate(p.build()).findings()).hasSize(1);
    }

    @Test
    void aSiteStartingFewerThanAQuarterOfItsSurvivorsInTheLastQuarterLevelledOff() {
        // 20 alive: 16 started in 30..44 s, 4 after the quarter
        SyntheticProfile p = flat();
        start(p, "worker-", p.stack(CREATOR), 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 44, 46, 47, 48, 49);
        assertThat(new ThreadLeakRule().evaluate(p.build()).findings()).isEmpty();
    }

    @Test
    void theTableListsSitesByThreadsAliveThenByName() {
        SyntheticProfile p = flat();
        int[] fifteen = {46, 46, 46, 47, 47, 47, 48, 48, 48, 49, 49, 49, 50, 50, 50};
        int[] twelve = {50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 59, 59};
        start(p, "c-", p.stack("java.lang.Thread.start", "com.acme.Cache.refresh"), fifteen);
        start(p, "z-", p.stack("java.lang.Thread.start", "com.acme.Zip.read"), twelve);
        start(p, "a-", p.stack("java.lang.Thread.start", "com.acme.Audit.flush"), twelve);
        // a site whose threads end: started counts them, still alive does not
        int batch = p.stack("java.lang.Thread.start", "com.acme.Batch.run");
        start(p, "b-", batch, 40, 41, 42);
        p.threadEnd(T0 + 41 * SECOND, "b-0").threadEnd(T0 + 42 * SECOND, "b-1");
        // threads started without a stack
        start(p, "u-", org.jfrtriage.analyzer.table.StackTable.UNKNOWN, 33, 34);
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).hasSize(1);
        Finding f = r.findings().get(0);
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.Cache.refresh");
        assertThat(f.tables().get(0).rows()).containsExactly(List.of("Cache.refresh", 15, 15), List.of("Audit.flush", 12, 12),
                List.of("Zip.read", 12, 12), List.of("(unknown)", 2, 2), List.of("Batch.run", 3, 1));
    }

    @Test
    void withoutThreadEventsItCannotJudgeAndSaysWhatToEnable() {
        Rule.Result r = new ThreadLeakRule().evaluate(new SyntheticProfile(60).build());
        assertThat(r.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(r.check().message()).contains("jdk.JavaThreadStatistics").contains("jdk.ThreadStart");
    }

    @Test
    void theFittedGrowthSpansTheFirstToTheLastReadingOfTheLaterHalf() {
        // no reading at the middle (30 s): 33, 39, … 57 s, one thread a second, so 24 threads over 24 s
        SyntheticProfile p = new SyntheticProfile(60);
        for (int s = 0; s < 30; s += 5) {
            p.threadStatistics(T0 + s * SECOND, 50, 50);
        }
        for (int s = 33; s <= 57; s += 6) {
            p.threadStatistics(T0 + s * SECOND, 50 + (s - 33), 50 + (s - 33));
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).hasSize(1);
        Finding f = r.findings().get(0);
        assertThat(f.title()).startsWith("Live threads grew from 50 to 74 in the later half of the recording (60/min");
        assertThat(number(f, "fittedGrowth")).isCloseTo(24, EXACT);
        assertThat(number(f, "growthPerMinute")).isCloseTo(60, EXACT);
        assertThat(number(f, "startedPerMinute")).isCloseTo(24 / (57.0 / 60), Offset.offset(0.005)); // 50 → 74 from 0 to 57 s
    }

    @Test
    void aSiteWhoseThreadsAllEndedIsNotNamed() {
        // the live count grows (as in the test above at the limit) but the only site seen ends all its threads
        SyntheticProfile p = laterHalf(100, 100, 106, 114, 118, 120, 120);
        int batch = p.stack("java.lang.Thread.start", "com.acme.Batch.run");
        for (int s = 31; s < 60; s += 2) {
            p.threadStart(T0 + s * SECOND, "batch-" + s, "main", batch).threadEnd(T0 + s * SECOND + 500 * MS, "batch-" + s);
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).hasSize(1);
        Finding f = r.findings().get(0);
        assertThat(f.site()).isEqualTo(SiteRef.UNKNOWN);
        assertThat(f.title()).isEqualTo("Live threads grew from 100 to 120 in the later half of the recording (48/min, not levelling off)");
        assertThat(f.recommendation()).contains("record jdk.ThreadStart with stack traces");
        assertThat(number(f, "threads")).isCloseTo(0, EXACT);
        assertThat(f.tables().get(0).rows()).containsExactly(List.of("Batch.run", 15, 0));
    }

    @Test
    void aLiveCountThatRisesAndFallsBackHasNoSlopeAndDoesNotHideALeakingSite() {
        // 40 → 42 → 40 over the later half, symmetric: slope exactly 0, the last quarter below the reading at 45 s
        SyntheticProfile p = laterHalf(40, 41, 42, 42, 42, 41, 40);
        start(p, "worker-", p.stack(CREATOR), 31, 34, 37, 40, 43, 46, 49, 52, 55, 58);
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).hasSize(1);
        assertThat(number(r.findings().get(0), "growthPerMinute")).isCloseTo(0, EXACT);
        assertThat(r.findings().get(0).site().qualifiedMethod()).isEqualTo("com.acme.OrderService.quote");
    }

    @Test
    void readingsStampedAtOneInstantGiveNoSlope() {
        // eight readings at 50 s: no spread in time, so no slope and no start rate, whatever the counts say
        SyntheticProfile p = new SyntheticProfile(60);
        for (int i = 0; i < 8; i++) {
            p.threadStatistics(T0 + 50 * SECOND, 50 + i, 50 + i);
        }
        start(p, "worker-", p.stack(CREATOR), 46, 47, 48, 49, 50, 51, 52, 53, 54, 55);
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).hasSize(1);
        Finding f = r.findings().get(0);
        assertThat(number(f, "growthPerMinute")).isCloseTo(0, EXACT);
        assertThat(number(f, "fittedGrowth")).isCloseTo(0, EXACT);
        assertThat(f.evidence("startedPerMinute")).isNull();
    }

    @Test
    void readingsStampedAtOneInstantReportAZeroSlope() {
        SyntheticProfile p = new SyntheticProfile(60);
        for (int i = 0; i < 8; i++) {
            p.threadStatistics(T0 + 50 * SECOND, 50 + i, 50 + i);
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().message()).isEqualTo("live threads 50 → 57 over the later half (0/min fitted); no site left 10 threads alive");
    }
}
