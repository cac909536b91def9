package org.jfrtriage.rules.model;

import java.util.List;

/**
 * One ranked answer of the playbook.
 *
 * @param id stable identity {@code kind|site|subject}: the same problem in two recordings has the same id
 * @param stackId the representative stack in the profile's StackTable (for flame graph highlighting)
 */
public record Finding(String id, String kind, Step step, Severity severity, int score, String title, String subject,
                      SiteRef site, List<SiteRef> stack, int stackId, List<Evidence> evidence,
                      List<EvidenceTable> tables, String recommendation, List<JudgedThreshold> thresholds) {

    public Finding {
        evidence = List.copyOf(evidence);
        tables = List.copyOf(tables);
        stack = List.copyOf(stack);
        thresholds = List.copyOf(thresholds);
    }

    public static String idOf(String kind, SiteRef site, String subject) {
        return kind + "|" + site.stableMethod() + "|" + subject;
    }

    /** The evidence value under {@code key}, or null. */
    public Object evidence(String key) {
        return evidence.stream().filter(e -> e.key().equals(key)).map(Evidence::value).findFirst().orElse(null);
    }
}
