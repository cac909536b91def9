package org.jfrtriage.rules.compare;

import static java.util.Map.entry;

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
            entry("lock-hotspot", new Measure("blockedMsPerSecond", "blocked time per second", "ms/s", "events")),
            entry("thread-pileup", new Measure("sustainedThreads", "threads stuck at once", "threads", null)),
            entry("map-resize-churn", new Measure("cpuSharePercent", "share of CPU in resize", "%", "cpuSamples")),
            entry("unsynchronized-map-write", new Measure("coincidentPairs", "coincident writes", "pairs", "coincidentPairs")),
            entry("allocation-pressure", new Measure("rateMBps", "allocation rate", "MB/s", null)),
            entry("gc-pressure", new Measure("pauseSharePercent", "share of wall time in GC pauses", "%", "gcCount")),
            entry("cpu-saturation", new Measure("jvmCpuPercent", "JVM CPU, share of its CPUs", "%", null)),
            entry("exception-storm", new Measure("throwablesPerSecond", "throwables created per second", "/s", null)),
            entry("vthread-pinning", new Measure("pinnedSharePercent", "pinned share of the carriers' time", "%", "events")),
            entry("thread-leak", new Measure("growthPerMinute", "live threads added per minute", "/min", null)),

            entry("io-wait", new Measure("waitedMsPerSecond", "time waited on the endpoint per second", "ms/s", "waits")),
            entry("safepoint-pause", new Measure("stoppedSharePercent", "share of wall time stopped outside GC", "%",
                    "operations")));

    static final Measure SCORE = new Measure("score", "score", "", null);

    static Measure of(String kind) {
        return BY_KIND.getOrDefault(kind, SCORE);
    }
}
