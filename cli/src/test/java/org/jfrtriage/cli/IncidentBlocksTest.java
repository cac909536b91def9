package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.report.Format;
import org.jfrtriage.report.Reports;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;

/** Issue 18: one story per incident, numbered in order down the page, in the text and HTML reports. */
class IncidentBlocksTest {
    private static final Path RECORDINGS = Path.of(System.getProperty("jfrtriage.root", ".."), "sample-recordings/recordings");
    private static final Pattern TEXT_INCIDENT = Pattern.compile("(?m)^Incident (\\d+) — ");
    private static final Pattern HTML_INCIDENT = Pattern.compile("id=\"incident-(\\d+)\"");

    private static Triage triage(String name) throws Exception {
        return Playbook.standard().run(new Analyzer().analyze(RECORDINGS.resolve(name)));
    }

    @Test
    void aLockHotspotAndItsPileupAreOneIncidentSayingWhoHeldTheLockOnce() throws Exception {
        Triage triage = triage("SyncRegistrySweep-jdk17-default.jfr");
        String text = Reports.render(triage, Format.TEXT);

        assertThat(text).contains("Incident 1 — SyncRegistrySweep$SessionRegistry.touch: lock hotspot · pileup\n"
                + "  held by   12 threads waited 1.2 min, 100% of it behind session-sweeper");
        assertThat(count(text, "behind session-sweeper")).as("the holder sentence once").isEqualTo(1);
        assertThat(text).contains("  CRITICAL  96  lock hotspot (step 2) — ").contains("  CRITICAL  79  pileup (step 1) — ")
                .contains("Who held the lock while others waited: as above").contains("fix       as above");
        assertThat(text.indexOf("lock hotspot (step 2)")).isLessThan(text.indexOf("pileup (step 1)"));
        // the playbook's steps point to the incident instead of repeating it
        assertThat(text).contains("Step 1 — Who is stuck?\n  found thread-pileup: critical 79, incident 1 above\n")
                .contains("Step 2 — Which lock?\n  found lock-hotspot: critical 96, incident 1 above\n");
        assertThat(text).doesNotContain("#1").doesNotContain("#2");

        String html = Reports.render(triage, Format.HTML);
        assertThat(html).contains("Incident 1 — SyncRegistrySweep$SessionRegistry.touch: lock hotspot · pileup");
        String visible = html.substring(0, html.indexOf("id=\"report-data\""));
        assertThat(count(visible, "behind session-sweeper")).as("the holder sentence once in the page").isEqualTo(1);
    }

    @TestFactory
    Stream<DynamicTest> incidentsAreNumberedOneTwoThreeDownEveryReport() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(RECORDINGS)) {
            files = list.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Triage triage = Playbook.standard().run(new Analyzer().analyze(file));
            long incidents = triage.incidents().stream().distinct().count();
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= incidents; i++) {
                expected.add(i);
            }
            assertThat(numbers(TEXT_INCIDENT, Reports.render(triage, Format.TEXT))).as("text").isEqualTo(expected);
            assertThat(numbers(HTML_INCIDENT, Reports.render(triage, Format.HTML))).as("html").isEqualTo(expected);
        }));
    }

    private static List<Integer> numbers(Pattern p, String report) {
        List<Integer> out = new ArrayList<>();
        Matcher m = p.matcher(report);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
