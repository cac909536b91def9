/**
 * The {@code jfrtriage} command line: one picocli command per verb (analyze, diff, record, attach, jvms, watch,
 * serve, agent), their exit codes, and where their output goes (through the collector's {@code OutputFile}).
 *
 * <p>Owns: arguments, exit codes, progress and error lines. Must not touch: reading, judgement or rendering of its
 * own — it wires the analyzer, the rules, the reports, the collector and the web app together.
 */
package org.jfrtriage.cli;
