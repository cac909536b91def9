package org.jfrtriage.analyzer.event;

/** What a thread was waiting in: entering a monitor, {@code LockSupport.park}, or {@code Object.wait}. */
public enum ContentionKind {
    /** {@code jdk.JavaMonitorEnter}: blocked entering a {@code synchronized} block or method. */
    MONITOR_ENTER,
    /** {@code jdk.ThreadPark}: parked, usually in a {@code java.util.concurrent} lock or condition. */
    PARK,
    /** {@code jdk.JavaMonitorWait}: in {@code Object.wait}. */
    MONITOR_WAIT
}
