package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.jfrtriage.report.JsonReport;

/** The analyze command's contract: formats, exit codes, one-line errors. Runs on a recording made by a real JVM. */
class AnalyzeCommandTest {

    @TempDir
    static Path dir;
    static Path recording;

    /** Result of one run: exit code, stdout, stderr. */
    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void recordAContendedJvm() throws Exception {
        recording = TestRecordings.contendedMonitor(dir);
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(args);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void textReportStartsWithTheVerdictAndNamesTheSite() {
        Run r = run("analyze", recording.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("jfr-triage 0.1.0 — ");
        // critical on a quiet machine; on a busy one the launcher's compile phase takes a larger share of the
        // recording and the same contention reads as a warning: the verdict line is what is tested here
        assertThat(lines[2]).matches("(CRITICAL|WARNING): .*Ledger\\.post.*");
        assertThat(r.out()).contains("Step 1 — Who is stuck?").contains("Step 2 — Which lock?");
    }

    @Test
    void jsonFollowsTheContract() throws Exception {
        Run r = run("analyze", recording.toString(), "--format", "json");
        assertThat(r.exit()).isZero();
        Map<String, Object> json = JsonReport.parse(r.out());
        assertThat(json).containsEntry("schemaVersion", 1);
        @SuppressWarnings("unchecked") Map<String, Object> rec = (Map<String, Object>) json.get("recording");
        assertThat(rec).containsEntry("producer", "jdk").containsEntry("complete", true).containsKeys("startTime",
                "durationMs", "jvm", "warnings", "eventCounts", "source");
        @SuppressWarnings("unchecked") List<Map<String, Object>> findings = (List<Map<String, Object>>) json.get("findings");
        assertThat(findings).isNotEmpty();
        Map<String, Object> top = findings.get(0);
        assertThat(top).containsEntry("rank", 1).containsKeys("id", "kind", "step", "severity", "score", "title",
                "subject", "site", "stack", "evidence", "recommendation");
        assertThat(top.get("kind")).isIn("lock-hotspot", "thread-pileup");
        @SuppressWarnings("unchecked") Map<String, Object> site = (Map<String, Object>) top.get("site");
        assertThat(site).containsEntry("class", "demo.ledger.Ledger").containsEntry("method", "post");
        for (int i = 1; i < findings.size(); i++) {
            assertThat((Integer) findings.get(i).get("score")).isLessThanOrEqualTo((Integer) findings.get(i - 1).get("score"));
        }
    }

    @Test
    void csvHasAHeaderAndOneRowPerFinding() throws Exception {
        Run r = run("analyze", recording.toString(), "--format", "csv");
        assertThat(r.exit()).isZero();
        Run json = run("analyze", recording.toString(), "--format", "json");
        @SuppressWarnings("unchecked") List<Object> findings = (List<Object>) JsonReport.parse(json.out()).get("findings");
        List<org.apache.commons.csv.CSVRecord> rows = org.apache.commons.csv.CSVFormat.RFC4180.builder()
                .setHeader().setSkipHeaderRecord(true).get().parse(new java.io.StringReader(r.out())).getRecords();
        assertThat(rows).hasSize(findings.size());
        assertThat(rows.get(0).get("rank")).isEqualTo("1");
        assertThat(rows.get(0).get("site")).startsWith("demo.ledger.Ledger.post");
    }

    @Test
    void htmlIsOneSelfContainedFileWithFlameGraphData(@TempDir Path out) throws Exception {
        Path html = out.resolve("report.html");
        Run r = run("analyze", recording.toString(), "--format", "html", "--output", html.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("window.FlameGraph").contains("\"id\":\"lock\"")
                .contains("\"id\":\"cpu\"").doesNotContain("<script src=").doesNotContain("<link ");
    }

    @Test
    void timingsNameEveryPhaseAndEachRule() {
        Run r = run("analyze", recording.toString(), "--timings");
        assertThat(r.exit()).isZero();
        String line = r.err().strip();
        assertThat(line).matches("jfrtriage: timings: read \\d+ ms( \\(join passes \\d+ ms\\))?, rules \\d+ ms \\((.+ \\d+ ms, )*.+ \\d+ ms\\), "
                + "report \\d+ ms; \\d+ ms since the JVM started");
        org.jfrtriage.rules.Playbook.standard().rules().forEach(rule -> assertThat(line).contains(rule.kind() + " "));
    }

    @Test
    void missingFileIsExit3WithOneLine() {
        Run r = run("analyze", dir.resolve("nope.jfr").toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err().strip()).isEqualTo("jfrtriage: " + dir.resolve("nope.jfr") + ": no such file");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void notARecordingIsExit3NamingTheFile() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.jfr"), "this is not a flight recording\n");
        Run r = run("analyze", text.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err().strip().lines()).singleElement().asString().contains("notes.jfr").contains("not a flight recording");
        Path empty = Files.createFile(dir.resolve("empty.jfr"));
        assertThat(run("analyze", empty.toString()).exit()).isEqualTo(3);
        assertThat(run("analyze", dir.toString()).exit()).isEqualTo(3);
    }

    @Test
    void truncatedRecordingIsAnalyzedAsFarAsItGoes() throws Exception {
        byte[] bytes = Files.readAllBytes(recording);
        Path cut = dir.resolve("cut.jfr");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        Run r = run("analyze", cut.toString(), "--format", "json");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("incomplete");
        @SuppressWarnings("unchecked") Map<String, Object> rec = (Map<String, Object>) JsonReport.parse(r.out()).get("recording");
        assertThat(rec).containsEntry("complete", false);
        assertThat((List<?>) rec.get("warnings")).isNotEmpty();
    }

    /** Every committed recording cut at many points: always exit 0, a report marked incomplete, never a crash. */
    @Test
    void anyCutOfAnySampleIsAnalyzedWithoutCrashing() throws Exception {
        Path root = Path.of(System.getProperty("jfrtriage.root", ".."));
        List<Path> samples;
        try (java.util.stream.Stream<Path> files = Files.list(root.resolve("sample-recordings/recordings"))) {
            samples = files.filter(p -> p.toString().endsWith("jdk17-default.jfr") || p.toString().endsWith("async-profiler.jfr"))
                    .sorted().toList();
        }
        assertThat(samples).isNotEmpty();
        for (Path sample : samples) {
            byte[] bytes = Files.readAllBytes(sample);
            for (int tenth = 1; tenth < 10; tenth += 2) {
                Path cut = dir.resolve("cut-" + tenth + "-" + sample.getFileName());
                Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * tenth / 10));
                Run r = run("analyze", cut.toString(), "--format", "json");
                if (r.exit() == 3) {
                    // cut before anything decodable (e.g. before the chunk's metadata): nothing to report on
                    assertThat(r.err().strip()).as("%s cut at %d0%%", sample.getFileName(), tenth)
                            .startsWith("jfrtriage: " + cut + ": nothing in it could be read").doesNotContain("\n");
                    Files.delete(cut);
                    continue;
                }
                assertThat(r.exit()).as("%s cut at %d0%%: %s", sample.getFileName(), tenth, r.err()).isZero();
                @SuppressWarnings("unchecked") Map<String, Object> rec =
                        (Map<String, Object>) JsonReport.parse(r.out()).get("recording");
                assertThat(rec).containsEntry("complete", false);
                Files.delete(cut);
            }
        }
    }

    @Test
    void badUsageIsExit2() {
        assertThat(run("analyze").exit()).isEqualTo(2);
        assertThat(run("analyze", recording.toString(), "--format", "xml").exit()).isEqualTo(2);
        assertThat(run("frobnicate").exit()).isEqualTo(2);
    }

    /** Issue 16: a plain analyze run skips picocli; what it prints and returns must be what picocli's run does. */
    @Test
    void aPlainRunParsedByHandAnswersAsPicocliDoes() {
        String file = recording.toString();
        List<String[]> plainRuns = List.of(
                new String[] {"analyze", file},
                new String[] {"analyze", file, "--format", "json"},
                new String[] {"analyze", "--format=csv", "--engine", "FAST", "--verbose", file},
                new String[] {"analyze", file, "--format", "collapsed", "--profile", "lock"},
                new String[] {"analyze", file, "--format", "xml"},
                new String[] {"analyze", file, "--profile", "lock"},
                new String[] {"analyze", file, "-o", dir.resolve("no-such-folder/report.txt").toString()},
                new String[] {"analyze", dir.resolve("missing.jfr").toString(), "--verbose"});
        for (String[] args : plainRuns) {
            AnalyzeCommand plain = AnalyzeCommand.plain(args);
            assertThat(plain).as(String.join(" ", args)).isNotNull();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = plain.execute(new PrintWriter(out), new PrintWriter(err));
            // a --verbose stack trace differs only in its callers' frames
            Run picocli = run(args);
            assertThat(new Run(exit, out.toString(), withoutFrames(err.toString()))).as(String.join(" ", args))
                    .isEqualTo(new Run(picocli.exit(), picocli.out(), withoutFrames(picocli.err())));
        }
    }

    private static String withoutFrames(String err) {
        return err.replaceAll("(?m)^\\s+at .*\\R", "");
    }

    /**
     * The hand parser gives an option it does not know to picocli, but an option it does not know that has a default
     * would go unset on a run that does not name it: a new option of analyze must be taught to {@link
     * AnalyzeCommand#plain} (with its default) and named here.
     */
    @Test
    void thePlainParserKnowsEveryOptionOfAnalyze() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        new CommandLine(new AnalyzeCommand()).getCommandSpec().options()
                .forEach(option -> names.addAll(List.of(option.names())));
        assertThat(names).containsExactlyInAnyOrder("--format", "--profile", "-o", "--output", "--engine", "--verbose",
                "--timings", "-h", "--help", "-V", "--version");
        AnalyzeCommand parsed = new AnalyzeCommand();
        new CommandLine(parsed).parseArgs(recording.toString());
        AnalyzeCommand plain = AnalyzeCommand.plain("analyze", recording.toString());
        assertThat(plain).usingRecursiveComparison().comparingOnlyFields("file", "format", "profileName", "output",
                "engine", "verbose", "timings").isEqualTo(parsed);
    }

