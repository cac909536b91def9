package org.jfrtriage.rules.compare;

import java.util.Map;

/**
 * The rate a finding kind is compared by, and the count that says how much evidence stands behind it. Rates,
 * not totals: the recordings may differ in length and thread count.
 *
 * @param evidenceKey the finding's evidence entry holding the rate
 * @param countKey the evidence entry holding the event count behind it (for the noise estimate), or null
 */
record Measure(String evidenceKey, String label, String unit, String countKey) {

    static final Map<String, Measure> BY_KIND = Map.ofEntries(
            Map.entry("lock-hotspot", new Measure("blockedMsPerSecond", "blocked time per second", "ms/s", "events")),
            Map.entry("thread-pileup", new Measure("sustainedThreads", "threads stuck at once", "threads", null)),
            Map.entry("map-resize-churn", new Measure("cpuSharePercent", "share of CPU in resize", "%", "cpuSamples")),
            Map.entry("unsynchronized-map-write", new Measure("coincidentPairs", "coincident writes", "pairs", "coincidentPairs")),
            Map.entry("allocation-pressure", new Measure("rateMBps", "allocation rate", "MB/s", null)),
            Map.entry("gc-pressure", new Measure("pauseSharePercent", "share of wall time in GC pauses", "%", "gcCount")),
            Map.entry("cpu-saturation", new Measure("jvmCpuPercent", "JVM CPU, share of its CPUs", "%", null)),
            Map.entry("exception-storm", new Measure("throwablesPerSecond", "throwables created per second", "/s", null)),
            Map.entry("io-wait", new Measure("waitedMsPerSecond", "time waited on the endpoint per second", "ms/s", "waits")),
            Map.entry("safepoint-pause", new Measure("stoppedSharePercent", "share of wall time stopped outside GC", "%",
                    "operations")));

    static final Measure SCORE = new Measure("score", "score", "", null);

    static Measure of(String kind) {
        return BY_KIND.getOrDefault(kind, SCORE);
    }
}
