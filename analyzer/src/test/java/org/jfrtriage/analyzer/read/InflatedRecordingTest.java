package org.jfrtriage.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.profile.Profile;

/** Compressed recordings read like the plain file they hold, and leave nothing behind. */
class InflatedRecordingTest {

    private static final Path SAMPLE = Path.of(System.getProperty("jfrtriage.root", "../.."))
            .resolve("sample-recordings/recordings/SyncMapHotspot-jdk17-default.jfr");

    @TempDir
    Path dir;

    @Test
    void aGzipdRecordingGivesTheSameProfileAsThePlainFileAndSaysItWasCompressed() throws Exception {
        Path gz = dir.resolve("orders.jfr.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(SAMPLE, out);
        }
        for (Analyzer.Engine engine : Analyzer.Engine.values()) {
            Profile plain = new Analyzer(engine).analyze(SAMPLE);
            Profile inflated = new Analyzer(engine).analyze(gz);
            assertThat(inflated.info().compression()).isEqualTo("gzip");
            assertThat(plain.info().compression()).isEqualTo("none");
            assertThat(inflated.info().eventCounts()).isEqualTo(plain.info().eventCounts());
            assertThat(inflated.info().complete()).isTrue();
            assertThat(inflated.info().bytesTotal()).isEqualTo(Files.size(SAMPLE));
            assertThat(inflated.cpuSamples().total()).isEqualTo(plain.cpuSamples().total());
        }
    }

    @Test
    void theInflatedCopyLivesInADirectoryOfItsOwnThatCloseRemoves() throws Exception {
        Path gz = dir.resolve("orders.jfr.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(SAMPLE, out);
        }
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        Path inflated;
        try (InflatedRecording recording = InflatedRecording.open(gz, scratch)) {
            inflated = recording.path();
            assertThat(inflated.getParent().getParent()).isEqualTo(scratch);
            assertThat(Files.mismatch(inflated, SAMPLE)).isEqualTo(-1L);
        }
        assertThat(inflated).doesNotExist();
        assertThat(listing(scratch)).as("left behind").isEmpty();
    }

    @Test
    void closedWhileItInflatesItStopsAndLeavesNothing() throws Exception {
        Path gz = dir.resolve("big.jfr.gz");
        byte[] sample = Files.readAllBytes(SAMPLE);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            for (int i = 0; i < 100; i++) {
                out.write(sample); // ~38 MB inflated, published a MB at a time: still inflating when closed
            }
        }
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        try (InflatedRecording recording = InflatedRecording.open(gz, scratch)) {
            assertThat(recording.awaitSize(ChunkLayout.HEADER_SIZE)).isGreaterThanOrEqualTo(ChunkLayout.HEADER_SIZE);
        }
        assertThat(listing(scratch)).as("left behind").isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("jfrtriage-inflate") && t.isAlive());
    }

    @Test
    void aZippedRecordingIsReadFromItsFirstFileAndTheOthersAreNamed() throws Exception {
        Path zip = dir.resolve("ticket-4711.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("incident/"));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("incident/orders.jfr"));
            Files.copy(SAMPLE, out);
            out.closeEntry();
            out.putNextEntry(new ZipEntry("incident/notes.txt"));
            out.write("GC at 10:02".getBytes());
            out.closeEntry();
        }
        Profile plain = new Analyzer().analyze(SAMPLE);
        Profile inflated = new Analyzer().analyze(zip);
        assertThat(inflated.info().compression()).isEqualTo("zip");
        assertThat(inflated.info().eventCounts()).isEqualTo(plain.info().eventCounts());
        assertThat(inflated.info().warnings()).containsExactly("the zip file holds 1 more file(s); only incident/orders.jfr was analyzed");
    }

    @Test
    void aCutGzipStreamIsNotARecordingAndNamesTheFile() throws Exception {
        Path gz = dir.resolve("cut.jfr.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(SAMPLE, out);
        }
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> new Analyzer().analyze(gz)).isInstanceOf(RecordingException.class)
                .hasMessage(gz + ": is gzip-compressed but cannot be inflated: the compressed data is damaged or cut");
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        try (InflatedRecording recording = InflatedRecording.open(gz, scratch)) {
            assertThatThrownBy(recording::path).isInstanceOf(RecordingException.class)
                    .hasMessage(gz + ": is gzip-compressed but cannot be inflated: the compressed data is damaged or cut");
        }
        assertThat(listing(scratch)).as("left behind").isEmpty();
        for (Analyzer.Engine engine : Analyzer.Engine.values()) {
            assertThatThrownBy(() -> new Analyzer(engine).analyze(gz)).as("%s", engine)
                    .hasMessage(gz + ": is gzip-compressed but cannot be inflated: the compressed data is damaged or cut");
        }
    }

    @Test
    void aGzipdTextFileIsNotARecordingBeforeOrAfterItIsKept() throws Exception {
        Path gz = dir.resolve("notes.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("not a recording at all".getBytes());
        }
        assertThatThrownBy(() -> InflatedRecording.probe(gz)).isInstanceOf(RecordingException.class)
                .hasMessageContaining("is compressed, and what it inflates to is not a flight recording");
        assertThatThrownBy(() -> new Analyzer().analyze(gz)).isInstanceOf(RecordingException.class)
                .hasMessage(gz + " (gzip-compressed): not a flight recording (no JFR magic bytes at the start)");
    }

    @Test
    void probingAGzipdRecordingAcceptsIt() throws Exception {
        Path gz = dir.resolve("ok.jfr.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(SAMPLE, out);
        }
        InflatedRecording.probe(gz);
        assertThat(InflatedRecording.compressionOf(gz)).isEqualTo(InflatedRecording.Compression.GZIP);
        assertThat(InflatedRecording.compressionOf(SAMPLE)).isEqualTo(InflatedRecording.Compression.NONE);
    }

    private static List<Path> listing(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.sorted().toList();
        }
    }
}
