package org.jfrtriage.report;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import org.jfrtriage.analyzer.event.GcPause;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.Timeline;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.playbook.LockHotspotRule;
import org.jfrtriage.rules.playbook.ThreadPileupRule;

/** A triage as Prometheus text-format gauges: what watch mode serves on {@code /metrics}. */
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
        Profile profile = triage.profile();
        double windowSeconds = Math.max(profile.info().durationNanos(), 1_000_000L) / 1e9;
        double seconds = Math.max(Math.min(measuredSeconds, windowSeconds), 0.001);
        String labels = "jvm=\"" + escape(jvm) + "\"";
        StringBuilder out = new StringBuilder();
        long lockNanos = 0;
        for (long v : profile.timeline().series(Timeline.Series.LOCK_NANOS)) {
            lockNanos += v;
        }
        if (profile.info().isEnabled("jdk.JavaMonitorEnter") || profile.info().isEnabled("jdk.ThreadPark")) {
            gauge(out, "jfrtriage_blocked_threads", "Threads blocked on locks, on average over the window", labels,
                    lockNanos / 1e9 / seconds);
        }
        header(out, "jfrtriage_lock_blocked_ms_per_second", "Blocked milliseconds per second at the top contended locks");
        int locks = 0;
        double pileup = 0;
        for (Finding f : triage.findings()) {
            if (LockHotspotRule.KIND.equals(f.kind()) && locks++ < TOP_LOCKS && f.evidence("blockedMsPerSecond") instanceof Number n) {
                out.append("jfrtriage_lock_blocked_ms_per_second{").append(labels).append(",site=\"")
                        .append(escape(f.site().qualifiedMethod())).append("\",lock=\"").append(escape(f.subject()))
                        .append("\"} ").append(number(n.doubleValue())).append('\n');
            }
            if (ThreadPileupRule.KIND.equals(f.kind()) && f.evidence("sustainedThreads") instanceof Number n) {
                pileup = Math.max(pileup, n.doubleValue());
            }
        }
        gauge(out, "jfrtriage_pileup_peak_threads", "Most threads waiting together at one site for 100 ms or more",
                labels, pileup);
        long pauseNanos = profile.gcPauses().stream().mapToLong(GcPause::pauseNanos).sum();
        gauge(out, "jfrtriage_gc_pause_ratio", "Share of the window spent in GC pauses (0-1)", labels,
                pauseNanos / 1e9 / seconds);
        gauge(out, "jfrtriage_allocation_bytes_per_second", "Allocation rate over the window", labels,
                profile.allocations().totalBytes() / seconds);
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            bySeverity.put(s, 0);
        }
        triage.findings().forEach(f -> bySeverity.merge(f.severity(), 1, Integer::sum));
        header(out, "jfrtriage_findings", "Findings in the window by severity");
        for (Severity s : new Severity[] {Severity.CRITICAL, Severity.WARNING, Severity.INFO}) {
            out.append("jfrtriage_findings{").append(labels).append(",severity=\"").append(s.label()).append("\"} ")
                    .append(bySeverity.get(s)).append('\n');
        }
        gauge(out, "jfrtriage_window_seconds", "Length of the window the gauges describe", labels, seconds);
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
    }

    private static void gauge(StringBuilder out, String name, String help, String labels, double value) {
        header(out, name, help);
        out.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** Label values escape backslash, double quote and newline (Prometheus text format). */
    public static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
