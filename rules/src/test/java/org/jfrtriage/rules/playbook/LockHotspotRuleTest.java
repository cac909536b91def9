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

class LockHotspotRuleTest {
    private static final String[] SYNC_MAP_PUT = {"java.util.Collections$SynchronizedMap.put", "com.acme.Registry.register",
            "com.acme.Handler.handle", "java.lang.Thread.run"};

    /** {@code totalMs} of blocking spread over 10 threads in a 10 s recording, in 50 ms waits. */
    private static Rule.Result blocked(long totalMs, ContentionKind kind, String lockClass, String... stack) {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(stack);
        long waits = totalMs / 50;
        for (int i = 0; i < waits; i++) {
            p.contention(kind, T0 + i * 10 * MS, 50 * MS, "request-" + (i % 10), lockClass, s);
        }
        return new LockHotspotRule().evaluate(p.build());
    }

    @Test
    void justBelowInfoLimitIsNoFinding() {
        // info limit 0.05 threads on average = 500 ms blocked in a 10 s recording
        Rule.Result result = blocked(450, ContentionKind.MONITOR_ENTER, "java.util.Collections$SynchronizedMap", SYNC_MAP_PUT);
        assertThat(result.findings()).isEmpty();
        assertThat(result.check().status()).isEqualTo(Check.Status.OK);
    }

    @Test
    void justAboveCriticalLimitIsCriticalAtTheCallerNotTheJdkFrame() {
        // critical limit 1.0 thread on average = 10 s blocked in 10 s
        Rule.Result result = blocked(10_500, ContentionKind.MONITOR_ENTER, "java.util.Collections$SynchronizedMap", SYNC_MAP_PUT);
        assertThat(result.findings()).hasSize(1);
        Finding f = result.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.Registry.register");
        assertThat(f.subject()).isEqualTo("java.util.Collections$SynchronizedMap");
        assertThat(f.id()).isEqualTo("lock-hotspot|com.acme.Registry.register|java.util.Collections$SynchronizedMap");
        assertThat(f.evidence("blockedMs")).isEqualTo(10_500L);
        assertThat(f.evidence("threads")).isEqualTo(10L);
        assertThat(f.recommendation()).contains("ConcurrentHashMap");
        assertThat(f.title()).contains("10 threads").contains("Registry.register");
    }

