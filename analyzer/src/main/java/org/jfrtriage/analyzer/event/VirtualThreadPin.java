package org.jfrtriage.analyzer.event;

/**
 * A virtual thread that blocked while pinned to its carrier ({@code jdk.VirtualThreadPinned}, JDK 21+, recorded
 * above a threshold: 20 ms in the JDK's settings). The carrier could run no other virtual thread meanwhile.
 *
 * @param thread the virtual thread
 * @param carrier the carrier thread ({@code carrierThread}, JDK 24+), or {@code ThreadTable.NONE}
 * @param blockingOperation what blocked, e.g. {@code LockSupport.park} (JDK 24+), or empty
 * @param pinnedReason why it could not unmount, e.g. {@code Native or VM frame on stack} (JDK 24+), or empty
 */
public record VirtualThreadPin(long startNanos, long durationNanos, int thread, int carrier, int stack,
                               String blockingOperation, String pinnedReason) {
}
