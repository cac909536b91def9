package org.jfrtriage.rules;

import java.util.List;

import org.jfrtriage.rules.model.Limit;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;

/**
 * What a rule is, as data: the finding kind it produces, its playbook step, what it looks for, the events it
 * needs (any of them), its named thresholds, its fixed limits that decide what a measure counts, and the other
 * fixed behaviours in words. docs/rules.md is generated from these.
 */
public record RuleSpec(String kind, Step step, String description, List<String> requiredEvents,
                       List<Threshold> thresholds, List<Limit> limits, List<String> notes) {
    public RuleSpec {
        requiredEvents = List.copyOf(requiredEvents);
        thresholds = List.copyOf(thresholds);
        limits = List.copyOf(limits);
        notes = List.copyOf(notes);
    }

    /** A rule without fixed limits. */
    public RuleSpec(String kind, Step step, String description, List<String> requiredEvents,
                    List<Threshold> thresholds, List<String> notes) {
        this(kind, step, description, requiredEvents, thresholds, List.of(), notes);
    }
}
