package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.LockHolder;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.SiteRef;

/** Deadlocks from thread dumps: the JVM's own section (JDK 17, sample LockOrderDeadlock) and a cycle of lock lines. */
class DeadlockRuleTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = SyntheticProfile.T0;

    private static String dump() throws IOException {
        try (InputStream in = DeadlockRuleTest.class.getResourceAsStream("/dumps/deadlocks-jdk17.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Rule.Result evaluate(SyntheticProfile p) {
        return new DeadlockRule().evaluate(p.build());
    }

    @Test
    void bothDeadlocksOfTheDumpAreCriticalAndNameEveryThreadLockAndFrame() throws IOException {
        SyntheticProfile p = new SyntheticProfile(20);
        p.threadDump(T0 + 5 * S, dump());
        p.threadDump(T0 + 15 * S, dump());
        Rule.Result r = evaluate(p);
        assertThat(r.check().status()).isEqualTo(Check.Status.FINDINGS);
        assertThat(r.findings()).hasSize(2).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.kind()).isEqualTo("deadlock");
            assertThat(f.evidence("dumpsShowingIt")).isEqualTo(2L);
            assertThat(f.evidence("stuckAtLeastMs")).isEqualTo(10_000L);
        });
        Finding monitors = r.findings().stream().filter(f -> f.subject().endsWith("Account")).findFirst().orElseThrow();
        assertThat(monitors.site().qualifiedMethod()).isEqualTo("demo.deadlock.LockOrderDeadlock.transfer");
        assertThat(monitors.title()).isEqualTo("Deadlock: transfer-1 and transfer-2 wait for each other forever on "
                + "demo.deadlock.LockOrderDeadlock$Account, 1 more thread stuck behind them");
        assertThat((String) monitors.evidence("cycle")).isEqualTo(
                "transfer-1 holds LockOrderDeadlock$Account <0x69ee9b3a8> (taken in LockOrderDeadlock.transfer:30) and waits for "
                + "LockOrderDeadlock$Account <0x69ee9b3f0> in LockOrderDeadlock.transfer:30, held by transfer-2; "
                + "transfer-2 holds LockOrderDeadlock$Account <0x69ee9b3f0> (taken in LockOrderDeadlock.transfer:30) and waits for "
                + "LockOrderDeadlock$Account <0x69ee9b3a8> in LockOrderDeadlock.transfer:30, held by transfer-1");
        assertThat(monitors.evidence("threadsBehind")).isEqualTo(1L);
        assertThat(monitors.tables()).extracting(t -> t.title()).containsExactly(
                "The cycle: each thread holds a lock the next one waits for", "Threads stuck behind the deadlock");
        assertThat(monitors.tables().get(1).rows()).containsExactly(List.of("statement-1"));
        assertThat(monitors.blockedBy()).extracting(LockHolder::thread).containsExactly("transfer-2", "transfer-1");
        assertThat(monitors.blockedBy()).allSatisfy(h -> {
            assertThat(h.source()).isEqualTo("thread-dump");
            assertThat(h.state()).isEqualTo("blocked");
            assertThat(h.frames().get(0).qualifiedMethod()).isEqualTo("demo.deadlock.LockOrderDeadlock.transfer");
        });
        assertThat(monitors.recommendation()).contains("one global order").contains("synchronized");

        Finding ownable = r.findings().stream().filter(f -> f.subject().contains("ReentrantLock")).findFirst().orElseThrow();
        assertThat(ownable.site().qualifiedMethod()).isEqualTo("demo.deadlock.LockOrderDeadlock.restock");
        assertThat(ownable.title()).startsWith("Deadlock: restock-north and restock-south wait for each other forever on "
                + "java.util.concurrent.locks.ReentrantLock");
        assertThat(ownable.tables().get(0).rows()).allSatisfy(row ->
                assertThat(row.get(2)).isEqualTo("not in the dump (a j.u.c. lock is not tied to a frame)"));
        assertThat(ownable.blockedBy()).allSatisfy(h -> assertThat(h.state()).isEqualTo("parked"));
        assertThat(ownable.recommendation()).contains("use tryLock with a timeout and back off on failure")
                .doesNotContain("synchronized");
    }

    @Test
    void dumpsWithoutACycleAreOkAndSayWhatTheyCannotShow() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.threadDump(T0 + S, String.join("\n",
                "\"worker\" #30 prio=5 os_prio=0 tid=0x1 nid=0x2 runnable",
                "   java.lang.Thread.State: RUNNABLE",
                "\tat com.acme.Cache.evict(Cache.java:7)",
                "\t- locked <0x00000000000000aa> (a java.util.HashMap)",
                "",
                "\"http-1\" #31 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
                "   java.lang.Thread.State: BLOCKED (on object monitor)",
                "\tat com.acme.Cache.get(Cache.java:3)",
                "\t- waiting to lock <0x00000000000000aa> (a java.util.HashMap)",
                ""));
        Rule.Result r = evaluate(p);
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().status()).isEqualTo(Check.Status.OK);
        assertThat(r.check().message()).isEqualTo("no deadlock in 1 thread dump — a dump shows only the moment it was taken");
    }

    @Test
    void aCycleOfMonitorLinesWithoutTheJvmsSectionIsADeadlockToo() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.threadDump(T0 + S, String.join("\n",
                "\"a\" #21 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
                "   java.lang.Thread.State: BLOCKED (on object monitor)",
                "\tat com.acme.Ledger.post(Ledger.java:10)",
                "\t- waiting to lock <0x0000000000000002> (a com.acme.Account)",
                "\t- locked <0x0000000000000001> (a com.acme.Account)",
                "",
                "\"b\" #22 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
                "   java.lang.Thread.State: BLOCKED (on object monitor)",
                "\tat com.acme.Ledger.post(Ledger.java:10)",
                "\t- waiting to lock <0x0000000000000001> (a com.acme.Account)",
                "\tat com.acme.Ledger.transfer(Ledger.java:20)",
                "\t- locked <0x0000000000000002> (a com.acme.Account)",
                ""));
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence("reportedBy")).asString().startsWith("a cycle of waiting-to-lock / locked lines");
        assertThat(f.tables().get(0).rows()).extracting(row -> row.get(0) + " took it in " + row.get(2))
                .containsExactlyInAnyOrder("a took it in Ledger.post:10", "b took it in Ledger.transfer:20");
        assertThat(f.evidence("stuckAtLeastMs")).as("one dump: how long is unknown").isNull();
    }

    @Test
    void withoutThreadDumpsTheRuleCannotTellAndSaysWhichSettingWould() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.setting("jdk.ThreadDump", "period", "60 s");
        Rule.Result r = evaluate(p);
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(r.check().message()).startsWith("no thread dumps in the recording (jdk.ThreadDump period 60 s)")
                .contains("jdk.ThreadDump#period=10s");
    }

    // ---- waits that never ended, from wall-clock samples (async-profiler wall, no dumps) ----

    private static final long MS = SyntheticProfile.MS;
    private static final String[] MONITOR_PARK_LOCK = ThresholdContractTest.LOCK_PARK;

    @Test
    void lockWaitsSampledToTheEndAreAWarningThatNamesEachThreadAndSaysNoCycleIsKnown() {
        SyntheticProfile p = new SyntheticProfile(30);
        long end = T0 + 30 * S;
        int lock = p.stack(MONITOR_PARK_LOCK);
        p.wall(T0 + 12 * S, end, 10 * MS, "transfer-1", lock);
        p.wall(T0 + 13 * S, end, 10 * MS, "transfer-2", lock);
        Rule.Result r = evaluate(p);
        assertThat(r.check().status()).isEqualTo(Check.Status.FINDINGS);
        assertThat(r.check().message()).contains("a deadlock or a hang");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.title()).isEqualTo("2 threads waited for a lock from 12.0 s to the end of the recording in "
                    + "Ledger.post — a deadlock or a hang; a thread dump would tell");
            assertThat(f.evidence("stuckThreads")).isEqualTo("transfer-1 and transfer-2");
            assertThat((double) f.evidence("neverEndedWaitS")).isEqualTo(18.0);
            assertThat((String) f.evidence("waitSource")).contains("wall-clock samples every 10 ms");
            assertThat((String) f.evidence("cycle")).startsWith("unknown");
            assertThat(f.blockedBy()).isEmpty();
        });
    }

    @Test
    void neverEndedWaitJustBelowAndAboveTheInfoAndWarningLimitsAndNeverCritical() {
        assertThat(evaluate(neverEnded(0.98)).findings()).isEmpty();
        assertThat(evaluate(neverEnded(1.02)).findings()).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(evaluate(neverEnded(4.9)).findings()).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(evaluate(neverEnded(5.1)).findings()).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(evaluate(neverEnded(60)).findings()).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
    }

    private static SyntheticProfile neverEnded(double seconds) {
        SyntheticProfile p = new SyntheticProfile(100);
        long end = T0 + 100 * S;
        p.wall(end - Math.round(seconds * S), end, 10 * MS, "request-1", p.stack(MONITOR_PARK_LOCK));
        return p;
    }

    @Test
    void aWaitThatEndedBeforeTheRecordingDidIsNoHang() {
        SyntheticProfile p = new SyntheticProfile(30);
        int lock = p.stack(MONITOR_PARK_LOCK);
        // the last sample 30 ms before the end: more than 2.5 sampling periods, so the thread stopped waiting
        p.wall(T0 + 10 * S, T0 + 30 * S - 30 * MS, 10 * MS, "request-1", lock);
        p.wall(T0, T0 + 30 * S, 10 * MS, "request-2", p.stack("com.acme.Pricing.compute", "java.lang.Thread.run"));
        Rule.Result r = evaluate(p);
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().status()).isEqualTo(Check.Status.OK);
        assertThat(r.check().message()).isEqualTo("no thread dumps; no thread waited for a lock until the end of the "
                + "recording in wall-clock samples every 10 ms");
    }

    @Test
    void aHangAtTheEndIsFoundWhenTheEarliestSamplesMadeRoomForNewerOnes() {
        // room for 1,500 samples: two threads sampled every 10 ms for 30 s, in time order, leave the last 7.5 s
        SyntheticProfile p = sampledInTimeOrder(25);
        Profile profile = p.build();
        assertThat(profile.info().warnings()).anySatisfy(w -> assertThat(w).startsWith("only the last 1,500 stack samples were kept"));
        Rule.Result r = new DeadlockRule().evaluate(profile);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.title()).contains("from 25.0 s to the end of the recording");
            assertThat((String) f.evidence("waitSource")).contains("samples were kept from about 23 s into the recording on");
        });
        // a wait that began before the samples kept is seen from the first of them
        assertThat(new DeadlockRule().evaluate(sampledInTimeOrder(10).build()).findings()).singleElement()
                .satisfies(f -> assertThat(f.title()).contains("from 22.5 s to the end of the recording"));
        // and with no hang, the check says from when it looked
        Rule.Result ok = new DeadlockRule().evaluate(sampledInTimeOrder(31).build());
        assertThat(ok.findings()).isEmpty();
        assertThat(ok.check().status()).isEqualTo(Check.Status.OK);
        assertThat(ok.check().message()).contains("(kept from about 23 s into the recording on: a wait that began earlier is seen from then)");
    }

    /** Two threads sampled every 10 ms for 30 s as a reader delivers them, room for 1,500; request-1 stuck from {@code hangAt} s. */
    private static SyntheticProfile sampledInTimeOrder(int hangAt) {
        SyntheticProfile p = new SyntheticProfile(30, org.jfrtriage.analyzer.profile.ContentionIntervals.DEFAULT_CAPACITY_LIMIT, 1_500);
        int working = p.stack("com.acme.Pricing.compute", "java.lang.Thread.run");
        int stuck = p.stack(MONITOR_PARK_LOCK);
        for (long t = T0; t <= T0 + 30 * S; t += 10 * MS) {
            p.wall(t, t, 10 * MS, "request-2", working);
            p.wall(t, t, 10 * MS, "request-1", t > T0 + hangAt * S ? stuck : working);
        }
        return p;
    }

    @Test
    void aConditionOrLatchAwaitedToTheEndIsNoHang() {
        SyntheticProfile p = new SyntheticProfile(30);
        int latch = p.stack("jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquireSharedInterruptibly",
                "java.util.concurrent.CountDownLatch.await", "com.acme.Main.main");
        p.wall(T0, T0 + 30 * S, 10 * MS, "main", latch);
        assertThat(evaluate(p).findings()).isEmpty();
    }

    @Test
    void twoSamplesInALockWaitAreNotAWaitThreeAre() {
        SyntheticProfile two = new SyntheticProfile(10);
        long end = T0 + 10 * S;
        two.wall(end - 10 * MS, end, 10 * MS, "request-1", two.stack(MONITOR_PARK_LOCK));
        two.wall(T0, end, 10 * MS, "request-2", two.stack("com.acme.Pricing.compute", "java.lang.Thread.run"));
        assertThat(two.build().sampledWaits().waits()).isEmpty();
        SyntheticProfile three = new SyntheticProfile(10);
        three.wall(end - 20 * MS, end, 10 * MS, "request-1", three.stack(MONITOR_PARK_LOCK));
        three.wall(T0, end, 10 * MS, "request-2", three.stack("com.acme.Pricing.compute", "java.lang.Thread.run"));
        assertThat(three.build().sampledWaits().waits()).singleElement().satisfies(w -> {
            assertThat(w.samples()).isEqualTo(3);
            assertThat(w.endNanos() - w.startNanos()).isEqualTo(20 * MS);
            assertThat(w.open()).isTrue();
            assertThat(w.lockClass()).isEqualTo("java.util.concurrent.locks.ReentrantLock$Sync");
        });
    }

    @Test
    void samplesFurtherApartThanTwoAndAHalfPeriodsAreTwoWaits() {
        SyntheticProfile p = new SyntheticProfile(10);
        int lock = p.stack(MONITOR_PARK_LOCK);
        p.wall(T0 + S, T0 + S + 40 * MS, 10 * MS, "request-1", lock);
        // 24 ms after the last sample: still one wait; the gap below is 26 ms: two
        p.wall(T0 + S + 64 * MS, T0 + S + 104 * MS, 10 * MS, "request-1", lock);
        p.wall(T0 + S + 130 * MS, T0 + S + 170 * MS, 10 * MS, "request-1", lock);
        assertThat(p.build().sampledWaits().waits()).extracting(w -> (w.endNanos() - w.startNanos()) / MS)
                .containsExactly(104L, 40L);
    }

    @Test
    void aThreadPausingItselfWithParkNanosIsNotWaiting() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.wall(T0, T0 + 10 * S, 10 * MS, "request-1", p.stack("jdk.internal.misc.Unsafe.park",
                "java.util.concurrent.locks.LockSupport.parkNanos", "com.acme.Handler.handle", "java.lang.Thread.run"));
        assertThat(p.build().sampledWaits().waits()).isEmpty();
    }

    @Test
    void withoutDumpsOrWallSamplesTheCheckNamesBoth() {
        Rule.Result r = evaluate(new SyntheticProfile(10));
        assertThat(r.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(r.check().message()).contains("jdk.ThreadDump#period=10s").contains("event=wall");
    }

    // ---- exact evidence of cycles, and of never-ended waits beside them ----

    /** a, b and c wait for each other; d and e wait behind them. Java ids as {@link SyntheticProfile#thread} gives them. */
    private static final String THREE_THREAD_CYCLE = String.join("\n",
            "\"a\" #97 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
            "   java.lang.Thread.State: BLOCKED (on object monitor)",
            "\tat com.acme.Ledger.post(Ledger.java:10)",
            "\t- waiting to lock <0x0000000000000002> (a com.acme.Account)",
            "\t- locked <0x0000000000000001> (a com.acme.Account)",
            "",
            "\"b\" #98 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
            "   java.lang.Thread.State: BLOCKED (on object monitor)",
            "\tat com.acme.Ledger.close(Ledger.java:40)",
            "\t- waiting to lock <0x0000000000000003> (a com.acme.Journal)",
            "\tat com.acme.Ledger.settle(Ledger.java:50)",
            "\t- locked <0x0000000000000002> (a com.acme.Account)",
            "",
            "\"c\" #99 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
            "   java.lang.Thread.State: BLOCKED (on object monitor)",
            "\tat com.acme.Journal.append(Journal.java:5)",
            "\t- waiting to lock <0x0000000000000001> (a com.acme.Account)",
            "\tat com.acme.Journal.flush(Journal.java:9)",
            "\t- locked <0x0000000000000003> (a com.acme.Journal)",
            "",
            "\"d\" #100 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
            "   java.lang.Thread.State: BLOCKED (on object monitor)",
            "\tat com.acme.Journal.read(Journal.java:7)",
            "\t- waiting to lock <0x0000000000000003> (a com.acme.Journal)",
            "",
            "\"e\" #101 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
            "   java.lang.Thread.State: BLOCKED (on object monitor)",
            "\tat com.acme.Ledger.post(Ledger.java:10)",
            "\t- waiting to lock <0x0000000000000001> (a com.acme.Account)",
            "");

    @Test
    void aCycleOfThreeThreadsNamesWhatEachHoldsAndWaitsForAndWhenItWasFirstSeen() {
        SyntheticProfile p = new SyntheticProfile(20);
        p.threadDump(T0 + S + 1_500_000L, THREE_THREAD_CYCLE);
        p.threadDump(T0 + 4 * S, THREE_THREAD_CYCLE);
        p.threadDump(T0 + 9 * S, THREE_THREAD_CYCLE);
        Rule.Result r = evaluate(p);
        assertThat(r.check().message()).isEqualTo("1 deadlock");
        Finding f = r.findings().get(0);
        assertThat(f.title()).isEqualTo("Deadlock: a, b and c wait for each other forever on com.acme.Account and com.acme.Journal, "
                + "2 more threads stuck behind them");
        assertThat(f.subject()).isEqualTo("com.acme.Account, com.acme.Journal");
        assertThat(f.evidence("threads")).isEqualTo(3L);
        assertThat((String) f.evidence("cycle")).isEqualTo(
                "a holds Account <0x1> (taken in Ledger.post:10) and waits for Account <0x2> in Ledger.post:10, held by b; "
                + "b holds Account <0x2> (taken in Ledger.settle:50) and waits for Journal <0x3> in Ledger.close:40, held by c; "
                + "c holds Journal <0x3> (taken in Journal.flush:9) and waits for Account <0x1> in Journal.append:5, held by a");
        assertThat(f.evidence("locks")).isEqualTo("Account <0x2>, Journal <0x3>, Account <0x1>");
        assertThat(f.evidence("dumpsShowingIt")).isEqualTo(3L);
        // first seen in the dump 1.0015 s after the epoch second of T0, to the millisecond
        assertThat(f.evidence("firstSeenAt")).isEqualTo("2023-11-14T22:13:21.001Z");
        assertThat(f.evidence("stuckAtLeastMs")).isEqualTo(7998L);
        assertThat(f.evidence("threadsBehind")).isEqualTo(2L);
        assertThat(f.tables().get(1).rows()).containsExactly(List.of("d"), List.of("e"));
        assertThat(f.blockedBy()).extracting(LockHolder::thread).containsExactly("b", "c", "a");
        assertThat(f.blockedBy()).allSatisfy(h -> {
            assertThat(h.blockedMs()).isEqualTo(7998L);
            assertThat(h.share()).isEqualTo(0.333);
        });
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.Ledger.post");
        assertThat(f.stack()).extracting(SiteRef::qualifiedMethod).containsExactly("com.acme.Ledger.post");
        assertThat(f.recommendation()).contains("replace the nested synchronized blocks").doesNotContain("back off on failure");
    }

    @Test
    void aCycleInsidePlatformCodeNamesThePlatformFrame() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.threadDump(T0 + S, String.join("\n",
                "\"x\" #21 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
                "   java.lang.Thread.State: BLOCKED (on object monitor)",
                "\tat java.util.Hashtable.put(Hashtable.java:5)",
                "\t- waiting to lock <0x0000000000000002> (a java.util.Hashtable)",
                "\t- locked <0x0000000000000001> (a java.util.Hashtable)",
                "",
                "\"y\" #22 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
                "   java.lang.Thread.State: BLOCKED (on object monitor)",
                "\tat java.util.Hashtable.putAll(Hashtable.java:9)",
                "\t- waiting to lock <0x0000000000000001> (a java.util.Hashtable)",
                "\t- locked <0x0000000000000002> (a java.util.Hashtable)",
                ""));
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.tables().get(0).rows()).extracting(row -> row.get(0) + " waits in " + row.get(4))
                .containsExactlyInAnyOrder("x waits in Hashtable.put", "y waits in Hashtable.putAll");
        assertThat(f.title()).isEqualTo("Deadlock: x and y wait for each other forever on java.util.Hashtable");
    }

    @Test
    void threadsOfACycleAreNotCountedAgainAsNeverEndedWaitsButOthersAre() {
        SyntheticProfile p = new SyntheticProfile(30);
        long end = T0 + 30 * S;
        int lock = p.stack(MONITOR_PARK_LOCK);
        p.wall(T0 + 12 * S, end, 10 * MS, "a", lock);
        p.wall(T0 + 12 * S, end, 10 * MS, "b", lock);
        p.threadDump(T0 + 20 * S, THREE_THREAD_CYCLE);
        Rule.Result cycleOnly = evaluate(p);
        assertThat(cycleOnly.findings()).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo("deadlock"));
        assertThat(cycleOnly.findings().get(0).title()).startsWith("Deadlock: a, b and c");
        assertThat(cycleOnly.check().message()).isEqualTo("1 deadlock");

        p.wall(T0 + 14 * S, end, 10 * MS, "request-1", lock);
        Rule.Result both = evaluate(p);
        assertThat(both.findings()).hasSize(2);
        assertThat(both.findings().get(1).evidence("stuckThreads")).isEqualTo("request-1");
        assertThat(both.check().message())
                .isEqualTo("1 deadlock; threads waited for locks until the end of the recording (a deadlock or a hang)");
    }

    @Test
    void neverEndedWaitsAreListedByStartWithWhereTheyWaitAndForHowLong() {
        SyntheticProfile p = new SyntheticProfile(30);
        long end = T0 + 30 * S;
        int lock = p.stack(MONITOR_PARK_LOCK);
        p.wall(T0 + 15 * S, end, 10 * MS, "late", lock);
        p.wall(T0 + 12 * S, end, 10 * MS, "early", lock);
        p.wall(T0 + 13 * S, end, 10 * MS, "middle", lock);
        Rule.Result r = evaluate(p);
        assertThat(r.check().message()).isEqualTo("threads waited for locks until the end of the recording (a deadlock or a hang)");
        Finding f = r.findings().get(0);
        assertThat(f.evidence("stuckThreads")).isEqualTo("early, middle and late");
        assertThat(f.evidence("threads")).isEqualTo(3L);
        assertThat(f.evidence("waitingSince")).isEqualTo("12.0 s into the recording");
        assertThat(f.tables().get(0).rows()).containsExactly(
                List.of("early", "Ledger.post:15", "java.util.concurrent.locks.ReentrantLock", "12.0", "18.0"),
                List.of("middle", "Ledger.post:15", "java.util.concurrent.locks.ReentrantLock", "13.0", "17.0"),
                List.of("late", "Ledger.post:15", "java.util.concurrent.locks.ReentrantLock", "15.0", "15.0"));
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.Ledger.post");
        assertThat(f.stack()).extracting(SiteRef::qualifiedMethod).startsWith("jdk.internal.misc.Unsafe.park");
    }

    @Test
    void aMonitorEnterSampledToTheEndIsNamedAsAMonitorAndWaitsBegunTogetherKeepTheThreadTablesOrder() {
        SyntheticProfile p = new SyntheticProfile(30);
        long end = T0 + 30 * S;
        p.thread("zed");
        int monitor = p.stack("ObjectMonitor::enter", "com.acme.Ledger.audit", "java.lang.Thread.run");
        p.wall(T0 + 20 * S, end, 10 * MS, "amy", monitor);
        p.wall(T0 + 20 * S, end, 10 * MS, "zed", monitor);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.tables().get(0).rows()).containsExactly(
                List.of("zed", "Ledger.audit:11", "a monitor (synchronized)", "20.0", "10.0"),
                List.of("amy", "Ledger.audit:11", "a monitor (synchronized)", "20.0", "10.0"));
    }

    @Test
    void oneThreadNeverEndingItsWaitIsNamedAlone() {
        Finding f = evaluate(neverEnded(10)).findings().get(0);
        assertThat(f.evidence("stuckThreads")).isEqualTo("request-1");
        assertThat(f.title()).isEqualTo("1 thread waited for a lock from 90.0 s to the end of the recording in Ledger.post — "
                + "a deadlock or a hang; a thread dump would tell");
    }
}
