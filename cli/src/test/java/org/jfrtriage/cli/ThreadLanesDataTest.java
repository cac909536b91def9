package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.report.HtmlReport;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;

/** Issue 18: the thread lanes the HTML report and the web page draw, on committed recordings. */
class ThreadLanesDataTest {
    private static final Path RECORDINGS = Path.of(System.getProperty("jfrtriage.root", ".."), "sample-recordings/recordings");

    private static JsonNode lanes(String name) throws Exception {
        Triage triage = Playbook.standard().run(new Analyzer().analyze(RECORDINGS.resolve(name)));
        return HtmlReport.data(triage).path("lanes");
    }

    /** Buckets per state of one lane. */
    private static Map<String, Integer> states(JsonNode data, JsonNode lane) {
        Map<String, Integer> out = new HashMap<>();
        lane.path("runs").forEach(r -> out.merge(data.path("states").path(r.path(2).asInt()).asText(), r.path(1).asInt(), Integer::sum));
        return out;
    }

    @Test
    void theSweeperHoldsRunsAndSleepsWhileTwelveRequestsAreBlocked() throws Exception {
        JsonNode data = lanes("SyncRegistrySweep-jdk17-default.jfr");

        assertThat(data.path("incident").asInt()).isEqualTo(1);
        assertThat(data.path("buckets").asInt()).isEqualTo(600);
        assertThat(data.path("omitted").asInt()).isZero();
        List<JsonNode> lanes = new ArrayList<>();
        data.path("lanes").forEach(lanes::add);
        assertThat(lanes).hasSize(13);
        JsonNode sweeper = lanes.get(0);
        assertThat(sweeper.path("thread").asText()).isEqualTo("session-sweeper");
        assertThat(sweeper.path("role").asText()).isEqualTo("holder");
        Map<String, Integer> sweeperStates = states(data, sweeper);
        // between sweeps it sleeps (jdk.ThreadSleep); while it holds the map it runs (CPU samples)
        assertThat(sweeperStates).containsOnlyKeys("running", "sleeping");
        assertThat(sweeperStates.get("sleeping")).isGreaterThan(100);
        assertThat(sweeperStates.get("running")).isGreaterThan(100);
        int held = 0;
        for (JsonNode h : sweeper.path("held")) {
            held += h.path(1).asInt();
        }
        assertThat(held).isBetween(200, 500);
        for (JsonNode request : lanes.subList(1, lanes.size())) {
            assertThat(request.path("thread").asText()).startsWith("request-");
            assertThat(request.path("role").asText()).isEqualTo("waiter");
            assertThat(request.path("held")).isEmpty();
            assertThat(states(data, request).get("blocked")).isGreaterThan(300);
        }
    }

    @Test
    void aRecordingWithoutALockIncidentHasNoLanes() throws Exception {
        assertThat(lanes("GcPressureHugeMap-jdk17-default.jfr").path("lanes").isMissingNode()).isTrue();
    }
}
