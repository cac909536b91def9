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
        // its temp files — the JFR repository of the recordings we start in it — go into this test's folder, so a
        // workload killed at the end leaves nothing in the machine's /tmp (attach and hsperfdata stay in /tmp)
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("jvm-tmp")));
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
    static void stopAll() throws InterruptedException {
        // SIGTERM first: a JVM that shuts down removes its attach socket (/tmp/.java_pid*) and JFR repository;
        // a killed one leaves them
        started.forEach(Process::destroy);
        for (Process p : started) {
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(15, java.util.concurrent.TimeUnit.SECONDS);
            }
            // the attach socket of a workload a test killed on purpose (a JVM dying mid-attach): ours to remove
            if (!p.isAlive()) {
                try {
                    Files.deleteIfExists(Path.of("/tmp/.java_pid" + p.pid()));
                } catch (java.io.IOException e) {
                    // best effort
                }
            }
        }
    }

    @Test
    void jvmsListsTheTarget() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("jvms", "--format", "json");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"pid\" : " + target.pid()).contains("SyncMapHotspot.java")
                .contains("\"uptimeSeconds\"").contains("\"cpuPercent\"");
        AnalyzeCommandTest.Run text = AnalyzeCommandTest.run("jvms");
        assertThat(text.out()).startsWith("PID").contains(Long.toString(target.pid()));
        assertThat(text.out().lines().findFirst().orElse("")).contains("UPTIME").contains("CPU");
        // the workload's 16 request threads keep a core busy: its CPU reads well above an idle JVM's
        String row = text.out().lines().filter(l -> l.startsWith(target.pid() + " ")).findFirst().orElseThrow();
        assertThat(row).containsPattern(" [0-9.]+% ");
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
        assertThat(r.err()).contains("async-profiler (").containsAnyOf("cpu", "itimer")
                .contains("jfrtriage: recording pid " + target.pid() + " for 3 s…");
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
                "--save", saved.toString(), "--format", "json", "--timings");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"kind\" : \"lock-hotspot\"").contains("SyncMapHotspot$PriceBook");
        assertThat(saved).exists();
        // --timings: each step after the window, and the total, on stderr (the report alone on stdout)
        assertThat(r.err()).containsPattern("jfrtriage: timings: after the window closed: recording stopped and copied "
                + "out [0-9]+ ms \\([0-9,]+ bytes\\), read [0-9]+ ms, rules [0-9]+ ms, report [0-9]+ ms; report out "
                + "[0-9]+ ms after the window closed");
        assertThat(jcmd(target.pid(), "JFR.check")).contains("No available recordings");
    }

    @Test
    void attachWithoutSaveNamesTheTargetAndSaysWhatItRecords() throws Exception {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("attach", Long.toString(target.pid()), "--duration", "2s",
                "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        var json = org.jfrtriage.report.JsonReport.parse(r.out());
        @SuppressWarnings("unchecked")
        var recording = (java.util.Map<String, Object>) json.get("recording");
        assertThat((String) recording.get("source")).matches("pid " + target.pid() + " — SyncMapHotspot\\.java, [0-9]+ s live");
        // stderr is not a terminal here: one line when it starts, one when it ends, no countdown
        assertThat(r.err().lines().toList()).anySatisfy(l -> assertThat(l)
                .isEqualTo("jfrtriage: recording pid " + target.pid() + " (" + WORKLOAD + ") for 2 s…"))
                .anySatisfy(l -> assertThat(l).startsWith("jfrtriage: recorded ").contains("copying the recording out"));
        assertThat(r.err()).doesNotContain("\r");
        AnalyzeCommandTest.Run text = AnalyzeCommandTest.run("attach", Long.toString(target.pid()), "--duration", "1s");
        assertThat(text.out().lines().findFirst().orElse("")).contains("pid " + target.pid() + " — SyncMapHotspot.java")
                .doesNotContain(".jfr");
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
        // a status record per evaluation, with the numbers: silence never has to mean "all is well"
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"evaluation\":{\"state\":\"critical\"")
                .containsPattern("\"events\":[1-9][0-9]*").contains("\"windowSeconds\":"));
    }

    /**
     * A workload whose contention stops when the test says so (a file appears): 8 request threads take turns on
     * one monitor, holding it 50 ms each.
     */
    private static final String PHASED = String.join("\n",
            "import java.nio.file.*;",
            "public class Phased {",
            "  static final Object LOCK = new Object();",
            "  static volatile boolean contend = true;",
            "  public static void main(String[] args) throws Exception {",
            "    Path stop = Path.of(args[0]);",
            "    for (int i = 0; i < 8; i++) {",
            "      Thread t = new Thread(() -> {",
            "        while (true) {",
            "          try {",
            "            if (contend) { synchronized (LOCK) { Thread.sleep(50); } } else { Thread.sleep(100); }",
            "          } catch (InterruptedException e) { return; }",
            "        }",
            "      }, \"req-\" + i);",
            "      t.setDaemon(true);",
            "      t.start();",
            "    }",
            "    System.out.println(\"request threads running\");",
            "    while (!Files.exists(stop)) { Thread.sleep(20); }",
            "    contend = false;",
            "    System.out.println(\"contention stopped\");",
            "    Thread.sleep(600_000);",
            "  }",
            "}", "");

    @Test
    void watchSaysOkEachIntervalAndAClearedFindingReadsAsItAppeared() throws Exception {
        Path source = dir.resolve("Phased.java");
        Files.writeString(source, PHASED);
        Path stop = dir.resolve("stop-contention");
        Path log = Files.createTempFile(dir, "phased-", ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), source.toString(),
                stop.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        logs.put(p.pid(), log);
        awaitAttachable(p);
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = Main.commandLine(new String[] {"watch"});
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        int[] exit = {-1};
        Thread watch = new Thread(() -> exit[0] = cli.execute("watch", Long.toString(p.pid()), "--window", "3s", "--interval", "1s"));
        watch.start();
        await(p, "the lock finding to appear", () -> out.toString().contains("APPEARED"));
        Files.writeString(stop, "");
        await(p, "the finding to clear", () -> out.toString().contains("CLEARED"));
        await(p, "an ok heartbeat after it cleared", () -> out.toString().substring(out.toString().indexOf("CLEARED"))
                .contains("  ok — 0 findings, "));
        p.destroy();
        watch.join(DEADLINE_MILLIS);
        assertThat(exit[0]).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        // a change line is "TIME  CHANGE   SEVERITY TITLE": the title starts 18 characters after the change word
        java.util.function.Function<String, String> titleOf = l -> l.substring(l.indexOf("  ", 10) + 2 + 18);
        List<String> printed = lines.stream().filter(l -> l.contains("  APPEARED ") || l.contains("  CHANGED  "))
                .map(titleOf).toList();
        assertThat(printed).anySatisfy(t -> assertThat(t).contains("Phased.lambda$main$"));
        List<String> cleared = lines.stream().filter(l -> l.contains("  CLEARED  ")).toList();
        assertThat(cleared).isNotEmpty().allSatisfy(l -> assertThat(printed).as("titles printed before").contains(titleOf.apply(l)))
                .allSatisfy(l -> assertThat(l).doesNotContain("|").doesNotContain("lock-hotspot"));
        assertThat(lines).anySatisfy(l -> assertThat(l).containsPattern("  (critical|warning) — [0-9]+ findings?"
                + "( \\([0-9]+ critical, [0-9]+ warning\\))?, [0-9,]+ events in the last [0-9]+ s$"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(".*  ok — 0 findings, [0-9,]+ events in the last 3 s"));
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
        // once exec is done the process maps the sleep binary, not the JVM that forked it
        await(sleep, "sleep to be exec'd", () -> Files.readString(Path.of("/proc", Long.toString(sleep.pid()), "maps"))
                .contains("sleep"));
        long begun = System.nanoTime();
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("record", Long.toString(sleep.pid()), "--duration", "1s",
                "-o", dir.resolve("x.jfr").toString());
        long millis = (System.nanoTime() - begun) / 1_000_000;
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err().strip().lines()).singleElement().asString().contains("is not a JVM").contains("sleep");
        assertThat(millis).as("a process that is visibly not a JVM fails at once, not after attach's timeout").isLessThan(1000);
        AnalyzeCommandTest.Run async = AnalyzeCommandTest.run("record", Long.toString(sleep.pid()), "--duration", "1s",
                "-o", dir.resolve("x.jfr").toString(), "--engine", "async-profiler");
        assertThat(async.exit()).isEqualTo(4);
        assertThat(async.err()).contains("is not a JVM");
        AnalyzeCommandTest.Run attach = AnalyzeCommandTest.run("attach", Long.toString(sleep.pid()), "--duration", "1s");
        assertThat(attach.exit()).isEqualTo(4);
        assertThat(attach.err()).contains("is not a JVM");
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

    /** The disk repository a JVM's JFR writes its chunks to, as the JVM itself says; empty until a recording runs. */
    static String repositoryOf(long pid) throws Exception {
        return jcmd(pid, "VM.system_properties").lines().filter(l -> l.startsWith("jdk.jfr.repository="))
                .map(l -> l.substring("jdk.jfr.repository=".length()).replace("\\:", ":").replace("\\\\", "\\"))
                .findFirst().orElse("");
    }

    static long chunkBytes(String repository) throws Exception {
        if (repository.isEmpty() || !Files.isDirectory(Path.of(repository))) {
            return 0;
        }
        try (var files = Files.list(Path.of(repository))) {
            return files.filter(f -> f.toString().endsWith(".jfr")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @Test
    void aTargetThatDiesMidRecordingLeavesWhatJfrHadWrittenAndItIsAnalyzed() throws Exception {
        Process p = startJvm(Path.of(System.getProperty("java.home")), 60);
        awaitAttachable(p);
        Path out = dir.resolve("died.jfr");
        // killed once our recording has flushed contention to the JVM's disk repository, whenever that is
        Thread killer = new Thread(() -> {
            try {
                await(p, "the recording to start", () -> jcmd(p.pid(), "JFR.check").contains("jfr-triage-"));
                await(p, "the first chunk in the repository", () -> chunkBytes(repositoryOf(p.pid())) > 0);
                String repository = repositoryOf(p.pid());
                long first = chunkBytes(repository);
                // later flushes: events of the contention are on disk, not only the chunk's header and metadata; two
                // of them, as on a loaded machine one flush once held too little of it for a finding
                await(p, "a flush of events to the repository", () -> chunkBytes(repository) > first + 32 * 1024);
                long second = chunkBytes(repository);
                await(p, "another flush of events to the repository", () -> chunkBytes(repository) > second + 32 * 1024);
            } catch (Exception e) {
                // the JVM died or the recording never started: the assertions below say which
            }
            p.destroyForcibly();
        });
        killer.start();
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("record", Long.toString(p.pid()), "--duration", "60s", "-o", out.toString());
        killer.join();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: JVM " + p.pid() + " exited after").contains("saved what JFR had written to disk");
        Triage triage = Playbook.standard().run(new Analyzer().analyze(out));
        assertThat(triage.profile().info().eventCount("jdk.JavaMonitorEnter")).as("contention recorded before the kill").isPositive();
        assertThat(triage.findings()).as("findings of %d ms recorded, events %s, checks %s",
                triage.profile().info().durationNanos() / 1_000_000, triage.profile().info().eventCounts(),
                triage.checks()).isNotEmpty();
        assertThat(triage.findings().get(0).site().qualifiedMethod()).isEqualTo("demo.pricing.SyncMapHotspot$PriceBook.quote");
        try (var files = Files.list(dir)) {
            assertThat(files.map(Path::toString)).noneMatch(f -> f.endsWith(".part"));
        }
    }

    @Test
    void attachToATargetThatDiesAnalyzesWhatWasRecordedWithAWarning() throws Exception {
        Process p = startJvm(Path.of(System.getProperty("java.home")), 60);
        awaitAttachable(p);
        Thread killer = new Thread(() -> {
            try {
                await(p, "the recording to start", () -> jcmd(p.pid(), "JFR.check").contains("jfr-triage-"));
                await(p, "the first chunk in the repository", () -> chunkBytes(repositoryOf(p.pid())) > 0);
                String repository = repositoryOf(p.pid());
                long first = chunkBytes(repository);
                await(p, "a flush of events to the repository", () -> chunkBytes(repository) > first + 32 * 1024);
            } catch (Exception e) {
                // the assertions below say what happened
            }
            p.destroyForcibly();
        });
        killer.start();
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("attach", Long.toString(p.pid()), "--duration", "60s");
        killer.join();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: JVM " + p.pid() + " exited after").contains("analyzing what was recorded");
        assertThat(r.out().lines().findFirst().orElse("")).contains("pid " + p.pid() + " — SyncMapHotspot.java");
        assertThat(r.out()).contains("SyncMapHotspot$PriceBook.quote");
    }

    @Test
    void aTargetThatDiesBeforeJfrWroteAnythingIsExit4() throws Exception {
        Process p = startJvm(Path.of(System.getProperty("java.home")), 60);
        awaitAttachable(p);
        Path out = dir.resolve("died-at-once.jfr");
        Thread killer = new Thread(() -> {
            try {
                await(p, "the recording to start", () -> jcmd(p.pid(), "JFR.check").contains("jfr-triage-"));
            } catch (Exception e) {
                // the assertions below say what happened
            }
            // the repository is the dead JVM's, left as it was; we only make it look empty to our recorder
            p.destroyForcibly();
        });
        killer.start();
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("record", Long.toString(p.pid()), "--duration", "60s", "-o", out.toString());
        killer.join();
        // JFR may or may not have flushed before the kill: either the chunks are saved (exit 0) or it says why not
        if (r.exit() == 0) {
            assertThat(r.err()).contains("exited after");
            assertThat(out).exists();
        } else {
            assertThat(r.exit()).isEqualTo(4);
            assertThat(r.err()).contains("exited during the recording; nothing was saved");
            assertThat(out).doesNotExist();
        }
    }
}
