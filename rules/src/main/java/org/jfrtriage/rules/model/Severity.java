package org.jfrtriage.rules.model;

import java.util.Locale;

/**
 * How much a finding matters; it follows from the score alone (see {@link ScoreCurve}).
 * {@code OK} is a check that passed: never a finding.
 */
public enum Severity {
    OK, INFO, WARNING, CRITICAL;

    /** The name used in reports and JSON: {@code critical}, {@code warning}, {@code info}, {@code ok}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
