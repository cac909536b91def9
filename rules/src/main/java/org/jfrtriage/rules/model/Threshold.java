package org.jfrtriage.rules.model;

/**
 * A named limit a rule judges a measure against. The three limits map to scores 25, 50 and 75 on the one
 * {@link ScoreCurve}: below {@code info} a check passes, from {@code critical} on it is the likely cause.
 *
 * @param id dotted, stable id ({@code lock-hotspot.blocked-threads}); listed in docs/rules.md
 * @param label what is measured, in words
 * @param unit the measure's unit as shown ({@code threads}, {@code %}, {@code ms}, {@code MB/s})
 * @param reason one line: why these limits
 */
public record Threshold(String id, String label, String unit, double info, double warning, double critical,
                        String reason) {

    public Threshold {
        if (!(0 < info && info < warning && warning < critical)) {
            throw new IllegalArgumentException(id + ": limits must satisfy 0 < info < warning < critical");
        }
    }

    public int score(double measure) {
        return ScoreCurve.score(measure, this);
    }
}