    @Test
    void warningBetweenWarningAndCriticalLimits() {
        Rule.Result result = blocked(3_000, ContentionKind.PARK, "java.util.concurrent.locks.ReentrantReadWriteLock$NonfairSync",
                "jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.locks.ReentrantReadWriteLock$ReadLock.lock", "com.acme.Store.read", "java.lang.Thread.run");
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.evidence("lockType")).isEqualTo("java.util.concurrent");
            assertThat(f.recommendation()).contains("read/write lock");
        });
    }

    @Test
    void idleWorkersAndFutureWaitsAreNotContention() {
        SyntheticProfile p = new SyntheticProfile(10);
        int idle = p.stack("jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.LinkedBlockingQueue.take", "java.util.concurrent.ThreadPoolExecutor.getTask",
                "java.util.concurrent.ThreadPoolExecutor.runWorker", "java.lang.Thread.run");
        int future = p.stack("jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.FutureTask.awaitDone", "java.util.concurrent.FutureTask.get", "com.acme.Api.call");
        for (int i = 0; i < 100; i++) {
            p.contention(ContentionKind.PARK, T0 + i * 100 * MS, SECOND, "worker-" + (i % 8),
                    "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject", idle);
            p.contention(ContentionKind.PARK, T0 + i * 100 * MS, SECOND, "request-" + (i % 8),
                    "java.util.concurrent.FutureTask", future);
        }
        assertThat(new LockHotspotRule().evaluate(p.build()).findings()).isEmpty();
    }

    @Test
    void withoutLockEventsTheRuleSaysWhatToEnable() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.cpu(T0, "main", p.stack("com.acme.Main.main"), 10);
        Rule.Result result = new LockHotspotRule().evaluate(p.build());
        assertThat(result.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(result.check().message()).contains("jdk.JavaMonitorEnter");
    }

    @Test
    void enabledButSilentLockEventsAreAnOkNotAGap() {
        SyntheticProfile p = new SyntheticProfile(10).enabled("jdk.JavaMonitorEnter");
        Rule.Result result = new LockHotspotRule().evaluate(p.build());
        assertThat(result.check().status()).isEqualTo(Check.Status.OK);
    }

    private static final String SYNC_MAP = "java.util.Collections$SynchronizedMap";

    /** Two stacks reaching one site: {@code lightMs} of waits through the handler, {@code heavyMs} through the batch. */
    private static Rule.Result twoStacksAtOneSite(long firstMs, boolean heavyFirst) {
        SyntheticProfile p = new SyntheticProfile(10);
        int viaHandler = p.stack(SYNC_MAP_PUT);
        int viaBatch = p.stack("java.util.Collections$SynchronizedMap.put", "com.acme.Registry.register",
                "com.acme.Batch.run", "java.lang.Thread.run");
        int first = heavyFirst ? viaBatch : viaHandler;
        int second = heavyFirst ? viaHandler : viaBatch;
        p.contention(ContentionKind.MONITOR_ENTER, T0, firstMs * MS, "request-1", SYNC_MAP, first);
        p.contention(ContentionKind.MONITOR_ENTER, T0 + SECOND, 900 * MS, "request-2", SYNC_MAP, second);
        return new LockHotspotRule().evaluate(p.build());
    }

    @Test
    void theExampleStackIsTheHeaviestOfTheSiteWhicheverCameFirst() {
        // the light stack first, then the heavy one
        Finding lightFirst = twoStacksAtOneSite(300, false).findings().get(0);
        assertThat(lightFirst.stack()).extracting(f -> f.qualifiedMethod()).contains("com.acme.Batch.run");
        // the heavy stack first, then the light one
        Finding heavyFirst = twoStacksAtOneSite(2_000, true).findings().get(0);
        assertThat(heavyFirst.stack()).extracting(f -> f.qualifiedMethod()).contains("com.acme.Batch.run")
                .doesNotContain("com.acme.Handler.handle");
        // both stacks are one hotspot: their blocked time adds up, the longest wait is the longer one
        assertThat(lightFirst.evidence("blockedMs")).isEqualTo(1_200L);
        assertThat(lightFirst.evidence("events")).isEqualTo(2L);
        assertThat(lightFirst.evidence("maxBlockedMs")).isEqualTo(900.0);
        assertThat(heavyFirst.evidence("maxBlockedMs")).isEqualTo(2_000.0);
        assertThat(heavyFirst.evidence("threads")).isEqualTo(2L);
    }

    @Test
    void equallyHeavyStacksKeepTheFirstAsTheExample() {
        Finding f = twoStacksAtOneSite(900, false).findings().get(0);
        assertThat(f.stack()).extracting(r -> r.qualifiedMethod()).contains("com.acme.Handler.handle");
    }

    @Test
    void evidenceNumbersAndTheOwnersTable() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(SYNC_MAP_PUT);
        // 4 s blocked: 3 s behind flusher, 1 s behind cleaner; longest wait 1.5 s
        p.contention(ContentionKind.MONITOR_ENTER, T0, 1_500 * MS, "request-1", SYNC_MAP, s, "flusher");
        p.contention(ContentionKind.MONITOR_ENTER, T0 + 2 * SECOND, 1_500 * MS, "request-2", SYNC_MAP, s, "flusher");
        p.contention(ContentionKind.MONITOR_ENTER, T0 + 4 * SECOND, 1_000 * MS, "request-3", SYNC_MAP, s, "cleaner");
        Finding f = new LockHotspotRule().evaluate(p.build()).findings().get(0);
        assertThat(f.evidence("blockedMs")).isEqualTo(4_000L);
        assertThat(f.evidence("events")).isEqualTo(3L);
        assertThat(f.evidence("threads")).isEqualTo(3L);
        assertThat(f.evidence("blockedMsPerSecond")).isEqualTo(400.0);
        assertThat(f.evidence("avgBlockedThreads")).isEqualTo(0.4);
        assertThat(f.evidence("maxBlockedMs")).isEqualTo(1_500.0);
        assertThat(f.evidence("lockType")).isEqualTo("monitor");
        assertThat(f.evidence("topOwner")).isEqualTo("flusher");
        assertThat(f.evidence("topOwnerShare")).isEqualTo(75.0);
        assertThat(f.evidence("holderSource")).isEqualTo("monitor-owner");
        assertThat(f.tables()).singleElement().satisfies(t -> {
            assertThat(t.columns()).containsExactly("holder thread", "waited behind it (ms)", "share", "state",
                    "known from", "where it was");
            assertThat(t.rows()).containsExactly(List.of("flusher", 3_000L, "75%", "unknown", "monitor-owner", ""),
                    List.of("cleaner", 1_000L, "25%", "unknown", "monitor-owner", ""));
        });
        assertThat(f.evidence("heldBy")).isEqualTo("3 threads waited 4.0 s, 75% of it behind flusher");
        assertThat(f.recommendation()).endsWith("While others waited, the lock was held by flusher: look at what it "
                + "does inside the critical section.");
        assertThat(f.title()).isEqualTo("3 threads blocked 4.0 s in total on java.util.Collections$SynchronizedMap at Registry.register");
        // blocked threads 0.4 is a warning; the longest wait 1.5 s is a warning too: the higher score wins
        assertThat(f.score()).isEqualTo(Math.max(LockHotspotRule.BLOCKED_THREADS.score(0.4), LockHotspotRule.LONGEST_WAIT.score(1_500)));
        assertThat(f.thresholds()).extracting(j -> j.measure()).containsExactly(0.4, 1_500.0);
    }

    @Test
    void withoutOwnersThereIsNoOwnerTable() {
        Finding f = blocked(3_000, ContentionKind.MONITOR_ENTER, SYNC_MAP, SYNC_MAP_PUT).findings().get(0);
        assertThat(f.tables()).isEmpty();
        assertThat(f.evidence("topOwner")).isNull();
        assertThat(f.evidence("blockedByUnknown")).asString().contains("no owner").contains("jdk.ThreadDump");
        assertThat(f.recommendation()).doesNotContain("was held by").contains("cannot be told");
    }

    @Test
    void hotspotsAreRankedByScoreAndSitesAreKeptApart() {
        SyntheticProfile p = new SyntheticProfile(10);
        int register = p.stack(SYNC_MAP_PUT);
        int lookup = p.stack("java.util.Collections$SynchronizedMap.get", "com.acme.Registry.lookup", "java.lang.Thread.run");
        p.contention(ContentionKind.MONITOR_ENTER, T0, 600 * MS, "request-1", SYNC_MAP, register); // info
        for (int i = 0; i < 4; i++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + i * SECOND, 900 * MS, "request-" + i, SYNC_MAP, lookup); // warning
        }
        Rule.Result result = new LockHotspotRule().evaluate(p.build());
        assertThat(result.findings()).extracting(f -> f.site().method()).containsExactly("lookup", "register");
        assertThat(result.findings()).extracting(Finding::severity).containsExactly(Severity.WARNING, Severity.INFO);
        assertThat(result.check().message()).isEqualTo("2 contended locks");
    }

    @Test
    void theOkCheckCountsLockEventsOnlyAndNamesTheRecordingThreshold() {
        SyntheticProfile p = new SyntheticProfile(10).setting("jdk.JavaMonitorEnter", "threshold", "20 ms");
        int s = p.stack(SYNC_MAP_PUT);
        int idle = p.stack("jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.ThreadPoolExecutor.getTask", "java.lang.Thread.run");
        for (int i = 0; i < 3; i++) {
            p.contention(ContentionKind.MONITOR_ENTER, T0 + i * SECOND, 30 * MS, "request-1", SYNC_MAP, s);
        }
        for (int i = 0; i < 5; i++) { // idle parking is not a blocking event
            p.contention(ContentionKind.PARK, T0 + i * SECOND, 900 * MS, "worker-1",
                    "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject", idle);
        }
        Rule.Result result = new LockHotspotRule().evaluate(p.build());
        assertThat(result.check().status()).isEqualTo(Check.Status.OK);
        assertThat(result.check().message()).isEqualTo("no lock with notable blocked time (3 blocking events, recorded above 20 ms)");
        SyntheticProfile unset = new SyntheticProfile(10).enabled("jdk.JavaMonitorEnter");
        assertThat(new LockHotspotRule().evaluate(unset.build()).check().message())
                .isEqualTo("no lock with notable blocked time (0 blocking events)");
    }
}
