package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.profile.AllocationTable;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.JudgedThreshold;
import org.jfrtriage.rules.model.ScoreCurve;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;
import org.jfrtriage.rules.model.Units;

/**
 * Step 3, which memory: allocation rate by site and class. Allocation is a cost, not an outage: the damage shows
 * as GC pauses, so this rule is at most a warning and {@link GcPressureRule} names it when pauses correlate.
 */
public final class AllocationPressureRule implements Rule {

    public static final String KIND = "allocation-pressure";

    static final Threshold SITE_RATE = new Threshold("allocation-pressure.site-rate",
            "allocation rate of one site", "MB/s", 100, 500, 2000,
            "a young generation absorbs hundreds of MB/s; beyond that one site drives GC frequency on its own");
    /** Allocation alone never makes a site the likely cause of an incident: GC pauses do. */
    static final int MAX_SCORE = ScoreCurve.CRITICAL_SCORE - 1;
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

    @Override
    public RuleSpec spec() {
        return SPEC;
    }

    @Override
    public Result evaluate(Profile profile) {
        AllocationTable allocations = profile.allocations();
        if (allocations.totalSamples() == 0) {
            return new Result(List.of(), new Check(KIND, step(), Check.Status.NOT_APPLICABLE,
                    "no allocation events: enable jdk.ObjectAllocationSample (settings=default has it; "
                            + "async-profiler: event=alloc)"));
        }
        Sites sites = new Sites(profile);
        double seconds = sites.seconds();
        List<Finding> findings = new ArrayList<>();
        for (SiteAllocation s : bySite(allocations, sites)) {
            double rate = s.bytes / MB / seconds;
            int score = Math.min(MAX_SCORE, SITE_RATE.score(rate));
            if (ScoreCurve.severity(score) == Severity.OK) {
                break; // sorted by bytes: the rest allocate less
            }
            findings.add(finding(s, sites, rate, score, allocations.totalBytes()));
        }
        Check check = findings.isEmpty()
                ? new Check(KIND, step(), Check.Status.OK, String.format("total allocation %s/s; no site above %.0f MB/s",
                        Units.bytes(allocations.totalBytes() / seconds), SITE_RATE.info()))
                : new Check(KIND, step(), Check.Status.FINDINGS, findings.size() + " allocation hot spot(s)");
        return new Result(findings, check);
    }

    private Finding finding(SiteAllocation s, Sites sites, double rate, int score, long totalBytes) {
        SiteRef site = sites.site(s.heaviestStack);
        Map.Entry<String, Long> topClass = s.classes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        // a recording that lost its class constants has no name for what was allocated: then say nothing of it
        String mostly = topClass.getKey() == null || topClass.getKey().isBlank() ? "" : ", mostly " + topClass.getKey();
        String title = String.format("%s allocates %.0f MB/s (%s of all allocation)%s", site.shortName(), rate,
                Units.percent((double) s.bytes / totalBytes), mostly);
        List<Evidence> evidence = List.of(
                Evidence.of("allocatedBytes", "bytes allocated", s.bytes, "bytes"),
                Evidence.of("rateMBps", "allocation rate", rate, "MB/s"),
                Evidence.of("sharePercent", "share of all allocation", 100.0 * s.bytes / totalBytes, "%"),
                Evidence.text("topClass", "class allocated most", topClass.getKey()));
        List<List<Object>> rows = new ArrayList<>();
        s.classes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(CLASS_ROWS)
                .forEach(e -> rows.add(List.of(e.getKey(), Units.bytes(e.getValue()), Units.percent((double) e.getValue() / s.bytes))));
        String recommendation = "Reduce allocation at " + site.shortName() + ": reuse buffers and builders, avoid "
                + "boxing and intermediate collections, pre-size collections, stream instead of materializing. "
                + "Check the GC finding: if pauses are high, this site is what fills the young generation.";
        return new Finding(Finding.idOf(KIND, site, topClass.getKey()), KIND, step(), ScoreCurve.severity(score), score,
                title, topClass.getKey(), site, sites.stack(s.heaviestStack), s.heaviestStack, evidence,
                List.of(new EvidenceTable("Classes allocated at " + site.shortName(), List.of("class", "bytes", "share"), rows)),
                recommendation, List.of(new JudgedThreshold(SITE_RATE, rate, score)));
    }
}
