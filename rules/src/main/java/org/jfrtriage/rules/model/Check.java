package org.jfrtriage.rules.model;

/**
 * What a rule concluded as a whole: found something, found nothing (with the evidence it looked at), or could
 * not judge — and then which event or setting would let it. Missing evidence is never reported as OK.
 */
public record Check(String rule, Step step, Status status, String message) {
    public enum Status {
        FINDINGS, OK, NOT_APPLICABLE;

        public String label() {
            return this == NOT_APPLICABLE ? "not-applicable" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
