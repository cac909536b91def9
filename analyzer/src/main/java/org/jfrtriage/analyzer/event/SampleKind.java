package org.jfrtriage.analyzer.event;

/** CPU samples ({@code jdk.ExecutionSample}) versus wall-clock samples (async-profiler {@code profiler.WallClockSample}). */
public enum SampleKind {
    CPU, WALL
}
