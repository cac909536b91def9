package org.jfrtriage.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jfrtriage.collector.AgentLoader;
import org.jfrtriage.collector.CollectorException;

/**
 * jfrtriage-agent.jar in real workload JVMs: what it serves and logs, what it dumps, that it is loaded at start and
 * into a running JVM alike, that nothing of it leaks onto the application's class path, and that each way it can
 * fail stops the agent while the application runs its course.
 */
class AgentIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void jarIsBuilt() {
        Prerequisites.require(Files.isRegularFile(WorkloadJvm.AGENT_JAR), "the agent jar " + WorkloadJvm.AGENT_JAR
                + " (mvn -pl agent -am verify builds it before these tests)");
    }

    @Test
    void everyClassIsRelocatedUnderTheAgentsPackage() throws Exception {
        try (JarFile jar = new JarFile(WorkloadJvm.AGENT_JAR.toFile())) {
            List<String> entries = jar.stream().map(e -> e.getName()).filter(n -> !n.endsWith("/")).toList();
            assertThat(entries).contains("org/jfrtriage/agent/Agent.class",
                    "org/jfrtriage/agent/shaded/io/prometheus/metrics/exporter/httpserver/HTTPServer.class",
                    "org/jfrtriage/agent/shaded/collector/triage.jfc");
            // only the manifest, licence texts and the relocated libraries' own service files may sit outside
            assertThat(entries).allSatisfy(name -> assertThat(name.startsWith("org/jfrtriage/agent/")
                    || name.equals("META-INF/MANIFEST.MF")
                    || name.matches("META-INF/[A-Za-z-]*(LICENSE|NOTICE)[A-Za-z.-]*")
                    || name.startsWith("META-INF/services/org.jfrtriage.agent.shaded.")).as(name).isTrue());
            // nor the pprof export's generated classes and the protobuf-java runtime they need: the agent exports no
            // pprof (the Prometheus client's own protobuf is a copy it relocated under its package, and stays)
            assertThat(entries).noneMatch(name -> name.contains("/report/pprof/") || name.contains("com/google/protobuf/")
                    || name.endsWith(".proto"));
            assertThat(jar.getManifest().getMainAttributes().getValue("Premain-Class")).isEqualTo("org.jfrtriage.agent.Agent");
            assertThat(jar.getManifest().getMainAttributes().getValue("Agent-Class")).isEqualTo("org.jfrtriage.agent.Agent");
        }
    }

    @Test
    void servesLogsAndDumpsTheWorkloadsLockSite() throws Exception {
        Path out = dir.resolve("agent");
        try (WorkloadJvm jvm = WorkloadJvm.start(dir, 120, "-javaagent:" + WorkloadJvm.AGENT_JAR
                + "=port=0,window=20s,interval=2s,dumps=1,dumpSize=16m,dir=" + out)) {
            String url = "http://127.0.0.1:" + jvm.agentPort() + "/metrics";
            String[] scraped = {""};
            // the finding series, and blocked threads measured in the same scrape (an evaluation can fall between
            // two bursts of the workload's contention, so neither is waited for alone)
            jvm.await("the lock site as a finding series, with blocked threads", () -> {
                scraped[0] = WorkloadJvm.get(url);
                return scraped[0].contains("jfrtriage_finding_score{") && scraped[0].contains("kind=\"lock-hotspot\"")
                        && scraped[0].contains("site=\"" + WorkloadJvm.LOCK_SITE + "\"")
                        && scraped[0].contains("jfrtriage_blocked_threads{") && gauge(scraped[0], "jfrtriage_blocked_threads") > 0;
            });
            String pid = Long.toString(jvm.process.pid());
            assertThat(scraped[0]).contains("# TYPE jfrtriage_blocked_threads gauge")
                    .contains("jfrtriage_lock_blocked_ms_per_second{jvm=\"" + pid + "\",lock=\"demo.pricing.SyncMapHotspot$PriceBook\",site=\""
                            + WorkloadJvm.LOCK_SITE + "\"}")
                    .contains("jfrtriage_findings{jvm=\"" + pid + "\",severity=\"critical\"}")
                    .contains("jfrtriage_agent_cpu_seconds_total{jvm=\"" + pid + "\",part=\"triage\"}")
                    .contains("jfrtriage_agent_events_total{jvm=\"" + pid + "\"}");
            assertThat(gauge(scraped[0], "jfrtriage_agent_evaluations_total")).isGreaterThan(0);

            Path log = out.resolve("findings.jsonl");
            jvm.await("the dump of the critical finding", () -> Files.isRegularFile(log) && Files.readString(log).contains("\"dump\""));
            List<String> lines = Files.readAllLines(log);
            assertThat(lines.get(0)).contains("\"status\":\"started:");
            // critical when it appeared, or appeared as a warning on the first short window and became critical
            assertThat(lines).anySatisfy(l -> assertThat(l).containsAnyOf("\"change\":\"appeared\"", "\"change\":\"changed\"")
                    .contains("\"kind\":\"lock-hotspot\"").contains("\"severity\":\"critical\"")
                    .contains("\"class\":\"demo.pricing.SyncMapHotspot$PriceBook\""));
            Path dump;
            try (Stream<Path> files = Files.list(out)) {
                dump = files.filter(p -> p.getFileName().toString().startsWith("critical-")).findFirst().orElseThrow();
            }
            assertThat(Files.size(dump)).isPositive().isLessThanOrEqualTo(24L << 20);
            List<RecordedEvent> events = RecordingFile.readAllEvents(dump);
            assertThat(events).anySatisfy(e -> assertThat(e.getEventType().getName()).isEqualTo("jdk.JavaMonitorEnter"));
            assertThat(jvm.output()).doesNotContain("Exception");
        }
    }

    @Test
    void loadsIntoARunningJvmAndSaysWhereItServes() throws Exception {
        try (WorkloadJvm jvm = WorkloadJvm.start(dir, 120)) {
            jvm.await("its request threads to run", () -> jvm.output().contains(WorkloadJvm.RUNNING));
            String status = AgentLoader.load(jvm.process.pid(), WorkloadJvm.AGENT_JAR,
                    "port=0,window=20s,interval=2s,dumps=0,dir=" + dir.resolve("loaded"));
            assertThat(status).matches("serving http://127\\.0\\.0\\.1:\\d+/metrics");
            String url = status.substring("serving ".length());
            jvm.await("the lock site as a finding series", () -> WorkloadJvm.get(url).contains("site=\"" + WorkloadJvm.LOCK_SITE + "\""));
            // a second agent is refused inside the JVM; the first one goes on serving
            AgentLoader.load(jvm.process.pid(), WorkloadJvm.AGENT_JAR, "port=0,dir=" + dir.resolve("second"));
            jvm.await("the second agent's refusal", () -> jvm.output().contains("an agent already runs in this JVM"));
            assertThat(WorkloadJvm.get(url)).contains("jfrtriage_window_seconds");
            // bad options: the load fails with the reason, the JVM goes on
            assertThatThrownBy(() -> AgentLoader.load(jvm.process.pid(), WorkloadJvm.AGENT_JAR, "port=abc"))
                    .isInstanceOf(CollectorException.class).hasMessageContaining("port=abc");
            assertThat(jvm.process.isAlive()).isTrue();
        }
    }

    @Test
    void aRunningAgentNeverKeepsTheJvmAlive() throws Exception {
        try (WorkloadJvm jvm = WorkloadJvm.start(dir, 15, "-javaagent:" + WorkloadJvm.AGENT_JAR
                + "=port=0,window=10s,interval=2s,dumps=0,dir=" + dir.resolve("alive"))) {
            jvm.agentPort();
            // main returns after 15 s: the JVM must exit then, with the agent's threads still running
            assertThat(jvm.awaitExit()).as(jvm.output()).isZero();
            assertThat(jvm.output()).contains(WorkloadJvm.FINISHED).doesNotContain("stopped:");
        }
    }

    @Test
    void aFailureStopsTheAgentNotTheJvm() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             WorkloadJvm portInUse = WorkloadJvm.start(dir, 6, "-javaagent:" + WorkloadJvm.AGENT_JAR
                     + "=port=" + taken.getLocalPort() + ",dir=" + dir.resolve("a"));
             WorkloadJvm badOption = WorkloadJvm.start(dir, 6, "-javaagent:" + WorkloadJvm.AGENT_JAR + "=port=abc");
             WorkloadJvm unwritable = WorkloadJvm.start(dir, 6, "-javaagent:" + WorkloadJvm.AGENT_JAR
                     + "=port=0,dir=" + notADirectory.resolve("sub"))) {
            for (WorkloadJvm jvm : List.of(portInUse, badOption, unwritable)) {
                assertThat(jvm.awaitExit()).as(jvm.output()).isZero();
                assertThat(jvm.output()).contains(WorkloadJvm.FINISHED).contains("jfrtriage agent: ")
                        .doesNotContain("Exception in thread").doesNotContain("\tat ");
            }
            assertThat(portInUse.output()).contains("jfrtriage agent: stopped: could not start");
            assertThat(badOption.output()).contains("jfrtriage agent: not started: port=abc: expected a whole number");
            assertThat(unwritable.output()).contains("jfrtriage agent: stopped: could not start");
        }
    }

    private static double gauge(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + "{")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(name + " missing in\n" + metrics));
    }
}
