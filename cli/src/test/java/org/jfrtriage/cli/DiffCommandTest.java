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

    @Test
    void aBadFileIsExit3AndTheMessageSaysWhichOne() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.jfr"), "not a recording");
        AnalyzeCommandTest.Run badAfter = AnalyzeCommandTest.run("diff", BEFORE, junk.toString());
        assertThat(badAfter.exit()).isEqualTo(3);
        assertThat(badAfter.err().strip()).startsWith("jfrtriage: after recording ").contains("junk.jfr");
        AnalyzeCommandTest.Run badBefore = AnalyzeCommandTest.run("diff", dir.resolve("missing.jfr").toString(), AFTER);
        assertThat(badBefore.exit()).isEqualTo(3);
        assertThat(badBefore.err().strip()).startsWith("jfrtriage: before recording ").contains("missing.jfr");
        assertThat(AnalyzeCommandTest.run("diff", BEFORE).exit()).isEqualTo(2);
    }
}
