package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

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
}
