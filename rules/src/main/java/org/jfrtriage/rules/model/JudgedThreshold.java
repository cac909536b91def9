package org.jfrtriage.rules.model;

/** A threshold a finding was judged against, with the measure it had: so a reader can check the verdict. */
public record JudgedThreshold(Threshold threshold, double measure, int score) {
}
