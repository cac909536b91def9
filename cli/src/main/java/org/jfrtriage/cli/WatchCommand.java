package org.jfrtriage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.jfrtriage.analyzer.profile.EventWindow;
import org.jfrtriage.collector.LiveWatch;
import org.jfrtriage.report.JsonReport;
import org.jfrtriage.report.MetricFamilies;
import org.jfrtriage.report.Numbers;
import org.jfrtriage.report.PrometheusMetrics;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Continuous mode: stream a live JVM's events, re-run the playbook on a sliding window, and print "
                + "findings as they appear, change severity and clear (JSON Lines with --format json).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the JVM exited or watch was interrupted", "2:bad usage", "4:could not attach"})
final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PID", arity = "0..1", description = "the JVM's process id (see: jfrtriage jvms)")
    Long pid;

    @Option(names = "--jmx", paramLabel = "HOST:PORT",
            description = "watch a JVM through its remote JMX agent (-Dcom.sun.management.jmxremote.port) instead of a local pid")
    String jmx;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "serve Prometheus gauges of the latest window on http://127.0.0.1:PORT/metrics")
    Integer metricsPort;

    @Option(names = "--window", defaultValue = "60s", paramLabel = "D", converter = DurationConverter.class,
            description = "how much recent history each evaluation looks at (default: ${DEFAULT-VALUE})")
    Duration window;

    @Option(names = "--interval", defaultValue = "10s", paramLabel = "D", converter = DurationConverter.class,
            description = "how often the playbook runs (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "text, or JSON Lines")
    String format;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    /** The findings printed as present, by id: a cleared one is named by the title it appeared with. */
    private final Map<String, Finding> shown = new HashMap<>();
    private final AtomicReference<String> latestMetrics = new AtomicReference<>("");
    private String target;
    private long lastEvaluation = System.nanoTime();
    /** When streaming began: a window is only as long as what has been streamed into it. */
    private long streamingSince = System.nanoTime();
    private EventWindow events;
    private PrintWriter out;
    private boolean json;
    /** Keeps the stream's evaluations between the first line and the last. */
    private final WatchLines lines = new WatchLines();

    @Override
    public Integer call() throws Exception {
        json = "json".equals(format.toLowerCase(Locale.ROOT));
        if (!json && !"text".equals(format.toLowerCase(Locale.ROOT))) {
            throw new Errors.UsageException("unknown format '" + format + "' (expected text or json)");
        }
        if ((pid == null) == (jmx == null)) {
            throw new Errors.UsageException("give either a PID or --jmx HOST:PORT");
        }
        out = spec.commandLine().getOut();
        target = pid != null ? "JVM " + pid : "JVM at " + jmx;
        events = new EventWindow(pid != null ? "jvm-" + pid : jmx, window.toNanos());
        HttpServer metrics = metricsPort == null ? null : startMetrics(metricsPort);
        try (LiveWatch watch = pid != null ? LiveWatch.start(pid, events, this::onFlush)
                : LiveWatch.startRemote(jmx, events, this::onFlush)) {
            streamingSince = System.nanoTime();
            lines.start(() -> status("watching " + target + ": " + window.toSeconds() + " s window, evaluated every "
                    + interval.toSeconds() + " s" + (metrics == null ? "" : "; metrics on http://127.0.0.1:"
                    + metrics.getAddress().getPort() + "/metrics")));
            while (!watch.awaitTermination(Duration.ofSeconds(1))) {
                if (verbose) {
                    spec.commandLine().getErr().println("jfrtriage: " + watch.diagnostics());
                }
            }
            lines.end(() -> status(target + " exited"));
        } finally {
            if (metrics != null) {
                metrics.stop(0);
            }
        }
        return 0;
    }

    /** Runs on the stream's thread after each flush; a failure is reported, never swallowed by the stream. */
    private void onFlush() {
        try {
            lines.evaluate(this::evaluate);
        } catch (RuntimeException | Error e) {
            spec.commandLine().getErr().println("jfrtriage: evaluation failed: " + e);
            if (verbose) {
                e.printStackTrace(spec.commandLine().getErr());
            }
            spec.commandLine().getErr().flush();
        }
    }

    private void evaluate() {

        if (System.nanoTime() - lastEvaluation < interval.toNanos() || events.newestNanos() == Long.MIN_VALUE) {
            return;
        }
        lastEvaluation = System.nanoTime();
        Triage triage = Playbook.standard().run(events.profile(events.newestNanos()));
        double coveredSeconds = Math.min(window.toNanos(), System.nanoTime() - streamingSince) / 1e9;
        latestMetrics.set(PrometheusMetrics.render(triage, pid != null ? Long.toString(pid) : jmx, coveredSeconds));
        if (verbose) {
            spec.commandLine().getErr().println("jfrtriage: evaluated " + triage.profile().contention().size()
                    + " contention sites, " + triage.findings().size() + " findings, verdict: " + triage.verdict());
        }
        Map<String, Finding> now = new LinkedHashMap<>();
        for (Finding f : triage.findings()) {
            if (f.severity().compareTo(Severity.INFO) > 0) {
                now.putIfAbsent(f.id(), f);
            }
        }
        for (Finding f : now.values()) {
            Finding before = shown.get(f.id());
            // the finding is remembered as it was printed: its CLEARED line repeats that title
            if (before == null) {
                print("appeared", f);
                shown.put(f.id(), f);
            } else if (before.severity() != f.severity()) {
                print("changed", f);
                shown.put(f.id(), f);
            }
        }
        for (String id : shown.keySet().toArray(new String[0])) {
            if (!now.containsKey(id)) {
                printCleared(shown.remove(id));
            }
        }
        heartbeat(now.values(), triage.profile().info().eventCounts().values().stream().mapToLong(Long::longValue).sum(),
                coveredSeconds);
        out.flush();
    }

    /**
     * One line per evaluation, so silence never has to mean "all is well": {@code ok — 0 findings, 1,204 events
     * in the last 30 s}, or the worst severity present. In JSON a status record with the same numbers.
     */
    private void heartbeat(java.util.Collection<Finding> present, long events, double coveredSeconds) {
        long critical = present.stream().filter(f -> f.severity() == Severity.CRITICAL).count();
        long warning = present.stream().filter(f -> f.severity() == Severity.WARNING).count();
        String state = critical > 0 ? "critical" : warning > 0 ? "warning" : "ok";
        long seconds = Math.round(coveredSeconds);
        String message = state + " — " + Numbers.count(present.size(), "finding", "findings")
                + (critical > 0 && warning > 0 ? " (" + critical + " critical, " + warning + " warning)" : "") + ", "
                + Numbers.count(events, "event", "events") + " in the last " + seconds + " s";
        if (json) {
            ObjectNode line = new ObjectMapper().createObjectNode();
            line.put("time", time());
            line.put("pid", pid);
            line.put("status", message);
            ObjectNode evaluation = line.putObject("evaluation");
            evaluation.put("state", state);
            evaluation.put("findings", present.size());
            evaluation.put("critical", critical);
            evaluation.put("warning", warning);
            evaluation.put("events", events);
            evaluation.put("windowSeconds", seconds);
            out.println(line.toString());
        } else {
            out.println(time() + "  " + message);
        }
    }

    /** Serves the latest window's gauges on the loopback interface only. */
    private HttpServer startMetrics(int port) throws Errors.UsageException {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/metrics", exchange -> {
                byte[] body = latestMetrics.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", MetricFamilies.CONTENT_TYPE);
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new Errors.UsageException("cannot serve metrics on port " + port + ": " + e.getMessage());
        }
    }

    private String time() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private void print(String change, Finding f) {
        if (json) {
            ObjectNode line = new ObjectMapper().createObjectNode();
            line.put("time", time());
            line.put("pid", pid);
            line.put("change", change);
            line.set("finding", JsonReport.findingJson(f));
            out.println(line.toString());
        } else {
            out.printf(Locale.ROOT, "%s  %-8s %-8s %s%n", time(), change.toUpperCase(Locale.ROOT),
                    f.severity().label(), f.title());
        }
    }

    /** A cleared finding reads as it appeared (its title), so a person can match the two lines by eye. */
    private void printCleared(Finding f) {
        if (json) {
            ObjectNode line = new ObjectMapper().createObjectNode();
            line.put("time", time());
            line.put("pid", pid);
            line.put("change", "cleared");
            line.put("id", f.id());
            line.put("title", f.title());
            out.println(line.toString());
        } else {
            out.printf(Locale.ROOT, "%s  %-8s %-8s %s%n", time(), "CLEARED", f.severity().label(), f.title());
        }
    }

    private void status(String message) {
        if (json) {
            ObjectNode line = new ObjectMapper().createObjectNode();
            line.put("time", time());
            line.put("pid", pid);
            line.put("status", message);
            out.println(line.toString());
        } else {
            out.println(time() + "  " + message);
        }
        out.flush();
    }
}
