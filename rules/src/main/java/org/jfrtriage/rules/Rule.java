package org.jfrtriage.rules;

import java.util.List;

import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Limit;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;

/**
 * One rule of the playbook: small, stateless, declarative. It sees only the {@link Profile}, so it runs the same
 * on a file, a live window and in the web app. The rules of the standard playbook extend
 * {@link org.jfrtriage.rules.playbook.PlaybookRule}, which does the evaluation every rule shares; a new rule
 * starts there.
 */
public interface Rule {

    /** The rule's declaration: kind, step, description, required events, thresholds, notes. */
    RuleSpec spec();

    /** The finding kind this rule produces, e.g. {@code lock-hotspot}. */
    default String kind() {
        return spec().kind();
    }

    default Step step() {
        return spec().step();
    }

    /** What the rule looks for, in words. */
    default String description() {
        return spec().description();
    }

    /** The events it needs; when none is in the recording the rule says so instead of passing. */
    default List<String> requiredEvents() {
        return spec().requiredEvents();
    }

    default List<Threshold> thresholds() {
        return spec().thresholds();
    }

    /** Fixed limits that decide what a measure counts (not scored): listed and probed like thresholds. */
    default List<Limit> limits() {
        return spec().limits();
    }

    /** Fixed limits and behaviours that are not thresholds (minimum evidence, severity caps), in words. */
    default List<String> notes() {
        return spec().notes();
    }

    Result evaluate(Profile profile);

    /**
     * Whether the rule reads the profile's lock-holder analysis ({@link Profile#lockHolders()}, made once): the
     * playbook starts one such rule first, makes the analysis beside it, and runs the others last, so the rules that do
     * not need it run beside its making instead of queueing behind a rule that waits for it.
     */
    default boolean usesLockHolders() {
        return false;
    }

    /** The findings (unranked) and the check summary. */
    record Result(List<Finding> findings, Check check) {
        public Result {
            findings = List.copyOf(findings);
        }
    }
}
