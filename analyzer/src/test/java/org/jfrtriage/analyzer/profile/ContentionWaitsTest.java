package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.read.fast.FastJfrReader;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.FrameType;

/**
 * Issue 16: waits applied on a thread of their own make the profile the reader's thread makes (sites, their order
 * and sums, intervals with their joins and averages, the timeline), a failure there is the reader's error, and no
 * thread outlives a read.
 */
class ContentionWaitsTest {

    private static final Path RECORDINGS = Path.of(System.getProperty("jfrtriage.root", "../.."))
            .resolve("sample-recordings/recordings");
    private static final String THREAD = "jfrtriage-waits";
    /** Batches a sample recording's few thousand waits fill many of. */
    private static final int SMALL_BATCH = 256;

    /** Many waits at many sites, threads (past 128) and owners, in a table small enough to join and average. */
    private static Profile syntheticRead(long offloadAfter) {
        ProfileBuilder b = new ProfileBuilder("test", 20_000);
        if (offloadAfter > 0) {
            b.offloadWaits(offloadAfter);
        }
        b.onChunk(0, 60_000_000_000L);
        int[] stacks = new int[40];
        for (int i = 0; i < stacks.length; i++) {
            int frame = b.stacks().frameId(new Frame("demo.App", "wait" + i % 7, 10 + i, FrameType.JIT_COMPILED));
            int caller = b.stacks().frameId(new Frame("demo.Caller", "call" + i, 1, FrameType.JIT_COMPILED));
            stacks[i] = b.stacks().stackId(new int[] {frame, caller}, false);
        }
        ContentionKind[] kinds = {ContentionKind.MONITOR_ENTER, ContentionKind.PARK, ContentionKind.MONITOR_WAIT};
        String[] classes = {"demo.Pool", "java.util.concurrent.locks.ReentrantLock$NonfairSync", "[Ljava.lang.Object;"};
        Random random = new Random(16);
        long[] clock = new long[200];
        for (int i = 0; i < 3 * ContentionWaits.BATCHES * ContentionWaits.BATCH_WAITS / 2; i++) {
            int thread = random.nextInt(clock.length);
            long duration = 1_000 + random.nextInt(2_000_000);
            long start = clock[thread] + random.nextInt(300_000);
            clock[thread] = start + duration;
            int k = random.nextInt(kinds.length);
            b.onContention(kinds[k], start, duration, thread, classes[random.nextInt(classes.length)],
                    k == 0 ? random.nextInt(300) : -1, stacks[random.nextInt(stacks.length)], 0x40L * random.nextInt(3));
        }
        b.onFinish(new EventSink.ReadSummary("jdk", true, 0, 0, 1, List.of(), Map.of()));
        return b.build();
    }

    @Test
    void waitsAppliedOnTheirOwnThreadMakeTheReadersProfile() {
        Profile expected = syntheticRead(0);
        Profile got = syntheticRead(1_000);
        assertThat(expected.intervals().dropped()).as("the table filled: joins and averages were made").isPositive();
        assertThat(expected.intervals().joined()).isPositive();
        assertSameWaits(got, expected);
        assertThat(expected.timeline().series(Timeline.Series.LOCK_NANOS)).isNotEqualTo(new long[expected.timeline().seconds()]);
        assertThat(expected.timeline().series(Timeline.Series.WAIT_NANOS)).isNotEqualTo(new long[expected.timeline().seconds()]);
        assertNoThreadLeft();
    }

