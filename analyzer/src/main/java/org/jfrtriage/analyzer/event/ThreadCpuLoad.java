package org.jfrtriage.analyzer.event;

/** One {@code jdk.ThreadCPULoad} reading: a thread's user and system CPU as shares (0–1) of the whole machine. */
public record ThreadCpuLoad(long timeNanos, int thread, double user, double system) {
}
