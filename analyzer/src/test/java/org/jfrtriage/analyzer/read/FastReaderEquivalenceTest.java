package org.jfrtriage.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.read.fast.FastJfrReader;
import org.jfrtriage.analyzer.read.fast.PoolEdits;

/**
 * The fast reader against the reference ({@code jdk.jfr.consumer}): the same events with the same values, in
 * the same order, on every committed sample recording (JDK 17, JDK 25, async-profiler); and it survives cut
 * and damaged files.
 */
class FastReaderEquivalenceTest {

    private static final Path RECORDINGS = Path.of(System.getProperty("jfrtriage.root", "../..")).resolve("sample-recordings/recordings");

    @TempDir
    Path dir;

    /** Both readers truncate a double to whole nanoseconds, once for the time and once for the offset. */
    private static final long ROUNDING_NANOS = 2;

    /**
     * The same events with the same values in the same order. Timestamps are exact up to rounding, relative to
     * the clock {@code jdk.jfr.consumer} uses: it converts the ticks of every later chunk that shares the first
     * chunk's metadata with the first chunk's start (its parsers, built once, keep that chunk's converter),
     * whereas we convert each chunk with its own header's start, as the format intends. Over a long recording the
     * two drift apart as the wall clock is adjusted against the tick clock; the test allows exactly that drift.
     * JDK 25's jdk.jfr also takes the first chunk's tick rate, which only matters where chunks of different JVMs
     * were joined into one file (JMC's {@code jdk15.jfr}); the test allows that reading too.
     */
    static void assertSameEvents(RecordingSink fast, RecordingSink reference, Path file) throws RecordingException {
        assertThat(fast.withoutDurations).containsExactlyElementsOf(reference.withoutDurations);
        for (int i = 0; i < fast.durations.size(); i++) {
            assertThat(fast.durations.get(i)).as("duration of %s", fast.events.get(i))
                    .isCloseTo(reference.durations.get(i), org.assertj.core.data.Offset.offset(ROUNDING_NANOS));
        }
        long[] clockOffsets = firstChunkClockOffsets(file);
        List<ChunkLayout.Chunk> chunks = ChunkLayout.read(file).chunks().stream().filter(ChunkLayout.Chunk::complete).toList();
        for (int i = 0; i < fast.times.size(); i++) {
            long ours = fast.times.get(i);
            long theirs = reference.times.get(i);
            long difference = theirs - ours;
            boolean explained = Arrays.stream(clockOffsets).anyMatch(offset -> Math.abs(difference - offset) <= ROUNDING_NANOS)
                    || chunks.stream().anyMatch(c -> Math.abs(theirs - onFirstChunksClock(chunks.get(0), c, ours))
                            <= 2 * ROUNDING_NANOS);
            assertThat(explained).as("time of %s: reference %d, ours %d, chunk clock offsets %s", fast.events.get(i),
                    reference.times.get(i), fast.times.get(i), Arrays.toString(clockOffsets)).isTrue();
        }
    }

    /** Our time {@code nanos} of an event in chunk {@code c}, read as its ticks on the first chunk's whole clock. */
    private static long onFirstChunksClock(ChunkLayout.Chunk first, ChunkLayout.Chunk c, long nanos) {
        double ticks = c.startTicks() + (nanos - c.startNanos()) * (c.ticksPerSecond() / 1e9);
        return first.startNanos() + (long) ((ticks - first.startTicks()) / (first.ticksPerSecond() / 1e9));
    }

    /** For each chunk: what reading its ticks with the first chunk's clock adds to its own clock's time. */
    private static long[] firstChunkClockOffsets(Path file) throws RecordingException {
        List<ChunkLayout.Chunk> chunks = ChunkLayout.read(file).chunks().stream().filter(ChunkLayout.Chunk::complete).toList();
        if (chunks.isEmpty()) {
            return new long[] {0};
        }
        ChunkLayout.Chunk first = chunks.get(0);
        return chunks.stream().mapToLong(c -> first.startNanos() - c.startNanos()
                + (long) ((c.startTicks() - first.startTicks()) / (c.ticksPerSecond() / 1e9))).toArray();
    }

