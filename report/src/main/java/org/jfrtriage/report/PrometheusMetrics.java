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
    /**
     * Findings exported one series each, highest ranked first: a scrape's series stay bounded however many sites a
     * window holds (a fleet of hundreds of JVMs multiplies every label value).
     */
    static final int TOP_FINDINGS = 20;
    /** Longest site label value; longer ones are cut (a generated class name can run to hundreds of characters). */
    static final int MAX_LABEL_LENGTH = 200;

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
        MetricFamilies.Family each = out.gauge("jfrtriage_finding_score",
                "Score (0-100) of each finding in the window, top " + TOP_FINDINGS + " by rank");
        // two findings of one kind at one site (two locks taken in one method) are one series: the higher ranked
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Finding f : triage.findings()) {
            String site = cut(f.site().qualifiedMethod());
            if (seen.size() < TOP_FINDINGS && seen.add(f.kind() + '\n' + site + '\n' + f.severity().label())) {
                each.sample(f.score(), labels, "kind", f.kind(), "site", site, "severity", f.severity().label());
            }
        }
        return out;
    }

    private static String cut(String label) {
        return label.length() <= MAX_LABEL_LENGTH ? label : label.substring(0, MAX_LABEL_LENGTH - 1) + "…";
    }

    /** Label values escape backslash, double quote and newline (Prometheus text format). */
    public static String escape(String value) {
        return MetricFamilies.escape(value);
    }
}
