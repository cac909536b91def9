package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

/**
 * Golden tests over every committed sample recording: the top finding is the pattern the workload reproduces
 * (sample-recordings/patterns.tsv), healthy controls have no warning or critical finding, and the normalized
 * report equals sample-recordings/golden/NAME.txt.
 *
 * <p>Re-bless after an intended change (then review the diff like code):
 * {@code mvn -q -pl cli -am test -Dtest=GoldenRecordingsTest -Djfrtriage.bless=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
class GoldenRecordingsTest {

    static final Path ROOT = Path.of(System.getProperty("jfrtriage.root", ".."));
    private static final Path RECORDINGS = ROOT.resolve("sample-recordings/recordings");
    private static final Path GOLDEN = ROOT.resolve("sample-recordings/golden");
    private static final boolean BLESS = Boolean.getBoolean("jfrtriage.bless");
    /** Lock workloads may legitimately rank the pileup (step 1) or the hotspot (step 2) of the same lock first. */
    private static final List<String> LOCK_KINDS = List.of("lock-hotspot", "thread-pileup");

    /** One row of patterns.tsv: what must rank first for a workload. */
    record Pattern(String workload, String kind, String site, String subject) {
    }

    static Map<String, Pattern> patterns() throws IOException {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(ROOT.resolve("sample-recordings/patterns.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            patterns.put(cols[0], new Pattern(cols[0], cols[1], cols[2], cols.length > 3 ? cols[3] : ""));
        }
        return patterns;
    }

    @TestFactory
    Stream<DynamicTest> everySampleRecordingHasItsExpectedTopFinding() throws IOException {
        Map<String, Pattern> patterns = patterns();
        List<Path> files;
        try (Stream<Path> list = Files.list(RECORDINGS)) {
            files = list.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
        assertThat(files).as("committed sample recordings").isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String name = file.getFileName().toString().replaceFirst("\\.jfr$", "");
            String workload = name.substring(0, name.indexOf('-'));
            Pattern expected = patterns.get(workload);
            assertThat(expected).as("patterns.tsv row for %s", workload).isNotNull();
            Triage triage = Playbook.standard().run(new Analyzer().analyze(file));
            assertExpected(expected, triage, name);
            assertGolden(name, normalized(triage));
        }));
    }

    private static void assertExpected(Pattern expected, Triage triage, String name) {
        if (expected.kind().equals("healthy")) {
            assertThat(triage.findings()).as("%s is a healthy control", name)
                    .allSatisfy(f -> assertThat(f.severity()).as(f.title()).isIn(Severity.INFO, Severity.OK));
            return;
        }
        boolean judgeable = triage.checks().stream().noneMatch(c -> c.rule().equals(expected.kind())
                && c.status() == Check.Status.NOT_APPLICABLE);
        if (!judgeable) {
            // e.g. async-profiler writes no GC events: the rule must say so rather than pass, and nothing
            // serious may be claimed instead
            assertThat(triage.checks()).as("%s: %s must say it could not judge", name, expected.kind())
                    .anySatisfy(c -> assertThat(c.rule() + " " + c.status()).isEqualTo(expected.kind() + " NOT_APPLICABLE"));
            return;
        }
        assertThat(triage.findings()).as("%s findings", name).isNotEmpty();
        Finding top = triage.findings().get(0);
        if (LOCK_KINDS.contains(expected.kind())) {
            assertThat(top.kind()).as("%s top kind (%s)", name, top.title()).isIn(LOCK_KINDS);
        } else {
            assertThat(top.kind()).as("%s top kind (%s)", name, top.title()).isEqualTo(expected.kind());
        }
        assertThat(top.site().qualifiedMethod()).as("%s top site (%s)", name, top.title())
                .isIn((Object[]) expected.site().split("\\|"));
        if (!expected.subject().isEmpty()) {
            assertThat(top.subject()).as("%s top subject", name).isEqualTo(expected.subject());
        }
        assertThat(top.severity()).as("%s top severity", name).isIn(Severity.WARNING, Severity.CRITICAL);
    }

    /** The report without stacks, numbers rounded: stable for a given file and code. */
    static String normalized(Triage triage) {
        StringBuilder out = new StringBuilder();
        var info = triage.profile().info();
        out.append("producer ").append(info.producer()).append(" complete ").append(info.complete())
                .append(" durationMs ").append(info.durationNanos() / 1_000_000L).append('\n');
        out.append("verdict ").append(triage.verdict()).append('\n');
        int rank = 1;
        for (Finding f : triage.findings()) {
            out.append(String.format(Locale.ROOT, "#%d %s %s %d %s%n", rank++, f.kind(), f.severity().label(), f.score(), f.id()));
            out.append("  title ").append(f.title()).append('\n');
            for (Evidence e : f.evidence()) {
                Object v = e.value();
                String value = v instanceof Double d ? String.format(Locale.ROOT, "%.1f", d) : String.valueOf(v);
                out.append("  ").append(e.key()).append(' ').append(value).append('\n');
            }
            for (var h : f.blockedBy()) {
                // who held the lock, and where: the holder is what the on-call engineer acts on
                out.append(String.format(Locale.ROOT, "  blockedBy %s %d %.2f %s %s %s%n", h.thread(), h.blockedMs(),
                        h.share(), h.state(), h.source(), h.frames().isEmpty() ? "-" : h.frames().get(0).qualifiedMethod()));
            }
        }
        for (Check c : triage.checks()) {
            out.append("check ").append(c.rule()).append(' ').append(c.status().label()).append('\n');
        }
        return out.toString();
    }

    private static void assertGolden(String name, String actual) throws IOException {
        Path golden = GOLDEN.resolve(name + ".txt");
        if (BLESS) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual);
        }
        assertThat(golden).as("golden report (bless with -Djfrtriage.bless=true)").exists();
        assertThat(actual).isEqualTo(Files.readString(golden));
    }
}
