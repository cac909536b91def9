package org.jfrtriage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;

class TriageTest {
    private static final Profile TEN_SECONDS = new SyntheticProfile(10).build();

    static Finding finding(String kind, Severity severity, int score, String title) {
        SiteRef site = new SiteRef("com.acme.Registry", "register", 12);
        return new Finding(Finding.idOf(kind, site, title), kind, Step.WHICH_LOCK, severity, score, title, title, site,
                List.of(site), 0, List.of(), List.of(), "fix it", List.of(), List.of());
    }

    private static Check check(String rule, Check.Status status) {
        return new Check(rule, Step.WHICH_LOCK, status, "");
    }

    @Test
    void theWorstSeverityIsTheHighestOfAnyFinding() {
        assertThat(new Triage(TEN_SECONDS, List.of(), List.of()).worstSeverity()).isEqualTo(Severity.OK);
        assertThat(new Triage(TEN_SECONDS, List.of(finding("a", Severity.INFO, 30, "x"), finding("b", Severity.WARNING, 60, "y"),
                finding("c", Severity.INFO, 26, "z")), List.of()).worstSeverity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void aWarningOrCriticalTopFindingIsTheVerdict() {
        assertThat(new Triage(TEN_SECONDS, List.of(finding("a", Severity.CRITICAL, 90, "Registry lock")), List.of(check("a", Check.Status.FINDINGS)))
                .verdict()).isEqualTo("CRITICAL: Registry lock");
        assertThat(new Triage(TEN_SECONDS, List.of(finding("a", Severity.WARNING, 60, "Registry lock"),
                finding("b", Severity.INFO, 30, "minor")), List.of()).verdict()).isEqualTo("WARNING: Registry lock");
    }

    @Test
    void infoFindingsAloneAreAnOkThatSaysWhatCouldNotRun() {
        List<Finding> info = List.of(finding("a", Severity.INFO, 30, "minor"));
        assertThat(new Triage(TEN_SECONDS, info, List.of(check("a", Check.Status.FINDINGS), check("b", Check.Status.OK))).verdict())
                .isEqualTo("OK: no lock, pileup, CPU, I/O, safepoint, exception, map, thread or GC problem found in 10 s of recording");
        assertThat(new Triage(TEN_SECONDS, info, List.of(check("a", Check.Status.FINDINGS), check("b", Check.Status.NOT_APPLICABLE))).verdict())
                .isEqualTo("No problem found in what was checked (10 s of recording) — b not checked: the recording lacks its events");
    }

    @Test
    void noEventsAtAllIsNoVerdict() {
        assertThat(new Triage(TEN_SECONDS, List.of(), List.of(check("a", Check.Status.NOT_APPLICABLE),
                check("b", Check.Status.NOT_APPLICABLE))).verdict())
                .isEqualTo("NO VERDICT: the recording has none of the events the playbook needs");
    }
}
