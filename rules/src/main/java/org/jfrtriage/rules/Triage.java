package org.jfrtriage.rules;

import java.util.List;

import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.model.Check;
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
        long notApplicable = checks.stream().filter(c -> c.status() == Check.Status.NOT_APPLICABLE).count();
        String span = Units.nanos(profile.info().durationNanos());
        if (notApplicable == checks.size()) {
            return "NO VERDICT: the recording has none of the events the playbook needs";
        }
        return "OK: no lock, pileup, map or GC problem found in " + span + " of recording"
                + (notApplicable > 0 ? " (" + notApplicable + " check(s) could not run: see below)" : "");
    }
}
