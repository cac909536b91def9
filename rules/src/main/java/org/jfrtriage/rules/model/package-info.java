/**
 * The vocabulary of a verdict: {@link org.jfrtriage.rules.model.Finding} (and its builder),
 * {@link org.jfrtriage.rules.model.Check}, {@link org.jfrtriage.rules.model.Evidence} and its tables,
 * {@link org.jfrtriage.rules.model.Threshold} and {@link org.jfrtriage.rules.model.Limit}, the one
 * {@link org.jfrtriage.rules.model.ScoreCurve} from a measure to a score and severity, sites and units.
 * These records are the JSON report's contract.
 *
 * <p>Plain values: must not touch profiles or any rule.
 */
package org.jfrtriage.rules.model;
