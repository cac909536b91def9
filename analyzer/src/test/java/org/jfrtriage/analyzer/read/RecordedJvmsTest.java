package org.jfrtriage.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.analyzer.read.FastReaderEquivalenceTest.assertSameEvents;
import static org.jfrtriage.analyzer.read.FastReaderEquivalenceTest.read;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.read.fast.FastJfrReader;

/**
 * The fast reader against the reference on recordings made here and now, by the JDK running the tests and by
 * JDK 25 when it is installed: multi-chunk files (the workload rotates chunks), those files cut at chunk
 * boundaries, inside headers and inside chunks, and the repository chunk a JVM killed mid-recording leaves.
 * The JVMs run side by side once for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordedJvmsTest {

    private static final int SECONDS = 3;

    @TempDir
    static Path dir;

    private Path jdk17;
    private Path jdk25;
    private Path killedChunk;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    void recordWorkloads() throws Exception {
        jdk17 = dir.resolve("current-jdk.jfr");
        Process current = WorkloadRecordings.startRecorded(dir, WorkloadRecordings.currentJdk(), jdk17, SECONDS, true);
        started.add(current);
        Process newer = null;
        if (WorkloadRecordings.jdk25().isPresent()) {
            jdk25 = dir.resolve("jdk25.jfr");
            newer = WorkloadRecordings.startRecorded(dir, WorkloadRecordings.jdk25().get(), jdk25, SECONDS, true);
            started.add(newer);
        }
        Path repository = dir.resolve("repository");
        Process killed = WorkloadRecordings.startWithRepository(dir, WorkloadRecordings.currentJdk(), repository, 60);
        started.add(killed);
        int generation = awaitFlush(repository, -1);
        // one flush more: events written after the flush the test first saw, held by the chunk's bytes
        awaitFlush(repository, generation);
        killed.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        WorkloadRecordings.awaitExit(current, dir, jdk17);
        if (newer != null) {
            WorkloadRecordings.awaitExit(newer, dir, jdk25);
        }
        List<Path> chunks = WorkloadRecordings.repositoryChunks(repository);
        assertThat(chunks).as("chunks the killed JVM left in its repository").isNotEmpty();
        killedChunk = chunks.get(chunks.size() - 1);
    }

    /**
     * Waits until the JVM's repository chunk has been flushed with its metadata (JFR flushes every second) a few
     * times, and to a flush count other than {@code seen}; returns that count. Waits on the file, never on a clock.
     */
    private static int awaitFlush(Path repository, int seen) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.isDirectory(repository)) {
                for (Path chunk : WorkloadRecordings.repositoryChunks(repository)) {
                    if (Files.size(chunk) < 68) {
                        continue; // just created
                    }
                    ChunkLayout.Chunk c = ChunkLayout.read(chunk).chunks().get(0);
                    int generation;
                    try (java.io.InputStream in = Files.newInputStream(chunk)) {
                        generation = in.readNBytes(68)[64] & 0xff; // the flush count while the chunk is written
                    }
                    // a few flushes in, the workload (compiled by the source launcher first) is running
                    if (c.metadataOffset() > 0 && !c.complete() && generation >= 3 && generation != 255
                            && generation != seen) {
                        return generation;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the JVM never flushed its repository chunk" + (seen < 0 ? "" : " again"));
    }

    @AfterAll
    void stopLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    private static void assertSameAsReference(Path file) throws Exception {
        RecordingSink reference = read(new JdkRecordingReader(), file);
        RecordingSink fast = read(new FastJfrReader(), file);
        assertThat(reference.events).isNotEmpty();
        assertThat(reference.events).anySatisfy(e -> assertThat(e).startsWith("contention MONITOR_ENTER"));
        assertThat(reference.events).anySatisfy(e -> assertThat(e).startsWith("contention PARK"));
        assertThat(reference.events).anySatisfy(e -> assertThat(e).startsWith("allocation"));
        try {
            assertSameEvents(fast, reference, file);
        } catch (AssertionError e) {
            // a live recording differs from run to run: one the readers disagree on is kept to be read again by hand
            // (target/ is the build's own folder)
            Path kept = Files.createDirectories(Path.of("target", "disagreed-recordings"));
            Files.copy(file, kept.resolve(System.currentTimeMillis() + "-" + file.getFileName()),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            throw e;
        }
        assertThat(fast.counts()).isEqualTo(reference.counts());
        assertThat(fast.summary.complete()).isTrue();
        assertThat(fast.summary.chunks()).isEqualTo(reference.summary.chunks());
        assertThat(fast.summary.producer()).isEqualTo(reference.summary.producer());
    }

    @Test
    void currentJdkRecordingHasSeveralChunksAndTheSameEventsAsTheReference() throws Exception {
        assertThat(ChunkLayout.read(jdk17).chunks()).hasSizeGreaterThanOrEqualTo(3);
        assertSameAsReference(jdk17);
    }

    /**
     * With sampled allocations in the recording, a profile ignores TLAB events, and both readers stop handing
     * them over at the same event: the fast reader then skips them by size. The profiles are the same down to
     * the stack ids (stacks are numbered in the order events bring them).
     */
    @Test
    void bothReadersStopAtTheSameTlabEventOnceSamplesArrive() throws Exception {
        Profile reference = new Analyzer(Analyzer.Engine.JDK).analyze(jdk17);
        Profile fast = new Analyzer(Analyzer.Engine.FAST).analyze(jdk17);
        Map<String, Long> counts = fast.info().eventCounts();
        assertThat(counts.getOrDefault("jdk.ObjectAllocationInNewTLAB", 0L)).isPositive();
        assertThat(counts.getOrDefault("jdk.ObjectAllocationSample", 0L)).isPositive();
        assertThat(counts).isEqualTo(reference.info().eventCounts());
        assertThat(fast.allocations().rows()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.largestObjectBytes()).as("a sampled allocation").isEqualTo(-1));
        assertThat(fast.stacks().stackCount()).isEqualTo(reference.stacks().stackCount());
        assertThat(rows(fast)).isEqualTo(rows(reference));
        for (int s = 0; s < fast.stacks().stackCount(); s++) {
            assertThat(frames(fast, s)).as("stack %d", s).isEqualTo(frames(reference, s));
        }
    }

    private static List<String> rows(Profile p) {
        return p.allocations().rows().stream()
                .map(r -> r.stack() + " " + r.objectClass() + " " + r.bytes() + " " + r.samples()).toList();
    }

    private static List<Frame> frames(Profile p, int stack) {
        return Arrays.stream(p.stacks().frameIds(stack)).mapToObj(p.stacks()::frame).toList();
    }

    @Test
    void jdk25RecordingHasTheSameEventsAsTheReference() throws Exception {
        Prerequisites.require(jdk25 != null, "JDK 25 is not installed at " + WorkloadRecordings.JDK25);
        assertThat(ChunkLayout.read(jdk25).chunks()).hasSizeGreaterThanOrEqualTo(3);
        assertSameAsReference(jdk25);
    }

    /**
     * Cut anywhere, the file reads without an exception; every complete chunk is read exactly as the reference
     * reads a file of those chunks alone, and the cut chunk adds what it can.
     */
    @Test
    void cutAnywhereKeepsEveryCompleteChunk() throws Exception {
        byte[] bytes = Files.readAllBytes(jdk17);
        List<ChunkLayout.Chunk> chunks = ChunkLayout.read(jdk17).chunks();
        long first = chunks.get(0).declaredSize();
        long second = first + chunks.get(1).declaredSize();
        long[] cuts = {40, 67, 68, 200, first / 2, first - 1, first, first + 30, first + 68, first + 500,
            (first + second) / 2, second, bytes.length / 2, bytes.length - 1};
        for (long cut : cuts) {
            Path cutFile = dir.resolve("cut-" + cut + ".jfr");
            Files.write(cutFile, Arrays.copyOf(bytes, (int) cut));
            long whole = completePrefix(chunks, cut);
            RecordingSink fast = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> read(new FastJfrReader(), cutFile),
                    "reading the file cut at " + cut);
            boolean atBoundary = whole == cut;
            assertThat(fast.summary.complete()).as("complete when cut at %d", cut).isEqualTo(atBoundary);
            if (!atBoundary) {
                assertThat(fast.summary.warnings()).as("warnings when cut at %d", cut)
                        .anySatisfy(w -> assertThat(w).contains("truncated").contains("bytes"));
            }
            if (whole == 0) {
                assertThat(fast.events).as("events of a file cut at %d, inside its first chunk", cut)
                        .noneMatch(e -> e.startsWith("chunk"));
                continue;
            }
            Path completeChunks = dir.resolve("complete-" + cut + ".jfr");
            Files.write(completeChunks, Arrays.copyOf(bytes, (int) whole));
            RecordingSink reference = read(new JdkRecordingReader(), completeChunks);
            assertThat(reference.summary.complete()).isTrue();
            assertThat(fast.summary.chunks()).isEqualTo(reference.summary.chunks());
            assertThat(fast.events.subList(0, reference.events.size())).as("events when cut at %d", cut)
                    .containsExactlyElementsOf(reference.events);
            for (String name : reference.counts().keySet()) {
                assertThat(fast.counts().get(name)).as("count of %s when cut at %d", name, cut)
                        .isGreaterThanOrEqualTo(reference.counts().get(name));
            }
        }
    }

    private static long completePrefix(List<ChunkLayout.Chunk> chunks, long cut) {
        long end = 0;
        for (ChunkLayout.Chunk c : chunks) {
            if (c.position() + c.declaredSize() > cut) {
                break;
            }
            end = c.position() + c.declaredSize();
        }
        return end;
    }

    /**
     * A JVM killed mid-recording leaves its current chunk unfinished (file state not 0): the fast reader reads its
     * events to the end of the file, past the JVM's last flush, and says the recording is incomplete; the reference
     * stops at the last flush, so its events come first and equal.
     */
    @Test
    void chunkOfAKilledJvmIsReadToItsEnd() throws Exception {
        ChunkLayout layout = ChunkLayout.read(killedChunk);
        assertThat(layout.isComplete()).isFalse();
        RecordingSink fast = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> read(new FastJfrReader(), killedChunk));
        assertThat(fast.summary.complete()).isFalse();
        assertThat(fast.summary.warnings()).anySatisfy(w -> assertThat(w).contains("truncated")
                .contains("events were read"));
        assertThat(fast.events).anySatisfy(e -> assertThat(e).startsWith("sample"));
        assertThat(fast.summary.bytesRead()).isPositive();
        RecordingSink reference = read(new JdkRecordingReader(), killedChunk);
        assertThat(fast.events.size()).isGreaterThanOrEqualTo(reference.events.size());
        assertThat(fast.events.subList(0, reference.events.size())).containsExactlyElementsOf(reference.events);
    }
}
