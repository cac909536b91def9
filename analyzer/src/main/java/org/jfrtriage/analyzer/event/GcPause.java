package org.jfrtriage.analyzer.event;

/**
 * One garbage collection from {@code jdk.GarbageCollection}: its stop-the-world pauses only.
 *
 * @param pauseNanos sum of the collection's pauses
 */
public record GcPause(long startNanos, long pauseNanos, long longestPauseNanos, String collector, String cause) {
}
