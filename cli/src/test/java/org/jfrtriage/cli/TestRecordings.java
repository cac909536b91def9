package org.jfrtriage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Records real JVMs for CLI tests: a small contended workload is written as a source file and run with JFR on. */
final class TestRecordings {
    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    /** What the workload prints once its threads run. */
    private static final String RUNNING = "request threads running";

    private TestRecordings() {
    }

    /** 6 threads fighting over one synchronized method ({@code demo.ledger.Ledger.post}) for 3 seconds. */
    static Path contendedMonitor(Path dir) throws Exception {
        return record(dir, Path.of(System.getProperty("java.home")), "profile", 3, "ledger.jfr");
    }

    /** Runs the workload on the JDK at {@code javaHome} with {@code -XX:StartFlightRecording:settings=...}. */
    static Path record(Path dir, Path javaHome, String settings, int seconds, String name, String... jvmOptions)
            throws Exception {
        Path jfr = dir.resolve(name);
        List<String> options = new ArrayList<>(List.of(jvmOptions));
        options.add("-XX:StartFlightRecording:filename=" + jfr + ",settings=" + settings);
        Process p = start(dir, javaHome, options, seconds, name + ".log");
        awaitExit(p, dir.resolve(name + ".log"));
        return jfr;
    }

    /** Runs the workload without JFR and records it from outside with jcmd JFR.start / JFR.dump / JFR.stop. */
    static Path recordWithJcmd(Path dir) throws Exception {
        Path jfr = dir.resolve("jcmd-dump.jfr");
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path log = dir.resolve("jcmd.log");
        Process p = start(dir, javaHome, List.of(), 600, log.getFileName().toString());
        try {
            String pid = String.valueOf(p.pid());
            Path jcmd = javaHome.resolve("bin/jcmd");
            // the source launcher compiles first; the workload says when its threads run
            await(p, log, "the workload to run", () -> Files.readString(log).contains(RUNNING));
            await(p, log, "JFR to start", () -> run(jcmd.toString(), pid, "JFR.start", "name=triage", "settings=profile")
                    .contains("Started recording"));
            // dump until the dump holds the contention (some seconds of it), however long a busy machine takes
            await(p, log, "a dump with the contention", () -> {
                run(jcmd.toString(), pid, "JFR.dump", "name=triage", "filename=" + jfr);
                return Files.isRegularFile(jfr) && hasContention(jfr);
            });
            run(jcmd.toString(), pid, "JFR.stop", "name=triage");
            return jfr;
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Enough of the workload's monitor contention for the rules to judge it: 2 s of blocked time. */
    private static boolean hasContention(Path jfr) throws Exception {
        var triage = org.jfrtriage.rules.Playbook.standard().run(new org.jfrtriage.analyzer.Analyzer().analyze(jfr));
        return !triage.findings().isEmpty() && triage.profile().info().durationNanos() >= 2_000_000_000L
                && triage.findings().get(0).site().qualifiedMethod().equals("demo.ledger.Ledger.post");
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} until it holds; fails with what was awaited if the JVM dies or the deadline passes. */
    private static void await(Process p, Path log, String what, Condition condition) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!condition.holds()) {
            if (!p.isAlive()) {
                throw new IllegalStateException("workload exited while waiting for " + what + ": " + Files.readString(log));
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static Process start(Path dir, Path javaHome, List<String> jvmOptions, int seconds, String log) throws IOException {
        Path source = writeWorkload(dir);
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(jvmOptions);
        command.add(source.toString());
        command.add(String.valueOf(seconds));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
    }

    private static void awaitExit(Process p, Path log) throws Exception {
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("workload failed: " + Files.readString(log));
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static Path writeWorkload(Path dir) throws IOException {
        // JDK 22+ source launcher wants the path to match the package
        Path source = Files.createDirectories(dir.resolve("demo/ledger")).resolve("Ledger.java");
        Files.writeString(source, String.join("\n",
                "package demo.ledger;",
                "import java.util.*;",
                "public class Ledger {",
                "  private final Map<String, Long> balances = new HashMap<>();",
                "  synchronized void post(String account, long amount) {",
                "    balances.merge(account, amount, Long::sum);",
                "    long spin = System.nanoTime() + 2_000_000;",
                "    while (System.nanoTime() < spin) { Thread.onSpinWait(); }",
                "  }",
                "  public static void main(String[] args) throws Exception {",
                "    Ledger ledger = new Ledger();",
                "    long end = System.currentTimeMillis() + Integer.parseInt(args[0]) * 1000L;",
                "    List<Thread> threads = new ArrayList<>();",
                "    for (int t = 0; t < 6; t++) {",
                "      int id = t;",
                "      Thread th = new Thread(() -> { int i = 0; while (System.currentTimeMillis() < end) ledger.post(\"acct-\" + (i++ % 50), id); }, \"request-\" + t);",
                "      th.start(); threads.add(th);",
                "    }",
                "    System.out.println(\"6 request threads running\");",
                "    for (Thread th : threads) th.join();",
                "  }",
                "}", ""));
        return source;
    }
}
