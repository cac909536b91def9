package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.ExecutionSample;
import org.jfrtriage.analyzer.event.SampleKind;
import org.jfrtriage.analyzer.table.ThreadTable;
import org.jfrtriage.analyzer.event.WaitCategory;

/** Who held the lock, on exact intervals: queues of monitor waiters, missing owners, parks, dumps. */
class LockHoldersTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_000 * MS;
    private static final long MONITOR = 0x7fab840093c0L;
    private static final String MAP = "java.util.Collections$SynchronizedMap";

    private final ProfileBuilder b = new ProfileBuilder("test.jfr");
    private final int touch = Stacks.stack(b.stacks(), "java.util.Collections$SynchronizedMap.put", "com.acme.Sessions.touch", "com.acme.Http.serve");
    private final int sweep = Stacks.stack(b.stacks(), "java.util.HashMap$HashIterator.nextNode", "com.acme.Sessions.sweep", "com.acme.Janitor.run");

    private int thread(String name) {
        return b.threads().threadId(Math.abs(name.hashCode()) + 1L, name);
    }

    private void enter(String waiter, long fromMs, long toMs, String previousOwner, long address) {
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, T0 + fromMs * MS, (toMs - fromMs) * MS, thread(waiter),
                MAP, previousOwner == null ? ThreadTable.NONE : thread(previousOwner), touch, address));
    }

    /** {@code thread} parked on a latch from {@code fromNanos} for {@code nanos}, at {@code stack}. */
    private void park(String thread, long fromNanos, long nanos, int stack) {
        b.onContention(new ContentionEvent(ContentionKind.PARK, fromNanos, nanos, thread(thread),
                "java.util.concurrent.CountDownLatch$Sync", ThreadTable.NONE, stack, 0));
    }

    private void cpu(String thread, long atMs, int stack) {
        b.onExecutionSample(new ExecutionSample(T0 + atMs * MS, thread(thread), stack, SampleKind.CPU, 1));
    }

    private Profile build() {
        b.onChunk(T0, T0 + 10_000 * MS);
        b.onFinish(new EventSink.ReadSummary("jdk", true, 10, 10, 1, List.of(), Map.of()));
        return b.build();
    }

    private static BitSet lockSites(Profile p) {
        BitSet s = new BitSet();
        p.contention().stream().filter(c -> c.category() == WaitCategory.LOCK).forEach(c -> s.set(c.index()));
        return s;
    }

    private static BitSet monitorSites(Profile p) {
        BitSet s = new BitSet();
        p.contention().stream().filter(c -> c.kind() == ContentionKind.MONITOR_ENTER).forEach(c -> s.set(c.index()));
        return s;
    }

    private String name(Profile p, LockHolders.Holder h) {
        return p.threads().name(h.thread());
    }

    /** The janitor holds the map 0–150 ms; three requests queue behind it and pass the monitor along. */
    private void queueBehindTheJanitor(boolean withOwners) {
        enter("http-1", 10, 150, withOwners ? "janitor" : null, MONITOR);
        enter("http-2", 20, 151, withOwners ? "http-1" : null, MONITOR);
        enter("http-3", 30, 152, withOwners ? "http-2" : null, MONITOR);
        for (long t = 5; t < 150; t += 20) {
            cpu("janitor", t, sweep);
        }
    }

    @Test
    void aThreadWhoseJoinedWaitsSpanItsOtherWaitsIsNoCarrier() {
        // a full table joins the poller's close parks at one site into one interval spanning its monitor enters at
        // another: overlap made by joining, not several threads under one name
        ProfileBuilder small = new ProfileBuilder("small.jfr", 40);
        int poll = Stacks.stack(small.stacks(), "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire", "java.util.concurrent.locks.ReentrantLock.lock",
                "com.acme.Poller.poll");
        int poller = small.threads().threadId(7L, "poller");
        int carrier = small.threads().threadId(8L, "carrier");
        for (int i = 0; i < 30; i++) {
            long at = T0 + i * MS;
            small.onContention(new ContentionEvent(ContentionKind.PARK, at, 900_000L, poller,
                    "java.util.concurrent.locks.ReentrantLock$NonfairSync", ThreadTable.NONE, poll, 0L));
            small.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, at + 900_000L, 50_000L, poller, MAP,
                    ThreadTable.NONE, touch, MONITOR));
        }
        for (int i = 0; i < 10; i++) { // waits of several virtual threads recorded under one carrier's name
            small.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, T0 + 100 * MS + i * MS, 5 * MS, carrier, MAP,
                    ThreadTable.NONE, touch, MONITOR));
        }
        small.onChunk(T0, T0 + 10_000 * MS);
        small.onFinish(new EventSink.ReadSummary("jdk", true, 10, 10, 1, List.of(), Map.of()));
        Profile p = small.build();
        assertThat(p.intervals().joined()).isPositive();
        assertThat(p.lockHolders().carrier(poller)).isFalse();
        assertThat(p.lockHolders().carrier(carrier)).isTrue();
    }

    @Test
    void holdSpansCompactedIntoEachHoldersUnionGiveTheSameAnswer() {
        // a long queue: five waiters pass the monitor along 40 times, each wait cut into pieces at every acquisition
        String[] waiters = {"http-1", "http-2", "http-3", "http-4", "http-5"};
        for (int round = 0; round < 40; round++) {
            for (int k = 0; k < waiters.length; k++) {
                long from = round * 100L + k;
                enter(waiters[k], from, from + 60 + k, k == 0 ? "janitor" : waiters[k - 1], MONITOR);
            }
            cpu("janitor", round * 100L + 30, sweep);
        }
        Profile p = build();
        LockHolders.Result plain = p.lockHolders().blockedBy(lockSites(p));
        LockHolders.Result compacted = p.lockHolders().compactingAt(4).blockedBy(lockSites(p));
        assertThat(plain.holders()).hasSizeGreaterThan(1);
        // a holder's holds are an array: compared by value, field by field
        assertThat(compacted).usingRecursiveComparison().isEqualTo(plain);
    }

    @Test
    void holdersChargedOnceAQueueIsDoneAreTheSameCompactedAtEverySpan() {
        // the queues charge their holders when all their waits are cut (issue 16): a span may be added, and compacted,
        // before its holder is charged
        queueBehindTheJanitor(false);
        Profile p = build();
        LockHolders.Result plain = p.lockHolders().blockedBy(lockSites(p));
        LockHolders.Result compacted = p.lockHolders().compactingAt(1).blockedBy(lockSites(p));
        assertThat(plain.holders()).isNotEmpty();
        assertThat(plain.holders()).allSatisfy(h -> assertThat(h.blockedNanos()).isPositive());
        assertThat(compacted).usingRecursiveComparison().isEqualTo(plain);
    }

    @Test
    void theRootHolderGetsTheWaitNotTheWaiterThatReleasedTheMonitorToTheNext() {
        queueBehindTheJanitor(true);
        Profile p = build();
        LockHolders.Result r = p.lockHolders().blockedBy(lockSites(p));
        assertThat(r.waitNanos()).isEqualTo((140 + 131 + 122) * MS);
        LockHolders.Holder top = r.holders().get(0);
        assertThat(name(p, top)).isEqualTo("janitor");
        // http-1 and http-2 waited for the janitor until 150 ms, then 1 ms each behind the waiter before them
        assertThat(top.blockedNanos()).isEqualTo((140 + 130 + 120) * MS);
        assertThat(top.source()).isEqualTo(LockHolders.Source.MONITOR_OWNER);
        assertThat(top.state()).isEqualTo("running");
        assertThat(top.samples()).as("samples from its first charged hold (10 ms) on").isEqualTo(7);
        assertThat(top.stackSamples()).isEqualTo(7);
        assertThat(p.stacks().frames(top.stack()).get(1).qualifiedMethod()).isEqualTo("com.acme.Sessions.sweep");
        assertThat(r.holders()).extracting(h -> name(p, h) + " " + h.blockedNanos() / MS)
                .containsExactly("janitor 390", "http-1 2", "http-2 1");
    }

    @Test
    void withoutOwnersTheQueueOrderAndTheSamplesFindTheHolder() {
        queueBehindTheJanitor(false);
        Profile p = build();
        LockHolders.Result r = p.lockHolders().blockedBy(lockSites(p));
        LockHolders.Holder top = r.holders().get(0);
        assertThat(name(p, top)).isEqualTo("janitor");
        assertThat(top.source()).isEqualTo(LockHolders.Source.SAMPLES);
        assertThat(top.blockedNanos()).isEqualTo((140 + 130 + 120) * MS);
        // the pieces after each acquisition go to the acquirer, by queue order
        assertThat(r.holders()).extracting(h -> name(p, h)).containsExactly("janitor", "http-1", "http-2");
        assertThat(r.unexplainedNanos()).isZero();
    }

    @Test
    void waitsOnAnotherMonitorOfTheSameClassAreNotInTheQueue() {
        enter("http-1", 10, 150, "janitor", MONITOR);
        enter("http-2", 20, 100, "other", MONITOR + 64);
        Profile p = build();
        LockHolders.Result r = p.lockHolders().blockedBy(lockSites(p));
        assertThat(r.holders()).extracting(h -> name(p, h) + " " + h.blockedNanos() / MS)
                .containsExactlyInAnyOrder("janitor 140", "other 80");
    }

    @Test
    void aParkNamesNoOwnerAndWithoutSamplesOrDumpsTheResultSaysWhatWouldTell() {
        int lock = Stacks.stack(b.stacks(), "jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.locks.ReentrantLock.lock", "com.acme.Store.read");
        b.onContention(new ContentionEvent(ContentionKind.PARK, T0, 100 * MS, thread("http-1"),
                "java.util.concurrent.locks.ReentrantLock$NonfairSync", ThreadTable.NONE, lock, 0xd6300930L));
        Profile p = build();
        LockHolders.Result r = p.lockHolders().blockedBy(lockSites(p));
        assertThat(r.holders()).isEmpty();
        assertThat(r.unexplainedNanos()).isEqualTo(100 * MS);
        assertThat(r.note()).contains("park names no owner").contains("jdk.ThreadDump").contains("jdk.ExecutionSample");
    }

    @Test
    void aParkIsChargedToTheThreadSampledInTheLocksCodeMeanwhile() {
        int lock = Stacks.stack(b.stacks(), "jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire", "java.util.concurrent.locks.ReentrantLock.lock",
                "com.acme.Store.read");
        int writing = Stacks.stack(b.stacks(), "com.acme.Store.recompute", "com.acme.Store.write");
        int elsewhere = Stacks.stack(b.stacks(), "com.acme.Report.render");
        b.onContention(new ContentionEvent(ContentionKind.PARK, T0, 100 * MS, thread("http-1"),
                "java.util.concurrent.locks.ReentrantLock$NonfairSync", ThreadTable.NONE, lock, 0xd6300930L));
        for (long t = 10; t < 100; t += 20) {
            cpu("writer", t, writing);
            cpu("reporter", t + 1, elsewhere);
            cpu("reporter", t + 2, elsewhere);
        }
        Profile p = build();
        LockHolders.Result r = p.lockHolders().blockedBy(lockSites(p));
        assertThat(r.holders()).extracting(h -> name(p, h) + " " + h.source().key() + " " + h.blockedNanos() / MS)
                .containsExactly("writer samples 100");
        assertThat(r.note()).isEmpty();
    }

    @Test
    void tooFewSamplesNameNobody() {
        int lock = Stacks.stack(b.stacks(), "jdk.internal.misc.Unsafe.park", "com.acme.Store.read");
        int writing = Stacks.stack(b.stacks(), "com.acme.Store.write");
        b.onContention(new ContentionEvent(ContentionKind.PARK, T0, 100 * MS, thread("http-1"),
                "java.util.concurrent.locks.ReentrantLock$NonfairSync", ThreadTable.NONE, lock, 0xd6300930L));
        for (int i = 0; i < LockHolders.MIN_INFERENCE_SAMPLES - 1; i++) {
            cpu("writer", 10 + i, writing);
        }
        Profile p = build();
        assertThat(p.lockHolders().blockedBy(lockSites(p)).holders()).isEmpty();
    }

    @Test
    void aDumpTakenDuringAnUnexplainedWaitNamesTheHolderAndItsStack() {
        enter("http-1", 10, 150, null, MONITOR);
        long id = Math.abs("janitor".hashCode()) + 1L;
        long waiterId = Math.abs("http-1".hashCode()) + 1L;
        b.onThreadDump(T0 + 100 * MS, String.join("\n",
                "\"janitor\" #" + id + " prio=5 os_prio=0 tid=0x1 nid=0x2 runnable",
                "   java.lang.Thread.State: RUNNABLE",
                "\tat com.acme.Sessions.sweep(Sessions.java:40)",
                "\t- locked <0x00000000000000aa> (a java.util.Collections$SynchronizedMap)",
                "\tat com.acme.Janitor.run(Janitor.java:9)",
                "",
                "\"http-1\" #" + waiterId + " prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
                "   java.lang.Thread.State: BLOCKED (on object monitor)",
                "\tat com.acme.Sessions.touch(Sessions.java:3)",
                "\t- waiting to lock <0x00000000000000aa> (a java.util.Collections$SynchronizedMap)",
                ""));
        Profile p = build();
        LockHolders.Result r = p.lockHolders().blockedBy(lockSites(p));
        LockHolders.Holder top = r.holders().get(0);
        assertThat(name(p, top)).isEqualTo("janitor");
        assertThat(top.source()).isEqualTo(LockHolders.Source.THREAD_DUMP);
        assertThat(top.blockedNanos()).isEqualTo(140 * MS);
        assertThat(p.stacks().frames(top.stack()).get(0).toString()).isEqualTo("com.acme.Sessions.sweep:40");
    }

    @Test
    void aHolderParkedThroughItsHoldIsParkedNotRunning() {
        enter("http-1", 10, 150, "janitor", MONITOR);
        int sleepy = Stacks.stack(b.stacks(), "jdk.internal.misc.Unsafe.park", "com.acme.Janitor.pause");
        park("janitor", T0 + 5 * MS, 140 * MS, sleepy);
        Profile p = build();
        LockHolders.Holder top = p.lockHolders().blockedBy(monitorSites(p)).holders().get(0);
        assertThat(top.state()).isEqualTo("parked");
    }

    @Test
    void aHolderIsParkedOnlyForTheTimeItsJoinedWaitsWaitedNotTheirSpan() {
        // the janitor holds the map 10–150 ms; meanwhile it parks 600 µs of every 1 ms from 20 to 132 ms, and runs
        ProfileBuilder small = new ProfileBuilder("joined-holder.jfr", 50);
        int touch = Stacks.stack(small.stacks(), "java.util.Collections$SynchronizedMap.put", "com.acme.Sessions.touch");
        int pause = Stacks.stack(small.stacks(), "jdk.internal.misc.Unsafe.park", "com.acme.Janitor.pause");
        int sweeping = Stacks.stack(small.stacks(), "java.util.HashMap$HashIterator.nextNode", "com.acme.Sessions.sweep");
        int janitor = small.threads().threadId(1L, "janitor");
        int request = small.threads().threadId(2L, "http-1");
        small.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, T0 + 10 * MS, 140 * MS, request, MAP, janitor,
                touch, MONITOR));
        for (long at = 20; at < 132; at++) {
            small.onContention(new ContentionEvent(ContentionKind.PARK, T0 + at * MS, 600_000L, janitor,
                    "java.util.concurrent.CountDownLatch$Sync", ThreadTable.NONE, pause, 0));
        }
        for (long at = 15; at < 150; at += 10) {
            small.onExecutionSample(new ExecutionSample(T0 + at * MS, janitor, sweeping, SampleKind.CPU, 1));
        }
        small.onChunk(T0, T0 + 10_000 * MS);
        small.onFinish(new EventSink.ReadSummary("jdk", true, 10, 10, 1, List.of(), Map.of()));
        Profile p = small.build();
        assertThat(p.intervals().joined()).as("the parks were joined").isPositive();
        LockHolders.Holder top = p.lockHolders().blockedBy(monitorSites(p)).holders().get(0);
        assertThat(p.threads().name(top.thread())).isEqualTo("janitor");
        // parked 67 of the 140 ms it held the map: under half, so its samples say what it did (the joined waits'
        // span, 112 ms, is 80% of the hold)
        assertThat(top.state()).isEqualTo("running");
    }

    /**
     * A convoy at one monitor: three requests queue behind the janitor 30 times, each wait 900 µs long and the
     * next 100 µs later. With room for {@code limit} intervals they are kept one by one (90 or more) or, with less,
     * each request's waits are joined into intervals spanning the 100 µs gaps.
     */
    private static Profile convoy(int limit) {
        ProfileBuilder small = new ProfileBuilder("convoy.jfr", limit);
        int touch = Stacks.stack(small.stacks(), "java.util.Collections$SynchronizedMap.put", "com.acme.Sessions.touch");
        int janitor = small.threads().threadId(1L, "janitor");
        int[] requests = {small.threads().threadId(2L, "http-1"), small.threads().threadId(3L, "http-2"),
                small.threads().threadId(4L, "http-3")};
        for (int round = 0; round < 30; round++) {
            for (int k = 0; k < requests.length; k++) {
                small.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, T0 + round * MS + k * 10_000L,
                        900_000L, requests[k], MAP, janitor, touch, MONITOR));
            }
        }
        small.onChunk(T0, T0 + 10_000 * MS);
        small.onFinish(new EventSink.ReadSummary("jdk", true, 10, 10, 1, List.of(), Map.of()));
        return small.build();
    }

    @Test
    void aJoinedConvoyIsChargedTheTimeWaitedNotItsSpanAsWhenKeptOneByOne() {
        Profile kept = convoy(90); // just room for the 90 waits
        Profile joined = convoy(89); // one short: the table joins
        assertThat(kept.intervals().joined()).isZero();
        assertThat(joined.intervals().joined()).isPositive();
        assertThat(joined.intervals().size()).isLessThan(90);
        LockHolders.Result one = kept.lockHolders().blockedBy(lockSites(kept));
        LockHolders.Result together = joined.lockHolders().blockedBy(lockSites(joined));
        // 90 waits of 900 µs, all behind the janitor
        assertThat(one.waitNanos()).isEqualTo(90 * 900_000L);
        assertThat(one.holders()).extracting(h -> name(kept, h) + " " + h.blockedNanos()).containsExactly("janitor 81000000");
        // joined, each request's interval spans 29.9 ms of which it waited 27 ms: charged the 27 ms, not 29.9
        assertThat(together.waitNanos()).isEqualTo(90 * 900_000L);
        assertThat(together.holders()).hasSize(1);
        LockHolders.Holder janitor = together.holders().get(0);
        assertThat(name(joined, janitor)).isEqualTo("janitor");
        assertThat(janitor.blockedNanos()).isCloseTo(81 * MS, org.assertj.core.data.Offset.offset(10_000L));
        assertThat(together.unexplainedNanos()).isLessThan(10_000L);
        // the span it held the lock over is still the whole span
        assertThat(janitor.held()).isEqualTo(SpanUnion.ofOrdered(T0, T0 + 29 * MS + 20_000L + 900_000L));
    }

    @Test
    void aJoinedWaitWithNoHolderLeavesItsShareUnexplained() {
        // the same convoy without owners or samples: nothing names the janitor, and all the waiting is unexplained
        ProfileBuilder small = new ProfileBuilder("convoy.jfr", 20);
        int lock = Stacks.stack(small.stacks(), "jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.locks.ReentrantLock.lock", "com.acme.Store.read");
        int request = small.threads().threadId(2L, "http-1");
        for (int round = 0; round < 30; round++) {
            small.onContention(new ContentionEvent(ContentionKind.PARK, T0 + round * MS, 900_000L, request,
                    "java.util.concurrent.locks.ReentrantLock$NonfairSync", ThreadTable.NONE, lock, 0xd6300930L));
        }
        small.onChunk(T0, T0 + 10_000 * MS);
        small.onFinish(new EventSink.ReadSummary("jdk", true, 10, 10, 1, List.of(), Map.of()));
        Profile p = small.build();
        assertThat(p.intervals().joined()).isPositive();
        LockHolders.Result r = p.lockHolders().blockedBy(lockSites(p));
        assertThat(r.waitNanos()).isEqualTo(30 * 900_000L);
        assertThat(r.unexplainedNanos()).isEqualTo(30 * 900_000L);
    }

    @Test
    void aRunIsSortedStablyByItsKeyPackedOrNot() {
        java.util.Random random = new java.util.Random(16);
        for (long range : new long[] {1, 7, 1L << 20, Long.MAX_VALUE / 2}) {
            int size = 1 + random.nextInt(2000);
            long[] keys = new long[size + 10];
            int[] indices = new int[size + 10];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = (random.nextLong() & Long.MAX_VALUE) % range - range / 3;
                indices[i] = i;
            }
            Integer[] expected = new Integer[size];
            for (int k = 0; k < size; k++) {
                expected[k] = 5 + k;
            }
            java.util.Arrays.sort(expected, java.util.Comparator.comparingLong(i -> keys[i])); // stable
            org.jfrtriage.analyzer.table.IndexSort.sortByKey(indices, 5, 5 + size, i -> keys[i]);
            for (int k = 0; k < size; k++) {
                assertThat(indices[5 + k]).as("range %d, position %d", range, k).isEqualTo(expected[k]);
            }
            assertThat(indices[0]).isZero();
            assertThat(indices[size + 9]).isEqualTo(size + 9);
        }
    }

    @Test
    void waitsRecordedOutOfOrderQueueByAcquisitionAsInOrder() {
        // a recording writes each thread's events from its own buffer: the queue is not in the order they are read
        enter("http-3", 30, 152, "http-2", MONITOR);
        enter("http-2", 20, 151, "http-1", MONITOR);
        enter("http-1", 10, 150, "janitor", MONITOR);
        Profile p = build();
        LockHolders.Result r = p.lockHolders().blockedBy(lockSites(p));
        assertThat(r.holders()).extracting(h -> name(p, h) + " " + h.blockedNanos() / MS)
                .containsExactly("janitor 390", "http-1 2", "http-2 1");
    }

    @Test
    void aHoldersLongWaitIsCountedInEveryHoldItSpansAndTheShortOnesAfterItOnlyWhereTheyOverlap() {
        // the janitor holds the map four times (10–50, 100–140, 200–240, 300–340 ms): through the first three it is
        // in one long Object.wait (5–250 ms, 120 ms of the 160 held), in the fourth parked 36 ms; between, parked 50
        // times outside its holds
        int waiting = Stacks.stack(b.stacks(), "java.lang.Object.wait", "com.acme.Janitor.await");
        int sleepy = Stacks.stack(b.stacks(), "jdk.internal.misc.Unsafe.park", "com.acme.Janitor.pause");
        enter("http-1", 10, 50, "janitor", MONITOR);
        enter("http-2", 100, 140, "janitor", MONITOR);
        enter("http-3", 200, 240, "janitor", MONITOR);
        enter("http-4", 300, 340, "janitor", MONITOR);
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_WAIT, T0 + 5 * MS, 245 * MS, thread("janitor"),
                "java.lang.Object", ThreadTable.NONE, waiting, 0));
        for (long at = 250; at < 300; at++) {
            park("janitor", T0 + at * MS, MS / 2, sleepy);
        }
        park("janitor", T0 + 302 * MS, 36 * MS, sleepy);
        Profile p = build();
        LockHolders.Holder top = p.lockHolders().blockedBy(monitorSites(p)).holders().get(0);
        assertThat(name(p, top)).isEqualTo("janitor");
        assertThat(top.held().size()).isEqualTo(4);
        // counted in the first two holds only, the wait would be 80 ms of 160: not over half, and not "waiting"
        assertThat(top.state()).isEqualTo("waiting");
    }

    @Test
    void aHoldersOwnWaitsRecordedOutOfOrderStillTellItsState() {
        enter("http-1", 10, 150, "janitor", MONITOR);
        int sleepy = Stacks.stack(b.stacks(), "jdk.internal.misc.Unsafe.park", "com.acme.Janitor.pause");
        // its park long after the hold is read first, then the ones through the hold
        park("janitor", T0 + 500 * MS, 100 * MS, sleepy);
        park("janitor", T0 + 80 * MS, 70 * MS, sleepy);
        park("janitor", T0 + 5 * MS, 75 * MS, sleepy);
        Profile p = build();
        LockHolders.Holder top = p.lockHolders().blockedBy(monitorSites(p)).holders().get(0);
        assertThat(name(p, top)).isEqualTo("janitor");
        assertThat(top.state()).isEqualTo("parked");
    }

    @Test
    void answersExpectedAndAskedFromTwoThreadsAreTheAnswersAskedOneByOne() throws Exception {
        // two monitors at two sites, each with its own queue: three sets of sites to ask about
        String[] waiters = {"http-1", "http-2", "http-3"};
        for (int round = 0; round < 30; round++) {
            for (int k = 0; k < waiters.length; k++) {
                long from = round * 100L + k;
                enter(waiters[k], from, from + 40 + k, k == 0 ? "janitor" : waiters[k - 1], MONITOR);
                b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, T0 + (from + 50) * MS, (20 + k) * MS,
                        thread(waiters[k]), MAP, ThreadTable.NONE, sweep, MONITOR + 64));
            }
            cpu("janitor", round * 100L + 20, sweep);
        }
        Profile p = build();
        List<BitSet> sets = new java.util.ArrayList<>();
        p.contention().forEach(c -> {
            BitSet one = new BitSet();
            one.set(c.index());
            sets.add(one);
        });
        sets.add(lockSites(p));
        assertThat(sets).hasSize(3);
        LockHolders oneByOne = p.lockHolders().compactingAt(LockHolders.COMPACT_SPANS);
        List<LockHolders.Result> expected = sets.stream().map(oneByOne::blockedBy).toList();
        for (int run = 0; run < 20; run++) {
            LockHolders holders = p.lockHolders().compactingAt(LockHolders.COMPACT_SPANS);
            holders.expect(sets);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.Callable<List<LockHolders.Result>> ask = () -> {
                start.await();
                return sets.stream().map(holders::blockedBy).toList();
            };
            java.util.concurrent.FutureTask<List<LockHolders.Result>> other = new java.util.concurrent.FutureTask<>(ask);
            Thread thread = new Thread(other);
            thread.start();
            List<LockHolders.Result> here = ask.call();
            List<LockHolders.Result> there = other.get(30, java.util.concurrent.TimeUnit.SECONDS);
            for (int k = 0; k < sets.size(); k++) {
                assertThat(here.get(k)).isSameAs(there.get(k)); // made once, by whichever thread
                assertThat(here.get(k)).usingRecursiveComparison().isEqualTo(expected.get(k));
            }
        }
        assertThat(expected.get(2).holders()).extracting(h -> name(p, h)).contains("janitor");
    }

    /** Five waiters passing the monitor along, with and without the owner recorded, and parks at another site. */
    private Profile queuesAndParks() {
        String[] waiters = {"http-1", "http-2", "http-3", "http-4", "http-5"};
        int lock = Stacks.stack(b.stacks(), "jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.locks.ReentrantLock.lock", "com.acme.Sessions.touch");
        for (int round = 0; round < 40; round++) {
            for (int k = 0; k < waiters.length; k++) {
                long from = round * 100L + k;
                String owner = round % 3 == 0 ? null : k == 0 ? "janitor" : waiters[k - 1];
                enter(waiters[k], from, from + 60 + k, owner, MONITOR);
                park(waiters[k], T0 + (from + 70) * MS, (10 + k) * MS, lock);
            }
            cpu("janitor", round * 100L + 30, sweep);
            cpu("janitor", round * 100L + 75, sweep);
        }
        return build();
    }

    @Test
    void answersChargedInPartsEachOnItsOwnAreTheAnswersChargedWhole() {
        // issue 16: a thread waiting for an answer charges some of its waits into a part of its own, merged after
        Profile p = queuesAndParks();
        BitSet all = new BitSet();
        p.contention().forEach(c -> all.set(c.index()));
        LockHolders.Result whole = p.lockHolders().blockedBy(all);
        assertThat(whole.holders()).extracting(h -> name(p, h)).contains("janitor", "http-1");
        for (int waits : new int[] {1, 2, 7, 64}) {
            LockHolders.Result inParts = p.lockHolders().chargingInParts(waits).blockedBy(all);
            assertThat(inParts).as("%d waits a part", waits).usingRecursiveComparison().isEqualTo(whole);
            LockHolders.Result compacted = p.lockHolders().chargingInParts(waits).compactingAt(3).blockedBy(all);
            assertThat(compacted).as("%d waits a part, compacted", waits).usingRecursiveComparison().isEqualTo(whole);
        }
    }

    @Test
    void aLoopItemThatRanOutOfMemoryIsWhatTheCallerGetsNotTheNextItemsFailure() {
        // an item that ran out of memory may leave its accumulator half-grown; the next item on it would fail with
        // an index error, and the run would say "internal error" instead of "out of memory"
        LockHolders holders = queuesAndParks().lockHolders();
        int[] ran = new int[1];
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> holders.shared(3, () -> new int[1], (half, item) -> {
            ran[0]++;
            if (half[0] < 0) {
                throw new ArrayIndexOutOfBoundsException(item);
            }
            half[0] = -1;
            throw new OutOfMemoryError("Java heap space");
        })).isInstanceOf(OutOfMemoryError.class);
        assertThat(ran[0]).as("items run after the failure").isEqualTo(1);
    }

    @Test
    void aThreadWaitingForAnAnswerHelpsMakeItAndTheAnswerIsTheSame() throws Exception {
        Profile p = queuesAndParks();
        BitSet all = new BitSet();
        p.contention().forEach(c -> all.set(c.index()));
        LockHolders.Result whole = p.lockHolders().blockedBy(all);
        for (int run = 0; run < 20; run++) {
            LockHolders holders = p.lockHolders().chargingInParts(1);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.Callable<LockHolders.Result> ask = () -> {
                start.await();
                return holders.blockedBy(all);
            };
            java.util.concurrent.FutureTask<LockHolders.Result> other = new java.util.concurrent.FutureTask<>(ask);
            Thread thread = new Thread(other);
            thread.start();
            LockHolders.Result here = ask.call();
            assertThat(other.get(30, java.util.concurrent.TimeUnit.SECONDS)).isSameAs(here);
            assertThat(here).usingRecursiveComparison().isEqualTo(whole);
        }
    }
}
