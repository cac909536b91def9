package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.profile.RecordingInfo;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Finding;

/**
 * Golden results over JDK Mission Control's test recordings ({@code ../shared/corpus/jmc}: JDK 7 to 21, HotSpot
 * and JRockit, plain and gzip'd): per file the exit code {@code analyze} gives, producer, JVM, completeness, how
 * it was stored, the verdict and the top three findings, in one table (sample-recordings/golden/jmc-corpus.tsv)
 * so that a change in any of them is a reviewed diff. CI has the corpus and fails without it; elsewhere the test
 * is skipped when it is absent.
 *
 * <p>Re-bless after an intended change (then review the diff like code):
 * {@code mvn -q -pl cli -am test -Dtest=JmcCorpusGoldenTest -Djfrtriage.bless=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
class JmcCorpusGoldenTest {

    private static final Path ROOT = Path.of(System.getProperty("jfrtriage.root", ".."));
    private static final Path CORPUS = ROOT.resolve("../shared/corpus/jmc").normalize();
    private static final Path GOLDEN = ROOT.resolve("sample-recordings/golden/jmc-corpus.tsv");
    private static final boolean BLESS = Boolean.getBoolean("jfrtriage.bless");
    private static final String HEADER = "file\texit\tproducer\tjvm\tcomplete\tstored\tverdict\ttop findings "
            + "(kind severity score site)\n";

    @Test
    void everyCorpusRecordingGivesItsGoldenResult() throws IOException {
        boolean present = Files.isRegularFile(CORPUS.resolve("SOURCES.tsv"));
        if (System.getenv("CI") != null) {
            assertTrue(present, "CI must have the JMC corpus at " + CORPUS);
        } else {
            assumeTrue(present, "the JMC corpus is not at " + CORPUS);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(CORPUS)) {
            files = list.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
        assertThat(files).as("corpus recordings").hasSizeGreaterThanOrEqualTo(66);
        StringBuilder table = new StringBuilder(HEADER);
        for (Path file : files) {
            table.append(row(file)).append('\n');
        }
        String actual = table.toString();
        if (BLESS) {
            Files.writeString(GOLDEN, actual);
        }
        assertThat(GOLDEN).as("golden table (bless with -Djfrtriage.bless=true)").exists();
        assertThat(actual).isEqualTo(Files.readString(GOLDEN));
    }

    /** One file's line; an unreadable file has exit 3 and the reason in the verdict column. */
    static String row(Path file) {
        String name = file.getFileName().toString();
        Triage triage;
        try {
            triage = Playbook.standard().run(new Analyzer().analyze(file));
        } catch (RecordingException e) {
            String why = e.getMessage().replace(file.toString(), name);
            return String.join("\t", name, "3", "", "", "", "", why, "");
        }
        RecordingInfo info = triage.profile().info();
        String jvm = String.join(" / ", info.jvm().version(), info.jvm().vendor(), info.jvm().vmName());
        List<String> top = new ArrayList<>();
        for (Finding f : triage.findings().subList(0, Math.min(3, triage.findings().size()))) {
            top.add(String.format(Locale.ROOT, "%s %s %d %s", f.kind(), f.severity().label(), f.score(),
                    f.site().qualifiedMethod()));
        }
        return String.join("\t", name, "0", info.producer(), jvm, String.valueOf(info.complete()),
                info.compression(), triage.verdict().replace('\t', ' '), top.stream().collect(Collectors.joining("; ")));
    }
}
