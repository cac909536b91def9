package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jfrtriage.analyzer.profile.AllocationTable;
import org.jfrtriage.analyzer.profile.MapFrames;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.StackCounts;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;
import org.jfrtriage.rules.model.Units;

/**
 * Step 3, which map: CPU and allocation spent growing hash tables ({@code HashMap.resize},
 * {@code ConcurrentHashMap.transfer}, {@code Hashtable.rehash}, …), attributed to the code that fills the map —
 * the JVM twin of Go's map growWork churn.
 */
public final class MapResizeChurnRule extends PlaybookRule<MapResizeChurnRule.Churn> {

    public static final String KIND = "map-resize-churn";

    static final Threshold CPU_SHARE = new Threshold("map-resize-churn.cpu-share",
            "share of CPU samples inside hash-table growth at one site", "%", 1, 3, 10,
            "growing a table rehashes every entry; a few percent of all CPU at one site is avoidable work");
    static final Threshold ALLOCATION_SHARE = new Threshold("map-resize-churn.allocation-share",
            "share of allocated bytes that are grown hash tables at one site", "%", 5, 15, 40,
            "each resize allocates a table twice as large and drops the old one: pure garbage");
    /** Below this many samples at a site a share is noise, not evidence. */
    static final int MIN_SAMPLES = 10;
    /** Array header and reference size (compressed oops) used to turn a table's bytes into its bucket count. */
    private static final int ARRAY_HEADER_BYTES = 16;
    private static final int REFERENCE_BYTES = 4;
    private static final Set<String> TABLE_CLASSES = Set.of("java.util.HashMap$Node[]",
            "java.util.concurrent.ConcurrentHashMap$Node[]", "java.util.Hashtable$Entry[]", "java.util.WeakHashMap$Entry[]");

    static final class Churn {
        final String mapClass;
        long cpuSamples;
        long allocatedBytes;
        long largestTableBytes = -1;
        int heaviestStack;
        long heaviestSamples = -1;

