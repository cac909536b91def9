package org.jfrtriage.agent;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jdk.jfr.consumer.RecordingStream;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.jfrtriage.analyzer.profile.EventWindow;
import org.jfrtriage.analyzer.read.JdkRecordingReader.RecordedEventNormalizer;
import org.jfrtriage.collector.TriageSettings;
import org.jfrtriage.report.MetricFamilies;
import org.jfrtriage.report.PrometheusMetrics;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

/**
 * The agent at work inside the application's JVM: a {@link RecordingStream} with the triage settings feeds an
 * {@link EventWindow}; every interval the playbook runs on the window, its gauges replace the ones served on
 * {@code /metrics} (through the one renderer, {@link PrometheusMetrics}, handed to the Prometheus client), new,
 * changed and cleared findings are appended to the findings log, and a critical finding dumps the stream's recent
 * recording (bounded in count and size).
 *
 * <p>Every callback catches everything: a failure stops the agent — stream, server, log — and says why on stderr;
 * the application's threads never see it.
 */
final class TriageAgent {
    /** Events the window keeps at most: ~100 bytes each, so the agent's heap stays in the tens of MB. */
    static final int MAX_WINDOW_EVENTS = 150_000;

    private final AgentOptions options;
    private final long pid = ProcessHandle.current().pid();
    private final EventWindow window;
    private final AtomicReference<MetricFamilies> latest = new AtomicReference<>(new MetricFamilies());
    private final AgentCost cost = new AgentCost();
    private final Map<String, Finding> shown = new HashMap<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private RecordingStream stream;
    private HTTPServer server;
    private ExecutorService httpThreads;
    private FindingsLog log;
    private long lastEvaluation = System.nanoTime();
    private long streamingSince = System.nanoTime();
    private int dumps;
    private volatile Path dir;
    private long lastDumpAt;

    TriageAgent(AgentOptions options) {
        this.options = options;
        this.window = new EventWindow("jvm-" + pid, options.window().toNanos(), MAX_WINDOW_EVENTS);
    }

    int port() {
        HTTPServer s = server;
        return s == null ? options.port() : s.getPort();
    }

    /** Where the log and dumps go, once started. */
    Path directory() {
        return dir;
    }

