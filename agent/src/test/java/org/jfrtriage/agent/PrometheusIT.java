package org.jfrtriage.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus}, which .ci/run installs) scrapes the agent inside a real workload
 * JVM; its HTTP API must show the workload's lock site as a finding series. The shipped alert rules pass
 * {@code promtool check rules} and load into that server, and every query of the shipped Grafana dashboard is
 * one the server accepts.
 */
class PrometheusIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path ALERTS = WorkloadJvm.ROOT.resolve("docs/prometheus/alerts.yml");
    private static final Path DASHBOARD = WorkloadJvm.ROOT.resolve("docs/grafana-dashboard.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shippedAlertRulesPassPromtool() throws Exception {
        Prerequisites.require(Files.isExecutable(PROMTOOL), "promtool (Debian package prometheus)");
        Process check = new ProcessBuilder(PROMTOOL.toString(), "check", "rules", ALERTS.toString()).redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void prometheusScrapesTheAgentAndFindsTheLockSite() throws Exception {
        Prerequisites.require(Files.isExecutable(PROMETHEUS), "the prometheus server (Debian package prometheus)");
        Prerequisites.require(Files.isRegularFile(WorkloadJvm.AGENT_JAR), "the agent jar " + WorkloadJvm.AGENT_JAR);
        try (WorkloadJvm jvm = WorkloadJvm.start(dir, 150, "-javaagent:" + WorkloadJvm.AGENT_JAR
                + "=port=0,window=20s,interval=2s,dumps=0,dir=" + dir.resolve("agent"))) {
            int agentPort = jvm.agentPort();
            int port = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "  evaluation_interval: 1s",
                    "rule_files:",
                    "  - " + ALERTS.toAbsolutePath(),
                    "scrape_configs:",
                    "  - job_name: jfrtriage",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + agentPort + "']",
                    ""));
            Path log = dir.resolve("prometheus.log");
            List<String> command = List.of(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port);
            Process prometheus = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                String api = "http://127.0.0.1:" + port + "/api/v1/";
                String series = "jfrtriage_finding_score{kind=\"lock-hotspot\",site=\"" + WorkloadJvm.LOCK_SITE + "\"}";
                JsonNode[] result = {null};
                jvm.await("Prometheus to hold the lock site as a finding series", () -> {
                    if (!prometheus.isAlive()) {
                        throw new AssertionError("prometheus exited: " + Files.readString(log));
                    }
                    result[0] = query(api, series);
                    return result[0] != null && result[0].size() > 0;
                });
                JsonNode sample = result[0].get(0);
                assertThat(sample.path("metric").path("jvm").asText()).isEqualTo(Long.toString(jvm.process.pid()));
                assertThat(sample.path("metric").path("job").asText()).isEqualTo("jfrtriage");
                assertThat(sample.path("metric").path("severity").asText()).isIn("warning", "critical");
                assertThat(Double.parseDouble(sample.path("value").get(1).asText())).isBetween(1.0, 100.0);

                // the alert rules loaded into the server and evaluate without error
                JsonNode rules = JSON.readTree(WorkloadJvm.get(api + "rules")).path("data").path("groups");
                assertThat(rules.size()).isEqualTo(1);
                for (JsonNode rule : rules.get(0).path("rules")) {
                    assertThat(rule.path("health").asText()).as(rule.path("name").asText()).isIn("ok", "unknown");
                }
                // every dashboard query is one Prometheus accepts (status success, whatever it returns now)
                for (String expr : dashboardQueries()) {
                    String answer = WorkloadJvm.get(api + "query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
                    assertThat(answer).as(expr).contains("\"status\":\"success\"");
                }
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** The result array of an instant query, or null while Prometheus cannot answer yet. */
    private static JsonNode query(String api, String expr) throws IOException {
        String body = WorkloadJvm.get(api + "query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        if (body.isEmpty()) {
            return null;
        }
        JsonNode answer = JSON.readTree(body);
        return "success".equals(answer.path("status").asText()) ? answer.path("data").path("result") : null;
    }

    private static List<String> dashboardQueries() throws IOException {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asText().replace("$instance", ".*"));
            }
        }
        assertThat(exprs).isNotEmpty();
        return exprs;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
