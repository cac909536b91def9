package org.jfrtriage.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.SiteRef;

/**
 * The findings of a triage as the reports show them: one block per incident (CONTRACT.md {@code incident}), incident 1
 * first, each block's findings — its facets — in rank order. A reader sees incidents 1, 2, 3 down the page, and a
 * pileup and its lock hotspot as one story instead of two entries in two playbook steps.
 */
public final class IncidentBlocks {

    private IncidentBlocks() {
    }

    /** One incident: its number and its findings with their ranks (1-based), most likely first. */
    record Block(int number, List<Finding> findings, List<Integer> ranks) {

        Finding lead() {
            return findings.get(0);
        }

        /** {@code SyncRegistrySweep$SessionRegistry.touch: lock hotspot · pileup}. */
        String heading() {
            return headingOf(lead().site() == SiteRef.UNKNOWN ? "" : lead().site().shortName(),
                    findings.stream().map(Finding::kind).toList());
        }

        /** The one-line "who held the lock" sentence of the first facet that has one, or "". */
        String heldBy() {
            for (Finding f : findings) {
                if (f.evidence(TextReport.HELD_BY) instanceof String s && !s.isEmpty()) {
                    return s;
                }
            }
            return "";
        }
    }

    static List<Block> of(Triage triage) {
        List<Finding> findings = triage.findings();
        List<Integer> incidents = triage.incidents();
        Map<Integer, List<Integer>> byIncident = new LinkedHashMap<>();
        for (int i = 0; i < findings.size(); i++) {
            byIncident.computeIfAbsent(incidents.get(i), k -> new ArrayList<>()).add(i + 1);
        }
        List<Block> blocks = new ArrayList<>();
        byIncident.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> blocks.add(new Block(e.getKey(),
                e.getValue().stream().map(r -> findings.get(r - 1)).toList(), List.copyOf(e.getValue()))));
        return blocks;
    }

    /** A heading from the lead's short site ("" when it has none) and the facets' kinds. */
    public static String headingOf(String site, List<String> kinds) {
        List<String> facets = new ArrayList<>();
        for (String kind : kinds) {
            String facet = facet(kind);
            if (!facets.contains(facet)) {
                facets.add(facet);
            }
        }
        return (site.isEmpty() ? "" : site + ": ") + String.join(" · ", facets);
    }

    /** A finding kind as a person names it: {@code thread-pileup} → "pileup". */
    public static String facet(String kind) {
        return switch (kind) {
            case "thread-pileup" -> "pileup";
            case "lock-hotspot" -> "lock hotspot";
            case "gc-pressure" -> "GC pressure";
            case "map-resize-churn" -> "map growth";
            case "unsynchronized-map-write" -> "unsynchronized map writes";
            case "allocation-pressure" -> "allocation";
            case "cpu-saturation" -> "CPU saturation";
            case "exception-storm" -> "exception storm";
            default -> kind.replace('-', ' ');
        };
    }
}
