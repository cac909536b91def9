package org.jfrtriage.rules;

import java.util.List;
import java.util.stream.Collectors;

import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.playbook.VirtualThreadPinningRule;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.Units;

/**
 * The playbook's answer for one profile: findings ranked (index 0 is rank 1) and what every rule checked.
 */
public record Triage(Profile profile, List<Finding> findings, List<Check> checks) {

    public Triage {
        findings = List.copyOf(findings);
        checks = List.copyOf(checks);
    }

    /**
     * The incident of each finding, parallel to {@link #findings()}: findings telling one story (a pileup and its lock
     * hotspot) share a number; 1 holds the most likely cause.
     */
    public List<Integer> incidents() {
        return Incidents.of(findings);
    }

    public Severity worstSeverity() {
        return findings.stream().map(Finding::severity).max(Enum::compareTo).orElse(Severity.OK);
    }

    /** One line a person reads first: the top finding when it matters, otherwise what was checked. */
    public String verdict() {
        Severity worst = worstSeverity();
        if (worst == Severity.CRITICAL || worst == Severity.WARNING) {
            Finding top = findings.get(0);
            return top.severity().label().toUpperCase(java.util.Locale.ROOT) + ": " + top.title();
        }
        List<Check> notRun = checks.stream().filter(c -> c.status() == Check.Status.NOT_APPLICABLE).toList();
        String span = Units.nanos(profile.info().durationNanos());
        // a JVM's version alone (no virtual threads before JDK 21) judges nothing the recording recorded
        if (checks.stream().allMatch(c -> c.status() == Check.Status.NOT_APPLICABLE
                || VirtualThreadPinningRule.KIND.equals(c.rule()) && c.message().contains(VirtualThreadPinningRule.NO_VIRTUAL_THREADS))) {
            return "NO VERDICT: the recording has none of the events the playbook needs";
        }
        if (notRun.isEmpty()) {
            return "OK: no lock, pileup, CPU, I/O, safepoint, exception, map, thread or GC problem found in " + span + " of recording";
        }
        // never "OK" for what was not looked at: say what was not, and why in a few words
        String missing = notRun.size() == 1
                ? checkName(notRun.get(0).rule()) + " not checked: " + reason(notRun.get(0).message())
                : "not checked: " + notRun.stream().map(c -> checkName(c.rule())).collect(Collectors.joining(", "))
                        + " (see below)";
        return "No problem found in what was checked (" + span + " of recording) — " + missing;
    }

    /** What a check looks at, as a person says it. */
    private static String checkName(String rule) {
        return switch (rule) {
            case "thread-pileup" -> "pileups";
            case "lock-hotspot" -> "locks";
            case "deadlock" -> "deadlocks";
            case "map-resize-churn" -> "map growth";
            case "unsynchronized-map-write" -> "unsynchronized map writes";
            case "allocation-pressure" -> "allocation";
            case "gc-pressure" -> "GC";
            case "cpu-saturation" -> "CPU";
            case "exception-storm" -> "exceptions";
            case "vthread-pinning" -> "virtual-thread pinning";
            case "thread-leak" -> "thread growth";
            case "io-wait" -> "I/O";
            case "safepoint-pause" -> "safepoints";
            default -> rule;
        };
    }

    /** The first clause of a not-applicable message ("no GC events: enable …" → "no GC events"). */
    private static String reason(String message) {
        int colon = message.indexOf(':');
        return colon > 0 ? message.substring(0, colon) : message.isBlank() ? "the recording lacks its events" : message;
    }
}
