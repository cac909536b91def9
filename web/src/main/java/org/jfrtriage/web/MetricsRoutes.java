package org.jfrtriage.web;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import org.jfrtriage.report.MetricFamilies;

/**
 * The metrics family: {@code GET /metrics} (Prometheus text, through the one renderer {@link MetricFamilies}; names
 * in docs/metrics.md) and {@code GET /healthz}.
 */
final class MetricsRoutes {
    private final RecordingStore store;
    private final Analyses analyses;
    private final LiveRecordings live;
    private final RecordingRoutes recordings;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();

    MetricsRoutes(RecordingStore store, Analyses analyses, LiveRecordings live, RecordingRoutes recordings) {
        this.store = store;
        this.analyses = analyses;
        this.live = live;
        this.recordings = recordings;
    }

    void healthz(Response response, Callback callback) {
        Http.text(response, callback, 200, "text/plain; charset=utf-8", "ok\n");
    }

    void metrics(Response response, Callback callback) {
        Http.text(response, callback, 200, MetricFamilies.CONTENT_TYPE, families().text());
    }

    MetricFamilies families() {
        MetricFamilies out = new MetricFamilies();
        List<RecordingMeta> all = store.list();
        MetricFamilies.Family byStatus = out.gauge("jfrtriage_recordings", "Recordings in the data directory by analysis status");
        for (RecordingMeta.Status s : RecordingMeta.Status.values()) {
            byStatus.sample(all.stream().filter(m -> m.status() == s).count(), "status", s.label());
        }
        MetricFamilies.Family uploads = out.counter("jfrtriage_uploads_total", "Uploads by outcome");
        recordings.uploadsByLabel().forEach((label, n) -> uploads.sample(n, "outcome", label));
        out.counter("jfrtriage_analyses_total", "Analyses finished by this process, by outcome")
                .sample(analyses.analysesDone.get(), "outcome", "done")
                .sample(analyses.analysesFailed.get(), "outcome", "failed");
        out.counter("jfrtriage_analysis_seconds_total", "Time spent analyzing recordings").sample(analyses.analysisMillis.get() / 1000.0);
        out.counter("jfrtriage_analyzed_bytes_total", "Bytes of recordings analyzed").sample(analyses.bytesAnalyzed.get());
        out.gauge("jfrtriage_analysis_queue_length", "Recordings waiting for an analysis worker").sample(analyses.queueLength());
        out.gauge("jfrtriage_live_recordings_active", "Local JVMs being recorded now").sample(live.active());
        out.counter("jfrtriage_http_requests_total", "HTTP requests answered").sample(requests.get());
        out.counter("jfrtriage_http_server_errors_total", "Requests answered 500 (a bug: please report it)").sample(serverErrors.get());
        MetricFamilies.Family severity = out.gauge("jfrtriage_recording_severity",
                "Worst finding of each analyzed recording: 0 ok, 1 info, 2 warning, 3 critical");
        for (RecordingMeta m : all) {
            if (m.status() == RecordingMeta.Status.DONE && m.summary() != null) {
                severity.sample(severityLevel(m.summary().worstSeverity()), "id", m.id(), "name", m.name());
            }
        }
        return out;
    }

    private static int severityLevel(String label) {
        switch (label) {
            case "critical": return 3;
            case "warning": return 2;
            case "info": return 1;
            default: return 0;
        }
    }
}
