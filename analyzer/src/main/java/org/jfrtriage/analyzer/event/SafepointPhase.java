package org.jfrtriage.analyzer.event;

/**
 * One phase of a safepoint: {@code jdk.SafepointBegin} (from the request until every Java thread stopped — the
 * time to safepoint), {@code jdk.SafepointStateSynchronization} (the wait for the running threads alone) or
 * {@code jdk.SafepointEnd} (resuming them). Recorded only past the event's threshold (10 ms in the default settings).
 */
public record SafepointPhase(Phase phase, long startNanos, long durationNanos, long safepointId, int totalThreads) {

    public enum Phase { BEGIN, SYNCHRONIZATION, END }
}
