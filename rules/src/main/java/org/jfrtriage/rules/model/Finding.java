package org.jfrtriage.rules.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One ranked answer of the playbook. Rules build it with {@link #builder(String, Step)}: the words and the site
 * come from the rule, the score, severity and judged thresholds from the rule skeleton
 * ({@code org.jfrtriage.rules.playbook.PlaybookRule}). The components are the JSON report's contract.
 *
 * @param id stable identity {@code kind|site|subject}: the same problem in two recordings has the same id
 * @param stackId the representative stack in the profile's StackTable (for flame graph highlighting)
 * @param blockedBy for lock findings: the threads that held the lock while others waited, heaviest first (empty
 *                  when the recording cannot tell, or for other kinds); for a deadlock, the threads of the cycle
 */
public record Finding(String id, String kind, Step step, Severity severity, int score, String title, String subject,
                      SiteRef site, List<SiteRef> stack, int stackId, List<Evidence> evidence,
                      List<EvidenceTable> tables, String recommendation, List<JudgedThreshold> thresholds,
                      List<LockHolder> blockedBy) {

    public Finding {
        blockedBy = List.copyOf(blockedBy);
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

    /** A new finding of {@code kind}: site unknown, no stack, no evidence, no tables until set. */
    public static Builder builder(String kind, Step step) {
        return new Builder(kind, step);
    }

    /** This finding as a builder, to derive a changed copy (more evidence, a capped score). */
    public Builder toBuilder() {
        Builder b = new Builder(kind, step);
        b.id = id;
        b.score = score;
        b.severity = severity;
        b.title = title;
        b.subject = subject;
        b.site = site;
        b.stack = stack;
        b.stackId = stackId;
        b.evidence.addAll(evidence);
        b.tables.addAll(tables);
        b.recommendation = recommendation;
        b.thresholds = thresholds;
        b.blockedBy = blockedBy;
        return b;
    }

    /**
     * Builds a {@link Finding} by name instead of by position. The id defaults to {@link #idOf} of kind, site and
     * subject; the severity always follows the score ({@link ScoreCurve#severity}).
     */
    public static final class Builder {
        private final String kind;
        private final Step step;
        private String id;
        private int score;
        private Severity severity = Severity.OK;
        private String title = "";
        private String subject = "";
        private SiteRef site = SiteRef.UNKNOWN;
        private List<SiteRef> stack = List.of();
        private int stackId;
        private final List<Evidence> evidence = new ArrayList<>();
        private final List<EvidenceTable> tables = new ArrayList<>();
        private String recommendation = "";
        private List<JudgedThreshold> thresholds = List.of();
        private List<LockHolder> blockedBy = List.of();

        private Builder(String kind, Step step) {
            this.kind = kind;
            this.step = step;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** What the finding is about besides its site (the lock class, the map class, the collector). */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder site(SiteRef site) {
            this.site = site;
            return this;
        }

        /** The representative stack: its frames as shown, and its id in the profile's StackTable. */
        public Builder stack(List<SiteRef> frames, int stackId) {
            this.stack = frames;
            this.stackId = stackId;
            return this;
        }

        public Builder evidence(Evidence e) {
            evidence.add(e);
            return this;
        }

        public Builder evidence(List<Evidence> all) {
            evidence.addAll(all);
            return this;
        }

        public Builder table(EvidenceTable table) {
            tables.add(table);
            return this;
        }

        public Builder tables(List<EvidenceTable> all) {
            tables.addAll(all);
            return this;
        }

        public Builder recommendation(String recommendation) {
            this.recommendation = recommendation;
            return this;
        }

        /** The score, and with it the severity. */
        public Builder score(int score) {
            this.score = score;
            this.severity = ScoreCurve.severity(score);
            return this;
        }

        public Builder thresholds(List<JudgedThreshold> judged) {
            this.thresholds = judged;
            return this;
        }

        /** Who held the lock while others waited (CONTRACT.md {@code blockedBy}), heaviest first. */
        public Builder blockedBy(List<LockHolder> holders) {
            this.blockedBy = holders;
            return this;
        }

        /** Overrides the default identity {@code kind|site|subject}. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Finding build() {
            return new Finding(id != null ? id : idOf(kind, site, subject), kind, step, severity, score, title, subject,
                    site, stack, stackId, evidence, tables, recommendation, thresholds, blockedBy);
        }
    }
}
