package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.profile.AllocationTable;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;
import org.jfrtriage.rules.model.Units;

/**
 * Step 3, which memory: allocation rate by site and class. Allocation is a cost, not an outage: the damage shows
 * as GC pauses, so this rule is at most a warning and {@link GcPressureRule} names it when pauses correlate.
 */
public final class AllocationPressureRule extends PlaybookRule<AllocationPressureRule.SiteAllocation> {

    public static final String KIND = "allocation-pressure";

    static final Threshold SITE_RATE = new Threshold("allocation-pressure.site-rate",
            "allocation rate of one site", "MB/s", 100, 500, 2000,
            "a young generation absorbs hundreds of MB/s; beyond that one site drives GC frequency on its own");
    /** Allocation alone never makes a site the likely cause of an incident: GC pauses do. */
    static final int MAX_SCORE = Scores.AT_MOST_WARNING;
    private static final int CLASS_ROWS = 5;
    private static final double MB = 1024.0 * 1024.0;

    /** Bytes per site, with the classes allocated there. */
    static final class SiteAllocation {
        final String site;
        long bytes;
        int heaviestStack;
        long heaviestBytes = -1;
        final Map<String, Long> classes = new HashMap<>();

        SiteAllocation(String site) {
            this.site = site;
        }
    }

    /** Allocated bytes grouped by site, largest first. Shared with the GC rule's correlation. */
    static List<SiteAllocation> bySite(AllocationTable allocations, Sites sites) {
        Map<String, SiteAllocation> bySite = new LinkedHashMap<>();
        for (AllocationTable.Row row : allocations.rows()) {
            SiteAllocation s = bySite.computeIfAbsent(sites.siteKey(row.stack()), SiteAllocation::new);
            s.bytes += row.bytes();
            s.classes.merge(row.objectClass(), row.bytes(), Long::sum);
            if (row.bytes() > s.heaviestBytes) {
                s.heaviestBytes = row.bytes();
                s.heaviestStack = row.stack();
            }
        }
        List<SiteAllocation> list = new ArrayList<>(bySite.values());
        list.sort(Comparator.comparingLong((SiteAllocation s) -> s.bytes).reversed());
        return list;
    }

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHICH_MAP_OR_MEMORY,
            "Allocation rate by site and class",
            List.of("jdk.ObjectAllocationSample", "jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB"),
            List.of(SITE_RATE),
            List.of("Never more than a warning (score capped at " + MAX_SCORE + "): allocation costs GC time, and gc-pressure judges that."));

    public AllocationPressureRule() {
        super(SPEC, "no allocation events: enable jdk.ObjectAllocationSample (settings=default has it; "
                + "async-profiler: event=alloc)");
    }

    @Override
    protected String cannotJudge(Profile profile) {
        return profile.allocations().totalSamples() == 0 ? notApplicable() : null;
    }

    @Override
    protected List<SiteAllocation> candidates(Evaluation e) {
        return bySite(e.profile().allocations(), e.sites());
    }

    @Override
    protected void measure(SiteAllocation s, Evaluation e, Scores scores) {
        scores.judgeAtMost(SITE_RATE, rate(s, e), MAX_SCORE);
    }

    private static double rate(SiteAllocation s, Evaluation e) {
        return s.bytes / MB / e.seconds();
    }

    @Override
    protected String ok(Evaluation e, List<SiteAllocation> sites) {
        return String.format("total allocation %s/s; no site above %.0f MB/s",
                Units.bytes(e.profile().allocations().totalBytes() / e.seconds()), SITE_RATE.info());
    }

    @Override
    protected String found(Evaluation e, List<Finding> findings) {
        return Units.count(findings.size(), "allocation hot spot", "allocation hot spots");
    }

    @Override
    protected Finding.Builder describe(SiteAllocation s, Evaluation e, Scores scores) {
        Sites sites = e.sites();
        double rate = rate(s, e);
        long totalBytes = e.profile().allocations().totalBytes();
        SiteRef site = sites.site(s.heaviestStack);
        Map.Entry<String, Long> topClass = s.classes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        // a recording that lost its class constants has no name for what was allocated: then say nothing of it
        String mostly = topClass.getKey() == null || topClass.getKey().isBlank() ? "" : ", mostly " + topClass.getKey();
        String title = String.format("%s allocates %.0f MB/s (%s of all allocation)%s", site.shortName(), rate,
                Units.percent((double) s.bytes / totalBytes), mostly);
        List<List<Object>> rows = new ArrayList<>();
        s.classes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(CLASS_ROWS)
                .forEach(c -> rows.add(List.of(c.getKey(), Units.bytes(c.getValue()), Units.percent((double) c.getValue() / s.bytes))));
        return finding().title(title).subject(topClass.getKey()).site(site).stack(sites.stack(s.heaviestStack), s.heaviestStack)
                .evidence(Evidence.of("allocatedBytes", "bytes allocated", s.bytes, "bytes"))
                .evidence(Evidence.of("rateMBps", "allocation rate", rate, "MB/s"))
                .evidence(Evidence.of("sharePercent", "share of all allocation", 100.0 * s.bytes / totalBytes, "%"))
                .evidence(Evidence.text("topClass", "class allocated most", topClass.getKey()))
                .table(new EvidenceTable("Classes allocated at " + site.shortName(), List.of("class", "bytes", "share"), rows))
                .recommendation("Reduce allocation at " + site.shortName() + ": reuse buffers and builders, avoid "
                        + "boxing and intermediate collections, pre-size collections, stream instead of materializing. "
                        + "Check the GC finding: if pauses are high, this site is what fills the young generation.");
    }
}
