package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.IoWait;
import org.jfrtriage.analyzer.event.IoWait.Kind;

/**
 * Socket and file waits by endpoint: what one endpoint adds up, how many waited at once (hand-overs are not
 * overlaps), the caps on intervals and endpoints, and the endpoints of wall samples in socket or file natives.
 */
class IoWaitsTest {
    private static final long MS = 1_000_000L;

    private static IoWait socket(Kind kind, long start, long duration, int thread, int stack, long bytes) {
        return new IoWait(kind, start, duration, thread, stack, "db.internal", "10.0.0.5", 5432, "", bytes);
    }

    private static IoWait file(long start, long duration, int thread, String path) {
        return new IoWait(Kind.FILE_WRITE, start, duration, thread, 3, "", "", 0, path, 100);
    }

    @Test
    void nothingAddedIsNoEndpointAndNoEvent() {
        IoWaits io = new IoWaits();
        io.seal();
        assertThat(io.events()).isZero();
        assertThat(io.endpoints()).isEmpty();
        assertThat(io.list()).isEmpty();
    }

    @Test
    void oneEndpointAddsUpItsWaitsByKindThreadAndStack() {
        IoWaits io = new IoWaits();
        io.add(socket(Kind.SOCKET_READ, 100 * MS, 30 * MS, 1, 7, 500));
        io.add(socket(Kind.SOCKET_READ, 200 * MS, 50 * MS, 2, 7, 700));
        io.add(socket(Kind.SOCKET_WRITE, 400 * MS, 20 * MS, 1, 9, -1)); // no byte count: not subtracted
        io.add(socket(Kind.SOCKET_READ, 500 * MS, 10 * MS, -1, 9, 0));  // no thread: counted, not as a thread
        io.seal();
        assertThat(io.events()).isEqualTo(4);
        assertThat(io.endpoints()).hasSize(1);
        IoWaits.Endpoint e = io.list().get(0);
        assertThat(e.name()).isEqualTo("db.internal:5432 (10.0.0.5)");
        assertThat(e.socket()).isTrue();
        assertThat(e.sampled()).isFalse();
        assertThat(e.waits()).isEqualTo(4);
        assertThat(e.nanos()).isEqualTo(110 * MS);
        assertThat(e.longestNanos()).isEqualTo(50 * MS);
        assertThat(e.bytes()).isEqualTo(1200);
        assertThat(e.nanos(Kind.SOCKET_READ)).isEqualTo(90 * MS);
        assertThat(e.nanos(Kind.SOCKET_WRITE)).isEqualTo(20 * MS);
        assertThat(e.nanos(Kind.FILE_READ)).isZero();
        assertThat(e.threadCount()).isEqualTo(2);
        assertThat(e.activeNanos()).isEqualTo(410 * MS); // 100 ms to 510 ms
        assertThat(e.stacks()).containsOnlyKeys(7, 9);
        assertThat(e.stacks().get(7)).containsExactly(80 * MS, 2);
        assertThat(e.stacks().get(9)).containsExactly(30 * MS, 2);
        assertThat(e.peakConcurrent()).isEqualTo(1);
        assertThat(e.intervalsCut()).isFalse();
        assertThat(e.threadWallSamples()).isZero(); // only sampled endpoints have a denominator
    }

    @Test
    void endpointsAreKeptApartAndListedInTheOrderFirstSeen() {
        IoWaits io = new IoWaits();
        io.add(file(0, 10 * MS, 1, "/var/log/b.log"));
        io.add(socket(Kind.SOCKET_READ, 0, 10 * MS, 1, 7, 0));
        io.add(file(0, 10 * MS, 2, "/var/log/a.log"));
        io.add(file(20 * MS, 10 * MS, 3, "/var/log/b.log"));
        io.add(file(0, 10 * MS, 4, ""));
        io.seal();
        assertThat(io.endpoints()).extracting(IoWaits.Endpoint::name).containsExactly("/var/log/b.log",
                "db.internal:5432 (10.0.0.5)", "/var/log/a.log", "(no path: stdout, stderr or an inherited descriptor)");
        assertThat(io.list()).extracting(IoWaits.Endpoint::socket).containsExactly(false, true, false, false);
        IoWaits.Endpoint b = io.list().get(0);
        assertThat(b.waits()).isEqualTo(2);
        assertThat(b.threadCount()).isEqualTo(2);
        assertThat(b.activeNanos()).isEqualTo(30 * MS);
        assertThat(b.peakConcurrent()).isEqualTo(1); // one after the other
    }

