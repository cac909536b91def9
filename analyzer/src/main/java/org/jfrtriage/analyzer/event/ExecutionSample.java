package org.jfrtriage.analyzer.event;

/** One stack sample of a thread. {@code weight} is how many samples it stands for (async-profiler may batch). */
public record ExecutionSample(long timeNanos, int thread, int stack, SampleKind kind, int weight) {
}
