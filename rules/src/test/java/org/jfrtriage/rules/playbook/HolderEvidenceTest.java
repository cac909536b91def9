package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.LockHolder;

/**
 * Issue 18's reproduction in miniature: a housekeeping thread iterates a synchronizedMap under its lock while
 * request threads queue for it. The holder is the housekeeping thread, never the waiter that passed the monitor on.
 */
class HolderEvidenceTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = SyntheticProfile.T0;
    private static final String MAP = "java.util.Collections$SynchronizedMap";
    private static final long MONITOR = 0x7fab840093c0L;

    /** Every 250 ms the janitor holds the map 150 ms; four requests queue behind it each time and pass it along. */
    private static SyntheticProfile janitorAndRequests(boolean ownersRecorded) {
        SyntheticProfile p = new SyntheticProfile(10);
        int touch = p.stack("java.util.Collections$SynchronizedMap.put", "com.acme.SessionCache.touch", "com.acme.Http.serve");
        int evict = p.stack("java.util.HashMap$HashIterator.nextNode", "com.acme.SessionCache.evictExpired", "com.acme.Janitor.run");
        for (int round = 0; round < 30; round++) {
            long base = T0 + round * 250 * MS;
            String previous = "janitor";
            for (int r = 0; r < 4; r++) {
                String thread = "http-" + r;
                p.monitorEnter(base + (10 + r) * MS, (140 - r) * MS + r * MS, thread, MAP, touch,
                        ownersRecorded ? previous : null, MONITOR);
                previous = thread;
            }
            for (long t = 5; t < 150; t += 20) {
                p.cpu(base + t * MS, "janitor", evict, 1);
            }
        }
        return p;
    }

    @Test
    void theHousekeepingThreadIsTheHolderWithItsFramesAndTheSentenceSaysSo() {
        Finding f = new LockHotspotRule().evaluate(janitorAndRequests(true).build()).findings().get(0);
        LockHolder top = f.blockedBy().get(0);
        assertThat(top.thread()).isEqualTo("janitor");
        assertThat(top.source()).isEqualTo("monitor-owner");
        assertThat(top.state()).isEqualTo("running");
        assertThat(top.share()).isGreaterThan(0.95);
        assertThat(top.frames()).extracting(fr -> fr.qualifiedMethod()).startsWith(
                "java.util.HashMap$HashIterator.nextNode", "com.acme.SessionCache.evictExpired");
        assertThat(f.blockedBy()).extracting(LockHolder::thread).doesNotContain("http-0", "http-1", "http-2")
                .as("waiters that held the monitor for an instant are below the listed share");
        // 8 janitor samples a round, 7 of them after the first waiter arrived (10 ms): 30 × 7 inside its holds
        assertThat(f.evidence("heldBy")).as("the one line: who, what, how often").isEqualTo("4 threads waited 17 s, 99% of "
                + "it behind janitor, which was running in SessionCache.evictExpired → HashMap$HashIterator.nextNode (210 of "
                + "210 samples while it held the lock)");
        assertThat(f.recommendation()).contains("held by janitor in SessionCache.evictExpired → HashMap$HashIterator.nextNode");
        assertThat(f.tables()).singleElement().satisfies(t -> {
            assertThat(t.columns()).containsExactly("holder thread", "waited behind it (ms)", "share", "state",
                    "known from", "where it was");
            assertThat(t.rows().get(0)).startsWith("janitor");
        });
    }

    @Test
    void withoutPreviousOwnerTheQueueOrderAndTheSamplesStillNameTheJanitor() {
        Finding f = new LockHotspotRule().evaluate(janitorAndRequests(false).build()).findings().get(0);
        LockHolder top = f.blockedBy().get(0);
        assertThat(top.thread()).isEqualTo("janitor");
        assertThat(top.source()).isEqualTo("samples");
        assertThat((String) f.evidence("heldBy")).contains("inferred from samples");
    }

    @Test
    void thePileupAtTheSameSiteNamesTheSameHolder() {
        Finding f = new ThreadPileupRule().evaluate(janitorAndRequests(true).build()).findings().get(0);
        assertThat(f.blockedBy()).first().extracting(LockHolder::thread).isEqualTo("janitor");
        assertThat(f.evidence("topOwner")).isEqualTo("janitor");
    }

    @Test
    void aParkWithNothingElseRecordedNamesNobodyAndSaysWhichSettingWould() {
        SyntheticProfile p = new SyntheticProfile(10);
        int read = p.stack("jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.ReentrantLock.lock", "com.acme.Store.read");
        for (int t = 0; t < 4; t++) {
            p.contention(ContentionKind.PARK, T0 + t * 1_000 * MS, 900 * MS, "http-" + t,
                    "java.util.concurrent.locks.ReentrantLock$NonfairSync", read);
        }
        Finding f = new LockHotspotRule().evaluate(p.build()).findings().get(0);
        assertThat(f.blockedBy()).isEmpty();
        assertThat((String) f.evidence("heldBy")).startsWith("4 threads waited 3.6 s; who held the lock is unknown: "
                + "a java.util.concurrent park names no owner, and the recording has no thread dumps");
        assertThat(f.evidence("blockedByUnknown")).asString().contains("jdk.ThreadDump#period=10s");
        assertThat(f.tables()).isEmpty();
        assertThat(f.recommendation()).contains("cannot be told from this recording");
        assertThat(f.evidence("topOwner")).isNull();
    }
}
