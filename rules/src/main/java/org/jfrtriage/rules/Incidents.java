package org.jfrtriage.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.SiteRef;

/**
 * Which findings tell one story (CONTRACT.md {@code incident}): a pileup and the lock hotspot at the same site and
 * lock, a second hotspot at the same lock behind the same holder, map growth and the GC or allocation it causes at
 * the same site. Numbered in rank order: incident 1 holds the rank-1 finding.
 */
final class Incidents {

    private static final Set<String> LOCK_KINDS = Set.of("lock-hotspot", "thread-pileup");

    private Incidents() {
    }

    /** The incident number of each finding, parallel to {@code ranked} (ranked as the triage lists them). */
    static List<Integer> of(List<Finding> ranked) {
        Map<String, Integer> byKey = new HashMap<>();
        List<Integer> out = new ArrayList<>(ranked.size());
        int next = 1;
        for (Finding f : ranked) {
            List<String> keys = keys(f);
            Integer incident = null;
            for (String k : keys) {
                incident = byKey.get(k);
                if (incident != null) {
                    break;
                }
            }
            if (incident == null) {
                incident = next++;
            }
            for (String k : keys) {
                byKey.putIfAbsent(k, incident);
            }
            out.add(incident);
        }
        return out;
    }

    /**
     * The keys a finding joins an incident by. Lock findings: the lock at the site, and the lock behind its main
     * holder (a second site waiting for the same holder is the same story). Map growth, allocation and GC: the
     * site. A deadlock, or a finding without a site, stands alone.
     */
    private static List<String> keys(Finding f) {
        String site = f.site() == SiteRef.UNKNOWN ? "" : f.site().stableMethod();
        if (LOCK_KINDS.contains(f.kind())) {
            List<String> keys = new ArrayList<>();
            if (!site.isEmpty()) {
                keys.add("lock|" + site + "|" + f.subject());
            }
            if (!f.blockedBy().isEmpty() && f.blockedBy().get(0).share() >= 0.5) {
                keys.add("holder|" + f.blockedBy().get(0).thread() + "|" + f.subject());
            }
            return keys;
        }
        if (f.kind().equals("deadlock") || site.isEmpty()) {
            return List.of("own|" + f.id());
        }
        return List.of("site|" + site);
    }
}
