package org.jfrtriage.rules.compare;

import java.util.Locale;

/** What happened to one finding between the before and the after recording. */
public enum Verdict {
    /** Present before, gone after (below the rule's info limit). */
    RESOLVED,
    /** Still present, measurably lower. */
    IMPROVED,
    /** Still present, and the change is within noise. */
    UNCHANGED,
    /** Still present, measurably higher. */
    REGRESSED,
    /** Absent before, present after. */
    NEW,
    /** One recording lacks the events the rule needs: the two cannot be compared for this finding. */
    UNKNOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