    void start() throws Exception {
        // the folder given, or a new one of our own (unique, owner-only): never a predictable name in a shared folder
        dir = options.dir() != null ? Files.createDirectories(options.dir())
                : Files.createTempDirectory("jfrtriage-agent-" + pid + "-");
        log = new FindingsLog(dir.resolve("findings.jsonl"), pid);
        Map<String, String> settings = TriageSettings.forThisJvm();
        // the server first: a port in use stops the start before JFR records anything
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new MetricsBridge(() -> {
            MetricFamilies all = new MetricFamilies().addAll(latest.get());
            return all.addAll(cost.families(Long.toString(pid)));
        }));
        httpThreads = Executors.newFixedThreadPool(1, runnable -> {
            Thread t = new Thread(runnable, "jfrtriage-agent-http");
            t.setDaemon(true);
            cost.own(t);
            return t;
        });
        server = HTTPServer.builder().inetAddress(InetAddress.getByName(options.bind())).port(options.port())
                .registry(registry).executorService(httpThreads).buildAndStart();
        stream = new RecordingStream();
        stream.setSettings(settings);
        // the window learns what is recorded from us: ActiveSetting events may come after the events they enable
        settings.forEach((key, value) -> {
            int hash = key.indexOf('#');
            if (hash > 0) {
                window.onSetting(key.substring(0, hash), key.substring(hash + 1), value);
            }
        });
        // what a dump can hold: the stream's own repository keeps no more than this on disk
        stream.setMaxAge(options.window().plus(options.interval()));
        stream.setMaxSize(options.dumpBytes());
        RecordedEventNormalizer normalizer = new RecordedEventNormalizer(window);
        stream.onEvent(event -> {
            try {
                normalizer.accept(event);
                cost.event();
            } catch (RuntimeException e) {
                // one malformed event must not end the stream (JFR stops dispatching on an exception)
                cost.skipped();
            }
        });
        stream.onFlush(this::onFlush);
        stream.onError(e -> stopLater("the event stream failed: " + Agent.message(e)));
        // our own daemon thread, not startAsync(): the stream's thread would be a non-daemon thread that keeps
        // the application's JVM alive after its main thread ends
        RecordingStream started = stream;
        Thread streaming = new Thread(() -> {
            try {
                started.start();
            } catch (Throwable e) {
                stopLater("the event stream failed: " + Agent.message(e));
            }
        }, "jfrtriage-agent-stream");
        streaming.setDaemon(true);
        cost.own(streaming);
        streaming.start();
        streamingSince = System.nanoTime();
        log.status(time(), pid, "started: window " + options.window().toSeconds() + " s, every " + options.interval().toSeconds()
                + " s, metrics on http://" + options.bind() + ":" + server.getPort() + "/metrics");
        Agent.status("serving http://" + options.bind() + ":" + server.getPort() + "/metrics");
        Agent.report("serving http://" + options.bind() + ":" + server.getPort() + "/metrics (window "
                + options.window().toSeconds() + " s, every " + options.interval().toSeconds() + " s); findings in " + log.path());
    }

    /** On the stream's thread after each flush (about once a second): the only thread that touches the window. */
    private void onFlush() {
        if (stopped.get()) {
            return;
        }
        try {
            cost.own(Thread.currentThread());
            evaluate();
        } catch (Throwable e) {
            stopLater("evaluation failed: " + e);
        }
    }

    private void evaluate() throws IOException {
        long now = System.nanoTime();
        if (now - lastEvaluation < options.interval().toNanos() || window.newestNanos() == Long.MIN_VALUE) {
            return;
        }
        lastEvaluation = now;
        Triage triage = Playbook.standard().run(window.profile(window.newestNanos()));
        double covered = Math.min(options.window().toNanos(), now - streamingSince) / 1e9;
        MetricFamilies families = PrometheusMetrics.families(triage, Long.toString(pid), covered);
        long events = triage.profile().info().eventCounts().values().stream().mapToLong(Long::longValue).sum();
        // counted before its findings are served: a scrape never shows findings of an evaluation not yet counted
        cost.evaluated(System.nanoTime() - now, events);
        latest.set(families);
        Map<String, Finding> present = new LinkedHashMap<>();
        for (Finding f : triage.findings()) {
            if (f.severity().compareTo(Severity.INFO) > 0) {
                present.putIfAbsent(f.id(), f);
            }
        }
        for (Finding f : present.values()) {
            Finding before = shown.get(f.id());
            if (before == null || before.severity() != f.severity()) {
                log.finding(time(), pid, before == null ? "appeared" : "changed", f);
                shown.put(f.id(), f);
                if (f.severity() == Severity.CRITICAL) {
                    dump(f);
                }
            }
        }
        for (String id : shown.keySet().toArray(new String[0])) {
            if (!present.containsKey(id)) {
                log.cleared(time(), pid, shown.remove(id));
            }
        }
    }

    /**
     * The stream's recent recording, when a finding turns critical: {@code dumps} at most, each bounded by dumpSize,
     * and one a window at most (a pileup and its lock hotspot turn critical together: one incident, one dump).
     */
    private void dump(Finding f) {
        long now = System.nanoTime();
        if (dumps >= options.dumps() || dumps > 0 && now - lastDumpAt < options.window().toNanos()) {
            return;
        }
        dumps++;
        lastDumpAt = now;
        Path file = dir.resolve("critical-" + dumps + "-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()
                .replace(":", "") + ".jfr");
        try {
            if (Files.exists(file)) {
                return; // never overwrite a file we did not write just now
            }
            stream.dump(file);
            cost.dumped();
            log.dump(time(), pid, f, file);
        } catch (IOException | RuntimeException e) {
            try {
                log.status(time(), pid, "could not dump the recording to " + file + ": " + Agent.message(e));
            } catch (IOException ignored) {
                // the log says nothing more than it can
            }
        }
    }

    /** Stops from another thread: a callback must not close the stream that is calling it. */
    private void stopLater(String why) {
        Thread t = new Thread(() -> stop(why), "jfrtriage-agent-stop");
        t.setDaemon(true);
        t.start();
    }

    /** Stops everything the agent started; safe to call more than once and from any thread; never throws. */
    void stop(String why) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Agent.report("stopped: " + why + " (the application goes on)");
        Agent.status("failed: " + why);
        closeQuietly(() -> {
            if (server != null) {
                server.stop();
            }
        });
        closeQuietly(() -> {
            if (httpThreads != null) {
                httpThreads.shutdownNow();
            }
        });
        closeQuietly(() -> {
            if (stream != null) {
                stream.close();
            }
        });
        closeQuietly(() -> {
            if (log != null) {
                log.status(time(), pid, "stopped: " + why);
            }
        });
        Agent.stopped(this);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void closeQuietly(Step step) {
        try {
            step.run();
        } catch (Throwable ignored) {
            // stopping goes on with the next part
        }
    }

    private static String time() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** For the cost gauges: the JVM's own management bean (present in every JDK the agent runs on). */
    static java.lang.management.ThreadMXBean threads() {
        return ManagementFactory.getThreadMXBean();
    }
}
