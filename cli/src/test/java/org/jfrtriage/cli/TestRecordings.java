package org.jfrtriage.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Records real JVMs for CLI tests: a workload is written as a source file and run with JFR on. */
final class TestRecordings {
    private TestRecordings() {
    }

    /** A JVM where 6 threads fight over one synchronized method for 3 seconds. */
    static Path contendedMonitor(Path dir) throws Exception {
        Path source = dir.resolve("Ledger.java");
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
                "    long end = System.currentTimeMillis() + 3000;",
                "    List<Thread> threads = new ArrayList<>();",
                "    for (int t = 0; t < 6; t++) {",
                "      int id = t;",
                "      Thread th = new Thread(() -> { int i = 0; while (System.currentTimeMillis() < end) ledger.post(\"acct-\" + (i++ % 50), id); }, \"request-\" + t);",
                "      th.start(); threads.add(th);",
                "    }",
                "    for (Thread th : threads) th.join();",
                "  }",
                "}", ""));
        Path jfr = dir.resolve("ledger.jfr");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:StartFlightRecording:filename=" + jfr + ",settings=profile", source.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("ledger.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("workload failed: " + Files.readString(dir.resolve("ledger.log")));
        }
        return jfr;
    }
}