    @Test
    void everySampleRecordingGivesTheSameProfileWithItsWaitsOffloaded() throws IOException, RecordingException {
        List<Path> samples;
        try (Stream<Path> files = Files.list(RECORDINGS)) {
            samples = files.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
        assertThat(samples).isNotEmpty();
        long waits = 0;
        for (Path file : samples) {
            ProfileBuilder synchronous = new ProfileBuilder(file.toString());
            new FastJfrReader().read(file, synchronous);
            ProfileBuilder offloaded = new ProfileBuilder(file.toString());
            offloaded.offloadWaits(1, SMALL_BATCH);
            new FastJfrReader().read(file, offloaded);
            Profile expected = synchronous.build();
            assertSameWaits(offloaded.build(), expected);
            waits += expected.intervals().recorded();
        }
        assertThat(waits).as("waits in many batches").isGreaterThan(100L * SMALL_BATCH);
        assertNoThreadLeft();
    }

    private static void assertSameWaits(Profile got, Profile expected) {
        assertThat(got.contention()).hasSameSizeAs(expected.contention());
        for (int i = 0; i < expected.contention().size(); i++) {
            assertThat(got.contention().get(i)).usingRecursiveComparison().isEqualTo(expected.contention().get(i));
        }
        ContentionIntervals e = expected.intervals();
        ContentionIntervals g = got.intervals();
        assertThat(g.size()).isEqualTo(e.size());
        assertThat(g.recorded()).isEqualTo(e.recorded());
        assertThat(g.dropped()).isEqualTo(e.dropped());
        assertThat(g.joined()).isEqualTo(e.joined());
        assertThat(g.joinGapNanos()).isEqualTo(e.joinGapNanos());
        for (int i = 0; i < e.size(); i++) {
            assertThat(new long[] {g.start(i), g.end(i), g.waited(i), g.thread(i), g.site(i), g.address(i), g.owner(i)})
                    .as("interval %d", i)
                    .containsExactly(e.start(i), e.end(i), e.waited(i), e.thread(i), e.site(i), e.address(i), e.owner(i));
        }
        if (e.averaged() != null) {
            assertThat(g.averaged()).usingRecursiveComparison().isEqualTo(e.averaged());
        } else {
            assertThat(g.averaged()).isNull();
        }
        assertThat(got.timeline().seconds()).isEqualTo(expected.timeline().seconds());
        for (Timeline.Series series : Timeline.Series.values()) {
            assertThat(got.timeline().series(series)).as("%s", series).containsExactly(expected.timeline().series(series));
        }
    }

    /** With no timeline a lock wait fails: on the reader's thread, or (offloaded) from finish(), the same error. */
    private static ContentionWaits failing(boolean offloaded) {
        ContentionWaits waits = new ContentionWaits(new ContentionIntervals(1_000));
        waits.newSite(new ContentionSite(0, ContentionKind.MONITOR_ENTER, "demo.Pool", -1, WaitCategory.LOCK), 0);
        if (offloaded) {
            waits.offload();
        }
        return waits;
    }

    @Test
    void aFailureAppliedOffThreadIsTheErrorTheReadersThreadGives() {
        ContentionWaits onReader = failing(false);
        assertThatThrownBy(() -> onReader.add(0, 0, 10, 1, 2, 0L)).isInstanceOf(NullPointerException.class);

        ContentionWaits offloaded = failing(true);
        offloaded.add(0, 0, 10, 1, 2, 0L);
        assertThatThrownBy(offloaded::finish).isInstanceOf(NullPointerException.class);
        assertNoThreadLeft();
        // and again: a build after a read that failed says the same
        assertThatThrownBy(offloaded::finish).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aFailureOffThreadStopsTheReadWithinTheBatchesInFlight() {
        ContentionWaits offloaded = failing(true);
        long limit = (ContentionWaits.BATCHES + 2L) * ContentionWaits.BATCH_WAITS;
        long added = 0;
        // the first batch fails; the reader learns it at the latest when it needs a batch back
        Throwable thrown = null;
        while (added < limit && thrown == null) {
            try {
                offloaded.add(0, added, 10, 1, 2, 0L);
                added++;
            } catch (NullPointerException e) {
                thrown = e;
            }
        }
        assertThat(thrown).isNotNull();
        assertNoThreadLeft();
    }

    @Test
    void aReadThatFailsLeavesNoThread() {
        ProfileBuilder b = new ProfileBuilder("test");
        b.offloadWaits(1);
        b.onChunk(0, 1_000_000_000L);
        int frame = b.stacks().frameId(new Frame("demo.App", "enter", 10, FrameType.JIT_COMPILED));
        int stack = b.stacks().stackId(new int[] {frame}, false);
        for (int i = 0; i < 3 * ContentionWaits.BATCH_WAITS; i++) {
            b.onContention(ContentionKind.MONITOR_ENTER, i * 1_000L, 500L, i % 8, "demo.Pool", 1, stack, 0L);
        }
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals(THREAD));
        b.finishWaits(); // what Analyzer does however the read ended
        assertNoThreadLeft();
        Profile profile = b.build();
        assertThat(profile.contention()).singleElement().satisfies(s -> {
            assertThat(s.events()).isEqualTo(3L * ContentionWaits.BATCH_WAITS);
            assertThat(s.ownerNanos()).containsExactly(Map.entry(1, 3L * ContentionWaits.BATCH_WAITS * 500L));
        });
    }

    @Test
    void theThreadStartsAtTheWaitCountedNotBeforeAndThatWaitIsItsFirst() {
        ContentionWaits waits = new ContentionWaits(new ContentionIntervals(1_000));
        waits.timeline(new Timeline(0));
        waits.newSite(new ContentionSite(0, ContentionKind.MONITOR_ENTER, "demo.Pool", -1, WaitCategory.LOCK), 0);
        waits.offloadAt(3, SMALL_BATCH);
        waits.add(0, 0, 10, 1, 2, 0L);
        waits.add(0, 20, 10, 1, 2, 0L);
        assertThat(waits.offloaded()).isFalse();
        assertNoThreadLeft();
        waits.add(0, 40, 10, 1, 2, 0L);
        assertThat(waits.offloaded()).isTrue();
        waits.finish();
        assertNoThreadLeft();
        // applied on the caller's thread again, and never handed over a second time
        waits.add(0, 60, 10, 1, 2, 0L);
        assertThat(waits.offloaded()).isFalse();
        assertThat(waits.timeline().value(Timeline.Series.LOCK_NANOS, 0)).isEqualTo(40);
    }

    private static void assertNoThreadLeft() {
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(THREAD));
    }
}
