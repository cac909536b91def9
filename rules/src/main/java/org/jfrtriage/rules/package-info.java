/**
 * The playbook: {@link org.jfrtriage.rules.Rule} (what a rule is: its {@link org.jfrtriage.rules.RuleSpec} and
 * its evaluation of a profile), {@link org.jfrtriage.rules.Playbook} (runs every rule, ranks the findings, marks
 * findings of distrusted recordings) and {@link org.jfrtriage.rules.Triage} (the answer for one profile).
 *
 * <p>Owns: judgement — every limit that turns a measure into a verdict is declared by a rule and documented in
 * docs/rules.md. Must not touch: reading or rendering; rules see only the analyzer's {@code Profile}, so they run
 * the same on a file, a live window and in the web app.
 */
package org.jfrtriage.rules;
