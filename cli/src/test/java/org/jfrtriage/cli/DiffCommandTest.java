package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jfrtriage.report.JsonReport;

/** The diff command's contract: formats, exit codes, and which file a bad-file error names. */
class DiffCommandTest {
    private static final Path PAIRS = Path.of(System.getProperty("jfrtriage.root", "..")).resolve("sample-recordings/pairs");
    private static final String BEFORE = PAIRS.resolve("registry-to-chm-before.jfr").toString();
    private static final String AFTER = PAIRS.resolve("registry-to-chm-after.jfr").toString();

    @TempDir
    Path dir;

    @Test
    void textStartsWithTheVerdict() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("diff", BEFORE, AFTER);
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines().skip(4).findFirst().orElse("")).startsWith("The fix worked: lock hotspot at");
        assertThat(r.out()).contains("RESOLVED");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasBeforeAndAfterEvidenceAndAVerdictPerFinding() throws Exception {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("diff", BEFORE, AFTER, "--format", "json");
        assertThat(r.exit()).isZero();
        Map<String, Object> json = JsonReport.parse(r.out());
        assertThat(json).containsEntry("schemaVersion", 1).containsEntry("fixWorked", true).containsKeys("verdict", "before", "after");
        List<Map<String, Object>> findings = (List<Map<String, Object>>) json.get("findings");
        assertThat(findings).isNotEmpty().allSatisfy(f -> {
            assertThat(f).containsKeys("id", "kind", "verdict", "beforeValue", "afterValue", "before", "after");
            assertThat((String) f.get("verdict")).isIn("resolved", "improved", "unchanged", "regressed", "new", "unknown");
        });
        Map<String, Object> resolved = findings.stream().filter(f -> "resolved".equals(f.get("verdict"))).findFirst().orElseThrow();
        assertThat(resolved.get("after")).isNull();
        assertThat((Map<String, Object>) resolved.get("before")).containsKey("evidence");
    }

    @Test
    void csvAndHtml() throws Exception {
        AnalyzeCommandTest.Run csv = AnalyzeCommandTest.run("diff", BEFORE, AFTER, "--format", "csv");
        assertThat(csv.exit()).isZero();
        assertThat(csv.out().lines().findFirst().orElse("")).startsWith("verdict,kind,title");
        Path html = dir.resolve("diff.html");
        assertThat(AnalyzeCommandTest.run("diff", BEFORE, AFTER, "--format", "html", "-o", html.toString()).exit()).isZero();
        assertThat(Files.readString(html)).contains("window.FlameGraph").contains("\"b\":").contains("\"a\":");
    }

    /** {@code --timings}: each side's read and rules (and trees for the page), then the report, on stderr only. */
    @Test
    void timingsNameEachSidesPhases() throws Exception {
        AnalyzeCommandTest.Run json = AnalyzeCommandTest.run("diff", BEFORE, AFTER, "--format", "json", "--timings");
        assertThat(json.exit()).isZero();
        assertThat(JsonReport.parse(json.out())).containsKey("verdict");
        assertThat(json.err().strip()).matches("jfrtriage: timings: before read \\d+ ms, rules \\d+ ms; "
                + "after read \\d+ ms, rules \\d+ ms; report \\d+ ms; \\d+ ms since the JVM started");
        Path html = dir.resolve("timed.html");
        AnalyzeCommandTest.Run page = AnalyzeCommandTest.run("diff", BEFORE, AFTER, "--format", "html", "--timings", "-o", html.toString());
        assertThat(page.exit()).isZero();
        assertThat(page.err().strip()).matches("jfrtriage: timings: before read \\d+ ms, rules \\d+ ms, trees \\d+ ms; "
                + "after read \\d+ ms, rules \\d+ ms, trees \\d+ ms; report \\d+ ms; \\d+ ms since the JVM started");
    }

    /** The HTML diff made one side at a time from each side's trees is the page made from the two profiles. */
    @Test
    void htmlFromEachSidesTreesIsThePageFromBothProfiles() throws Exception {
        Path html = dir.resolve("diff.html");
        assertThat(AnalyzeCommandTest.run("diff", BEFORE, AFTER, "--format", "html", "-o", html.toString()).exit()).isZero();
        org.jfrtriage.rules.Triage b = org.jfrtriage.rules.Playbook.standard().run(new org.jfrtriage.analyzer.Analyzer().analyze(Path.of(BEFORE)));
        org.jfrtriage.rules.Triage a = org.jfrtriage.rules.Playbook.standard().run(new org.jfrtriage.analyzer.Analyzer().analyze(Path.of(AFTER)));
        assertThat(Files.readString(html)).isEqualTo(org.jfrtriage.report.DiffReport.render(
                org.jfrtriage.rules.compare.Comparison.of(b, a), org.jfrtriage.report.Format.HTML));
    }

    /** Two cores: one after the other (a second reader only competes); more cores and room for both: side by side. */
    @Test
    void readsSideBySideOnlyWithCoresAndHeapForBoth() {
        DiffCommand diff = new DiffCommand();
        diff.before = Path.of(BEFORE);
        diff.after = Path.of(AFTER);
        assertThat(diff.sideBySide(Long.MAX_VALUE, 2)).isFalse();
        assertThat(diff.sideBySide(1L << 30, 8)).isTrue();
        assertThat(diff.sideBySide(DiffCommand.HEAP_HEADROOM_BYTES, 8)).isFalse();
        diff.after = dir.resolve("missing.jfr");
        assertThat(diff.sideBySide(1L << 30, 8)).isFalse();
    }

    /** A gzip'd recording's profile is as large as its inflated file's: the heap must hold that, not the gzip's size. */
    @Test
    void gzipdRecordingsAreWeighedInflated() throws Exception {
        DiffCommand diff = new DiffCommand();
        diff.before = Path.of(BEFORE);
        diff.after = Path.of(AFTER);
        long plain = Files.size(diff.before) + Files.size(diff.after);
        long fits = 2 * (long) (plain * DiffCommand.HEAP_PER_FILE_BYTE) + DiffCommand.HEAP_HEADROOM_BYTES;
        assertThat(diff.sideBySide(fits, 8)).isTrue();
        Path before = dir.resolve("before.jfr.gz");
        Path after = dir.resolve("after.jfr.gz");
        for (Path[] p : new Path[][] {{Path.of(BEFORE), before}, {Path.of(AFTER), after}}) {
            try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(p[1]))) {
                Files.copy(p[0], out);
            }
        }
        assertThat(org.jfrtriage.analyzer.read.InflatedRecording.inflatedSize(before)).isGreaterThanOrEqualTo(Files.size(diff.before));
        diff.before = before;
        diff.after = after;
        assertThat(Files.size(before) + Files.size(after)).isLessThan(plain);
        assertThat(diff.sideBySide(fits, 8)).isFalse();
        assertThat(diff.sideBySide(1L << 30, 8)).isTrue();
    }

    @Test
    void aBadFileIsExit3AndTheMessageSaysWhichOne() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.jfr"), "not a recording");
        AnalyzeCommandTest.Run badAfter = AnalyzeCommandTest.run("diff", BEFORE, junk.toString());
        assertThat(badAfter.exit()).isEqualTo(3);
        assertThat(badAfter.err().strip()).startsWith("jfrtriage: after recording ").contains("junk.jfr");
        AnalyzeCommandTest.Run badBefore = AnalyzeCommandTest.run("diff", dir.resolve("missing.jfr").toString(), AFTER);
        assertThat(badBefore.exit()).isEqualTo(3);
        assertThat(badBefore.err().strip()).startsWith("jfrtriage: before recording ").contains("missing.jfr");
        // read one after the other (fewer than 4 cores) or at once (more): either way, when both are bad the message
        // is about BEFORE, and only one line
        AnalyzeCommandTest.Run bothBad = AnalyzeCommandTest.run("diff", dir.resolve("missing.jfr").toString(), junk.toString());
        assertThat(bothBad.exit()).isEqualTo(3);
        assertThat(bothBad.err().strip()).startsWith("jfrtriage: before recording ").doesNotContain("\n");
        assertThat(AnalyzeCommandTest.run("diff", BEFORE).exit()).isEqualTo(2);
    }

    private static final Path RECORDINGS = Path.of(System.getProperty("jfrtriage.root", "..")).resolve("sample-recordings/recordings");

    /** Two unrelated applications recorded by different recorders: no confident verdict, unless forced. */
    @Test
    @SuppressWarnings("unchecked")
    void unrelatedRecordingsAreNotComparableUnlessForced() throws Exception {
        String sync = RECORDINGS.resolve("SyncMapHotspot-jdk17-default.jfr").toString();
        String pool = RECORDINGS.resolve("PoolStarvation-async-profiler.jfr").toString();
        AnalyzeCommandTest.Run text = AnalyzeCommandTest.run("diff", sync, pool);
        assertThat(text.exit()).isZero();
        assertThat(text.out().lines().skip(4).findFirst().orElse(""))
                .startsWith("Not comparable: different applications (before SyncMapHotspot.java, after PoolStarvation.java)")
                .contains("different recorders (before jdk, after async-profiler)");
        assertThat(text.out()).contains("--force").doesNotContain("RESOLVED").doesNotContain("The fix");

        Map<String, Object> json = JsonReport.parse(AnalyzeCommandTest.run("diff", sync, pool, "--format", "json").out());
        assertThat(json).containsEntry("verdict", "not-comparable").containsEntry("comparable", false)
                .containsEntry("fixWorked", false).containsEntry("forced", false);
        assertThat((List<String>) json.get("notComparable")).hasSize(2);
        assertThat((List<Object>) json.get("findings")).as("the per-finding contract still holds").isNotEmpty();

        AnalyzeCommandTest.Run forced = AnalyzeCommandTest.run("diff", sync, pool, "--force");
        assertThat(forced.exit()).isZero();
        assertThat(forced.out()).contains("! not comparable: different applications").contains("(compared anyway: --force)")
                .containsPattern("(?m)^The fix|^No measurable|^Nothing to fix");
        Map<String, Object> forcedJson = JsonReport.parse(AnalyzeCommandTest.run("diff", sync, pool, "--force", "--format", "json").out());
        assertThat((String) forcedJson.get("verdict")).isNotEqualTo("not-comparable").isEqualTo(forcedJson.get("verdictIfForced"));
        assertThat(forcedJson).containsEntry("forced", true).containsEntry("comparable", false);

        Path html = dir.resolve("refused.html");
        assertThat(AnalyzeCommandTest.run("diff", sync, pool, "--format", "html", "-o", html.toString()).exit()).isZero();
        assertThat(Files.readString(html)).contains("<h1>not comparable: different applications");
    }

    @Test
    void anotherJvmOrOtherSettingsAreNamed() {
        String jdk17 = RECORDINGS.resolve("SyncMapHotspot-jdk17-default.jfr").toString();
        assertThat(AnalyzeCommandTest.run("diff", jdk17, RECORDINGS.resolve("SyncMapHotspot-jdk25-default.jfr").toString()).out())
                .contains("Not comparable: different JVMs (before Java 17.").doesNotContain("different applications");
        assertThat(AnalyzeCommandTest.run("diff", jdk17, RECORDINGS.resolve("SyncMapHotspot-jdk17-profile.jfr").toString()).out())
                .contains("Not comparable: different jdk.JavaMonitorEnter threshold (before 20 ms, after 10 ms)")
                .contains("different jdk.ExecutionSample period");
    }

    @Test
    void aBeforeAndAfterOfOneServiceAreComparable() throws Exception {
        Map<String, Object> json = JsonReport.parse(AnalyzeCommandTest.run("diff", BEFORE, AFTER, "--format", "json").out());
        assertThat(json).containsEntry("comparable", true).doesNotContainKey("forced");
        assertThat((List<String>) json.get("notComparable")).isEmpty();
    }
}
