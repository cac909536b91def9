package org.jfrtriage.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real workload JVM (sample-recordings' SyncMapHotspot: 16 threads on one synchronized map), its output in a file. */
final class WorkloadJvm implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("jfrtriage.root", ".."));
    static final Path WORKLOAD = ROOT.resolve("sample-recordings/workloads/demo/pricing/SyncMapHotspot.java");
    static final Path AGENT_JAR = Path.of(System.getProperty("jfrtriage.agentJar", "target/jfrtriage-agent.jar"));
    /** What the workload prints once its request threads run. */
    static final String RUNNING = "request threads running";
    /** What it prints when it has run its course. */
    static final String FINISHED = "SyncMapHotspot quotes/s";
    static final String LOCK_SITE = "demo.pricing.SyncMapHotspot$PriceBook.quote";
    /** Generous: the machine may be busy with other jobs; every wait ends as soon as its condition holds. */
    static final long DEADLINE_MILLIS = 180_000;
    private static final Pattern SERVING = Pattern.compile("jfrtriage agent: serving http://([0-9.]+):(\\d+)/metrics");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Process process;
    final Path log;

    private WorkloadJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static WorkloadJvm start(Path dir, int seconds, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        // the JVM's temp files — JFR's disk repository of the agent's recording among them — go into the test's
        // folder: a workload killed at the end leaves nothing in the machine's /tmp
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("jvm-tmp")));
        command.addAll(List.of(jvmOptions));
        command.add(WORKLOAD.toString());
        command.add(String.valueOf(seconds));
        Path log = Files.createTempFile(dir, "workload-", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new WorkloadJvm(p, log);
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} until it holds; fails with what was awaited if the JVM dies or the deadline passes. */
    void await(String what, Condition condition) throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (!condition.holds()) {
            if (!process.isAlive()) {
                throw new AssertionError("JVM " + process.pid() + " exited while waiting for " + what + ":\n" + output());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("JVM " + process.pid() + ": gave up waiting for " + what + ":\n" + output());
            }
            Thread.sleep(100);
        }
    }

    /** The port the agent inside says it serves on (it prints one line when it starts). */
    int agentPort() throws Exception {
        int[] port = {-1};
        await("the agent to serve", () -> {
            Matcher m = SERVING.matcher(output());
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(2));
                return true;
            }
            return false;
        });
        return port[0];
    }

    /** Waits for the JVM to run its course; returns its exit code. */
    int awaitExit() throws Exception {
        if (!process.waitFor(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("JVM " + process.pid() + " did not finish:\n" + output());
        }
        return process.exitValue();
    }

    static String get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
