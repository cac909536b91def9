package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Units;

/** How reports read to a person (issue "on-call ergonomics"): one spelling per number, waits called waits. */
class ReportWordingTest {
    private static final Path RECORDINGS = Path.of(System.getProperty("jfrtriage.root", ".."), "sample-recordings/recordings");
    /** A number of four or more digits with a fraction and no thousands separator: {@code 13151.46}. */
    private static final Pattern UNGROUPED_FRACTION = Pattern.compile("(?<![\\w,.:$+])\\d{4,}\\.\\d");
    /** A count of one with a plural noun. */
    private static final Pattern ONE_PLURAL = Pattern.compile("(?<![\\d,.])1 (threads|samples|events|pauses|pairs|buckets)\\b");

    @TestFactory
    Stream<DynamicTest> everyViewSpellsNumbersOneWay() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(RECORDINGS)) {
            files = list.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Triage triage = Playbook.standard().run(new Analyzer().analyze(file));
            for (Format format : new Format[] {Format.TEXT, Format.CSV}) {
                String out = Reports.render(triage, format);
                assertThat(UNGROUPED_FRACTION.matcher(out).results().map(m -> m.group()).toList()).as("%s %s", file, format).isEmpty();
                assertThat(ONE_PLURAL.matcher(out).results().map(m -> m.group()).toList()).as("%s %s", file, format).isEmpty();
            }
            String html = Reports.render(triage, Format.HTML);
            String visible = html.substring(0, html.indexOf("id=\"report-data\"")); // the JSON data island keeps raw values
            assertThat(UNGROUPED_FRACTION.matcher(visible).results().map(m -> m.group()).toList()).as("%s html", file).isEmpty();
        }));
    }

    @Test
    void theRwLockFixCallsTheLongestWaitAWaitNotAHoldTime() throws Exception {
        Triage triage = Playbook.standard().run(new Analyzer().analyze(RECORDINGS.resolve("CoarseRwLockStore-jdk17-default.jfr")));
        List<Finding> rw = triage.findings().stream().filter(f -> f.subject().contains("ReentrantReadWriteLock")).toList();
        assertThat(rw).hasSizeGreaterThan(1);
        for (Finding f : rw) {
            assertThat(f.recommendation()).doesNotContain("hold it for up to").contains("waited up to");
        }
        Finding hotspot = rw.stream().filter(f -> f.kind().equals("lock-hotspot")).findFirst().orElseThrow();
        double longestWait = ((Number) hotspot.evidence("maxBlockedMs")).doubleValue();
        assertThat(hotspot.recommendation()).contains("waited up to " + Units.millis(longestWait) + " for it");
    }
}
