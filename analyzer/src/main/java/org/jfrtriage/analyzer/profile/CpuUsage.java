package org.jfrtriage.analyzer.profile;

import java.util.HashMap;
import java.util.Map;

/**
 * CPU use over the recording from {@code jdk.CPULoad} and {@code jdk.ThreadCPULoad} (shares of the whole machine),
 * the CPUs the JVM may use ({@code jdk.CPUInformation}, {@code jdk.ContainerConfiguration}) and container
 * throttling ({@code jdk.ContainerCPUThrottling}, cumulative counters).
 */
public final class CpuUsage {
    private int readings;
    private double jvmSum;
    private double machineSum;
    private double jvmMax;
    private double machineMax;
    private int hardwareThreads;
    private double effectiveCpus;
    private final Map<Integer, double[]> threads = new HashMap<>();
    private long[] firstThrottling;
    private long[] lastThrottling;

    void load(double jvm, double machine) {
        readings++;
        // a reading may exceed 1 by rounding; a machine below the JVM is the OS clocks disagreeing
        double j = Math.max(0, Math.min(1, jvm));
        double m = Math.max(j, Math.min(1, machine));
        jvmSum += j;
        machineSum += m;
        jvmMax = Math.max(jvmMax, j);
        machineMax = Math.max(machineMax, m);
    }

    void thread(int thread, double load) {
        double[] t = threads.computeIfAbsent(thread, k -> new double[2]);
        t[0] += Math.max(0, Math.min(1, load));
        t[1]++;
    }

    void capacity(int hwThreads, double effective) {
        if (hwThreads > 0) {
            hardwareThreads = hwThreads;
        }
        if (effective > 0) {
            effectiveCpus = effective;
        }
    }

    void throttling(long timeNanos, long periods, long throttledPeriods, long throttledNanos) {
        long[] reading = {timeNanos, periods, throttledPeriods, throttledNanos};
        if (firstThrottling == null || timeNanos < firstThrottling[0]) {
            firstThrottling = reading;
        }
        if (lastThrottling == null || timeNanos >= lastThrottling[0]) {
            lastThrottling = reading;
        }
    }

    public int readings() {
        return readings;
    }

    /** Average JVM CPU (user + system) as a share of the whole machine, 0–1. */
    public double jvmAverage() {
        return readings == 0 ? 0 : jvmSum / readings;
    }

    public double machineAverage() {
        return readings == 0 ? 0 : machineSum / readings;
    }

    public double jvmMax() {
        return jvmMax;
    }

    public double machineMax() {
        return machineMax;
    }

    /** Hardware threads of the machine, or 0 when the recording does not say. */
    public int hardwareThreads() {
        return hardwareThreads;
    }

    /** CPUs a container lets the JVM use, or 0 when the recording does not say (not in a container, or no event). */
    public double effectiveCpus() {
        return effectiveCpus;
    }

    /** Average CPU load per thread id (share of the whole machine), for the threads jdk.ThreadCPULoad reported. */
    public Map<Integer, Double> threadAverages() {
        Map<Integer, Double> averages = new HashMap<>();
        threads.forEach((thread, t) -> averages.put(thread, t[0] / t[1]));
        return averages;
    }

    /** CFS periods elapsed between the first and the last throttling reading, or 0. */
    public long throttlingPeriods() {
        return firstThrottling == null ? 0 : Math.max(0, lastThrottling[1] - firstThrottling[1]);
    }

    /** Of them, periods in which the container was throttled. */
    public long throttledPeriods() {
        return firstThrottling == null ? 0 : Math.max(0, lastThrottling[2] - firstThrottling[2]);
    }

    public long throttledNanos() {
        return firstThrottling == null ? 0 : Math.max(0, lastThrottling[3] - firstThrottling[3]);
    }
}
