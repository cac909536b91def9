package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
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
}
