package org.jfrtriage.rules;

import java.util.List;

import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;

/**
 * What a rule is, as data: the finding kind it produces, its playbook step, what it looks for, the events it
 * needs (any of them), its named thresholds, and the fixed limits that are not thresholds. docs/rules.md is
 * generated from these.
 */
public record RuleSpec(String kind, Step step, String description, List<String> requiredEvents,
                       List<Threshold> thresholds, List<String> notes) {
    public RuleSpec {
        requiredEvents = List.copyOf(requiredEvents);
        thresholds = List.copyOf(thresholds);
        notes = List.copyOf(notes);
    }
}
