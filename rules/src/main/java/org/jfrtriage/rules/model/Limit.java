package org.jfrtriage.rules.model;

/**
 * A fixed limit of a rule that is not a {@link Threshold}: one number that decides what a measure counts (two
 * samples "at the same moment", a spin "without a break"), listed in docs/rules.md beside the thresholds and probed
 * on both sides by ThresholdContractTest like them.
 *
 * @param id dotted, stable id ({@code unsynchronized-map-write.coincidence-window})
 * @param label what it decides, in words
 * @param value the limit, in {@code unit}
 * @param unit as shown ({@code ms})
 * @param reason one line: why this value
 */
public record Limit(String id, String label, double value, String unit, String reason) {
}