        Churn(String mapClass) {
            this.mapClass = mapClass;
        }
    }

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHICH_MAP_OR_MEMORY,
            "CPU and allocation spent growing hash maps, attributed to the code that fills them",
            List.of("jdk.ExecutionSample", "jdk.ObjectAllocationSample", "jdk.ObjectAllocationInNewTLAB"),
            List.of(CPU_SHARE, ALLOCATION_SHARE),
            List.of("The CPU share counts only with at least " + MIN_SAMPLES + " samples at the site (MIN_SAMPLES).",
                "The pre-size advice gives the table size when the recording has object sizes (TLAB events); ObjectAllocationSample has weights only.",
                "The allocation share is judged only when the recording has no CPU samples: HashMap allocates even a pre-sized table inside resize(), so without rehash CPU those tables are first tables, not growth."));

    public MapResizeChurnRule() {
        super(SPEC, "no CPU or allocation samples: enable jdk.ExecutionSample and jdk.ObjectAllocationSample "
                + "(settings=default has them; async-profiler: event=itimer,alloc)");
    }

    @Override
    protected String cannotJudge(Profile profile) {
        return profile.cpuSamples().total() == 0 && profile.allocations().totalSamples() == 0 ? notApplicable() : null;
    }

    @Override
    protected List<Churn> candidates(Evaluation e) {
        Profile profile = e.profile();
        Sites sites = e.sites();
        StackCounts cpu = profile.cpuSamples();
        Map<String, Churn> churns = new LinkedHashMap<>();
        for (int stack = 0; stack < cpu.limit(); stack++) {
            long samples = cpu.get(stack);
            if (samples == 0) {
                continue;
            }
            Churn churn = churnOf(stack, profile, sites, churns);
            if (churn != null) {
                churn.cpuSamples += samples;
                if (samples > churn.heaviestSamples) {
                    churn.heaviestSamples = samples;
                    churn.heaviestStack = stack;
                }
            }
        }
        for (AllocationTable.Row row : profile.allocations().rows()) {
            Churn churn = churnOf(row.stack(), profile, sites, churns);
            if (churn != null) {
                churn.allocatedBytes += row.bytes();
                if (TABLE_CLASSES.contains(row.objectClass()) || row.objectClass().endsWith("[]")) {
                    churn.largestTableBytes = Math.max(churn.largestTableBytes, row.largestObjectBytes());
                }
                if (churn.heaviestSamples < 0) {
                    churn.heaviestStack = row.stack();
                    churn.heaviestSamples = 0;
                }
            }
        }
        return new ArrayList<>(churns.values());
    }

    private static double cpuShare(Churn churn, Profile profile) {
        long total = profile.cpuSamples().total();
        return total == 0 ? 0 : 100.0 * churn.cpuSamples / total;
    }

    private static double allocShare(Churn churn, Profile profile) {
        long total = profile.allocations().totalBytes();
        return total == 0 ? 0 : 100.0 * churn.allocatedBytes / total;
    }

    @Override
    protected void measure(Churn churn, Evaluation e, Scores scores) {
        scores.judgeAtMost(CPU_SHARE, cpuShare(churn, e.profile()), churn.cpuSamples >= MIN_SAMPLES ? Scores.UNCAPPED : Scores.NOT_COUNTED);
        // HashMap allocates even a pre-sized table lazily inside resize(): without rehash CPU, the tables
        // allocated there are first tables, not growth. Allocation alone judges only recordings without CPU samples.
        scores.judgeAtMost(ALLOCATION_SHARE, allocShare(churn, e.profile()),
                e.profile().cpuSamples().total() == 0 ? Scores.UNCAPPED : Scores.NOT_COUNTED);
    }

    @Override
    protected String ok(Evaluation e, List<Churn> churns) {
        return "no site spends notable CPU or memory growing hash maps";
    }

    @Override
    protected String found(Evaluation e, List<Finding> findings) {
        return Units.count(findings.size(), "site", "sites") + " with map resize churn";
    }

    private static Churn churnOf(int stack, Profile profile, Sites sites, Map<String, Churn> churns) {
        int resizeFrame = profile.features().resizeFrame(stack);
        if (resizeFrame < 0) {
            return null;
        }
        String mapClass = MapFrames.mapClassOf(sites.frame(resizeFrame));
        return churns.computeIfAbsent(sites.siteKey(stack) + "|" + mapClass, k -> new Churn(mapClass));
    }

    @Override
    protected Finding.Builder describe(Churn churn, Evaluation e, Scores scores) {
        Sites sites = e.sites();
        double cpuShare = cpuShare(churn, e.profile());
        double allocShare = allocShare(churn, e.profile());
        SiteRef site = sites.site(churn.heaviestStack);
        String mapName = churn.mapClass.substring(churn.mapClass.lastIndexOf('.') + 1);
        String title = cpuShare >= allocShare / 4
                ? String.format("%s resizing takes %s of CPU at %s", mapName, Units.percent(cpuShare / 100), site.shortName())
                : String.format("%s resizing allocates %s of all memory at %s", mapName, Units.percent(allocShare / 100),
                        site.shortName());
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.of("cpuSamples", "CPU samples in resize", churn.cpuSamples, "samples"));
        evidence.add(Evidence.of("cpuSharePercent", "share of all CPU samples", cpuShare, "%"));
        evidence.add(Evidence.of("allocatedBytes", "bytes allocated while resizing", churn.allocatedBytes, "bytes"));
        evidence.add(Evidence.of("allocationSharePercent", "share of all allocation", allocShare, "%"));
        long buckets = -1;
        if (churn.largestTableBytes > ARRAY_HEADER_BYTES) {
            buckets = (churn.largestTableBytes - ARRAY_HEADER_BYTES) / REFERENCE_BYTES;
            evidence.add(Evidence.of("largestTableBuckets", "largest table allocated", buckets, "buckets"));
        }
        String sizing;
        if (buckets > 0) {
            long entries = buckets * 3 / 4;
            sizing = String.format(" The largest table seen had %,d buckets, so the map grew to up to %,d entries: "
                    + "create it with that size up front — new %s<>(%,d) (for HashMap on Java 19+: "
                    + "HashMap.newHashMap(%,d)) — and it never resizes.", buckets, entries, mapName, buckets, entries);
        } else {
            sizing = " Create it with the expected number of entries up front (HashMap.newHashMap(n) on Java 19+, "
                    + "or new " + mapName + "<>((int) (n / 0.75f) + 1)).";
        }
        String recommendation = "The map filled at " + site.shortName() + " grows by doubling: each step rehashes "
                + "every entry and throws the old table away." + sizing
                + " If the map is rebuilt per request, reuse it or build it once; for a ConcurrentHashMap, pass "
                + "the expected size to the constructor so threads do not help transfer bins.";
        return finding().title(title).subject(churn.mapClass).site(site)
                .stack(sites.stack(churn.heaviestStack), churn.heaviestStack).evidence(evidence).recommendation(recommendation);
    }
}
