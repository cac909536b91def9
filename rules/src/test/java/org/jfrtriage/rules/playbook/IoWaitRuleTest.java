package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

class IoWaitRuleTest {

    private static final String[] DAO_READ = {"java.net.SocketInputStream.socketRead0", "java.net.SocketInputStream.read",
            "com.acme.OrderDao.load", "com.acme.Handler.handle", "java.lang.Thread.run"};
    private static final String[] RMI_READ = {"java.net.SocketInputStream.socketRead0", "java.net.SocketInputStream.read",
            "sun.rmi.transport.tcp.TCPTransport$ConnectionHandler.run", "java.lang.Thread.run"};

    private static Rule.Result evaluate(SyntheticProfile p) {
        return new IoWaitRule().evaluate(p.build());
    }

    /** {@code threads} threads each reading {@code ms}-long replies back to back for 10 s of a 10 s recording. */
    private static SyntheticProfile slowEndpoint(int threads, long ms, String[] frames) {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(frames);
        for (int t = 0; t < threads; t++) {
            for (long at = 0; at + ms * MS <= 10 * SECOND; at += ms * MS + MS) {
                p.socketRead(T0 + at, ms * MS, "request-" + t, "db.internal", 5432, s);
            }
        }
        return p;
    }

    @Test
    void withoutSocketOrFileEventsOrWallSamplesTheRuleSaysWhatToEnable() {
        Rule.Result r = evaluate(new SyntheticProfile(10));
        assertThat(r.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(r.check().message()).startsWith("no socket or file events: enable jdk.SocketRead");
    }

    @Test
    void enabledWithNoWaitIsOkAndSaysShortWaitsAreNotSeen() {
        Rule.Result r = evaluate(new SyntheticProfile(10).enabled("jdk.SocketRead"));
        assertThat(r.check().status()).isEqualTo(Check.Status.OK);
        assertThat(r.check().message()).contains("under the events' threshold are not recorded");
    }

    @Test
    void twelveThreadsStuckOnOneDatabaseAreCriticalWithTheEndpointAndSiteNamed() {
        Rule.Result r = evaluate(slowEndpoint(12, 300, DAO_READ).setting("jdk.SocketRead", "threshold", "20 ms"));
        Finding f = r.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.title()).startsWith("12 threads waited ").contains(" on db.internal:5432 (10.0.0.5) in socket reads at OrderDao.load: ")
                .contains("at OrderDao.load").contains("up to 12 at once");
        assertThat(f.subject()).isEqualTo("db.internal:5432 (10.0.0.5)");
        assertThat(f.site().shortName()).isEqualTo("OrderDao.load");
        assertThat((Double) f.evidence("waitSharePercent")).isGreaterThan(95);
        assertThat(f.evidence("peakWaiters")).isEqualTo(12L);
        assertThat((String) f.evidence("recordedWaits")).contains("(20 ms)").contains("shorter ones are not seen");
        assertThat(f.recommendation()).contains("timeouts").contains("connection pool").contains("bulkhead");
    }

    @Test
    void oneOrTwoThreadsReadingAllTheTimeAreAListenerAtMostInfo() {
        Finding f = evaluate(slowEndpoint(2, 300, DAO_READ)).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat((String) f.evidence("shareCapped")).contains("listener or a consumer");
    }

