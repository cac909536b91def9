/**
 * The in-process agent ({@code -javaagent:jfrtriage-agent.jar=…} or {@code jfrtriage agent load PID}): a
 * {@code RecordingStream} with the triage settings feeds a sliding {@code EventWindow}, the playbook runs on it
 * every interval, and the results are served to Prometheus ({@code MetricsBridge} over the Java client), written
 * as JSON lines ({@code FindingsLog}) and, on a critical finding, dumped as a bounded recording.
 *
 * <p>Owns: the agent's threads, its folder and its own cost ({@code AgentCost}). Must not touch: the application —
 * it never throws into it, never keeps its JVM alive, and every class it brings is relocated under
 * {@code org.jfrtriage.agent.shaded}; its own frames are never a finding's site.
 */
package org.jfrtriage.agent;
