package org.jfrtriage.rules.compare;

import org.jfrtriage.rules.model.Finding;

/**
 * One finding id across both recordings.
 *
 * @param before the finding in the before recording, or null
 * @param after the finding in the after recording, or null
 * @param beforeValue the compared rate before (0 when absent)
 * @param afterValue the compared rate after (0 when absent)
 * @param noiseRatio the relative change below which a difference is noise, from the event counts
 * @param reason why the verdict is what it is, in words
 */
public record FindingChange(String id, String kind, Verdict verdict, Finding before, Finding after, String measure,
                            String unit, double beforeValue, double afterValue, double noiseRatio, String reason) {

    /** The finding to show for this id: the after one when it exists. */
    public Finding shown() {
        return after != null ? after : before;
    }

    /** (after − before) / before; +∞ for a new finding. */
    public double relativeChange() {
        return beforeValue == 0 ? (afterValue == 0 ? 0 : Double.POSITIVE_INFINITY) : (afterValue - beforeValue) / beforeValue;
    }
}
