package org.jfrtriage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.LockHolder;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;

/** One story per incident: which ranked findings share a number. */
class IncidentsTest {
    private static final SiteRef TOUCH = new SiteRef("com.acme.Sessions", "touch", 24);
    private static final SiteRef LOOKUP = new SiteRef("com.acme.Sessions", "lookup", 28);
    private static final SiteRef BUILD = new SiteRef("com.acme.Report", "buildIndex", 40);
    private static final String MAP = "java.util.Collections$SynchronizedMap";

    private static Finding finding(String kind, SiteRef site, String subject, String holder, double share) {
        Finding.Builder b = Finding.builder(kind, Step.WHICH_LOCK).site(site).subject(subject).title(kind + " " + site).score(80);
        if (holder != null) {
            b.blockedBy(List.of(new LockHolder(holder, 1000, share, "running", List.of(), "monitor-owner", 0, 0)));
        }
        return b.build();
    }

    @Test
    void aPileupItsHotspotAndASecondHotspotBehindTheSameHolderAreOneIncident() {
        List<Finding> ranked = List.of(
                finding("lock-hotspot", TOUCH, MAP, "sweeper", 0.99),
                finding("map-resize-churn", BUILD, "java.util.HashMap", null, 0),
                finding("thread-pileup", TOUCH, MAP, "sweeper", 0.99),
                finding("lock-hotspot", LOOKUP, MAP, "sweeper", 0.97),
                finding("gc-pressure", BUILD, "", null, 0),
                finding("lock-hotspot", LOOKUP, "com.acme.Other", null, 0));
        assertThat(Incidents.of(ranked)).containsExactly(1, 2, 1, 1, 2, 3);
    }

    @Test
    void hotspotsOfOneLockClassWithDifferentOrUnknownHoldersStayApart() {
        List<Finding> ranked = List.of(
                finding("lock-hotspot", TOUCH, MAP, "sweeper", 0.99),
                finding("lock-hotspot", LOOKUP, MAP, "flusher", 0.9),
                finding("lock-hotspot", BUILD, MAP, "sweeper", 0.2),
                finding("deadlock", TOUCH, MAP, null, 0));
        assertThat(Incidents.of(ranked)).containsExactly(1, 2, 3, 4);
    }
}
