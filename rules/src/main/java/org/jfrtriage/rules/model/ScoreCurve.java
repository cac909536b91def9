package org.jfrtriage.rules.model;

/**
 * The one curve from a measure to a 0–100 score, shared by every rule, and the one mapping from score to
 * severity.
 *
 * <pre>
 *   measure:   0 ........ info ........ warning ........ critical ........ ∞
 *   score:     0 ......... 25 ........... 50 ............. 75 ........... →100
 *              linear      log-linear     log-linear       75 + 25·(1 − critical/measure)
 * </pre>
 *
 * Log-linear between the limits because measures of trouble (blocked threads, pause share, MB/s) span orders of
 * magnitude; the tail approaches 100 so two critical findings still rank by how bad they are.
 * Severity: score ≥ 75 critical, ≥ 50 warning, ≥ 25 info, otherwise ok.
 */
public final class ScoreCurve {

    public static final int INFO_SCORE = 25;
    public static final int WARNING_SCORE = 50;
    public static final int CRITICAL_SCORE = 75;

    private ScoreCurve() {
    }

    public static int score(double measure, Threshold t) {
        double s;
        if (!(measure > 0)) {
            s = 0;
        } else if (measure < t.info()) {
            s = INFO_SCORE * measure / t.info();
        } else if (measure < t.warning()) {
            s = INFO_SCORE + 25 * Math.log(measure / t.info()) / Math.log(t.warning() / t.info());
        } else if (measure < t.critical()) {
            s = WARNING_SCORE + 25 * Math.log(measure / t.warning()) / Math.log(t.critical() / t.warning());
        } else {
            s = CRITICAL_SCORE + 25 * (1 - t.critical() / measure);
        }
        // floor, so a measure just below a limit never reaches that limit's severity by rounding
        return (int) Math.min(100, Math.floor(s + 1e-9));
    }

    public static Severity severity(int score) {
        if (score >= CRITICAL_SCORE) {
            return Severity.CRITICAL;
        }
        if (score >= WARNING_SCORE) {
            return Severity.WARNING;
        }
        if (score >= INFO_SCORE) {
            return Severity.INFO;
        }
        return Severity.OK;
    }
}