    @Test
    void thePeakCountsWaitsOverlappingAndAHandOverAtOneInstantIsNoOverlap() {
        IoWaits io = new IoWaits();
        io.add(socket(Kind.SOCKET_READ, 0, 100 * MS, 1, 7, 0));
        io.add(socket(Kind.SOCKET_READ, 50 * MS, 100 * MS, 2, 7, 0));   // 2 at once from 50 ms
        io.add(socket(Kind.SOCKET_READ, 100 * MS, 100 * MS, 3, 7, 0));  // starts as the first ends: still 2
        io.add(socket(Kind.SOCKET_READ, 120 * MS, 10 * MS, 4, 7, 0));   // 3 at once at 120 ms
        io.add(socket(Kind.SOCKET_READ, 400 * MS, 10 * MS, 5, 7, 0));   // alone
        io.seal();
        assertThat(io.list().get(0).peakConcurrent()).isEqualTo(3);
    }

    @Test
    void waitsAddedOutOfOrderCountTheSamePeak() {
        IoWaits io = new IoWaits();
        io.add(socket(Kind.SOCKET_READ, 300 * MS, 50 * MS, 1, 7, 0));
        io.add(socket(Kind.SOCKET_READ, 0, 400 * MS, 2, 7, 0));
        io.add(socket(Kind.SOCKET_READ, 310 * MS, 10 * MS, 3, 7, 0));
        io.add(socket(Kind.SOCKET_READ, 100 * MS, 10 * MS, 4, 7, 0));
        io.seal();
        assertThat(io.list().get(0).peakConcurrent()).isEqualTo(3); // 310..320 ms: all but the one at 100 ms
        assertThat(io.list().get(0).activeNanos()).isEqualTo(400 * MS);
    }

    @Test
    void aPeakNeedsTheStartsInTimeOrderWhateverOrderTheyCameIn() {
        IoWaits io = new IoWaits();
        io.add(socket(Kind.SOCKET_READ, 200 * MS, 100 * MS, 1, 7, 0));
        io.add(socket(Kind.SOCKET_READ, 0, 100 * MS, 2, 7, 0));
        io.add(socket(Kind.SOCKET_READ, 50 * MS, 10 * MS, 3, 7, 0)); // inside the second
        io.seal();
        assertThat(io.list().get(0).peakConcurrent()).isEqualTo(2);
    }

    @Test
    void threadZeroIsAThread() {
        IoWaits io = new IoWaits();
        io.add(socket(Kind.SOCKET_READ, 0, 10 * MS, 0, 7, 0));
        io.addWallSample(0, 20, 4, IoWaits.Native.FILE, "com.acme.Audit.write");
        io.addWallSample(0, 21, 6, IoWaits.Native.NONE, "");
        io.seal();
        assertThat(io.list().get(0).threadCount()).isEqualTo(1);
        assertThat(io.list().get(1).threadCount()).isEqualTo(1);
        assertThat(io.list().get(1).threadWallSamples()).isEqualTo(10);
    }

    @Test
    void theFirstThreadIdPastTheWallSampleTableGrowsIt() {
        IoWaits io = new IoWaits();
        io.addWallSample(64, 20, 3, IoWaits.Native.SOCKET, "com.acme.Dao.load");
        io.addWallSample(63, 20, 2, IoWaits.Native.SOCKET, "com.acme.Dao.load");
        io.seal();
        assertThat(io.list().get(0).threadWallSamples()).isEqualTo(5);
    }

    @Test
    void aWaitOfNoTimeOverlapsNothingNotEvenItself() {
        // its end is at the instant it starts: a hand-over, like any wait ending as another starts
        IoWaits io = new IoWaits();
        io.add(socket(Kind.SOCKET_READ, 10 * MS, 0, 1, 7, 0));
        io.add(socket(Kind.SOCKET_READ, 10 * MS, 0, 2, 7, 0));
        io.seal();
        IoWaits.Endpoint e = io.list().get(0);
        assertThat(e.peakConcurrent()).isZero();
        assertThat(e.activeNanos()).isZero();
        assertThat(e.waits()).isEqualTo(2);
    }

