package org.jfrtriage.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.read.fast.FastJfrReader;

/**
 * A recording read while it is still being written (as a compressed one is while it inflates) gives what the whole
 * file gives: the same events in the same order, the same chunk spans, warnings and summary.
 */
class GrowingReadTest {

    @TempDir
    Path dir;

    /**
     * {@code source} copied into {@code target} a few KB at a time, only when a reader waits for bytes that are not
     * there yet: every chunk header and every chunk is read from a file that ends just past what was asked for.
     */
    private static final class JustInTime implements GrowingFile {
        private final InputStream in;
        private final OutputStream out;
        private final byte[] step = new byte[4096 + 7];
        private long written;
        private boolean finished;

        JustInTime(Path source, Path target) throws IOException {
            in = Files.newInputStream(source);
            out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW);
        }

        @Override
        public synchronized long awaitSize(long bytes) throws RecordingException {
            try {
                while (written < bytes && !finished) {
                    int n = in.read(step);
                    if (n < 0) {
                        finished = true;
                        in.close();
                        out.close();
                    } else {
                        out.write(step, 0, n);
                        written += n;
                    }
                }
                return written;
            } catch (IOException e) {
                throw new RecordingException("copy failed: " + e.getMessage(), e);
            }
        }
    }

    private void assertGrowingReadsAsWhole(Path file) throws Exception {
        RecordingSink whole = new RecordingSink();
        new FastJfrReader().read(file, whole);
        Path copy = dir.resolve("growing-" + file.getFileName());
        RecordingSink growing = new RecordingSink();
        new FastJfrReader().read(copy, new JustInTime(file, copy), growing);
        assertThat(withoutSpans(growing)).as("events").containsExactlyElementsOf(withoutSpans(whole));
        assertThat(spans(growing)).as("chunk spans").containsExactlyInAnyOrderElementsOf(spans(whole));
        assertThat(growing.summary).as("summary").usingRecursiveComparison().isEqualTo(whole.summary);
        assertThat(Files.mismatch(copy, file)).isEqualTo(-1L);
        // through the profile: the timeline starts where the whole file's does, its seconds hold the same
        org.jfrtriage.analyzer.profile.ProfileBuilder a = new org.jfrtriage.analyzer.profile.ProfileBuilder("whole");
        new FastJfrReader().read(file, a);
        Path again = dir.resolve("again-" + file.getFileName());
        org.jfrtriage.analyzer.profile.ProfileBuilder b = new org.jfrtriage.analyzer.profile.ProfileBuilder("whole");
        new FastJfrReader().read(again, new JustInTime(file, again), b);
        org.jfrtriage.analyzer.profile.Profile p = a.build();
        org.jfrtriage.analyzer.profile.Profile q = b.build();
        assertThat(q.timeline().startNanos()).as("timeline start").isEqualTo(p.timeline().startNanos());
        for (org.jfrtriage.analyzer.profile.Timeline.Series series : org.jfrtriage.analyzer.profile.Timeline.Series.values()) {
            assertThat(q.timeline().series(series)).as("%s", series).containsExactly(p.timeline().series(series));
        }
        assertThat(q.info()).usingRecursiveComparison().isEqualTo(p.info());
    }

    /** Seeded: files cut anywhere, header fields and bytes broken, bytes appended — read growing as whole, or refused alike. */
    @Test
    void damagedFilesReadGrowingAsWholeOrAreRefusedAlike() throws Exception {
        byte[] sound = Files.readAllBytes(chunks());
        ChunkLayout layout = ChunkLayout.read(chunks());
        java.util.Random random = new java.util.Random(20261207L);
        for (int n = 0; n < 40; n++) {
            byte[] bytes = sound.clone();
            int kind = n % 4;
            if (kind == 0) {
                bytes = java.util.Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1)); // cut anywhere
            } else if (kind == 1) {
                // a chunk header's field: size, offsets, clock, state
                long at = layout.chunks().get(random.nextInt(layout.chunks().size())).position();
                int field = 8 * (1 + random.nextInt(7));
                ByteBuffer.wrap(bytes).putLong((int) at + field, random.nextBoolean() ? -1 - random.nextInt(3) : random.nextLong());
            } else if (kind == 2) {
                for (int flips = 0; flips < 8; flips++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            } else {
                byte[] tail = new byte[1 + random.nextInt(200)];
                random.nextBytes(tail);
                bytes = java.util.Arrays.copyOf(bytes, bytes.length + tail.length);
                System.arraycopy(tail, 0, bytes, sound.length, tail.length);
            }
            Path file = dir.resolve("damaged-" + n + ".jfr");
            Files.write(file, bytes);
            String whole = outcome(file, null);
            String growing = outcome(file, dir.resolve("growing-damaged-" + n + ".jfr"));
            assertThat(growing).as("case %d (kind %d)", n, kind).isEqualTo(whole.replace(file.toString(), "FILE"));
        }
    }

    /** What reading gives, or the message it fails with ({@code FILE} for the file's name): whole, or growing into {@code copy}. */
    private static String outcome(Path file, Path copy) {
        RecordingSink sink = new RecordingSink();
        try {
            if (copy == null) {
                new FastJfrReader().read(file, sink);
            } else {
                new FastJfrReader().read(copy, new JustInTime(file, copy), sink);
            }
        } catch (RecordingException | IOException e) {
            return "refused: " + e.getMessage().replace((copy == null ? file : copy).toString(), "FILE");
        }
        java.util.List<String> spans = spans(sink);
        java.util.Collections.sort(spans);
        return withoutSpans(sink) + "\n" + spans + "\n" + sink.summary;
    }

    private static List<String> withoutSpans(RecordingSink sink) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sink.events.size(); i++) {
            if (!sink.events.get(i).startsWith("chunk ")) {
                out.add(sink.times.get(i) + " " + sink.events.get(i));
            }
        }
        return out;
    }

    private static List<String> spans(RecordingSink sink) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sink.events.size(); i++) {
            if (sink.events.get(i).startsWith("chunk ")) {
                out.add(sink.times.get(i) + " " + sink.events.get(i));
            }
        }
        return out;
    }

    /** A sample with two chunks or more, followed by itself: four chunks or more. */
    private Path chunks() throws Exception {
        Path two = null;
        for (Path p : FastReaderEquivalenceTest.samples()) {
            if (ChunkLayout.read(p).chunks().size() >= 2 && p.toString().contains("jdk17")) {
                two = p;
                break;
            }
        }
        assertThat(two).as("a multi-chunk sample recording").isNotNull();
        byte[] bytes = Files.readAllBytes(two);
        Path four = dir.resolve("four.jfr");
        Files.write(four, bytes);
        Files.write(four, bytes, StandardOpenOption.APPEND);
        return four;
    }

    @Test
    void aMultiChunkRecordingReadsAsTheWholeFile() throws Exception {
        Path file = chunks();
        assertThat(ChunkLayout.read(file).chunks()).hasSizeGreaterThanOrEqualTo(4);
        assertGrowingReadsAsWhole(file);
    }

    @Test
    void bytesAfterTheLastChunkAreSaidAsForTheWholeFile() throws Exception {
        Path file = chunks();
        Files.write(file, "not a chunk, a log line pasted after it\n".repeat(40).getBytes(), StandardOpenOption.APPEND);
        assertGrowingReadsAsWhole(file);
        RecordingSink whole = new RecordingSink();
        new FastJfrReader().read(file, whole);
        assertThat(whole.summary.warnings()).anyMatch(w -> w.contains("after the last chunk"));
    }

    @Test
    void aRecordingCutInsideAChunkOrItsHeaderReadsAsTheWholeFile() throws Exception {
        Path file = chunks();
        byte[] bytes = Files.readAllBytes(file);
        ChunkLayout layout = ChunkLayout.read(file);
        long second = layout.chunks().get(1).position();
        for (long cut : new long[] {second + 30, second + (layout.chunks().get(2).position() - second) / 2, bytes.length - 1}) {
            Path cutFile = dir.resolve("cut-" + cut + ".jfr");
            Files.write(cutFile, java.util.Arrays.copyOf(bytes, (int) cut));
            assertGrowingReadsAsWhole(cutFile);
        }
    }

    @Test
    void aFirstChunkWithAnImpossibleClockReadsAsTheWholeFile() throws Exception {
        // its rate is replaced by a later chunk's, and its span cannot be told: both need the whole file. The second
        // chunk's rate is set apart from the fallback rate (HotSpot's 1 GHz), so only that chunk can give it
        Path file = chunks();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer header = ByteBuffer.wrap(bytes);
        header.putLong(ChunkLayout.OFFSET_TICKS_PER_SECOND, -1);
        header.putLong(ChunkLayout.OFFSET_START_NANOS, 0);
        long second = ChunkLayout.read(file).chunks().get(1).position();
        header.putLong((int) second + ChunkLayout.OFFSET_TICKS_PER_SECOND, 2_000_000_000L);
        Files.write(file, bytes);
        assertGrowingReadsAsWhole(file);
        RecordingSink whole = new RecordingSink();
        new FastJfrReader().read(file, whole);
        assertThat(whole.summary.warnings()).anyMatch(w -> w.contains("its clock rate (-1 ticks per second) is impossible; "
                + "its event times assume 2,000,000,000 ticks per second"));
        assertThat(whole.summary.warnings()).anyMatch(w -> w.contains("its start time (0 ns since 1970) is impossible"));
    }

    @Test
    void aLaterChunkWithAnImpossibleClockTakesAnEarlierChunksRate() throws Exception {
        // the first chunk's rate set apart from the fallback rate: the third chunk takes it, not HotSpot's 1 GHz
        Path file = chunks();
        byte[] bytes = Files.readAllBytes(file);
        long third = ChunkLayout.read(file).chunks().get(2).position();
        ByteBuffer.wrap(bytes).putLong(ChunkLayout.OFFSET_TICKS_PER_SECOND, 2_000_000_000L);
        ByteBuffer.wrap(bytes).putLong((int) third + ChunkLayout.OFFSET_TICKS_PER_SECOND, 0);
        Files.write(file, bytes);
        assertGrowingReadsAsWhole(file);
        RecordingSink whole = new RecordingSink();
        new FastJfrReader().read(file, whole);
        assertThat(whole.summary.warnings()).anyMatch(w -> w.contains("its clock rate (0 ticks per second) is impossible; "
                + "its event times assume 2,000,000,000 ticks per second"));
    }
}