    static RecordingSink read(RecordingReader reader, Path file) throws RecordingException {
        RecordingSink sink = new RecordingSink();
        reader.read(file, sink);
        return sink;
    }

    static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(RECORDINGS)) {
            return files.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> sameEventsAsTheReferenceOnEverySampleRecording() throws IOException {
        List<Path> files = samples();
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            RecordingSink reference = read(new JdkRecordingReader(), file);
            RecordingSink fast = read(new FastJfrReader(), file);
            assertThat(reference.events).isNotEmpty();
            assertSameEvents(fast, reference, file);
            assertThat(fast.counts()).isEqualTo(reference.counts());
            assertThat(fast.summary.producer()).isEqualTo(reference.summary.producer());
            assertThat(fast.summary.complete()).isTrue();
        }));
    }

    /**
     * The same events with the same values on every recording of JMC's corpus the reference reads (JDK 9 to 21,
     * HotSpot; WebLogic and Datadog events; gzip'd ones inflated first): files nobody here wrote. Durations may
     * differ by the rounding {@link RecordingSink#durations} describes.
     */
    @TestFactory
    Stream<DynamicTest> sameEventsAsTheReferenceOnTheJmcCorpus() throws IOException {
        return JmcCorpus.recordings().stream().map(original -> DynamicTest.dynamicTest(original.getFileName().toString(), () -> {
            try (InflatedRecording inflated = InflatedRecording.open(original)) {
                Path file = inflated.path();
                if (isFormat09(file)) {
                    return; // Oracle JDK 7 and 8, JRockit: jdk.jfr cannot read them (Format09RecordingsTest)
                }
                RecordingSink reference = read(new JdkRecordingReader(), file);
                RecordingSink fast = read(new FastJfrReader(), file);
                if (STALE_THREAD_IN_REFERENCE.contains(original.getFileName().toString())) {
                    assertStaleThreadIsTheOnlyDifference(fast, reference);
                    return;
                }
                assertSameEvents(fast, reference, file);
            }
        }));
    }

    /**
     * Two early streaming recordings (JDK 12 with flushes, December 2018) name a thread, {@code Thread-1} (id 26),
     * in the second chunk's pools only, and the first chunk's CPU samples already refer to it. The reference
     * leaves that thread unnamed in the second chunk's samples too: its cache of each event field's last id and
     * value gives the null it found in the first chunk before looking at the second chunk's pools. The fast
     * reader names it there. Nothing else may differ.
     */
    private static final java.util.Set<String> STALE_THREAD_IN_REFERENCE = java.util.Set.of("flush_metadata.jfr",
            "flush_incremental_metadata.jfr");

    private static void assertStaleThreadIsTheOnlyDifference(RecordingSink fast, RecordingSink reference) {
        assertThat(fast.withoutDurations).hasSameSizeAs(reference.withoutDurations);
        int named = 0;
        for (int i = 0; i < fast.withoutDurations.size(); i++) {
            String ours = fast.withoutDurations.get(i);
            String theirs = reference.withoutDurations.get(i);
            if (!ours.equals(theirs)) {
                assertThat(ours.replaceFirst("^sample CPU Thread-1 ", "sample CPU  ")).as("event %d", i).isEqualTo(theirs);
                named++;
            }
        }
        assertThat(named).as("samples the reference leaves unnamed").isPositive();
    }

    private static boolean isFormat09(Path file) throws IOException {
        byte[] start = new byte[6];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            in.readNBytes(start, 0, start.length);
        }
        return start[4] == 0 && start[5] == 0; // major version 0
    }

    /**
     * A committed recording that spans two chunks (regenerate.sh records with 1 MB chunks). Concatenating files
     * of different JVMs is no substitute: jdk.jfr.consumer then resolves the second file's ids against the
     * first file's constant pools.
     */
    private static Path twoChunks() throws Exception {
        for (Path p : samples()) {
            if (ChunkLayout.read(p).chunks().size() >= 2 && p.toString().contains("jdk17")) {
                return p;
            }
        }
        throw new AssertionError("no multi-chunk sample recording: regenerate with sample-recordings/regenerate.sh");
    }

    @Test
    void multiChunkFileMatchesTheReference() throws Exception {
        Path both = twoChunks();
        RecordingSink reference = read(new JdkRecordingReader(), both);
        RecordingSink fast = read(new FastJfrReader(), both);
        assertThat(fast.summary.chunks()).isGreaterThanOrEqualTo(2);
        assertSameEvents(fast, reference, both);
    }

    /**
     * A chunk whose constant pools lack threads and classes its events name: JFR does that to a thread that ends
     * just as a new chunk starts (a monitor's previous owner, once in a live recording); here it is done to every
     * thread of the second chunk, and to every class only events name. The JDK's parser still names an event's
     * thread or class when the previous event of its type had the same id in that field, even in the previous
     * chunk (it caches each event field's last id and value). The fast reader names the same, and no others.
     */
    @Test
    void threadsAndClassesAChunkLacksAreNamedAsTheReferenceNamesThem() throws Exception {
        for (boolean classes : new boolean[] {false, true}) {
            Path file = dir.resolve("dropped-" + classes + ".jfr");
            Files.copy(twoChunks(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            int dropped = classes ? PoolEdits.dropClassesOnlyEventsName(file, 1) : PoolEdits.dropThreads(file, 1);
            assertThat(dropped).isPositive();
            RecordingSink reference = read(new JdkRecordingReader(), file);
            // the second chunk read alone names none of them: the reference named some from the first chunk
            ChunkLayout.Chunk second = ChunkLayout.read(file).chunks().get(1);
            Path alone = dir.resolve("second-chunk.jfr");
            Files.write(alone, Arrays.copyOfRange(Files.readAllBytes(file), (int) second.position(),
                    (int) (second.position() + second.declaredSize())));
            List<String> secondAlone = read(new JdkRecordingReader(), alone).events;
            List<String> secondInFile = reference.events.subList(reference.events.size() - secondAlone.size(),
                    reference.events.size());
            assertThat(secondInFile).as("classes %s", classes).isNotEqualTo(secondAlone);

            assertSameEvents(read(new FastJfrReader(), file), reference, file);
        }
    }

    @Test
    void cutInTheSecondChunkKeepsTheFirstAndReadsIntoTheSecond() throws Exception {
        Path both = twoChunks();
        byte[] bytes = Files.readAllBytes(both);
        long firstSize = ChunkLayout.read(both).chunks().get(0).declaredSize();
        for (long cut : new long[] {firstSize + 30, firstSize + (bytes.length - firstSize) / 2, bytes.length - 1}) {
            Path cutFile = dir.resolve("cut-" + cut + ".jfr");
            Files.write(cutFile, Arrays.copyOf(bytes, (int) cut));
            RecordingSink reference = read(new JdkRecordingReader(), cutFile);
            RecordingSink fast = read(new FastJfrReader(), cutFile);
            assertThat(fast.summary.complete()).isFalse();
            assertThat(fast.summary.warnings()).anySatisfy(w -> assertThat(w).contains("truncated"));
            // everything of the complete first chunk, exactly as the reference reads it
            List<String> firstChunk = reference.events.stream().filter(e -> !e.startsWith("chunk")).toList();
            assertThat(fast.events.stream().filter(e -> !e.startsWith("chunk")).limit(firstChunk.size()).toList())
                    .containsExactlyElementsOf(firstChunk);
            assertThat(fast.events.size()).isGreaterThanOrEqualTo(reference.events.size());
        }
    }

    @Test
    void aSingleCutChunkIsReadAsFarAsItGoes() throws Exception {
        Path file = samples().stream().filter(p -> p.toString().contains("SyncMapHotspot-jdk17")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut-single.jfr");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        RecordingSink fast = read(new FastJfrReader(), cut);
        assertThat(fast.summary.complete()).isFalse();
        assertThat(fast.summary.warnings()).isNotEmpty();
    }

    @Test
    void damagedFilesNeverThrowAnythingButRecordingExceptionAndNeverHang() throws Exception {
        Path file = samples().get(0);
        byte[] good = Files.readAllBytes(file);
        Random random = new Random(7);
        for (int round = 0; round < 40; round++) {
            byte[] bad = good.clone();
            int from = 68 + random.nextInt(bad.length - 68);
            int length = 1 + random.nextInt(Math.min(2000, bad.length - from));
            for (int i = from; i < from + length; i++) {
                bad[i] = (byte) random.nextInt(256);
            }
            Path damaged = dir.resolve("damaged-" + round + ".jfr");
            Files.write(damaged, bad);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatCode(() -> {
                try {
                    read(new FastJfrReader(), damaged);
                } catch (RecordingException expected) {
                    // a clear "not a recording" is fine too
                }
            }).doesNotThrowAnyException());
        }
    }

    /** Reads a damaged file: a partial read or a RecordingException, never another exception, never a hang. */
    private static void readsOrRejects(Path file) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatCode(() -> {
            try {
                RecordingSink sink = read(new FastJfrReader(), file);
                assertThat(sink.summary).isNotNull();
            } catch (RecordingException expected) {
                assertThat(expected.getMessage()).contains(file.getFileName().toString());
            }
        }).as(file.getFileName().toString()).doesNotThrowAnyException());
    }

    @Test
    void randomBytesAfterTheMagicAreReadOrRejected() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 20; round++) {
            byte[] bytes = new byte[68 + random.nextInt(200_000)];
            random.nextBytes(bytes);
            System.arraycopy(new byte[] {'F', 'L', 'R', 0, 0, 2, 0, 1}, 0, bytes, 0, 8);
            readsOrRejects(Files.write(dir.resolve("random-" + round + ".jfr"), bytes));
        }
    }

    @Test
    void aRealHeaderOverRandomBytesIsReadOrRejected() throws Exception {
        byte[] good = Files.readAllBytes(samples().get(0));
        Random random = new Random(13);
        for (int round = 0; round < 20; round++) {
            byte[] bad = good.clone();
            // everything after the header is noise, but the header's offsets and size still point into it
            for (int i = 68; i < bad.length; i++) {
                bad[i] = (byte) random.nextInt(round % 2 == 0 ? 256 : 4); // small values look like short varints
            }
            readsOrRejects(Files.write(dir.resolve("noise-" + round + ".jfr"), bad));
        }
    }

    /** A few flipped bytes in the metadata or the constant pools: the structures every event depends on. */
    @Test
    void flippedBytesInMetadataAndConstantPoolsAreReadOrRejected() throws Exception {
        Path file = samples().get(0);
        byte[] good = Files.readAllBytes(file);
        ChunkLayout.Chunk chunk = ChunkLayout.read(file).chunks().get(0);
        Random random = new Random(17);
        for (int round = 0; round < 60; round++) {
            byte[] bad = good.clone();
            int from = (int) (round % 2 == 0 ? chunk.metadataOffset() : chunk.constantPoolOffset());
            int span = Math.max(1, Math.min(4000, bad.length - from));
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bad[from + random.nextInt(span)] ^= (byte) (1 << random.nextInt(8));
            }
            readsOrRejects(Files.write(dir.resolve("flipped-" + round + ".jfr"), bad));
        }
    }

    @Test
    void notRecordingsAreRecordingExceptions() throws Exception {
        Path zeros = Files.write(dir.resolve("zeros.jfr"), new byte[4096]);
        Path empty = Files.write(dir.resolve("empty.jfr"), new byte[0]);
        Path magicOnly = Files.write(dir.resolve("magic.jfr"), new byte[] {'F', 'L', 'R', 0, 0, 2, 0, 1});
        assertThatThrownBy(() -> read(new FastJfrReader(), zeros)).isInstanceOf(RecordingException.class);
        assertThatThrownBy(() -> read(new FastJfrReader(), empty)).isInstanceOf(RecordingException.class);
        RecordingSink cut = read(new FastJfrReader(), magicOnly);
        assertThat(cut.summary.complete()).isFalse();
    }
}