    @Test
    void moreThanSixteenWaitsGrowTheIntervalsAndAllCount() {
        IoWaits io = new IoWaits();
        for (int i = 0; i < 40; i++) {
            io.add(socket(Kind.SOCKET_READ, 0, 10 * MS + i, i, 7, 0)); // all at once
        }
        io.seal();
        assertThat(io.list().get(0).peakConcurrent()).isEqualTo(40);
    }

    @Test
    void sealingTwiceKeepsThePeak() {
        IoWaits io = new IoWaits();
        io.add(socket(Kind.SOCKET_READ, 0, 10 * MS, 1, 7, 0));
        io.add(socket(Kind.SOCKET_READ, 5 * MS, 10 * MS, 2, 7, 0));
        io.seal();
        io.seal();
        assertThat(io.list().get(0).peakConcurrent()).isEqualTo(2);
    }

    @Test
    void pastTheIntervalLimitWaitsAreCountedButTheirOverlapIsNot() {
        IoWaits io = new IoWaits();
        IoWait w = socket(Kind.SOCKET_READ, 0, 10 * MS, 1, 7, 0);
        for (int i = 0; i < IoWaits.INTERVAL_LIMIT; i++) {
            io.add(w);
        }
        assertThat(io.list().get(0).intervalsCut()).isFalse(); // exactly the limit: all kept
        io.add(file(0, 10 * MS, 2, "/data/x")); // the budget is shared by every endpoint
        io.seal();
        assertThat(io.events()).isEqualTo(IoWaits.INTERVAL_LIMIT + 1L);
        IoWaits.Endpoint socket = io.list().get(0);
        IoWaits.Endpoint file = io.list().get(1);
        assertThat(socket.intervalsCut()).isFalse();
        assertThat(socket.peakConcurrent()).isEqualTo(IoWaits.INTERVAL_LIMIT);
        assertThat(file.intervalsCut()).isTrue();
        assertThat(file.waits()).isEqualTo(1);
        assertThat(file.nanos()).isEqualTo(10 * MS);
        assertThat(file.peakConcurrent()).isZero();
    }

    @Test
    void pastTheEndpointLimitNewEndpointsAreMergedIntoOneAndKnownOnesStayApart() {
        IoWaits io = new IoWaits();
        for (int i = 0; i < IoWaits.ENDPOINT_LIMIT; i++) {
            io.add(file(0, MS, 1, "/data/" + i));
        }
        io.add(file(0, 2 * MS, 2, "/data/new-1"));
        io.add(file(0, 3 * MS, 3, "/data/new-2"));
        io.add(file(0, 4 * MS, 4, "/data/0"));
        io.seal();
        assertThat(io.endpoints()).hasSize(IoWaits.ENDPOINT_LIMIT + 1);
        IoWaits.Endpoint other = io.list().get(IoWaits.ENDPOINT_LIMIT);
        assertThat(other.name()).isEqualTo(IoWaits.OTHER_ENDPOINTS);
        assertThat(other.waits()).isEqualTo(2);
        assertThat(other.nanos()).isEqualTo(5 * MS);
        assertThat(other.threadCount()).isEqualTo(2);
        assertThat(io.list().get(0).name()).isEqualTo("/data/0");
        assertThat(io.list().get(0).waits()).isEqualTo(2);
        assertThat(io.list().get(IoWaits.ENDPOINT_LIMIT - 1).name()).isEqualTo("/data/" + (IoWaits.ENDPOINT_LIMIT - 1));
    }