    @Test
    void theJdksOwnConnectionThreadsWaitingForARequestAreIdleAndLeftOut() {
        Rule.Result r = evaluate(slowEndpoint(12, 300, RMI_READ));
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().status()).isEqualTo(Check.Status.OK);
        assertThat(r.check().message()).startsWith("no wait in application code; ").endsWith("of waits in JDK-only stacks (RMI/JMX connections waiting for a request) left out");
    }

    @Test
    void aBurstInAShortPartOfTheRecordingIsAtMostAWarning() {
        SyntheticProfile p = new SyntheticProfile(100);
        int s = p.stack(DAO_READ);
        for (int t = 0; t < 12; t++) {
            for (long at = 0; at < 10 * SECOND; at += 301 * MS) {
                p.socketRead(T0 + at, 300 * MS, "request-" + t, "db.internal", 5432, s);
            }
        }
        Finding f = evaluate(p).findings().get(0);
        assertThat((Double) f.evidence("waitSharePercent")).isGreaterThan(95);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void fileWaitsAreNamedByPathWithDiskAdvice() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack("java.io.FileOutputStream.writeBytes", "com.acme.AuditLog.append", "com.acme.Handler.handle");
        for (int t = 0; t < 4; t++) {
            for (long at = 0; at < 10 * SECOND; at += 101 * MS) {
                p.fileWrite(T0 + at, 100 * MS, "request-" + t, "/var/log/audit.log", s);
            }
        }
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.title()).contains("/var/log/audit.log in file writes").contains("AuditLog.append");
        assertThat(f.recommendation()).contains("disk");
    }

    @Test
    void asyncProfilerWallSamplesInSocketNativesGiveTheShareBySite() {
        SyntheticProfile p = new SyntheticProfile(10);
        int read = p.stack("sun.nio.ch.SocketDispatcher.read0", "sun.nio.ch.NioSocketImpl.read",
                "com.acme.OrderDao.load", "com.acme.Handler.handle");
        int work = p.stack("com.acme.Pricing.compute", "com.acme.Handler.handle");
        for (int t = 0; t < 6; t++) {
            p.wall(T0 + t, "request-" + t, read, 90).wall(T0 + t, "request-" + t, work, 10);
        }
        p.wall(T0, "idle-pool", work, 100);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.title()).isEqualTo("6 threads spent 90% of their wall time in socket I/O at OrderDao.load (endpoint not recorded)");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.thresholds()).extracting(j -> j.threshold().id()).containsExactly("io-wait.wait-share");
    }

    /** {@code threads} threads each waiting {@code ms} at every whole second 0..9 of a 10 s recording. */
    private static SyntheticProfile oncePerSecond(int threads, long ms) {
        SyntheticProfile p = new SyntheticProfile(10);
        p.stack("com.acme.Unrelated.run");
        int s = p.stack(DAO_READ);
        for (int t = 0; t < threads; t++) {
            for (int k = 0; k < 10; k++) {
                p.socketRead(T0 + k * SECOND, ms * MS, "request-" + t, "db.internal", 5432, s);
            }
        }
        return p;
    }

    private static Evidence evidenceRow(Finding f, String key) {
        return f.evidence().stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void halfOfTheThreadsTimeIsAWarningWithEveryNumberExact() {
        Rule.Result r = evaluate(oncePerSecond(4, 500).setting("jdk.SocketRead", "threshold", "20 ms")
                .setting("jdk.SocketRead", "throttle", "100/s"));
        Finding f = r.findings().get(0);
        // 4 threads × 10 × 500 ms = 20 s over 4 threads × 10 s (in use 9.5 s, so the 10 s window): 50%
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.title()).isEqualTo("4 threads waited 20 s on db.internal:5432 (10.0.0.5) in socket reads at "
                + "OrderDao.load: 50% of their time, up to 4 at once");
        assertThat(r.check().message()).isEqualTo(f.title());
        assertThat(f.evidence("waitSharePercent")).isEqualTo(50.0);
        assertThat(f.evidence("threads")).isEqualTo(4L);
        assertThat(f.evidence("activeMs")).isEqualTo(9500.0);
        assertThat(f.evidence("peakWaiters")).isEqualTo(4L);
        assertThat(f.evidence("waitedMs")).isEqualTo(20000.0);
        assertThat(f.evidence("waitedMsPerSecond")).isEqualTo(2000.0);
        assertThat(f.evidence("waits")).isEqualTo(40L);
        assertThat(f.evidence("meanWaitMs")).isEqualTo(500.0);
        assertThat(f.evidence("longestWaitMs")).isEqualTo(500.0);
        assertThat(f.evidence("bytes")).isEqualTo(4000L);
        assertThat(f.evidence("concurrencyCut")).isNull();
        assertThat(f.evidence("shareCapped")).isNull();
        assertThat(evidenceRow(f, "endpoint").label()).isEqualTo("remote endpoint");
        assertThat(f.evidence("recordedWaits")).isEqualTo("only waits longer than the event's threshold (20 ms) are recorded; "
                + "shorter ones are not seen, and at most 100/s of them (throttled): the totals are lower bounds");
        assertThat(f.site().shortName()).isEqualTo("OrderDao.load");
        assertThat(f.stack()).isNotEmpty();
        assertThat(f.stack().get(0).shortName()).isEqualTo("SocketInputStream.socketRead0");
        assertThat(f.tables()).containsExactly(new EvidenceTable("Calling sites at db.internal:5432 (10.0.0.5)",
                List.of("site", "waits", "waited", "share"), List.of(List.of("OrderDao.load", 40L, "20 s", "100%"))));
        assertThat(f.recommendation()).contains("the threads wait on db.internal:5432 (10.0.0.5) at OrderDao.load");
    }

    @Test
    void justUnderHalfOfTheThreadsTimeIsInfo() {
        Finding f = evaluate(oncePerSecond(4, 499).setting("jdk.SocketRead", "throttle", "off")).findings().get(0);
        assertThat(f.evidence("waitSharePercent")).isEqualTo(49.9);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.evidence("recordedWaits")).isEqualTo("only waits longer than the event's threshold are recorded; "
                + "shorter ones are not seen");
    }

    /** 12 threads each in one wait from the start, of {@code ms}, in a 20 s recording. */
    private static Rule.Result oneLongWaitEach(int threads, long ms, int seconds) {
        SyntheticProfile p = new SyntheticProfile(seconds);
        int s = p.stack(DAO_READ);
        for (int t = 0; t < threads; t++) {
            p.socketRead(T0, ms * MS, "request-" + t, "db.internal", 5432, s);
        }
        return evaluate(p);
    }

    @Test
    void inUseForHalfTheRecordingIsSustainedAndCanBeCriticalJustLessIsABurst() {
        Finding half = oneLongWaitEach(12, 10_000, 20).findings().get(0);
        assertThat(half.evidence("activeMs")).isEqualTo(10_000.0);
        assertThat(half.severity()).isEqualTo(Severity.CRITICAL);
        Finding less = oneLongWaitEach(12, 9_999, 20).findings().get(0);
        assertThat((Double) less.evidence("waitSharePercent")).isGreaterThan(99.9);
        assertThat(less.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void threeThreadsAreAPileupTheShareCountsInFull() {
        Finding f = oneLongWaitEach(3, 10_000, 10).findings().get(0);
        assertThat(f.evidence("threads")).isEqualTo(3L);
        assertThat(f.evidence("waitSharePercent")).isEqualTo(100.0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence("shareCapped")).isNull();
    }

    @Test
    void twoThreadsReadingAllTheTimeSayWhyTheShareIsCapped() {
        Finding f = evaluate(slowEndpoint(2, 300, DAO_READ)).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.evidence("shareCapped")).isEqualTo("only 2 threads waited on it (fewer than 3): a listener or a consumer "
                + "waits on its endpoint all the time, which is no pileup, so its 99% share counts at most info");
        assertThat(f.title()).startsWith("2 threads waited ").contains(": 99% of their time, up to 2 at once");
    }

    @Test
    void oneThreadReadingAllTheTimeIsSaidInTheSingular() {
        Finding f = evaluate(slowEndpoint(1, 300, DAO_READ)).findings().get(0);
        assertThat(f.evidence("shareCapped")).isEqualTo("only 1 thread waited on it (fewer than 3): a listener or a consumer "
                + "waits on its endpoint all the time, which is no pileup, so its 99% share counts at most info");
        assertThat(f.title()).startsWith("1 thread waited ").contains(": 99% of its time, up to 1 at once");
    }

    @Test
    void theCapIsNotMentionedWhereItLoweredNothing() {
        // two threads waiting 30% of their time: info with or without the cap
        Finding low = evaluate(oncePerSecond(2, 300)).findings().get(0);
        assertThat(low.evidence("waitSharePercent")).isEqualTo(30.0);
        assertThat(low.severity()).isEqualTo(Severity.INFO);
        assertThat(low.evidence("shareCapped")).isNull();
        // two threads in one 20 s wait each in a 20 s recording: the share would be critical, the longest wait is a
        // warning: the cap lowered the finding from critical to warning, so it is said
        Finding capped = oneLongWaitEach(2, 20_000, 20).findings().get(0);
        assertThat(capped.severity()).isEqualTo(Severity.WARNING);
        assertThat((String) capped.evidence("shareCapped")).startsWith("only 2 threads waited on it");
        // two 30 s waits in 61 s: a burst, so the share is at most a warning anyway, and a 30 s wait is as much
        // (capped at warning): without the thread cap the score would be the same, so nothing is said
        Finding burst = oneLongWaitEach(2, 30_000, 61).findings().get(0);
        assertThat((Double) burst.evidence("waitSharePercent")).isEqualTo(100.0);
        assertThat(burst.severity()).isEqualTo(Severity.WARNING);
        assertThat(burst.evidence("shareCapped")).isNull();
    }

    @Test
    void twoSlowEndpointsAreCountedAndTheWorstNamedFirst() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(DAO_READ);
        for (int t = 0; t < 12; t++) {
            p.socketRead(T0, 10 * SECOND, "request-" + t, "db.internal", 5432, s);
        }
        for (int t = 0; t < 4; t++) {
            p.socketRead(T0, 3 * SECOND, "cache-" + t, "cache.internal", 6379, s);
        }
        Rule.Result r = evaluate(p);
        assertThat(r.findings()).extracting(Finding::subject)
                .containsExactly("db.internal:5432 (10.0.0.5)", "cache.internal:6379 (10.0.0.5)");
        assertThat(r.check().message()).isEqualTo("2 endpoints: " + r.findings().get(0).title());
    }

    @Test
    void fileWaitsAreCountedBySiteWithTheHeaviestStackAndExactShares() {
        SyntheticProfile p = new SyntheticProfile(10);
        p.stack("com.acme.Unrelated.run");
        int writeHandler = p.stack("java.io.FileOutputStream.writeBytes", "com.acme.AuditLog.write", "com.acme.Handler.handle");
        int writeBatch = p.stack("java.io.FileOutputStream.writeBytes", "com.acme.AuditLog.write", "com.acme.Batch.run");
        int rotate = p.stack("java.io.FileOutputStream.writeBytes", "com.acme.AuditLog.rotate", "com.acme.Handler.handle");
        int sync = p.stack("java.io.FileOutputStream.writeBytes", "com.acme.AuditLog.sync", "com.acme.Handler.handle");
        for (int t = 0; t < 4; t++) {
            // per thread: 10 appends from the handler, 5 from the batch, 5 rotations, 5 synces; 200 ms each
            for (int i = 0; i < 25; i++) {
                int stack = i < 10 ? writeHandler : i < 15 ? writeBatch : i < 20 ? rotate : sync;
                p.fileWrite(T0 + i * 400 * MS, 200 * MS, "request-" + t, "/var/log/audit.log", stack);
            }
        }
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.title()).isEqualTo("4 threads waited 20 s on /var/log/audit.log in file writes at AuditLog.write: "
                + "50% of their time, up to 4 at once");
        assertThat(evidenceRow(f, "endpoint").label()).isEqualTo("file");
        assertThat(f.evidence("bytes")).isEqualTo(100L * 4096);
        assertThat(f.stackId()).isEqualTo(writeHandler);
        assertThat(f.tables()).containsExactly(new EvidenceTable("Calling sites at /var/log/audit.log",
                List.of("site", "waits", "waited", "share"), List.of(
                        List.of("AuditLog.write", 60L, "12 s", "60%"),
                        List.of("AuditLog.rotate", 20L, "4.0 s", "20%"),
                        List.of("AuditLog.sync", 20L, "4.0 s", "20%"))));
        assertThat(f.recommendation()).startsWith("Threads wait on the disk at AuditLog.write");
    }

    @Test
    void anEndpointWrittenMoreThanReadSaysWritesFirst() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(DAO_READ);
        for (int t = 0; t < 4; t++) {
            p.socketRead(T0, 2 * SECOND, "request-" + t, "db.internal", 5432, s);
            p.socketWrite(T0 + 2 * SECOND, 4 * SECOND, "request-" + t, "db.internal", 5432, s, 0);
        }
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.title()).contains(" in socket writes and reads at ");
        assertThat(f.evidence("bytes")).isEqualTo(400L);
    }

    @Test
    void okNamesTheEndpointWithTheMostTimeWaitedAndTheMostConcurrentWaiters() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(DAO_READ);
        p.socketRead(T0, 100 * MS, "a-0", "a.internal", 1, s).socketRead(T0, 100 * MS, "a-1", "a.internal", 1, s);
        p.socketRead(T0 + SECOND, 300 * MS, "b-0", "b.internal", 2, s);
        Rule.Result r = evaluate(p);
        assertThat(r.findings()).isEmpty();
        // b waited longer (300 ms) in fewer waits than a (2 × 100 ms)
        assertThat(r.check().message()).isEqualTo("2 endpoints, 3 waits recorded; the busiest, b.internal:2 (10.0.0.5), "
                + "took 3% of its threads' time (below 20%), at most 2 at once");
    }

    @Test
    void okBreaksTiesInTimeByWaitsThenByName() {
        SyntheticProfile p = new SyntheticProfile(10);
        int s = p.stack(DAO_READ);
        p.socketRead(T0, 200 * MS, "a-0", "a.internal", 1, s);
        p.socketRead(T0, 100 * MS, "b-0", "b.internal", 2, s).socketRead(T0 + SECOND, 100 * MS, "b-0", "b.internal", 2, s);
        assertThat(evaluate(p).check().message()).contains("the busiest, b.internal:2 (10.0.0.5), took 2%");

        SyntheticProfile q = new SyntheticProfile(10);
        int t = q.stack(DAO_READ);
        q.socketRead(T0, 100 * MS, "b-0", "b.internal", 2, t).socketRead(T0, 100 * MS, "a-0", "a.internal", 1, t);
        assertThat(evaluate(q).check().message()).contains("the busiest, a.internal:1 (10.0.0.5), took 1%");
    }

    @Test
    void okCountsOnlyTheJdkOnlyWaitsAsLeftOut() {
        SyntheticProfile p = new SyntheticProfile(10);
        int dao = p.stack(DAO_READ);
        int rmi = p.stack(RMI_READ);
        for (int k = 0; k < 3; k++) {
            p.socketRead(T0 + k * SECOND, 100 * MS, "request-0", "db.internal", 5432, dao);
        }
        p.socketRead(T0, 5 * SECOND, "rmi-0", "jmx.internal", 9010, rmi).socketRead(T0, 5 * SECOND, "rmi-1", "jmx.internal", 9010, rmi);
        Rule.Result r = evaluate(p);
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().message()).isEqualTo("1 endpoint, 5 waits recorded; the busiest, db.internal:5432 (10.0.0.5), "
                + "took 3% of its threads' time (below 20%), at most 1 at once; 10 s of waits in JDK-only stacks "
                + "(RMI/JMX connections waiting for a request) left out");
    }

    @Test
    void wallSamplesWithNoSocketOrFileNativeAreOk() {
        SyntheticProfile p = new SyntheticProfile(10);
        int work = p.stack("com.acme.Pricing.compute", "com.acme.Handler.handle");
        p.wall(T0, "request-0", work, 100);
        Rule.Result r = evaluate(p);
        assertThat(r.check().status()).isEqualTo(Check.Status.OK);
        assertThat(r.check().message()).isEqualTo("no wall-clock sample in a socket or file native");
    }

    @Test
    void aSmallShareOfWallSamplesInSocketNativesIsOkWithTheShare() {
        SyntheticProfile p = new SyntheticProfile(10);
        int read = p.stack("sun.nio.ch.SocketDispatcher.read0", "sun.nio.ch.NioSocketImpl.read", "com.acme.OrderDao.load");
        int work = p.stack("com.acme.Pricing.compute", "com.acme.Handler.handle");
        p.wall(T0, "request-0", read, 10).wall(T0, "request-0", work, 90);
        Rule.Result r = evaluate(p);
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().message()).isEqualTo("1 endpoint; at most 10% of a thread's wall samples in socket or file natives");
    }

    /** 6 threads with 45 wall samples at each of two equal read stacks and 10 at work; the second stack past 16 when {@code far}. */
    private static Finding twoEqualReadStacks(boolean far, int[] ids) {
        SyntheticProfile p = new SyntheticProfile(10);
        p.stack("com.acme.Unrelated.run");
        int fromHandler = p.stack("sun.nio.ch.SocketDispatcher.read0", "com.acme.OrderDao.load", "com.acme.Handler.handle");
        if (far) {
            // an id past 16 that a hash map visits before fromHandler: the stack shown must not depend on that
            int filler = 0;
            int next = p.stack("com.acme.Filler.f" + filler++);
            while (next < 16 || (next + 1) % 16 >= fromHandler % 16) {
                next = p.stack("com.acme.Filler.f" + filler++);
            }
        }
        int fromBatch = p.stack("sun.nio.ch.SocketDispatcher.read0", "com.acme.OrderDao.load", "com.acme.Batch.run");
        assertThat(fromBatch % 16 < fromHandler % 16).isEqualTo(far);
        int work = p.stack("com.acme.Pricing.compute", "com.acme.Handler.handle");
        for (int t = 0; t < 6; t++) {
            p.wall(T0 + t, "request-" + t, fromHandler, 45).wall(T0 + t, "request-" + t, fromBatch, 45)
                    .wall(T0 + t, "request-" + t, work, 10);
        }
        ids[0] = fromHandler;
        return evaluate(p).findings().get(0);
    }

    @Test
    void wallSamplesGiveExactSampleCountsAndTheFirstOfEqualStacks() {
        int[] ids = new int[1];
        Finding f = twoEqualReadStacks(false, ids);
        assertThat(f.stackId()).isEqualTo(ids[0]);
        assertThat(twoEqualReadStacks(true, ids).stackId()).isEqualTo(ids[0]);
        assertThat(f.evidence("ioSamples")).isEqualTo(540L);
        assertThat(f.evidence("threads")).isEqualTo(6L);
        assertThat(f.evidence("waitSharePercent")).isEqualTo(90.0);
        assertThat(f.tables()).containsExactly(new EvidenceTable("Calling sites at (socket: endpoint not recorded)",
                List.of("site", "samples", "share"), List.of(List.of("OrderDao.load", 540L, "100%"))));
        assertThat(f.recommendation()).contains("the threads wait on a socket (the endpoint is not recorded: "
                + "JFR's jdk.SocketRead names it) at OrderDao.load");
    }
}
