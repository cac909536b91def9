package org.jfrtriage.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jfrtriage.analyzer.Analyzer;
import org.junit.jupiter.api.Test;

/**
 * A file that joins recordings (files concatenated) is said to: a chunk whose clock is not the previous chunk's —
 * another tick rate, or a start more than a minute from where that clock puts it —, a hole between chunks of one
 * clock, the same time held twice, and chunks that name more than one JVM start.
 */
class JoinedRecordingsTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long START = 1_700_000_000L * SECOND;
    private static final long SLACK = ChunkHeaderCheck.SAME_CLOCK_SLACK_NANOS;

    private static ChunkLayout.Chunk chunk(long position, long startNanos, long startTicks, long ticksPerSecond) {
        return new ChunkLayout.Chunk(position, 1000, 1000, 2, 1, 0, 0, startNanos, 10 * SECOND, startTicks,
                ticksPerSecond, 0, true);
    }

    private static List<String> joins(ChunkLayout.Chunk... chunks) {
        return ChunkHeaderCheck.joins(new ChunkLayout(chunks.length * 1000L, List.of(chunks)));
    }

    @Test
    void chunksOfOneClockAreOneRecordingUpToAMinuteOfSlew() {
        long rate = 2_400_000_000L;
        // the second chunk starts a minute after the first ended by the wall clock, and by the tick clock a minute
        // sooner or later than that
        long minute = 60 * rate;
        assertThat(joins(chunk(0, START, 5_000, rate), chunk(1000, START + 10 * SECOND + SLACK, 5_000 + 24_000_000_000L, rate)))
                .isEmpty();
        assertThat(joins(chunk(0, START, 5_000, rate), chunk(1000, START + 10 * SECOND + SLACK, 5_000 + 24_000_000_000L + 2 * minute, rate)))
                .isEmpty();
    }

    @Test
    void aStartPastTheSlackOrAnotherTickRateIsAnotherRun() {
        long rate = 1_000_000_000L;
        List<String> later = joins(chunk(0, START, 0, rate), chunk(1000, START + 10 * SECOND + SLACK + SECOND, 10 * SECOND, rate));
        assertThat(later).singleElement().asString().startsWith("chunk at byte 1,000 runs on another clock than the chunk "
                + "before it (its start is 61.0 s from where the previous chunk's clock puts it; it starts 61.0 s after "
                + "the previous chunk ended): the file joins recordings of separate JVM runs");
        // a JVM started anew: its tick counter starts again near 0
        assertThat(joins(chunk(0, START, 900 * SECOND, rate), chunk(1000, START + 3 * 86_400 * SECOND, 5 * SECOND, rate)))
                .singleElement().asString().contains("it starts 3 days after the previous chunk ended");
        assertThat(joins(chunk(0, START, 0, rate), chunk(1000, START + 10 * SECOND, 10 * SECOND, 2 * rate)))
                .singleElement().asString().contains("its clock runs at 2,000,000,000 ticks per second, the previous "
                        + "chunk's at 1,000,000,000; it starts where the previous chunk ended)");
    }

    @Test
    void onOneClockAHoleOfMoreThanAMinuteAndAQuarterOfTheChunkBeforeIsSaid() {
        long rate = 1_000_000_000L;
        long end = START + 10 * SECOND; // the first chunk runs 10 s
        assertThat(joins(chunk(0, START, 0, rate), chunk(1000, end + SLACK, 10 * SECOND + SLACK, rate))).isEmpty();
        assertThat(joins(chunk(0, START, 0, rate), chunk(1000, end + SLACK + 1, 10 * SECOND + SLACK + 1, rate)))
                .singleElement().asString().isEqualTo("chunk at byte 1,000 starts 60.0 s after the chunk before it "
                        + "ended: the recording misses that time (chunks left out, or recordings of separate runs "
                        + "joined), and rates and shares of time over its span include it");
        // after a chunk of an hour, its header may fall short of its events by a quarter of it
        ChunkLayout.Chunk hour = new ChunkLayout.Chunk(0, 1000, 1000, 2, 1, 0, 0, START, 3600 * SECOND, 0, rate, 0, true);
        assertThat(joins(hour, chunk(1000, START + 4500 * SECOND, 4500 * SECOND, rate))).isEmpty();
        assertThat(joins(hour, chunk(1000, START + 4501 * SECOND, 4501 * SECOND, rate))).hasSize(1);
    }

    @Test
    void onOneClockAChunkStartingOver10MsBeforeTheOneBeforeItEndedHoldsThatTimeTwice() {
        long rate = 1_000_000_000L;
        long end = START + 10 * SECOND; // the first chunk runs 10 s
        long slack = ChunkHeaderCheck.OVERLAP_SLACK_NANOS;
        assertThat(joins(chunk(0, START, 0, rate), chunk(1000, end - slack, 10 * SECOND - slack, rate))).isEmpty();
        assertThat(joins(chunk(0, START, 0, rate), chunk(1000, end - slack - 1, 10 * SECOND - slack - 1, rate)))
                .singleElement().asString().isEqualTo("chunk at byte 1,000 starts 10 ms before the chunk before it "
                        + "ended: the file holds that time twice (a recording joined with itself, dumps that overlap, "
                        + "or recordings of two JVMs running at once), so events in it may be counted twice or mixed");
        // the same chunk twice
        assertThat(joins(chunk(0, START, 0, rate), chunk(1000, START, 0, rate))).singleElement().asString()
                .contains("starts 10.0 s before the chunk before it ended");
    }

    @Test
    void chunksWithImpossibleClocksAreLeftToTheirOwnWarnings() {
        long rate = 1_000_000_000L;
        assertThat(joins(chunk(0, START, 0, rate), chunk(1000, START + 10 * SECOND, 10 * SECOND, -1),
                chunk(2000, START + 20 * SECOND, 20 * SECOND, rate))).isEmpty();
        assertThat(joins(chunk(0, START, 0, rate), chunk(1000, 0, 10 * SECOND, rate))).isEmpty();
    }

    /** Of the committed recordings and JMC's corpus, only jdk15.jfr joins two runs (2018 and 2020, 3.4 and 1.6 GHz). */
    @Test
    void onlyTheCorpusFileMadeOfTwoJvmsIsSaidToBe() throws Exception {
        List<Path> files = new ArrayList<>(list(Path.of(System.getProperty("jfrtriage.root", "../..")).resolve("sample-recordings/recordings")));
        files.addAll(JmcCorpus.recordings());
        List<String> joined = new ArrayList<>();
        for (Path original : files) {
            try (InflatedRecording inflated = InflatedRecording.open(original)) {
                ChunkLayout layout;
                try {
                    layout = ChunkLayout.read(inflated.path());
                } catch (org.jfrtriage.analyzer.RecordingException e) {
                    continue; // format 0.9: one chunk per file as JDK 7 and 8 wrote them
                }
                if (!ChunkHeaderCheck.joins(layout).isEmpty()) {
                    joined.add(original.getFileName().toString());
                }
            }
        }
        assertThat(joined).containsExactly("jdk15.jfr");
        // both engines say it
        Path jdk15 = JmcCorpus.file("jdk15.jfr");
        for (Analyzer.Engine engine : Analyzer.Engine.values()) {
            assertThat(new Analyzer(engine).analyze(jdk15).info().warnings()).as("%s", engine)
                    .filteredOn(w -> w.contains("runs on another clock than the chunk before it")).hasSize(1);
        }
    }

    /**
     * Two committed recordings of separate JVM runs joined into one file: every chunk's jdk.JVMInformation names
     * its JVM's start, and two starts are two runs, said by both engines; one run's two chunks are not.
     */
    @Test
    void chunksOfTwoJvmRunsAreSaidToBeWhateverTheirClocks(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path samples = Path.of(System.getProperty("jfrtriage.root", "../..")).resolve("sample-recordings/recordings");
        Path joined = dir.resolve("joined.jfr");
        Files.write(joined, Files.readAllBytes(samples.resolve("CoarseRwLockStore-jdk17-default.jfr")));
        Files.write(joined, Files.readAllBytes(samples.resolve("CpuSaturation-jdk17-default.jfr")),
                java.nio.file.StandardOpenOption.APPEND);
        for (Analyzer.Engine engine : Analyzer.Engine.values()) {
            assertThat(new Analyzer(engine).analyze(joined).info().warnings()).as("%s", engine)
                    .filteredOn(w -> w.startsWith("the recording holds the events of 2 JVM runs (started ")).hasSize(1);
            assertThat(new Analyzer(engine).analyze(samples.resolve("GcPressureHugeMap-jdk17-default.jfr")).info().warnings())
                    .as("%s", engine).noneMatch(w -> w.contains("JVM runs"));
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
    }
}
