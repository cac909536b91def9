/**
 * Views of a verdict: a {@code Triage} (and a comparison of two) rendered as text, JSON, CSV, HTML with flame
 * graphs, Prometheus metrics and profile exports (collapsed stacks, pprof), and docs/rules.md from the rules
 * themselves.
 *
 * <p>Owns: every word layout and number format a person or a tool reads. Must not touch: judgement (it shows what
 * the rules decided and never re-scores) or reading.
 */
package org.jfrtriage.report;
