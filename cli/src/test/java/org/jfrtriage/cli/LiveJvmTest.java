package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;

/**
 * jvms, record and attach against real workload JVMs (the sample workloads), and every way attaching can fail:
 * the target must be left without a recording, and each failure must be exit 4 with one line saying why.
 */
class LiveJvmTest {
    private static final Path ROOT = Path.of(System.getProperty("jfrtriage.root", ".."));
    private static final Path WORKLOAD = ROOT.resolve("sample-recordings/workloads/demo/pricing/SyncMapHotspot.java");
    private static final List<Process> started = new ArrayList<>();
    private static final java.util.Map<Long, Path> logs = new java.util.concurrent.ConcurrentHashMap<>();
    /** What the workload prints once its request threads run (sample-recordings/workloads/.../SyncMapHotspot.java). */
    private static final String RUNNING = "request threads running";
    /** Generous: the machine may be busy with other jobs; every wait ends as soon as its condition holds. */
    private static final long DEADLINE_MILLIS = 120_000;

    @TempDir
    static Path dir;
    static Process target;

    static Process startJvm(Path javaHome, int seconds, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(List.of(jvmOptions));
        command.add(WORKLOAD.toString());
        command.add(String.valueOf(seconds));
        Path log = Files.createTempFile(dir, "workload-", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        logs.put(p.pid(), log);
        return p;
    }

    /** Waits until the workload's request threads run (it says so once the source launcher compiled it). */
    static void awaitAttachable(Process p) throws Exception {
        await(p, "its request threads to run", () -> Files.readString(logs.get(p.pid())).contains(RUNNING));
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} until it holds; fails with what was awaited if the JVM dies or the deadline passes. */
    static void await(Process p, String what, Condition condition) throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (!condition.holds()) {
            if (!p.isAlive()) {
                throw new IllegalStateException("JVM " + p.pid() + " exited while waiting for " + what + ": "
                        + Files.readString(logs.get(p.pid())));
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("JVM " + p.pid() + ": gave up waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static String jcmd(long pid, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    @BeforeAll
    static void startTarget() throws Exception {
        target = startJvm(Path.of(System.getProperty("java.home")), 600);
        awaitAttachable(target);
    }

    @AfterAll
    static void stopAll() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void jvmsListsTheTarget() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("jvms", "--format", "json");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"pid\" : " + target.pid()).contains("SyncMapHotspot.java");
        AnalyzeCommandTest.Run text = AnalyzeCommandTest.run("jvms");
        assertThat(text.out()).startsWith("PID").contains(Long.toString(target.pid()));
    }

    @Test
    void recordLeavesNoRecordingBehindAndTheFileHasTheContention() throws Exception {
        Path out = dir.resolve("live.jfr");
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("record", Long.toString(target.pid()), "--duration", "3s", "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(jcmd(target.pid(), "JFR.check")).contains("No available recordings");
        Triage triage = Playbook.standard().run(new Analyzer().analyze(out));
        assertThat(triage.findings()).as("findings of the live recording").isNotEmpty();
        assertThat(triage.findings().get(0).site().qualifiedMethod()).isEqualTo("demo.pricing.SyncMapHotspot$PriceBook.quote");
        // at least the requested 3 s; a busy machine may add to the time it takes to stop
        assertThat(triage.profile().info().durationNanos()).isBetween(2_500_000_000L, 30_000_000_000L);
    }

    @Test
    void recordWithAsyncProfiler() throws Exception {
        Path out = dir.resolve("async.jfr");
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("record", Long.toString(target.pid()), "--duration", "3s",
                "-o", out.toString(), "--engine", "async-profiler");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("async-profiler (").containsAnyOf("cpu", "itimer");
        Triage triage = Playbook.standard().run(new Analyzer().analyze(out));
        assertThat(triage.profile().info().producer()).isEqualTo("async-profiler");
        assertThat(triage.findings()).as("findings of the async-profiler recording").isNotEmpty();
        assertThat(triage.findings().get(0).site().qualifiedMethod()).isEqualTo("demo.pricing.SyncMapHotspot$PriceBook.quote");
        assertThat(triage.profile().cpuSamples().total()).isPositive();
        assertThat(triage.profile().wallSamples().total()).isPositive();
    }

    @Test
    void attachPrintsTheReportAndSavesTheRecording() throws Exception {
        Path saved = dir.resolve("attach.jfr");
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("attach", Long.toString(target.pid()), "--duration", "3s",
                "--save", saved.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"kind\" : \"lock-hotspot\"").contains("SyncMapHotspot$PriceBook");
        assertThat(saved).exists();
        assertThat(jcmd(target.pid(), "JFR.check")).contains("No available recordings");
    }

    @Test
    void recordsAJdk25Target() throws Exception {
        Path jdk25 = TestRecordings.JDK25;
        Prerequisites.require(Files.isExecutable(jdk25.resolve("bin/java")), "Temurin 25 is not installed at " + jdk25);
        Process p = startJvm(jdk25, 60);
        awaitAttachable(p);
        Path out = dir.resolve("jdk25.jfr");
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("record", Long.toString(p.pid()), "--duration", "2s", "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Triage triage = Playbook.standard().run(new Analyzer().analyze(out));
        assertThat(triage.profile().info().jvm().version()).startsWith("25");
        p.destroyForcibly();
    }

    @Test
    void watchPrintsFindingsAsTheyAppearAndEndsWhenTheJvmExits() throws Exception {
        Process p = startJvm(Path.of(System.getProperty("java.home")), 20);
        awaitAttachable(p);
        long started = System.nanoTime();
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("watch", Long.toString(p.pid()), "--window", "5s",
                "--interval", "2s", "--format", "json");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).contains("\"status\":\"watching JVM " + p.pid());
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"change\":\"appeared\"")
                .contains("SyncMapHotspot$PriceBook.quote").containsAnyOf("lock-hotspot", "thread-pileup"));
        assertThat(lines.get(lines.size() - 1)).contains("exited");
        assertThat(seconds).as("watch returns when the JVM exits").isLessThan(120);
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void watchOverRemoteJmxServesPrometheusMetrics() throws Exception {
        int jmxPort = freePort();
        int metricsPort = freePort();
        Process p = startJvm(Path.of(System.getProperty("java.home")), 20,
                "-Dcom.sun.management.jmxremote.port=" + jmxPort, "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1");
        awaitAttachable(p);
        java.util.concurrent.atomic.AtomicReference<String> scraped = new java.util.concurrent.atomic.AtomicReference<>("");
        Thread scraper = new Thread(() -> {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
            while (System.currentTimeMillis() < deadline && p.isAlive()
                    && !scraped.get().contains("jfrtriage_lock_blocked_ms_per_second{")) {
                try {
                    Thread.sleep(100);
                    scraped.set(client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                } catch (java.io.IOException e) {
                    // not serving yet
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        scraper.start();
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("watch", "--jmx", "127.0.0.1:" + jmxPort, "--window", "5s",
                "--interval", "2s", "--metrics-port", Integer.toString(metricsPort));
        scraper.join(DEADLINE_MILLIS);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("APPEARED").contains("exited");
        assertThat(scraped.get()).contains("# TYPE jfrtriage_blocked_threads gauge")
                .contains("jfrtriage_lock_blocked_ms_per_second{jvm=\"127.0.0.1:" + jmxPort
                        + "\",site=\"demo.pricing.SyncMapHotspot$PriceBook.quote\"")
                .contains("jfrtriage_findings{jvm=\"127.0.0.1:" + jmxPort + "\",severity=\"critical\"}");
    }

    @Test
    void watchNeedsAPidOrJmx() {
        assertThat(AnalyzeCommandTest.run("watch").exit()).isEqualTo(2);
        assertThat(AnalyzeCommandTest.run("watch", "999999999").exit()).isEqualTo(4);
    }

    @Test
    void noSuchProcessIsExit4() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("record", "999999999", "--duration", "1s", "-o", dir.resolve("x.jfr").toString());
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err().strip()).isEqualTo("jfrtriage: process 999999999: no such process");
    }

    @Test
    void aProcessThatIsNotAJvmIsExit4() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        started.add(sleep);
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("record", Long.toString(sleep.pid()), "--duration", "1s",
                "-o", dir.resolve("x.jfr").toString());
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err().strip().lines()).singleElement().asString().contains("is not a JVM");
    }

    @Test
    void aJvmWithAttachDisabledIsExit4() throws Exception {
        Process p = startJvm(Path.of(System.getProperty("java.home")), 60, "-XX:+DisableAttachMechanism");
        await(p, "its request threads to run", () -> Files.readString(logs.get(p.pid())).contains(RUNNING));
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("record", Long.toString(p.pid()), "--duration", "1s",
                "-o", dir.resolve("x.jfr").toString());
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err().strip().lines()).singleElement().asString().contains("DisableAttachMechanism");
        p.destroyForcibly();
    }

    @Test
    void aTargetThatDiesMidRecordingIsExit4AndNothingIsWritten() throws Exception {
        Process p = startJvm(Path.of(System.getProperty("java.home")), 60);
        awaitAttachable(p);
        Path out = dir.resolve("died.jfr");
        // killed once our recording runs in it, whenever that is on a busy machine
        Thread killer = new Thread(() -> {
            try {
                await(p, "the recording to start", () -> jcmd(p.pid(), "JFR.check").contains("jfr-triage-"));
            } catch (Exception e) {
                // the JVM died or the recording never started: the assertions below say which
            }
            p.destroyForcibly();
        });
        killer.start();
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("record", Long.toString(p.pid()), "--duration", "60s", "-o", out.toString());
        killer.join();
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).contains("exited during the recording");
        assertThat(out).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(Path::toString)).noneMatch(f -> f.endsWith(".part"));
        }
    }
}
