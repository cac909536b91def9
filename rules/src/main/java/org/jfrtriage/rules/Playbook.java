package org.jfrtriage.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.playbook.AllocationPressureRule;
import org.jfrtriage.rules.playbook.GcPressureRule;
import org.jfrtriage.rules.playbook.LockHotspotRule;
import org.jfrtriage.rules.playbook.MapResizeChurnRule;
import org.jfrtriage.rules.playbook.ThreadPileupRule;
import org.jfrtriage.rules.playbook.UnsynchronizedMapWriteRule;

/** Runs every rule on a profile and ranks the findings: rank 1 is the most likely root cause. */
public final class Playbook {

    private final List<Rule> rules;

    public Playbook(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The standard playbook, in step order. */
    public static Playbook standard() {
        return new Playbook(List.of(new ThreadPileupRule(), new LockHotspotRule(), new MapResizeChurnRule(),
                new UnsynchronizedMapWriteRule(), new AllocationPressureRule(), new GcPressureRule()));
    }

    public List<Rule> rules() {
        return rules;
    }

    public Triage run(Profile profile) {
        List<Finding> findings = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        for (Rule rule : rules) {
            Rule.Result result = rule.evaluate(profile);
            findings.addAll(result.findings());
            checks.add(result.check());
        }
        // by score; ties go to the earlier playbook step (the symptom a person sees first), then by id for stability
        findings.sort(Comparator.comparingInt(Finding::score).reversed()
                .thenComparing(f -> f.step().number())
                .thenComparing(Finding::id));
        return new Triage(profile, findings, checks);
    }
}
