package org.jfrtriage.analyzer.event;

/**
 * One {@code jdk.CPULoad} reading: shares (0–1) of the whole machine's CPU time since the previous reading —
 * all hardware threads together, so one busy core of eight is 0.125.
 */
public record CpuLoad(long timeNanos, double jvmUser, double jvmSystem, double machineTotal) {

    public double jvm() {
        return jvmUser + jvmSystem;
    }
}