    @Test
    void anythingButAPlainAnalyzeRunIsLeftToPicocli() {
        String file = recording.toString();
        List<String[]> others = List.of(
                new String[] {"analyze"},
                new String[] {"analyze", "--help"},
                new String[] {"analyze", file, "-h"},
                new String[] {"analyze", file, "--version"},
                new String[] {"analyze", file, file},
                new String[] {"analyze", file, "--format"},
                new String[] {"analyze", file, "--format="},
                new String[] {"analyze", file, "--format", "json", "--format", "csv"},
                new String[] {"analyze", file, "-o", "a.txt", "--output", "b.txt"},
                new String[] {"analyze", file, "--timings", "--timings"},
                new String[] {"analyze", file, "--format", "--timings"},
                new String[] {"analyze", file, "--verbose=true"},
                new String[] {"analyze", file, "--unknown"},
                new String[] {"analyze", file, "-ojson.txt"},
                new String[] {"analyze", file, "-o", "-"},
                new String[] {"analyze", file, "--engine", "slow"},
                new String[] {"analyze", "@" + file},
                new String[] {"analyze", "--", file},
                new String[] {"analyze", ""},
                new String[] {"diff", file, file},
                new String[] {"help", "analyze"},
                new String[] {file});
        for (String[] args : others) {
            assertThat(AnalyzeCommand.plain(args)).as(String.join(" ", args)).isNull();
        }
    }
}
