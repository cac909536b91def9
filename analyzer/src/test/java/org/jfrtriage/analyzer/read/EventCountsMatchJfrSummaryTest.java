package org.jfrtriage.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.analyzer.profile.Profile;

/**
 * Both engines count events per type as {@code jfr summary} does, on every corpus recording it reads: JDK 9
 * names, WebLogic's and Datadog's event types (which {@code RecordingFile} partly drops), and a crashing JVM's
 * events of a type its metadata never described (not counted by either, and said in a warning). The two
 * structural rows {@code jfr summary} lists (Metadata, CheckPoint) are records, not events.
 */
class EventCountsMatchJfrSummaryTest {

    private static final Path JFR = Path.of(System.getProperty("java.home"), "bin", "jfr");
    private static final Pattern ROW = Pattern.compile("^\\s*(\\S+)\\s+(\\d+)\\s+(\\d+)\\s*$");

    @TestFactory
    Stream<DynamicTest> eventCountsEqualJfrSummary() throws IOException {
        return JmcCorpus.recordings().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Map<String, Long> expected = jfrSummary(file);
            if (expected == null) {
                return; // gzip'd or format 0.9: `jfr summary` cannot read it
            }
            for (Analyzer.Engine engine : Analyzer.Engine.values()) {
                Profile profile = new Analyzer(engine).analyze(file);
                assertThat(profile.info().eventCounts()).as("%s, --engine %s", file.getFileName(), engine)
                        .isEqualTo(expected);
            }
        }));
    }

    @org.junit.jupiter.api.Test
    void eventsOfATypeNoMetadataDescribesAreSaidNotCounted() throws Exception {
        Path file = JmcCorpus.file("hs_err_jdk-16.jfr");
        for (Analyzer.Engine engine : Analyzer.Engine.values()) {
            Profile profile = new Analyzer(engine).analyze(file);
            assertThat(profile.info().warnings()).as("%s", engine).contains(EventCensus.undescribedWarning(1));
            assertThat(profile.info().eventCounts().keySet()).allSatisfy(name -> assertThat(name).startsWith("jdk."));
        }
    }

    /** Events per type from {@code jfr summary}, without the structural rows; null when it cannot read the file. */
    private static Map<String, Long> jfrSummary(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(JFR.toString(), "summary", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0) {
            assertThat(out).as("why jfr summary could not read %s", file).containsAnyOf("Not a Flight Recorder file",
                    "File version 0.9");
            return null;
        }
        assertThat(out).as("jfr summary of %s", file).contains("Event Type");
        Map<String, Long> counts = new TreeMap<>();
        String table = out.substring(out.lastIndexOf("====") + 4);
        for (String line : table.split("\n")) {
            Matcher m = ROW.matcher(line);
            // the structural rows: JDK 17's `jfr` spells the checkpoints' CheckPoint, JDK 25's Checkpoint
            String type = m.matches() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "";
            if (m.matches() && Long.parseLong(m.group(2)) > 0 && !type.endsWith(".metadata")
                    && !type.endsWith(".checkpoint")) {
                counts.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return counts;
    }
}
