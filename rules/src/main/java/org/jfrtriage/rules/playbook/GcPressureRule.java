package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jfrtriage.analyzer.event.GcPause;
import org.jfrtriage.analyzer.profile.AllocationTable;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;
import org.jfrtriage.rules.model.Units;

/**
 * Step 3, memory: stop-the-world GC pauses — their share of wall time and the longest one — correlated with the
 * sites that allocate most, which are what a person can change.
 */
public final class GcPressureRule extends PlaybookRule<GcPressureRule.Pauses> {

    public static final String KIND = "gc-pressure";

    static final Threshold PAUSE_SHARE = new Threshold("gc-pressure.pause-share",
            "share of wall time spent in GC pauses", "%", 2, 5, 15,
            "every pause stops all application threads: 5% is 5% of throughput and tail latency for everyone");
    static final Threshold LONGEST_PAUSE = new Threshold("gc-pressure.longest-pause",
            "longest single GC pause", "ms", 100, 300, 1000,
            "a pause longer than a request's budget is a timeout for every request in flight");
    private static final int SITE_ROWS = 3;
    /**
     * Causes of collections that a person or tool asked for (System.gc(), jmap -histo, a heap dump, jcmd GC.run):
     * they say nothing about the application's memory, so they are listed but never scored.
     */
    static final List<String> REQUESTED_CAUSES = List.of("System.gc()", "Heap Inspection Initiated GC",
            "Heap Dump Initiated GC", "Diagnostic Command", "JvmtiEnv ForceGarbageCollection", "WhiteBox Initiated",
            "Full GC Alot");

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHICH_MAP_OR_MEMORY,
            "GC pause total, longest pause and share of wall time, correlated with the top allocation sites",
            List.of("jdk.GarbageCollection"),
            List.of(PAUSE_SHARE, LONGEST_PAUSE),
            List.of("A single long pause alone is at most a warning: critical takes gc-pressure.pause-share at its critical limit.",
                    "Pauses are the stop-the-world sum of each jdk.GarbageCollection (sumOfPauses); concurrent phases are not pauses.",
                    "Collections requested from outside (System.gc(), heap inspection, heap dumps, jcmd GC.run) are listed but not scored."));

    public GcPressureRule() {
        super(SPEC, "no GC events: enable jdk.GarbageCollection (settings=default has it; async-profiler recordings "
                + "do not contain GC events — record with JFR as well)");
    }

    /** The recording's collections, the one thing this rule judges. */
    static final class Pauses {
        final List<GcPause> all;
        long totalNanos;
        long longestNanos;
        long requestedNanos;
        int requested;
        GcPause longest;
        final Map<String, long[]> causes = new TreeMap<>();
        double share;

        Pauses(List<GcPause> all) {
            this.all = all;
        }
    }

    @Override
    protected List<Pauses> candidates(Evaluation e) {
        Pauses g = new Pauses(e.profile().gcPauses());
        for (GcPause p : g.all) {
            long[] c = g.causes.computeIfAbsent(p.collector() + " / " + p.cause(), k -> new long[2]);
            c[0]++;
            c[1] += p.pauseNanos();
            if (isRequested(p)) {
                g.requested++;
                g.requestedNanos += p.pauseNanos();
                continue;
            }
            g.totalNanos += p.pauseNanos();
            if (p.longestPauseNanos() > g.longestNanos || g.longest == null) {
                g.longestNanos = Math.max(g.longestNanos, p.longestPauseNanos());
                g.longest = p;
            }
        }
        g.share = 100.0 * g.totalNanos / 1e9 / e.seconds();
        return List.of(g);
    }

    @Override
    protected void measure(Pauses g, Evaluation e, Scores scores) {
        scores.judge(PAUSE_SHARE, g.share);
        // one long pause is worth a warning; critical takes pauses sustained over the recording
        scores.judgeAtMost(LONGEST_PAUSE, g.longestNanos / 1e6, Scores.AT_MOST_WARNING);
    }

    @Override
    protected String ok(Evaluation e, List<Pauses> candidates) {
        Pauses g = candidates.get(0);
        return String.format("%d GC pauses, %s in total (%.1f%% of wall time), longest %s", g.all.size() - g.requested,
                Units.nanos(g.totalNanos), g.share, Units.nanos(g.longestNanos)) + requestedNote(g.requested, g.requestedNanos);
    }

    /** The finding's title says it all. */
    @Override
    protected String found(Evaluation e, List<Finding> findings) {
        return findings.get(0).title();
    }

    @Override
    protected Finding.Builder describe(Pauses g, Evaluation e, Scores scores) {
        Sites sites = e.sites();
        AllocationTable allocations = e.profile().allocations();
        List<AllocationPressureRule.SiteAllocation> topSites = AllocationPressureRule.bySite(allocations, sites);
        SiteRef site = SiteRef.UNKNOWN;
        int stack = 0;
        List<SiteRef> stackRefs = List.of();
        List<List<Object>> siteRows = new ArrayList<>();
        if (!topSites.isEmpty()) {
            stack = topSites.get(0).heaviestStack;
            site = sites.site(stack);
            stackRefs = sites.stack(stack);
            topSites.stream().limit(SITE_ROWS).forEach(s -> siteRows.add(List.of(s.site, Units.bytes(s.bytes),
                    Units.percent((double) s.bytes / allocations.totalBytes()))));
        }
        String title = String.format("GC paused the JVM %s (%.1f%% of wall time, longest %s)%s", Units.nanos(g.totalNanos),
                g.share, Units.nanos(g.longestNanos), site == SiteRef.UNKNOWN ? "" : "; top allocator " + site.shortName());
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.of("gcCount", "collections", g.all.size() - g.requested, ""));
        if (g.requested > 0) {
            evidence.add(Evidence.of("requestedGcCount", "collections requested from outside, not scored", g.requested, ""));
            evidence.add(Evidence.of("requestedPauseMs", "their pause time", g.requestedNanos / 1e6, "ms"));
        }
        evidence.add(Evidence.of("pauseTotalMs", "total pause time", g.totalNanos / 1e6, "ms"));
        evidence.add(Evidence.of("pauseMaxMs", "longest pause", g.longestNanos / 1e6, "ms"));
        evidence.add(Evidence.of("pauseSharePercent", "share of wall time paused", g.share, "%"));
        if (g.longest != null) {
            evidence.add(Evidence.text("longestPauseCause", "cause of the longest pause", g.longest.collector() + " / " + g.longest.cause()));
        }
        if (allocations.totalSamples() > 0) {
            evidence.add(Evidence.of("allocationRateMBps", "allocation rate", allocations.totalBytes() / 1048576.0 / e.seconds(), "MB/s"));
        }
        List<List<Object>> causeRows = new ArrayList<>();
        g.causes.forEach((cause, c) -> causeRows.add(List.of(cause, c[0], Units.nanos(c[1]))));
        List<EvidenceTable> tables = new ArrayList<>();
        tables.add(new EvidenceTable("Collections by collector and cause", List.of("collector / cause", "count", "pause"), causeRows));
        if (!siteRows.isEmpty()) {
            tables.add(new EvidenceTable("Top allocation sites (what fills the heap)", List.of("site", "bytes", "share"), siteRows));
        }
        return finding().title(title).subject(g.longest == null ? "" : g.longest.collector()).site(site)
                .stack(stackRefs, stack).evidence(evidence).tables(tables).recommendation(advice(g.longest, site));
    }

    private static boolean isRequested(GcPause p) {
        return p.cause() != null && REQUESTED_CAUSES.stream().anyMatch(p.cause()::startsWith);
    }

    private static String requestedNote(int requested, long requestedNanos) {
        return requested == 0 ? "" : String.format("; %s requested from outside (%s, System.gc() or "
                + "heap inspection) not counted", Units.count(requested, "collection", "collections"), Units.nanos(requestedNanos));
    }

    /** The advice follows what caused the longest pause: each cause has its own fix. */
    private static String advice(GcPause longest, SiteRef site) {
        String cause = longest == null ? "" : longest.cause();
        String at = site == SiteRef.UNKNOWN ? "the top allocation sites" : site.shortName();
        if (cause.startsWith("GCLocker")) {
            return "Collections wait for threads inside JNI critical regions (GCLocker): look for native code or "
                    + "libraries holding GetPrimitiveArrayCritical regions for long, and keep those regions short.";
        }
        if (cause.startsWith("Metadata GC Threshold") || cause.contains("Metaspace")) {
            return "Metaspace fills up: classes keep being loaded (generated proxies, lambdas, scripts, redeployed "
                    + "class loaders). Find what defines classes during the recording (jdk.ClassDefine, class "
                    + "loader statistics) and stop regenerating them; raise -XX:MetaspaceSize only if the set is stable.";
        }
        if (cause.contains("Humongous")) {
            return "Humongous allocations (objects of half a region or more — typically the tables of very large "
                    + "maps or big arrays) force collections. Pre-size large maps once instead of growing or rebuilding "
                    + "them at " + at + ", or raise -XX:G1HeapRegionSize so they are not humongous.";
        }
        String collector = longest == null ? "" : longest.collector();
        // a young collection's "Allocation Failure" is routine; old or full collections mean the live set is large
        boolean oldGeneration = collector.contains("Old") || collector.contains("Full") || collector.contains("MarkSweep")
                || cause.contains("Full") || cause.contains("Mark");
        if (oldGeneration) {
            return "The old generation fills up: the live set is close to the heap size. If the code at " + at + " rebuilds a "
                    + "large structure (a map of millions of entries) while the old one is still referenced, the heap "
                    + "briefly holds both: update it in place or incrementally, shrink what each entry keeps, or give "
                    + "the heap headroom (-Xmx) above the live set.";
        }
        return "Frequent young collections follow the allocation rate: reduce allocation at " + at + " (reuse, "
                + "pre-size, avoid intermediate copies); if pauses themselves are long, check the live set surviving "
                + "each collection and the heap sizing.";
    }
}
