package org.jfrtriage.analyzer.event;

/**
 * Allocation evidence from {@code jdk.ObjectAllocationSample} or the TLAB events (JDK or async-profiler).
 *
 * @param weightBytes bytes this sample stands for (the sample weight, or the TLAB size / object size)
 * @param objectBytes the size of the allocated object when recorded (TLAB events), else -1
 * @param source which event kind: a recording holding both is summed from one only, never both
 */
public record AllocationSample(long timeNanos, int thread, String objectClass, long weightBytes, long objectBytes,
                               int stack, Source source) {

    public enum Source {
        /** {@code jdk.ObjectAllocationSample}: throttled, weighted samples (JDK 16+). */
        SAMPLE,
        /** {@code jdk.ObjectAllocationInNewTLAB} / {@code OutsideTLAB}: JDK or async-profiler. */
        TLAB
    }
}
