package org.jfrtriage.analyzer.event;

/**
 * A VM operation the VM thread ran ({@code jdk.ExecuteVMOperation}): a GC, a thread dump, a deoptimization, a
 * biased-lock revocation, a heap dump, a class redefinition. The JDK records those longer than the event's threshold
 * (10 ms in the default settings, every one in the profile).
 *
 * @param operation the operation's name as HotSpot gives it ({@code ThreadDump}, {@code G1CollectForAllocation})
 * @param atSafepoint whether every Java thread was stopped for it
 * @param caller the thread that asked for it, or {@code ThreadTable.NONE}
 * @param safepointId the safepoint it ran in, 0 when none or not recorded
 */
public record VmOperation(long startNanos, long durationNanos, String operation, boolean atSafepoint, boolean blocking,
                          int caller, long safepointId) {
}