    @Test
    void wallSamplesInSocketOrFileNativesAreSampledEndpointsBySite() {
        IoWaits io = new IoWaits();
        io.addWallSample(1, 20, 3, IoWaits.Native.SOCKET, "com.acme.Dao.load");
        io.addWallSample(1, 21, 1, IoWaits.Native.NONE, "com.acme.Dao.load");     // the same thread running: counted for it only
        io.addWallSample(2, 20, 2, IoWaits.Native.SOCKET, "com.acme.Dao.load");
        io.addWallSample(2, 22, 4, IoWaits.Native.NONE, "");
        io.addWallSample(3, 23, 5, IoWaits.Native.SOCKET, "com.acme.Server.accept"); // another site: another endpoint
        io.addWallSample(200, 24, 6, IoWaits.Native.FILE, "com.acme.Audit.write");   // a thread id past the first 64
        io.addWallSample(200, 25, 7, IoWaits.Native.NONE, "");
        io.addWallSample(-1, 24, 8, IoWaits.Native.FILE, "com.acme.Audit.write");    // no thread: counted at the site
        io.seal();
        assertThat(io.events()).isZero(); // samples are not events
        List<IoWaits.Endpoint> list = io.list();
        assertThat(list).extracting(IoWaits.Endpoint::name).containsExactly("(socket: endpoint not recorded)",
                "(socket: endpoint not recorded)", "(file: path not recorded)");
        assertThat(list).allMatch(IoWaits.Endpoint::sampled);
        assertThat(list).extracting(IoWaits.Endpoint::socket).containsExactly(true, true, false);
        IoWaits.Endpoint dao = list.get(0);
        assertThat(dao.waits()).isEqualTo(5);
        assertThat(dao.threadCount()).isEqualTo(2);
        assertThat(dao.stacks()).containsOnlyKeys(20);
        assertThat(dao.stacks().get(20)).containsExactly(5, 5);
        assertThat(dao.threadWallSamples()).isEqualTo(10); // threads 1 and 2, everything they were sampled doing
        assertThat(dao.nanos()).isZero();
        assertThat(dao.activeNanos()).isZero();
        assertThat(dao.peakConcurrent()).isZero();
        IoWaits.Endpoint accept = list.get(1);
        assertThat(accept.waits()).isEqualTo(5);
        assertThat(accept.threadWallSamples()).isEqualTo(5);
        IoWaits.Endpoint audit = list.get(2);
        assertThat(audit.waits()).isEqualTo(14);
        assertThat(audit.threadCount()).isEqualTo(1);
        assertThat(audit.stacks().get(24)).containsExactly(14, 14);
        assertThat(audit.threadWallSamples()).isEqualTo(13);
    }

    @ParameterizedTest
    @CsvSource({
            "java.net.SocketInputStream.socketRead0, SOCKET",
            "java.net.SocketInputStream.read, NONE",
            "java.net.SocketOutputStream.socketWrite0, SOCKET",
            "java.net.SocketOutputStream.write, NONE",
            "sun.nio.ch.SocketDispatcher.read0, SOCKET",
            "sun.nio.ch.SocketDispatcher.write0, SOCKET",
            "sun.nio.ch.SocketDispatcher.close0, NONE",
            "sun.nio.ch.Net.poll, SOCKET",
            "sun.nio.ch.Net.connect0, SOCKET",
            "sun.nio.ch.Net.pollConnect, NONE",
            "sun.nio.ch.NioSocketImpl.park, SOCKET",
            "sun.nio.ch.NioSocketImpl.timedRead, SOCKET",
            "sun.nio.ch.NioSocketImpl.read, NONE",
            "java.net.PlainSocketImpl.socketConnect, SOCKET",
            "java.net.PlainSocketImpl.socketAccept, NONE",
            "sun.nio.ch.DatagramDispatcher.read0, SOCKET",
            "sun.nio.ch.FileDispatcherImpl.read0, FILE",
            "sun.nio.ch.FileDispatcherImpl.pread0, FILE",
            "sun.nio.ch.FileDispatcherImpl.write0, FILE",
            "sun.nio.ch.FileDispatcherImpl.pwrite0, FILE",
            "sun.nio.ch.FileDispatcherImpl.force0, FILE",
            "sun.nio.ch.FileDispatcherImpl.size0, NONE",
            "java.io.FileInputStream.readBytes, FILE",
            "java.io.FileInputStream.read0, FILE",
            "java.io.FileInputStream.open0, NONE",
            "java.io.FileOutputStream.writeBytes, FILE",
            "java.io.FileOutputStream.write, NONE",
            "java.io.RandomAccessFile.readBytes, FILE",
            "java.io.RandomAccessFile.writeBytes, FILE",
            "java.io.RandomAccessFile.read0, FILE",
            "java.io.RandomAccessFile.seek0, NONE",
            "com.acme.SocketDispatcher.read0, NONE",
            "java.lang.Thread.sleep, NONE"})
    void theInnermostFrameSaysSocketFileOrNeither(String frame, IoWaits.Native expected) {
        assertThat(IoWaits.nativeOf(Stacks.frame(frame))).isEqualTo(expected);
    }
}
