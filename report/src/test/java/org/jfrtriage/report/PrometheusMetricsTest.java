package org.jfrtriage.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.Frame;
import org.jfrtriage.analyzer.event.FrameType;
import org.jfrtriage.analyzer.event.ThreadTable;
import org.jfrtriage.analyzer.profile.ProfileBuilder;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;

/** watch's gauges: measured over what was streamed, absent when not measured (never a false 0). */
class PrometheusMetricsTest {

    /** A 10 s window of which the last 2 s hold 4 threads blocked all the time. */
    private static Triage blockedAtTheEnd(boolean monitorEventsEnabled) {
        ProfileBuilder b = new ProfileBuilder("window");
        long t0 = 1_700_000_000_000_000_000L;
        b.onChunk(t0, t0 + 10_000_000_000L);
        int frame = b.stacks().frameId(new Frame("com.acme.Book", "quote", 1, FrameType.JIT_COMPILED));
        int stack = b.stacks().stackId(new int[] {frame}, false);
        if (monitorEventsEnabled) {
            b.onSetting("jdk.JavaMonitorEnter", "enabled", "true");
            for (int i = 0; i < 4; i++) {
                int thread = b.threads().threadId(100 + i, "req-" + i);
                for (int k = 0; k < 20; k++) {
                    b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, t0 + 8_000_000_000L + k * 100_000_000L,
                            100_000_000L, thread, "com.acme.Lock", ThreadTable.NONE, stack));
                }
            }
        }
        b.onFinish(new EventSink.ReadSummary("jdk", true, 1, 1, 1, List.of(),
                monitorEventsEnabled ? Map.of("jdk.JavaMonitorEnter", 80L) : Map.of()));
        return Playbook.standard().run(b.build());
    }

    private static double gauge(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + "{")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(name + " missing in\n" + metrics));
    }

    @Test
    void ratesArePerMeasuredSecondNotDilutedByTheEmptyPartOfTheWindow() {
        Triage triage = blockedAtTheEnd(true);
        assertThat(gauge(PrometheusMetrics.render(triage, "1", 10), "jfrtriage_blocked_threads")).isCloseTo(0.8, org.assertj.core.data.Offset.offset(0.05));
        String early = PrometheusMetrics.render(triage, "1", 2);
        assertThat(gauge(early, "jfrtriage_blocked_threads")).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.2));
        assertThat(gauge(early, "jfrtriage_window_seconds")).isEqualTo(2.0);
    }

    @Test
    void aGaugeWhoseEventsAreNotRecordedIsAbsentRatherThanZero() {
        String metrics = PrometheusMetrics.render(blockedAtTheEnd(false), "1", 10);
        assertThat(metrics).doesNotContain("jfrtriage_blocked_threads{").contains("jfrtriage_window_seconds{");
    }

    @Test
    void eachFindingIsOneScoreSeriesWithKindSiteAndSeverity() {
        Triage triage = blockedAtTheEnd(true);
        String metrics = PrometheusMetrics.render(triage, "1", 10);
        assertThat(triage.findings()).isNotEmpty();
        for (org.jfrtriage.rules.model.Finding f : triage.findings()) {
            assertThat(metrics).contains("jfrtriage_finding_score{jvm=\"1\",kind=\"" + f.kind() + "\",site=\""
                    + f.site().qualifiedMethod() + "\",severity=\"" + f.severity().label() + "\"} " + f.score() + "\n");
        }
        assertThat(metrics.lines().filter(l -> l.startsWith("jfrtriage_finding_score{")).count())
                .isLessThanOrEqualTo(PrometheusMetrics.TOP_FINDINGS).isEqualTo(metrics.lines().filter(l -> l.startsWith("jfrtriage_finding_score{"))
                        .map(l -> l.substring(0, l.lastIndexOf(' '))).distinct().count());
    }
}
