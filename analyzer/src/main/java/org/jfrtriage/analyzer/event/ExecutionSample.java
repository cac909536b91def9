package org.jfrtriage.analyzer.event;

/**
 * One stack sample of a thread. {@code weight} is how many samples it stands for (async-profiler may batch), and
 * {@code spanNanos} the time those batched samples covered from {@code timeNanos} on (async-profiler's wall-clock
 * {@code timeSpan}: an idle thread sampled several times in one state is written once); 0 for a single sample.
 */
public record ExecutionSample(long timeNanos, int thread, int stack, SampleKind kind, int weight, long spanNanos) {

    /** A sample that stands for one moment. */
    public ExecutionSample(long timeNanos, int thread, int stack, SampleKind kind, int weight) {
        this(timeNanos, thread, stack, kind, weight, 0L);
    }
}
