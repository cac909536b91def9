package org.jfrtriage.report;

import java.util.EnumMap;
import java.util.Map;

import org.jfrtriage.analyzer.event.GcPause;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.Timeline;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.playbook.LockHotspotRule;
import org.jfrtriage.rules.playbook.ThreadPileupRule;

/**
 * A triage window as Prometheus gauges: what {@code watch --metrics-port} and the in-process agent serve on
 * {@code /metrics}, built as {@link MetricFamilies} (the one renderer; names in docs/metrics.md).
 */
public final class PrometheusMetrics {
    /** Lock-hotspot findings exported individually; the rest are summed in the blocked-threads gauge. */
    static final int TOP_LOCKS = 5;

    private PrometheusMetrics() {
    }

    public static String render(Triage triage, String jvm) {
        return render(triage, jvm, triage.profile().info().durationNanos() / 1e9);
    }

    /**
     * As {@link #render(Triage, String)}, for a window of which only {@code measuredSeconds} have been streamed yet
     * (a watch that began 10 s ago has 10 s of a 60 s window): rates are per measured second, not diluted by the
     * part of the window that is still empty. A gauge whose events the recording does not enable is left out
     * rather than read as 0.
     */
    public static String render(Triage triage, String jvm, double measuredSeconds) {
        return families(triage, jvm, measuredSeconds).text();
    }

    /** The window's gauges as metric families, for {@link MetricFamilies#text()} or the agent's Prometheus client. */
    public static MetricFamilies families(Triage triage, String jvm, double measuredSeconds) {
        Profile profile = triage.profile();
        double windowSeconds = Math.max(profile.info().durationNanos(), 1_000_000L) / 1e9;
        double seconds = Math.max(Math.min(measuredSeconds, windowSeconds), 0.001);
        Map<String, String> labels = Map.of("jvm", jvm);
        MetricFamilies out = new MetricFamilies();
        long lockNanos = 0;
        for (long v : profile.timeline().series(Timeline.Series.LOCK_NANOS)) {
            lockNanos += v;
        }
        if (profile.info().isEnabled("jdk.JavaMonitorEnter") || profile.info().isEnabled("jdk.ThreadPark")) {
            out.gauge("jfrtriage_blocked_threads", "Threads blocked on locks, on average over the window")
                    .sample(lockNanos / 1e9 / seconds, labels);
        }
        MetricFamilies.Family lockRate = out.gauge("jfrtriage_lock_blocked_ms_per_second",
                "Blocked milliseconds per second at the top contended locks");
        int locks = 0;
        double pileup = 0;
        for (Finding f : triage.findings()) {
            if (LockHotspotRule.KIND.equals(f.kind()) && locks++ < TOP_LOCKS && f.evidence("blockedMsPerSecond") instanceof Number n) {
                lockRate.sample(n.doubleValue(), labels, "site", f.site().qualifiedMethod(), "lock", f.subject());
            }
            if (ThreadPileupRule.KIND.equals(f.kind()) && f.evidence("sustainedThreads") instanceof Number n) {
                pileup = Math.max(pileup, n.doubleValue());
            }
        }
        out.gauge("jfrtriage_pileup_peak_threads", "Most threads waiting together at one site for 100 ms or more")
                .sample(pileup, labels);
        long pauseNanos = profile.gcPauses().stream().mapToLong(GcPause::pauseNanos).sum();
        out.gauge("jfrtriage_gc_pause_ratio", "Share of the window spent in GC pauses (0-1)").sample(pauseNanos / 1e9 / seconds, labels);
        out.gauge("jfrtriage_allocation_bytes_per_second", "Allocation rate over the window")
                .sample(profile.allocations().totalBytes() / seconds, labels);
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            bySeverity.put(s, 0);
        }
        triage.findings().forEach(f -> bySeverity.merge(f.severity(), 1, Integer::sum));
        MetricFamilies.Family findings = out.gauge("jfrtriage_findings", "Findings in the window by severity");
        for (Severity s : new Severity[] {Severity.CRITICAL, Severity.WARNING, Severity.INFO}) {
            findings.sample(bySeverity.get(s), labels, "severity", s.label());
        }
        out.gauge("jfrtriage_window_seconds", "Length of the window the gauges describe").sample(seconds, labels);
        return out;
    }

    /** Label values escape backslash, double quote and newline (Prometheus text format). */
    public static String escape(String value) {
        return MetricFamilies.escape(value);
    }
}
