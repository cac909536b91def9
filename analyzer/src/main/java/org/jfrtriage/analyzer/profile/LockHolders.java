package org.jfrtriage.analyzer.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.IndexSort;
import org.jfrtriage.analyzer.table.LongIntMap;
import org.jfrtriage.analyzer.table.LongSort;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.table.ThreadTable;

/**
 * Who held a lock while others waited for it, and what it was doing: the evidence of one recording joined.
 *
 * <ul>
 *   <li><b>monitor-owner</b> — the waits for one monitor (same {@code address}) ordered by when each waiter got it:
 *   a waiter's wait is cut at every other waiter's acquisition, and each piece is charged to the thread that held
 *   the monitor then — the one the JVM names as having released it to the next acquirer ({@code previousOwner}),
 *   else the previous acquirer. In a queue of waiters, {@code previousOwner} of each event is mostly the waiter
 *   before it, which held the monitor for an instant; the long piece before the first acquisition goes to the
 *   thread that really held it, so chains resolve to the root holder.</li>
 *   <li><b>thread-dump</b> — a dump taken during a wait nobody else explains: the thread printed with
 *   {@code - locked <…>} (or owning the synchronizer) the waiters print as {@code waiting to lock}/{@code parking
 *   to wait for}.</li>
 *   <li><b>samples</b> — for what is still unexplained (j.u.c. locks: a park names no owner): threads not waiting
 *   themselves, sampled in the waiters' own class (the code around the lock) during the waits. An inference, and
 *   named as one.</li>
 * </ul>
 * Then each holder's samples inside its holds say what it was doing (the most frequent stack, how often), and its
 * own recorded waits and samples its state: running, parked, waiting, blocked, sleeping, I/O.
 *
 * <p>A wait the interval table joined with the thread's next ones ({@link ContentionIntervals#joined}) spans gaps
 * where the thread did not wait here: its pieces are charged the share of the span it waited, as the pileup rule
 * counts it, so the waiting charged and the waiting asked about add up to the time waited, not to the spans.
 *
 * <p>Immutable once built (answers are remembered, in a concurrent map), so rules may ask from several threads.
 */
public final class LockHolders {

    /** Where a holder was found, most direct first. */
    public enum Source {
        MONITOR_OWNER("monitor-owner"), THREAD_DUMP("thread-dump"), SAMPLES("samples");

        private final String key;

        Source(String key) {
            this.key = key;
        }

        /** The contract's name ({@code monitor-owner|thread-dump|samples}). */
        public String key() {
            return key;
        }
    }

    /**
     * One thread that held the lock while others waited.
     *
     * @param blockedNanos waiting by others charged to this thread's holds
     * @param source the strongest evidence that it held the lock
     * @param state what it was doing while holding it: running, parked, waiting, blocked, sleeping, io or unknown
     * @param stack its most frequent stack while holding the lock (a stack id; {@link StackTable#UNKNOWN} if none)
     * @param samples its samples inside its holds
     * @param stackSamples of those, the samples at {@code stack}'s site and innermost method
     * @param held its holds while others waited, merged: apart, in time order
     */
    public record Holder(int thread, long blockedNanos, Source source, String state, int stack, int samples,
                         int stackSamples, SpanUnion held) {
    }

    /**
     * @param holders heaviest first
     * @param waitNanos all waiting of the waits asked about
     * @param unexplainedNanos waiting no evidence could charge to a holder
     * @param note when {@code holders} is empty or partial: why, and which setting would tell
     */
    public record Result(List<Holder> holders, long waitNanos, long unexplainedNanos, String note) {
        public Result {
            holders = List.copyOf(holders);
        }
    }

    /** A piece of a wait shorter than this is never charged (a holder's instant between two acquisitions). */
    private static final long MIN_PIECE_NANOS = 0;
    /** Candidate samples needed in all the unexplained waits before samples alone name any holder. */
    static final int MIN_INFERENCE_SAMPLES = 3;
    /** Candidate samples looked at per unexplained piece: enough to tell who was there, bounded work. */
    private static final int MAX_PIECE_SAMPLES = 64;

    private final ContentionIntervals intervals;
    private final List<ContentionSite> sites;
    private final ThreadSamples samples;
    private final ThreadDumps dumps;
    private final StackTable stacks;
    private final StackFeatures features;
    /**
     * Monitor-enter intervals with an address, grouped by address (a queue of waiters for one monitor), each group
     * sorted by end (acquisition) time: group g is {@code queued[queueFrom[g], queueFrom[g + 1])}.
     */
    private final int[] queued;
    private final int[] queueFrom;
    /** The group of each address in {@link #queued}. */
    private final LongIntMap queueOf;
    private final long openAfterNanos;
    /**
     * Threads recorded in two waits at once, which no platform thread can be: a recorder that names a virtual
     * thread's wait after its carrier (async-profiler's lock profiler does). Such a name says nothing of who held
     * the lock, so it is never charged as the previous acquirer.
     */
    private final BitSet carriers = new BitSet();
    /** Overlapping waits (at least this many, and a tenth of the thread's waits) that make a name a carrier's. */
    static final int MIN_CARRIER_OVERLAPS = 3;
    /** Per thread, its non-idle waits sorted by start (for its own state while holding). */
    private final Map<Integer, int[]> waitsByThread = new HashMap<>();
    /**
     * Per thread, parallel to {@link #waitsByThread}: the latest end of its waits up to each one. Never decreasing,
     * so the first wait that can reach past a moment is found by binary search, and a query about one moment or
     * span costs the waits around it rather than all the thread's waits (a waiter of a busy lock has 100,000s).
     */
    private final Map<Integer, long[]> reachByThread = new HashMap<>();
    /** Hold spans kept before they are compacted ({@link #COMPACT_SPANS} but in tests). */
    private final int compactSpans;
    /** Per site, its {@link ContentionKind}'s ordinal (read per wait in {@link #waitedByKind}). */
    private final byte[] kindOfSite;

    /** Waits charged at a time by one thread ({@link #CHARGE_PART} but in tests). */
    private int chargePart = CHARGE_PART;
    /** Each item of a {@link #shared} loop into an accumulator of its own (in tests: the merging, on one thread). */
    private boolean accumulatorPerItem;

    /**
     * The same evidence, its waits charged {@code waits} at a time, each part into an accumulator of its own, as
     * if each were charged by another thread: for tests of the merging.
     */
    LockHolders chargingInParts(int waits) {
        LockHolders parts = compactingAt(compactSpans);
        parts.chargePart = waits;
        parts.accumulatorPerItem = true;
        return parts;
    }

    /** The same evidence, compacting hold spans past {@code spans} of them: for tests of the compaction. */
    LockHolders compactingAt(int spans) {
        return new LockHolders(intervals, sites, samples, dumps, stacks, features, openAfterNanos, spans);
    }

    LockHolders(ContentionIntervals intervals, List<ContentionSite> sites, ThreadSamples samples, ThreadDumps dumps,
                StackTable stacks, StackFeatures features) {
        this(intervals, sites, samples, dumps, stacks, features, Long.MAX_VALUE, COMPACT_SPANS);
    }

    /**
     * @param openAfterNanos a wait rebuilt from samples that lasts to this time or later never ended while the
     *                       recording ran ({@link SampledWaits.Wait#open()}); samples never name its holder
     */
    LockHolders(ContentionIntervals intervals, List<ContentionSite> sites, ThreadSamples samples, ThreadDumps dumps,
                StackTable stacks, StackFeatures features, long openAfterNanos) {
        this(intervals, sites, samples, dumps, stacks, features, openAfterNanos, COMPACT_SPANS);
    }

    private LockHolders(ContentionIntervals intervals, List<ContentionSite> sites, ThreadSamples samples,
                        ThreadDumps dumps, StackTable stacks, StackFeatures features, long openAfterNanos,
                        int compactSpans) {
        this.compactSpans = compactSpans;
        this.openAfterNanos = openAfterNanos;
        this.intervals = intervals;
        this.sites = sites;
        this.samples = samples;
        this.dumps = dumps;
        this.stacks = stacks;
        this.features = features;
        this.activities = new AtomicReferenceArray<>(stacks.stackCount());
        this.acquiringByStack = new byte[stacks.stackCount()];
        this.kindOfSite = new byte[sites.size()];
        for (int i = 0; i < kindOfSite.length; i++) {
            kindOfSite[i] = (byte) sites.get(i).kind().ordinal();
        }
        // grouped without boxing (a long recording keeps a million waits): monitor enters by address in order of
        // acquisition, and each thread's waits in order of start — grouped by counting, then each group sorted on
        // its own (most are already in order: a thread's waits arrive as they end). Each loop over the waits is a
        // method of its own: this constructor runs once, and with its loops inline the JIT compiled it whole, once
        // per loop (on-stack replacement), each time to trap at the next loop it had never seen run.
        LongIntMap queueOf = new LongIntMap(64);
        int[] queueOfWait = monitorQueueOfEach(intervals, sites, queueOf);
        this.queueFrom = groupStarts(queueOfWait, queueOf.size());
        this.queued = grouped(queueOfWait, queueFrom);
        sortQueuesByAcquisition();
        this.queueOf = queueOf;
        this.orders = new AtomicReferenceArray<>(queueFrom.length - 1);
        int minThread = Math.min(0, lowestThread(intervals));
        int[] threadOfWait = threadOfEach(intervals, minThread);
        int[] threadFrom = groupStarts(threadOfWait, highestThread(intervals) - minThread + 1);
        int[] byThread = grouped(threadOfWait, threadFrom);
        for (int t = 0; t + 1 < threadFrom.length; t++) {
            if (threadFrom[t] < threadFrom[t + 1]) {
                int[] own = Arrays.copyOfRange(byThread, threadFrom[t], threadFrom[t + 1]);
                sortByStart(own);
                waitsByThread.put(t + minThread, own);
                reachByThread.put(t + minThread, latestEnds(own));
            }
        }
        waitsByThread.forEach((thread, own) -> {
            if (thread >= 0 && carrierOverlaps(thread, own)) {
                carriers.set(thread);
            }
        });
    }

    /**
     * Per wait, the number of its monitor's queue (the monitor enters with an address, numbered in {@code queueOf}
     * as their addresses are first seen), else -1.
     */
    private static int[] monitorQueueOfEach(ContentionIntervals intervals, List<ContentionSite> sites, LongIntMap queueOf) {
        int[] queueOfWait = new int[intervals.size()];
        for (int i = 0; i < queueOfWait.length; i++) {
            queueOfWait[i] = -1;
            if (intervals.address(i) != 0 && sites.get(intervals.site(i)).kind() == ContentionKind.MONITOR_ENTER) {
                int q = queueOf.get(intervals.address(i));
                if (q == LongIntMap.MISSING) {
                    q = queueOf.size();
                    queueOf.put(intervals.address(i), q);
                }
                queueOfWait[i] = q;
            }
        }
        return queueOfWait;
    }

    /** Per wait, its thread above {@code minThread}: a group number from 0. */
    private static int[] threadOfEach(ContentionIntervals intervals, int minThread) {
        int[] threadOfWait = new int[intervals.size()];
        for (int i = 0; i < threadOfWait.length; i++) {
            threadOfWait[i] = intervals.thread(i) - minThread;
        }
        return threadOfWait;
    }

    private static int lowestThread(ContentionIntervals intervals) {
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < intervals.size(); i++) {
            min = Math.min(min, intervals.thread(i));
        }
        return min;
    }

    private static int highestThread(ContentionIntervals intervals) {
        int max = -1;
        for (int i = 0; i < intervals.size(); i++) {
            max = Math.max(max, intervals.thread(i));
        }
        return max;
    }

    /** Where each of {@code groups} groups starts when the waits are laid out by group ({@code group[i]}, -1: none). */
    private static int[] groupStarts(int[] group, int groups) {
        int[] from = new int[groups + 1];
        for (int g : group) {
            if (g >= 0) {
                from[g + 1]++;
            }
        }
        for (int g = 0; g < groups; g++) {
            from[g + 1] += from[g];
        }
        return from;
    }

    /** The waits laid out by group from {@code groupFrom} ({@link #groupStarts}), in their order within each. */
    private static int[] grouped(int[] group, int[] groupFrom) {
        int[] out = new int[groupFrom[groupFrom.length - 1]];
        int[] next = Arrays.copyOf(groupFrom, groupFrom.length - 1);
        for (int i = 0; i < group.length; i++) {
            if (group[i] >= 0) {
                out[next[group[i]]++] = i;
            }
        }
        return out;
    }

    /** Each monitor's queue in order of acquisition (the end of each wait). */
    private void sortQueuesByAcquisition() {
        for (int q = 0; q + 1 < queueFrom.length; q++) {
            int from = queueFrom[q];
            long[] ends = new long[queueFrom[q + 1] - from];
            for (int k = 0; k < ends.length; k++) {
                ends[k] = intervals.end(queued[from + k]);
            }
            IndexSort.sortByKey(queued, from, queueFrom[q + 1], ends);
        }
    }

    /** One thread's waits in order of start. */
    private void sortByStart(int[] own) {
        long[] starts = new long[own.length];
        for (int k = 0; k < own.length; k++) {
            starts[k] = intervals.start(own[k]);
        }
        IndexSort.sortByKey(own, 0, own.length, starts);
    }

    /** Per wait of a thread's (in order of start), the latest end of its waits up to it. */
    private long[] latestEnds(int[] own) {
        long[] reach = new long[own.length];
        long latest = Long.MIN_VALUE;
        for (int k = 0; k < own.length; k++) {
            latest = Math.max(latest, intervals.end(own[k]));
            reach[k] = latest;
        }
        return reach;
    }

    /** Whether a thread's waits (in order of start) overlap too often for one platform thread: a carrier's name. */
    private boolean carrierOverlaps(int thread, int[] own) {
        // overlaps a join merged away were counted when it did; a joined interval spans the gaps between the
        // thread's waits at one site, where it may well have waited at another, so it is not compared
        long lastEnd = Long.MIN_VALUE;
        int overlapping = intervals.overlapsJoined(thread);
        for (int i : own) {
            if (intervals.joined(i)) {
                continue;
            }
            if (intervals.start(i) + ContentionIntervals.OVERLAP_NANOS < lastEnd) {
                overlapping++;
            }
            lastEnd = Math.max(lastEnd, intervals.end(i));
        }
        // a stray overlap is a recorder's clock; many are several threads under one name
        return overlapping >= MIN_CARRIER_OVERLAPS && overlapping * 10 >= Math.max(own.length, intervals.recordedWaits(thread));
    }

    /** The first of a thread's waits (by start) that may end at or after {@code time}: none before it does. */
    static int firstReaching(long[] reach, long time) {
        return LongSort.firstAtLeast(reach, 0, reach.length, time);
    }

    /**
     * Spans of time in primitive arrays: holds ({@code thread} held the lock over [from, to) while someone waited)
     * or unexplained pieces of waits ({@code thread} is the waiter). A lock waited for by 16 threads for a minute is
     * cut into millions of pieces: kept as objects they would fill a small heap.
     */
    private static final class Spans {
        private long[] from = new long[64];
        private long[] to = new long[64];
        private int[] thread = new int[64];
        /** Per span, the share of it charged ({@link #ONE} each until a joined wait's piece is added), else null. */
        private int[] weight;
        private int size;

        void add(int t, long f, long e) {
            add(t, f, e, ONE);
        }

        void add(int t, long f, long e, int w) {
            if (size == from.length) {
                reserve(size * 2);
            }
            if (weight == null && w != ONE) {
                weight = new int[from.length];
                Arrays.fill(weight, 0, size, ONE);
            }
            from[size] = f;
            to[size] = e;
            thread[size] = t;
            if (weight != null) {
                weight[size] = w;
            }
            size++;
        }

        /**
         * Room for {@code capacity} spans, made at once when the count to come is known (growing by doubling from
         * 64 made ~57 MB of arrays on the park-heavy file, about twice what was kept).
         */
        void reserve(int capacity) {
            if (capacity > from.length) {
                from = Arrays.copyOf(from, capacity);
                to = Arrays.copyOf(to, capacity);
                thread = Arrays.copyOf(thread, capacity);
                if (weight != null) {
                    weight = Arrays.copyOf(weight, capacity);
                }
            }
        }

        int weight(int k) {
            return weight == null ? ONE : weight[k];
        }

        /** Span {@code k} written over span {@code to} (at most k): to filter in place. */
        void move(int k, int to) {
            from[to] = from[k];
            this.to[to] = this.to[k];
            thread[to] = thread[k];
            if (weight != null) {
                weight[to] = weight[k];
            }
        }

        /** No span, and no room kept: the arrays let go when they are no longer read. */
        void release() {
            from = new long[0];
            to = new long[0];
            thread = new int[0];
            weight = null;
            size = 0;
        }

        /** Another part's spans after these. */
        void addAll(Spans other) {
            reserve(size + other.size);
            for (int k = 0; k < other.size; k++) {
                add(other.thread[k], other.from[k], other.to[k], other.weight(k));
            }
        }

        /** The waiting charged for span k: its length, or its share of it. */
        long charged(int k) {
            return LockHolders.charged(to[k] - from[k], weight(k));
        }
    }

    /** A whole wait's share of its span in {@link Spans#weight}: fixed point, as the pileup rule counts joined waits. */
    static final int ONE = 1 << 16;

    /**
     * The share of its span a wait is charged: a wait as recorded all of it ({@link #ONE}); a joined wait
     * ({@link ContentionIntervals#joined}) spans gaps where the thread did not wait here, so each piece of it is
     * charged the share of the span the thread waited — its pieces add up to the time it waited, not to its span.
     */
    private int weight(int w) {
        long span = intervals.end(w) - intervals.start(w);
        long waited = intervals.waited(w);
        return waited >= span || span <= 0 ? ONE : (int) Math.max(1, Math.round((double) waited * ONE / span));
    }

    /** {@code nanos} of a span charged at {@code weight}. */
    static long charged(long nanos, int weight) {
        return weight == ONE ? nanos : Math.round((double) nanos * weight / ONE);
    }

    private static final Source[] SOURCES = Source.values();

    /**
     * The holds found so far: per holder the waiting charged to it (exact) and its strongest source, over the
     * spans it held the lock. In a queue of N waiters each hold is charged once per waiter — N pieces of one span —
     * so when the spans pass {@link #compactAt} they are compacted into each holder's union: memory stays bounded by
     * the distinct hold spans, not by pieces (64 waiters on a busy monitor make 10^7–10^8 pieces).
     */
    private static final class Holds {
        private long[] blocked = new long[16];
        private byte[] strongest = new byte[16];
        private final BitSet seen = new BitSet();
        private final Spans spans = new Spans();
        /**
         * Monitor queues whose holds are spans too: per acquisition its holder, from the earliest piece charged to it
         * to the acquisition ({@link Queue#earliest}, {@link Queue#holder}), read where they are — copied as spans
         * they took 20 bytes each more, as many as the acquisitions, while the queue's arrays were still held.
         */
        private final List<Queue> queues = new ArrayList<>();
        private int compactAt;

        Holds(int compactAt) {
            this.compactAt = compactAt;
        }
        private long total;

        void add(int thread, long from, long to, Source source) {
            add(thread, from, to, to - from, source);
        }

        /** A hold over [from, to) charged {@code nanos} of waiting (less than its length for a joined wait's piece). */
        void add(int thread, long from, long to, long nanos, Source source) {
            if (charge(thread, nanos, source)) {
                span(thread, from, to);
            }
        }

        /** Charges the waiting to the holder without its span (added apart); false if no thread is named. */
        boolean charge(int thread, long nanos, Source source) {
            if (thread < 0) {
                return false;
            }
            cover(thread);
            if (!seen.get(thread)) {
                seen.set(thread);
                strongest[thread] = (byte) SOURCES.length;
            }
            blocked[thread] += nanos;
            total += nanos;
            strongest[thread] = (byte) Math.min(strongest[thread], source.ordinal());
            return true;
        }

        /** Room for the thread in the per-thread arrays (their length bounds the threads {@link #unions} lays out). */
        private void cover(int thread) {
            if (thread >= blocked.length) {
                int grown = Math.max(thread + 1, blocked.length * 2);
                blocked = Arrays.copyOf(blocked, grown);
                strongest = Arrays.copyOf(strongest, grown);
            }
        }

        /** A span the thread held the lock over, charged ({@link #charge}) before the holders are summarized. */
        void span(int thread, long from, long to) {
            cover(thread); // a queue charges its holders when it is done: a span may come first
            spans.add(thread, from, to);
            if (spans.size >= compactAt) {
                compact();
                // still large after compaction: that many distinct holds; compact again only when it doubles
                compactAt = Math.max(compactAt, 2 * spans.size);
            }
        }

        long totalNanos() {
            return total;
        }

        /**
         * Another part's holds added to these: the waiting charged per holder (sums), the strongest source (the
         * least ordinal) and the spans (their union per holder is what counts, whatever their order).
         */
        void absorb(Holds other) {
            for (int t = other.seen.nextSetBit(0); t >= 0; t = other.seen.nextSetBit(t + 1)) {
                charge(t, other.blocked[t], SOURCES[other.strongest[t]]);
            }
            Spans spans = other.spans;
            reserve(spans.size);
            for (int k = 0; k < spans.size; k++) {
                span(spans.thread[k], spans.from[k], spans.to[k]);
            }
            queues.addAll(other.queues);
        }

        /** The queue's holds as spans of these ({@link #queues}); its holders charged already. */
        void add(Queue queue) {
            queues.add(queue);
        }

        /** Room for {@code more} spans (up to the next compaction, which keeps the arrays). */
        void reserve(int more) {
            spans.reserve((int) Math.min((long) spans.size + more, compactAt));
        }

        /** Each holder's spans replaced by their union. */
        void compact() {
            SpanUnion[] byThread = unions(false);
            spans.size = 0;
            queues.clear(); // in the unions now
            for (int t = 0; t < byThread.length; t++) {
                if (byThread[t] != null) {
                    for (int k = 0; k < byThread[t].size(); k++) {
                        spans.add(t, byThread[t].from(k), byThread[t].to(k));
                    }
                }
            }
        }

        /**
         * Per holder thread (null where none), the union of its spans: apart, in order. {@code last}: the spans are
         * not needed after, and are let go once laid out by thread, before the sorts and the unions are made.
         */
        SpanUnion[] unions(boolean last) {
            int maxThread = blocked.length - 1;
            int[] offset = offsetsByThread(maxThread);
            long[] starts = new long[offset[maxThread + 1]];
            long[] ends = new long[offset[maxThread + 1]];
            layOutByThread(offset, starts, ends);
            if (last) {
                spans.release();
                queues.clear();
            }
            // each holder's range sorted in place, all through one scratch as long as the largest
            int largest = 0;
            for (int t = 0; t <= maxThread; t++) {
                largest = Math.max(largest, offset[t + 1] - offset[t]);
            }
            long[] scratch = new long[largest];
            SpanUnion[] out = new SpanUnion[maxThread + 1];
            for (int t = 0; t <= maxThread; t++) {
                if (offset[t + 1] > offset[t]) {
                    out[t] = SpanUnion.of(starts, ends, offset[t], offset[t + 1], scratch);
                }
            }
            return out;
        }

        /** Where each holder's spans start when laid out by thread ({@code maxThread + 2} offsets). */
        private int[] offsetsByThread(int maxThread) {
            int[] offset = new int[maxThread + 2];
            for (int k = 0; k < spans.size; k++) {
                offset[spans.thread[k] + 1]++;
            }
            for (Queue queue : queues) {
                for (int h : queue.holder) {
                    if (h != Queue.EMPTY) {
                        offset[h + 1]++;
                    }
                }
            }
            for (int t = 0; t <= maxThread; t++) {
                offset[t + 1] += offset[t];
            }
            return offset;
        }

        /** The spans' starts and ends laid out by thread from {@code offset}, in their order within each. */
        private void layOutByThread(int[] offset, long[] starts, long[] ends) {
            int[] next = Arrays.copyOf(offset, offset.length - 1);
            for (int k = 0; k < spans.size; k++) {
                int t = spans.thread[k];
                starts[next[t]] = spans.from[k];
                ends[next[t]++] = spans.to[k];
            }
            for (Queue queue : queues) {
                int[] holder = queue.holder;
                for (int p = 0; p < holder.length; p++) {
                    int t = holder[p];
                    if (t != Queue.EMPTY) {
                        starts[next[t]] = queue.earliest[p];
                        ends[next[t]++] = queue.acquired[p];
                    }
                }
            }
        }
    }

    /** Hold spans kept before they are compacted into each holder's union (~20 bytes each). */
    static final int COMPACT_SPANS = 1 << 20;

    /**
     * The holders behind the waits at these contention sites ({@link ContentionSite#index()}). An answer is made
     * once and remembered. While another thread makes it, the asking thread makes an {@linkplain #expect expected}
     * one nobody has started rather than wait: the rules ask about a few sets of sites each, one by one, and an
     * answer takes a long loop over the waits, so two rules asking side by side make them on both cores.
     */
    public Result blockedBy(BitSet siteIndices) {
        FutureTask<Result> answer = answers.computeIfAbsent((BitSet) siteIndices.clone(), this::task);
        answer.run(); // nothing when another thread makes it or made it
        for (FutureTask<Result> other; !answer.isDone() && (other = expected.poll()) != null; ) {
            other.run();
        }
        try {
            helpUntilDone(answer);
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lock holders", e);
        }
    }

    /**
     * Says which sets of sites {@link #blockedBy} will be asked about (in the order given): a thread that would
     * wait for an answer another thread is making makes one of these instead. The answers are the same whoever
     * makes them, in whatever order; one expected and never asked for is made only by a thread that would wait.
     */
    public void expect(List<BitSet> siteSets) {
        for (BitSet sites : siteSets) {
            BitSet key = (BitSet) sites.clone();
            FutureTask<Result> answer = task(key);
            if (answers.putIfAbsent(key, answer) == null) {
                expected.add(answer);
            }
        }
    }

    private FutureTask<Result> task(BitSet siteIndices) {
        return new FutureTask<>(() -> holdersOf(siteIndices)) {
            @Override
            protected void done() {
                signal(); // a thread helping while it waits for this answer stops helping
            }
        };
    }

    /**
     * Until the answer is done (made by another thread), takes part in the loops of answers being made
     * ({@link #shared}) rather than wait: the rules ask for answers of unequal size, and the thread that has made
     * its own would otherwise wait through the end of the other's.
     */
    private void helpUntilDone(FutureTask<Result> answer) throws InterruptedException {
        while (!answer.isDone()) {
            SharedLoop<?> loop = sharedWithWork();
            if (loop != null) {
                loop.work();
                continue;
            }
            synchronized (signal) {
                if (!answer.isDone() && sharedWithWork() == null) {
                    signal.wait(); // woken when a loop is shared, an item is done or an answer is
                }
            }
        }
    }

    private SharedLoop<?> sharedWithWork() {
        for (SharedLoop<?> loop : sharing) {
            if (loop.hasWork()) {
                return loop;
            }
        }
        return null;
    }

    /** Wakes the threads waiting in {@link #helpUntilDone} or for a shared loop's last items. */
    private void signal() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private final Object signal = new Object();
    /** The loops of answers being made that threads waiting for an answer may take items of. */
    private final ConcurrentLinkedQueue<SharedLoop<?>> sharing = new ConcurrentLinkedQueue<>();

    /**
     * Runs {@code body} for items [0, count) on this thread and on any thread that waits for an answer meanwhile
     * ({@link #helpUntilDone}), each thread into an accumulator of its own; returns the accumulators (the calling
     * thread's first, none for a thread that took no item), after every item is done. The caller merges them, so a
     * body must give the same merged result however its items are spread.
     */
    <A> List<A> shared(int count, Supplier<A> fresh, ObjIntConsumer<A> body) {
        SharedLoop<A> loop = new SharedLoop<>(count, fresh, body);
        sharing.add(loop);
        signal();
        loop.work();
        sharing.remove(loop);
        synchronized (signal) {
            while (loop.done.get() < count) {
                try {
                    signal.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the lock holders were made", e);
                }
            }
        }
        if (loop.failure instanceof RuntimeException r) {
            throw r;
        }
        if (loop.failure instanceof Error e) {
            throw e;
        }
        return loop.accumulators;
    }

    /** A loop of {@link #shared}: its items are taken one at a time by whichever thread comes. */
    private final class SharedLoop<A> {
        final int count;
        final Supplier<A> fresh;
        final ObjIntConsumer<A> body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final List<A> accumulators = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile Throwable failure;

        SharedLoop(int count, Supplier<A> fresh, ObjIntConsumer<A> body) {
            this.count = count;
            this.fresh = fresh;
            this.body = body;
        }

        boolean hasWork() {
            return next.get() < count;
        }

        /**
         * Takes items until none is left. Once an item has failed the rest are only counted: an accumulator an
         * item left half-grown by an OutOfMemoryError would fail the next item with an index error, and the caller
         * would report that instead of the memory the analysis lacked.
         */
        void work() {
            A accumulator = null;
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    if (failure != null) {
                        continue;
                    }
                    if (accumulator == null || accumulatorPerItem) {
                        accumulator = fresh.get();
                        accumulators.add(accumulator);
                    }
                    body.accept(accumulator, i);
                } catch (RuntimeException | Error e) { // an OutOfMemoryError too: the caller rethrows it
                    synchronized (this) {
                        if (failure == null) {
                            failure = e;
                        }
                    }
                } finally {
                    if (done.incrementAndGet() == count) {
                        signal();
                    }
                }
            }
        }
    }

    /** Answers asked for or expected, made or not yet, by the sites asked about (a few per recording). */
    private final ConcurrentHashMap<BitSet, FutureTask<Result>> answers = new ConcurrentHashMap<>();
    /** Answers expected, in the order they were; a thread that would wait takes the next (one started does nothing). */
    private final ConcurrentLinkedQueue<FutureTask<Result>> expected = new ConcurrentLinkedQueue<>();

    /**
     * Each long loop of this (a wait, a piece, a sample at a time) is a method of its own: the JIT compiles each loop
     * alone, and what runs once per answer (the note, the summary) stays interpreted, where with the loops inline
     * it compiled the whole method once per loop and again after each trap on a branch it had not seen taken.
     */
    private Result holdersOf(BitSet siteIndices) {
        int[] waits = waitsAt(siteIndices);
        long waitNanos = timeWaited(waits);
        Charges charged = chargeToHolders(waits);
        Holds holds = charged.holds;
        Spans unexplained = charged.unexplained;
        // dumps, then samples, for what the monitor queues leave unexplained (what dumps do not, kept in place)
        long neverEnded = chargeFromDumps(unexplained, waits, holds);
        fromSamples(unexplained, waits, siteIndices, holds);
        unexplained.release(); // read no more: let go before the summary lays the holds out
        long explained = holds.totalNanos();
        long unexplainedNanos = Math.max(0, waitNanos - explained);
        List<Holder> holders = summarize(holds);
        String note = neverEnded * 2 > waitNanos
                ? "the waits never ended while the recording ran: whoever held the lock never released it (a deadlock, "
                        + "or a holder stuck itself); a thread dump (jdk.ThreadDump) would name it"
                : note(holders, waitNanos, unexplainedNanos, waits);
        return new Result(holders, waitNanos, unexplainedNanos, note);
    }

    /** The kept waits at these sites, in table order. */
    private int[] waitsAt(BitSet siteIndices) {
        int[] waits = new int[64];
        int count = 0;
        for (int i = 0; i < intervals.size(); i++) {
            if (siteIndices.get(intervals.site(i))) {
                if (count == waits.length) {
                    waits = Arrays.copyOf(waits, 2 * count);
                }
                waits[count++] = i;
            }
        }
        return Arrays.copyOf(waits, count);
    }

    /** The time the threads waited: a joined wait's share of its span, not the span. */
    private long timeWaited(int[] waits) {
        long nanos = 0;
        for (int w : waits) {
            nanos += Math.min(intervals.end(w) - intervals.start(w), intervals.waited(w));
        }
        return nanos;
    }

    /**
     * Charges each wait to the holders its monitor's queue names, piece by piece; a monitor wait without an address
     * to the owner it recorded; the rest into {@code unexplained}.
     */
    private Charges chargeToHolders(int[] waits) {
        int size = chargePart;
        int parts = (waits.length + size - 1) / size;
        // the first part's unexplained spans sized at once for the pieces to come, as when one thread charged them all;
        // a helper's grow as they come
        int unexplainedToCome = unexplainedToCome(waits, 0, waits.length);
        AtomicInteger made = new AtomicInteger();
        Supplier<Charges> fresh = () -> {
            Charges c = new Charges();
            if (made.getAndIncrement() == 0) {
                c.unexplained.reserve(unexplainedToCome);
            }
            return c;
        };
        List<Charges> charged = shared(parts, fresh, (c, part) ->
                chargeToHolders(waits, part * size, Math.min(waits.length, (part + 1) * size), c));
        Charges all = charged.isEmpty() ? new Charges() : charged.get(0);
        for (int k = 1; k < charged.size(); k++) {
            Charges c = charged.get(k);
            all.queueHolds.absorb(c.queueHolds, all.holds);
            all.holds.absorb(c.holds);
            all.unexplained.addAll(c.unexplained);
        }
        all.queueHolds.addTo(all.holds);
        all.queueHolds = null; // its per-acquisition arrays, the size of the queues, are in the holds now
        return all;
    }

    /**
     * Waits charged at a time by one thread in {@link #chargeToHolders}: a few thousand waits of the biggest answer,
     * ~20 ms of it (each wait cut at up to hundreds of acquisitions), so a thread that comes to help finds some.
     */
    static final int CHARGE_PART = 1024;

    /** What one thread charged of an answer's waits: the holders found so far and the pieces none explained. */
    private final class Charges {
        QueueHolds queueHolds = new QueueHolds();
        final Holds holds = new Holds(compactSpans);
        final Spans unexplained = new Spans();
    }

    /** The waits [from, to) of {@code waits} charged into {@code c}. */
    private void chargeToHolders(int[] waits, int from, int to, Charges c) {
        QueueHolds queueHolds = c.queueHolds;
        Holds holds = c.holds;
        Spans unexplained = c.unexplained;
        for (int k = from; k < to; k++) {
            int w = waits[k];
            long start = intervals.start(w);
            long end = intervals.end(w);
            int weight = weight(w);
            boolean monitor = sites.get(intervals.site(w)).kind() == ContentionKind.MONITOR_ENTER;
            int queue = monitor && intervals.address(w) != 0 ? queueOf.get(intervals.address(w)) : LongIntMap.MISSING;
            if (queue == LongIntMap.MISSING) {
                if (monitor && intervals.owner(w) != ThreadTable.NONE && intervals.owner(w) != intervals.thread(w)) {
                    // no address to order the waits by: the recorded owner for the whole wait, the best there is
                    holds.add(intervals.owner(w), start, end, charged(end - start, weight), Source.MONITOR_OWNER);
                } else {
                    unexplained.add(intervals.thread(w), start, end, weight);
                }
                continue;
            }
            charge(w, queueHolds.queue(queue), weight, queueHolds, holds, unexplained);
        }
    }

    /**
     * The unexplained pieces the waits will give, as far as counting them is cheap: a wait not in a monitor queue
     * (j.u.c. parks, waits without an address) adds one span whole, to the unexplained or to its recorded owner; a
     * queued wait that recorded no owner most often one — its first piece, when the acquisition ending it names none
     * either (a recorder that writes no previous owner: async-profiler's lock events); other queued waits few. Only
     * room: grown by doubling from the waits outside queues, the unexplained pieces of 368 k queued waits were held
     * three times over while copied, at the peak of a long async-profiler recording.
     */
    private int unexplainedToCome(int[] waits, int from, int to) {
        byte[] kindOfSite = this.kindOfSite;
        int monitorEnter = ContentionKind.MONITOR_ENTER.ordinal();
        int count = 0;
        for (int k = from; k < to; k++) {
            int w = waits[k];
            if (kindOfSite[intervals.site(w)] != monitorEnter || intervals.address(w) == 0
                    || intervals.owner(w) == ThreadTable.NONE) {
                count++;
            }
        }
        return count;
    }

    /**
     * Charges the unexplained pieces a thread dump explains; the others stay in {@code unexplained}, in order, but
     * those of waits that never ended, whose waiting is returned. Kept in place: a copy of most pieces (where dumps
     * are few) was 24 bytes a piece more while the answer was made.
     */
    private long chargeFromDumps(Spans unexplained, int[] waits, Holds holds) {
        long neverEnded = 0;
        int kept = 0;
        for (int k = 0; k < unexplained.size; k++) {
            int fromDump = fromDumps(unexplained.from[k], unexplained.to[k], unexplained.thread[k]);
            if (fromDump != ThreadTable.NONE) {
                holds.add(fromDump, unexplained.from[k], unexplained.to[k], unexplained.charged(k), Source.THREAD_DUMP);
            } else if (unexplained.to[k] >= openAfterNanos && sampledOnly(waits)) {
                // a wait that never ended: the holder never let go, so it is stuck too (or gone); a thread seen
                // running in the lock's code meanwhile is not it
                neverEnded += unexplained.charged(k);
            } else {
                unexplained.move(k, kept++);
            }
        }
        unexplained.size = kept;
        return neverEnded;
    }

    /**
     * The monitor queues the waits asked about are in, each copied out of the interval table in acquisition order
     * when first needed: a wait in a queue of N waiters is cut at the acquisitions around it, so each acquisition is
     * read about N times, from one array in order rather than through the table. And the hold spans they give, one
     * per acquisition and holder rather than one per piece: every piece of a wait ends at an acquisition (another
     * waiter's, or its own), so the pieces a holder is charged that end at one acquisition are one span, from the
     * earliest of them — kept as pieces they were sorted N times over. The waiting is charged piece by piece.
     */
    private final class QueueHolds {
        private final Queue[] queues = new Queue[queueFrom.length - 1];

        Queue queue(int q) {
            if (queues[q] == null) {
                queues[q] = new Queue(order(q));
            }
            return queues[q];
        }

        /**
         * Another part's charges added to these: the waiting per holder (sums), and per acquisition the holder
         * found there — a different one than these found is kept as a span of its own, as {@link Queue#add} keeps
         * a second holder at one acquisition, so each holder's union of spans is the same.
         */
        void absorb(QueueHolds other, Holds holds) {
            for (int t = 0; t < other.charged.length; t++) {
                if (other.charged[t]) {
                    charge(t, other.blocked[t]);
                }
            }
            for (int q = 0; q < queues.length; q++) {
                Queue theirs = other.queues[q];
                if (theirs == null) {
                    continue;
                }
                if (queues[q] == null) {
                    queues[q] = theirs;
                    continue;
                }
                queues[q].absorb(theirs, holds);
            }
        }

        /** Per holder thread, the waiting charged through the queues so far, and whether any was. */
        private long[] blocked = new long[64];
        private boolean[] charged = new boolean[64];

        /**
         * Charges the waiting to the holder, added to the holds once per holder by {@link #addTo} (a sum, the same in
         * any order): the queues make millions of pieces on the park-heavy file, where {@link Holds#charge} per piece
         * (its bit set, its strongest source) cost more than the piece's other work. False if no thread is named.
         */
        boolean charge(int thread, long nanos) {
            if (thread < 0) {
                return false;
            }
            if (thread >= blocked.length) {
                int grown = Math.max(thread + 1, blocked.length * 2);
                blocked = Arrays.copyOf(blocked, grown);
                charged = Arrays.copyOf(charged, grown);
            }
            blocked[thread] += nanos;
            charged[thread] = true;
            return true;
        }

        void addTo(Holds holds) {
            for (int t = 0; t < charged.length; t++) {
                if (charged[t]) {
                    holds.charge(t, blocked[t], Source.MONITOR_OWNER);
                }
            }
            for (Queue queue : queues) {
                if (queue != null) {
                    holds.add(queue);
                }
            }
        }
    }

    /**
     * Queue q's acquisitions copied out of the interval table ({@link QueueOrder}), made by the first answer that
     * needs them and read by every other: the park-heavy file's three monitor queues (147 k, 76 k and 31 k
     * acquisitions) were copied once per answer and part, 5 MB each time.
     */
    private QueueOrder order(int q) {
        QueueOrder order = orders.get(q);
        if (order == null) {
            order = new QueueOrder(q);
            if (!orders.compareAndSet(q, null, order)) {
                order = orders.get(q); // another thread made the same first
            }
        }
        return order;
    }

    private final AtomicReferenceArray<QueueOrder> orders;

    /** One monitor's waits in order of acquisition, read only once made. */
    private final class QueueOrder {
        /** Where the queue starts in {@link #queued}. */
        final int offset;
        /** Per position: when the waiter acquired the monitor, its thread, the owner that released it to it. */
        final long[] acquired;
        final int[] acquirer;
        final int[] owner;
        /** The acquirer as the holder of the next piece when that names no owner ({@link ThreadTable#NONE} for a carrier). */
        final int[] next;

        QueueOrder(int q) {
            offset = queueFrom[q];
            int size = queueFrom[q + 1] - offset;
            acquired = new long[size];
            acquirer = new int[size];
            owner = new int[size];
            next = new int[size];
            for (int p = 0; p < size; p++) {
                int j = queued[offset + p];
                acquired[p] = intervals.end(j);
                acquirer[p] = intervals.thread(j);
                owner[p] = intervals.owner(j);
                next[p] = carriers.get(Math.max(0, acquirer[p])) ? ThreadTable.NONE : acquirer[p];
            }
        }

        /** The first position whose acquisition is after {@code time}. */
        int firstAfter(long time) {
            int lo = 0;
            int hi = acquired.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (acquired[mid] <= time) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /** One monitor's waits in order of acquisition ({@link QueueOrder}), and the holds one part found ending at each. */
    private static final class Queue {
        private static final int EMPTY = Integer.MIN_VALUE;
        final QueueOrder order;
        final int offset;
        final long[] acquired;
        final int[] acquirer;
        final int[] owner;
        final int[] next;
        /** Per position: the earliest piece start charged to {@link #holder} ending there ({@link #EMPTY}: none). */
        final long[] earliest;
        final int[] holder;

        Queue(QueueOrder order) {
            this.order = order;
            offset = order.offset;
            acquired = order.acquired;
            acquirer = order.acquirer;
            owner = order.owner;
            next = order.next;
            earliest = new long[acquired.length];
            holder = new int[acquired.length];
            Arrays.fill(holder, EMPTY);
        }

        /** Another part's holds of the same queue added to these (see {@link QueueHolds#absorb}). */
        void absorb(Queue other, Holds holds) {
            for (int p = 0; p < holder.length; p++) {
                int theirs = other.holder[p];
                if (theirs != EMPTY) {
                    add(holds, p, theirs, other.earliest[p], acquired[p]);
                }
            }
        }

        /** The piece [from, to) of a wait ending at the acquisition at {@code p}, charged to {@code thread}. */
        void add(Holds holds, int p, int thread, long from, long to) {
            int h = holder[p];
            if (h == EMPTY) {
                holder[p] = thread;
                earliest[p] = from;
            } else if (h == thread) {
                earliest[p] = Math.min(earliest[p], from);
            } else {
                holds.span(thread, from, to); // another holder at the same acquisition: rare, kept as it is
            }
        }

        int firstAfter(long time) {
            return order.firstAfter(time);
        }
    }

    /** Whether the recording put waits of several (virtual) threads under this thread's name, at the same time. */
    public boolean carrier(int thread) {
        return thread >= 0 && carriers.get(thread);
    }

    /** Whether every one of these waits was rebuilt from wall-clock samples. */
    private boolean sampledOnly(int[] waits) {
        for (int w : waits) {
            if (!sites.get(intervals.site(w)).sampled()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Cuts wait {@code w} at the other waiters' acquisitions in its queue and charges each piece to the holder of
     * the moment, at the wait's {@code weight}.
     */
    private void charge(int w, Queue queue, int weight, QueueHolds charges, Holds holds, Spans unexplained) {
        long start = intervals.start(w);
        long end = intervals.end(w);
        int waiter = intervals.thread(w);
        long[] acquired = queue.acquired;
        int[] acquirer = queue.acquirer;
        int[] owner = queue.owner;
        int size = acquired.length;
        int k = queue.firstAfter(start);
        long pieceStart = start;
        int previousAcquirer = ThreadTable.NONE;
        for (; k < size && acquired[k] < end; k++) {
            if (acquirer[k] == waiter) {
                continue; // its own acquisition (w's is not before its end)
            }
            int holder = owner[k] != ThreadTable.NONE ? owner[k] : previousAcquirer;
            piece(charges, holds, queue, unexplained, k, holder, pieceStart, acquired[k], waiter, weight);
            pieceStart = acquired[k];
            previousAcquirer = queue.next[k];
        }
        while (queued[queue.offset + k] != w) { // the wait's own place among the acquisitions at its end
            k++;
        }
        int holder = owner[k] != ThreadTable.NONE ? owner[k] : previousAcquirer;
        piece(charges, holds, queue, unexplained, k, holder, pieceStart, end, waiter, weight);
    }

    /** A piece [from, to) of a wait that ends at the acquisition at {@code position} of its queue. */
    private static void piece(QueueHolds charges, Holds holds, Queue queue, Spans unexplained, int position,
                              int holder, long from, long to, int waiter, int weight) {
        if (to - from <= MIN_PIECE_NANOS) {
            return;
        }
        if (holder == ThreadTable.NONE || holder == waiter) {
            unexplained.add(waiter, from, to, weight);
        } else if (charges.charge(holder, charged(to - from, weight))) {
            queue.add(holds, position, holder, from, to);
        }
    }

    /**
     * The holder a dump taken during the piece names: the waiter waits there for a lock someone holds; else
     * {@link ThreadTable#NONE}.
     */
    private int fromDumps(long from, long to, int waiter) {
        List<ThreadDumps.Snapshot> snapshots = dumps.snapshots();
        if (snapshots.isEmpty()) {
            return ThreadTable.NONE; // most recordings: no iterator made per unexplained piece
        }
        for (ThreadDumps.Snapshot s : snapshots) {
            if (s.timeNanos() < from || s.timeNanos() > to) {
                continue;
            }
            ThreadDumps.DumpedThread t = s.thread(waiter);
            ThreadDumps.LockLine w = t == null ? null : t.waitingFor();
            if (w == null) {
                continue;
            }
            ThreadDumps.DumpedThread holder = s.holderOf(w.address());
            if (holder != null && holder.thread() != waiter) {
                return holder.thread();
            }
        }
        return ThreadTable.NONE;
    }

    /**
     * Threads sampled in the waiters' own classes while the waits went unexplained, not waiting themselves and not
     * trying to acquire a lock: the likely holders. Each unexplained piece goes to the thread sampled most inside it
     * (writers taking turns under a write lock each get their own turns).
     */
    private void fromSamples(Spans pieces, int[] waits, BitSet siteSet, Holds holds) {
        if (pieces.size == 0 || samples.size() == 0) {
            return;
        }
        java.util.Set<String> ownerClasses = ownerClasses(waits);
        if (ownerClasses.isEmpty()) {
            return;
        }
        SpanUnion merged = union(pieces);
        // thread by thread, a thread waiting for this answer taking some: each thread's candidates are where its
        // taker found them, put together in thread order as one thread finds them
        int threads = samples.threadCount();
        Candidates[] foundIn = new Candidates[threads];
        int[] foundFrom = new int[threads];
        int[] foundTo = new int[threads];
        shared(threads, () -> new Candidates(ownerClasses), (c, thread) -> {
            foundIn[thread] = c;
            foundFrom[thread] = c.size;
            c.addSamplesOf(thread, merged);
            foundTo[thread] = c.size;
        });
        Candidates candidates = new Candidates(ownerClasses);
        for (int thread = 0; thread < threads; thread++) {
            if (foundTo[thread] > foundFrom[thread]) {
                candidates.addAll(foundIn[thread], foundFrom[thread], foundTo[thread]);
            }
        }
        if (candidates.size < MIN_INFERENCE_SAMPLES) {
            return;
        }
        candidates.sortByTime();
        chargeToSampled(pieces, candidates, siteSet, holds);
    }

    /** The application classes the waiters wait in: the code that owns the lock. */
    private java.util.Set<String> ownerClasses(int[] waits) {
        // by contention site, each once: a site's waits all have its stack
        BitSet waitedAt = new BitSet();
        for (int w : waits) {
            waitedAt.set(intervals.site(w));
        }
        java.util.Set<String> ownerClasses = new java.util.HashSet<>();
        for (int c = waitedAt.nextSetBit(0); c >= 0; c = waitedAt.nextSetBit(c + 1)) {
            int site = features.site(sites.get(c).stack());
            if (site >= 0) {
                Frame f = stacks.frame(site);
                if (f.isApplicationCode()) {
                    ownerClasses.add(outerClass(f.className()));
                }
            }
        }
        return ownerClasses;
    }

    /** Each unexplained piece charged to the thread sampled most inside it, unless that thread waited there itself. */
    private void chargeToSampled(Spans pieces, Candidates candidates, BitSet siteSet, Holds holds) {
        // counted in an array by thread (a piece sees at most MAX_PIECE_SAMPLES samples; a recording may have a
        // million pieces), reset through the threads it touched
        // a part of the pieces at a time, a thread waiting for this answer taking some into holds of its own
        int size = chargePart;
        int parts = (pieces.size + size - 1) / size;
        // per piece, the thread it goes to (-1: none), found a part at a time by whichever thread comes, then charged in
        // piece order: 4 bytes a piece, where each part's holds with room for every piece took 20, twice over
        int[] chargedTo = new int[pieces.size];
        shared(parts, PieceCounters::new, (c, part) -> {
            for (int p = part * size; p < Math.min(pieces.size, (part + 1) * size); p++) {
                long pieceFrom = pieces.from[p];
                long pieceTo = pieces.to[p];
                int top = candidates.mostSampled(pieceFrom, pieceTo, pieces.thread[p], c.counts, c.touched);
                // a thread waiting for this lock through most of the piece did not hold it then
                chargedTo[p] = top >= 0 && 2 * waitedWithin(top, pieceFrom, pieceTo, siteSet) < pieceTo - pieceFrom
                        ? top : -1;
            }
        });
        int spans = 0;
        for (int top : chargedTo) {
            if (top >= 0) {
                spans++;
            }
        }
        holds.reserve(spans);
        for (int p = 0; p < pieces.size; p++) {
            if (chargedTo[p] >= 0) {
                holds.add(chargedTo[p], pieces.from[p], pieces.to[p], pieces.charged(p), Source.SAMPLES);
            }
        }
    }

    /** One thread's counters in {@link #chargeToSampled} (all zero between pieces). */
    private final class PieceCounters {
        final int[] counts = new int[samples.threadCount()];
        final int[] touched = new int[MAX_PIECE_SAMPLES];
    }

    /**
     * Candidate samples inside the unexplained time, as (time, thread): threads sampled in the lock's code, not
     * acquiring a lock and not in a recorded wait themselves. Found thread by thread, then ordered by time (of equal
     * times, by thread: the order they are found in).
     */
    private final class Candidates {
        private long[] times = new long[64];
        private int[] threads = new int[64];
        private int size;
        private final java.util.Set<String> ownerClasses;
        /** Per stack: 0 not looked at yet, 1 admissible (reaches the lock's code, not acquiring), 2 not. */
        private byte[] admissible = new byte[Math.max(16, stacks.stackCount())];
        /** Per frame: 0 not looked at yet, 1 application code in one of the owner classes, 2 not. */
        private byte[] ownerFrame = new byte[Math.max(16, stacks.frameCount())];

        Candidates(java.util.Set<String> ownerClasses) {
            this.ownerClasses = ownerClasses;
        }

        /** The thread's candidate samples inside the spans {@code merged} (apart, in order). */
        void addSamplesOf(int thread, SpanUnion merged) {
            int end = samples.end(thread);
            int i = samples.first(thread, merged.from(0));
            int p = 0;
            int spans = merged.size();
            while (i < end && p < spans) {
                long t = samples.time(i);
                if (t < merged.from(p)) {
                    i++;
                } else if (t > merged.to(p)) {
                    p++;
                } else {
                    if (admissible(Math.max(0, samples.stack(i))) && !waitingAt(thread, t)) {
                        add(t, thread);
                    }
                    i++;
                }
            }
        }

        private boolean admissible(int stack) {
            if (stack >= admissible.length) {
                admissible = Arrays.copyOf(admissible, Math.max(stack + 1, 2 * admissible.length));
            }
            if (admissible[stack] == 0) {
                admissible[stack] = (byte) (reachesOwner(stack) && !acquiring(stack) ? 1 : 2);
            }
            return admissible[stack] == 1;
        }

        /**
         * Whether a frame of the stack is application code in one of the owner classes, each frame judged once: an
         * async-profiler recording's sampled stacks are ~100 frames deep, tens of thousands of them, and the frames
         * only a few thousand.
         */
        private boolean reachesOwner(int stack) {
            for (int k = 0, depth = stacks.depth(stack); k < depth; k++) {
                int frame = stacks.frameId(stack, k);
                if (frame >= ownerFrame.length) {
                    ownerFrame = Arrays.copyOf(ownerFrame, Math.max(frame + 1, 2 * ownerFrame.length));
                }
                if (ownerFrame[frame] == 0) {
                    Frame f = stacks.frame(frame);
                    ownerFrame[frame] = (byte) (f.isApplicationCode() && ownerClasses.contains(outerClass(f.className())) ? 1 : 2);
                }
                if (ownerFrame[frame] == 1) {
                    return true;
                }
            }
            return false;
        }

        /** The candidates [from, to) another found, after these. */
        void addAll(Candidates other, int from, int to) {
            int more = to - from;
            if (size + more > times.length) {
                times = Arrays.copyOf(times, Math.max(size + more, 2 * times.length));
                threads = Arrays.copyOf(threads, times.length);
            }
            System.arraycopy(other.times, from, times, size, more);
            System.arraycopy(other.threads, from, threads, size, more);
            size += more;
        }

        private void add(long time, int thread) {
            if (size == times.length) {
                times = Arrays.copyOf(times, 2 * size);
                threads = Arrays.copyOf(threads, 2 * size);
            }
            times[size] = time;
            threads[size++] = thread;
        }

        void sortByTime() {
            int[] order = new int[size];
            for (int k = 0; k < size; k++) {
                order[k] = k;
            }
            IndexSort.sortByKey(order, 0, size, Arrays.copyOf(times, size));
            long[] byTime = new long[size];
            int[] threadByTime = new int[size];
            for (int k = 0; k < size; k++) {
                byTime[k] = times[order[k]];
                threadByTime[k] = threads[order[k]];
            }
            times = byTime;
            threads = threadByTime;
        }

        /**
         * The thread with the most candidate samples in [from, to], other than the waiter (of equal counts, the
         * lowest thread id), looking at {@link #MAX_PIECE_SAMPLES} at most; -1 if none. {@code counts} is all zero
         * before and after.
         */
        int mostSampled(long from, long to, int waiter, int[] counts, int[] touched) {
            int first = lowerBound(times, from);
            int touchedCount = 0;
            int top = -1;
            for (int k = first; k < times.length && times[k] <= to && k - first < MAX_PIECE_SAMPLES; k++) {
                int thread = threads[k];
                if (thread != waiter) {
                    if (counts[thread]++ == 0) {
                        touched[touchedCount++] = thread;
                    }
                    if (top < 0 || counts[thread] > counts[top] || counts[thread] == counts[top] && thread < top) {
                        top = thread;
                    }
                }
            }
            for (int k = 0; k < touchedCount; k++) {
                counts[touched[k]] = 0;
            }
            return top;
        }
    }

    private static int lowerBound(long[] times, long value) {
        return LongSort.firstAtLeast(times, 0, times.length, value);
    }

    /**
     * Per stack, whether it is {@link #acquiringOf acquiring} (0 not known yet, 1 yes, 2 no): every answer's
     * candidates ask it of the same sampled stacks. Threads making answers may both compute a stack's answer and
     * write it; the answer is the same, and a byte is written whole.
     */
    private final byte[] acquiringByStack;

    private boolean acquiring(int stack) {
        if (stack < 0 || stack >= acquiringByStack.length) {
            return acquiringOf(stack);
        }
        byte known = acquiringByStack[stack];
        if (known == 0) {
            known = (byte) (acquiringOf(stack) ? 1 : 2);
            acquiringByStack[stack] = known;
        }
        return known == 1;
    }

    /** Whether a sampled stack is itself acquiring a lock (parked or spinning in an AQS acquire): a waiter, not a holder. */
    private boolean acquiringOf(int stack) {
        if (SampledWaits.classify(stack, stacks).kind() != null) {
            return true; // a wall sample in a monitor enter, a park or a wait
        }
        int depth = Math.min(stacks.depth(stack), 12);
        for (int k = 0; k < depth; k++) {
            Frame f = stacks.frame(stacks.frameId(stack, k));
            if (f.className().startsWith("java.util.concurrent.locks.AbstractQueuedSynchronizer")
                    && f.methodName().startsWith("acquire")) {
                return true;
            }
            if (f.methodName().equals("park") && (f.className().endsWith("Unsafe") || f.className().endsWith("LockSupport"))) {
                return true;
            }
        }
        return false;
    }

    private static String outerClass(String className) {
        int inner = className.indexOf('$');
        return inner < 0 ? className : className.substring(0, inner);
    }

    /** How long {@code thread} itself waited at these sites within [from, to]. */
    private long waitedWithin(int thread, long from, long to, BitSet siteSet) {
        int[] own = waitsByThread.get(thread);
        long waited = 0;
        if (own == null) {
            return 0;
        }
        for (int k = firstReaching(reachByThread.get(thread), from); k < own.length; k++) {
            int i = own[k];
            if (intervals.start(i) > to) {
                break;
            }
            if (siteSet.get(intervals.site(i))) {
                waited += Math.max(0, Math.min(to, intervals.end(i)) - Math.max(from, intervals.start(i)));
            }
        }
        return waited;
    }

    /** Whether {@code thread} was itself in a recorded wait at {@code time}. */
    private boolean waitingAt(int thread, long time) {
        int[] own = waitsByThread.get(thread);
        if (own == null) {
            return false;
        }
        for (int k = firstReaching(reachByThread.get(thread), time); k < own.length; k++) {
            int i = own[k];
            if (intervals.start(i) > time) {
                return false;
            }
            if (intervals.end(i) >= time) {
                return true;
            }
        }
        return false;
    }

    /** The union of all the spans: apart, in order (touching spans are one). */
    private static SpanUnion union(Spans spans) {
        return SpanUnion.of(Arrays.copyOf(spans.from, spans.size), Arrays.copyOf(spans.to, spans.size), 0, spans.size,
                new long[spans.size]);
    }

    /** Per holder: the waiting charged, the strongest source, and what its samples and own waits say it did. */
    private List<Holder> summarize(Holds holds) {
        SpanUnion[] held = holds.unions(true);
        int[] threads = new int[held.length];
        int count = 0;
        for (int t = 0; t < held.length; t++) {
            if (held[t] != null) {
                threads[count++] = t;
            }
        }
        // each holder described apart (its samples, its own waits): a thread waiting for this answer takes some
        Holder[] described = new Holder[count];
        shared(count, () -> described, (d, i) -> {
            int t = threads[i];
            d[i] = describe(t, holds.blocked[t], SOURCES[holds.strongest[t]], held[t]);
        });
        List<Holder> out = new ArrayList<>(Arrays.asList(described));
        out.sort(Comparator.comparingLong(Holder::blockedNanos).reversed().thenComparingInt(Holder::thread));
        return out;
    }

    /** A holder's samples inside its holds: how many per stack, in all, and how many of them CPU samples. */
    private record SamplesInHolds(Map<Integer, Integer> byStack, int count, int cpu) {
    }

    /** The thread's samples inside its holds (merged: apart, in order); a loop in its own method, for the JIT. */
    private SamplesInHolds samplesInHolds(int thread, SpanUnion held) {
        Map<Integer, Integer> byStack = new HashMap<>();
        int inHold = 0;
        int cpu = 0;
        int end = samples.end(thread);
        int spans = held.size();
        int i = spans == 0 ? end : samples.first(thread, held.from(0));
        int p = 0;
        while (i < end && p < spans) {
            long t = samples.time(i);
            if (t < held.from(p)) {
                i++;
            } else if (t > held.to(p)) {
                p++;
            } else {
                byStack.merge(samples.stack(i), 1, Integer::sum);
                inHold++;
                if (!samples.isWall(i)) {
                    cpu++;
                }
                i++;
            }
        }
        return new SamplesInHolds(byStack, inHold, cpu);
    }

    private Holder describe(int thread, long blocked, Source source, SpanUnion held) {
        SamplesInHolds inHolds = samplesInHolds(thread, held);
        Map<Integer, Integer> byStack = inHolds.byStack();
        int inHold = inHolds.count();
        int cpu = inHolds.cpu();
        int stack = StackTable.UNKNOWN;
        int stackSamples = 0;
        if (!byStack.isEmpty()) {
            // group by (site, innermost method): inlining and line numbers split one activity into many stacks
            Map<String, Integer> byActivity = new HashMap<>();
            Map<String, Integer> bestStack = new HashMap<>();
            for (Map.Entry<Integer, Integer> s : byStack.entrySet()) {
                String activity = activity(s.getKey());
                byActivity.merge(activity, s.getValue(), Integer::sum);
                Integer best = bestStack.get(activity);
                if (best == null || byStack.get(best) < s.getValue()
                        || (byStack.get(best).equals(s.getValue()) && s.getKey() < best)) {
                    bestStack.put(activity, s.getKey());
                }
            }
            String top = byActivity.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
            stack = bestStack.get(top);
            stackSamples = byActivity.get(top);
        } else if (source == Source.THREAD_DUMP) {
            stack = dumpStack(thread, held);
        }
        String state = state(thread, held, inHold, cpu, stack);
        return new Holder(thread, blocked, source, state, stack, inHold, stackSamples, held);
    }

    private int dumpStack(int thread, SpanUnion held) {
        for (ThreadDumps.Snapshot s : dumps.snapshots()) {
            for (int k = 0; k < held.size(); k++) {
                if (s.timeNanos() >= held.from(k) && s.timeNanos() <= held.to(k)) {
                    ThreadDumps.DumpedThread t = s.thread(thread);
                    if (t != null) {
                        return t.stack();
                    }
                }
            }
        }
        return StackTable.UNKNOWN;
    }

    /**
     * Per stack, its {@link #activity} once made: each holder of each answer names the activities of its sampled
     * stacks, and the same stacks come back holder after holder (issue 16). Shared by the threads making answers.
     */
    private final AtomicReferenceArray<String> activities;

    private String activity(int stack) {
        if (stack < 0 || stack >= activities.length()) {
            return activityOf(stack);
        }
        String known = activities.get(stack);
        if (known == null) {
            known = activityOf(stack);
            activities.set(stack, known); // two threads making it both make the same
        }
        return known;
    }

    private String activityOf(int stack) {
        int site = features.site(stack);
        String siteName = site < 0 ? "" : stacks.frame(site).qualifiedMethod();
        return siteName + " " + innermostJava(stack);
    }

    /** The innermost Java frame's method (native and VM frames of async-profiler stacks skipped), or "". */
    String innermostJava(int stack) {
        int depth = stacks.depth(stack);
        for (int k = 0; k < depth; k++) {
            Frame f = stacks.frame(stacks.frameId(stack, k));
            if (f.type().isJava() && !f.className().isEmpty()) {
                return f.qualifiedMethod();
            }
        }
        return "";
    }

    /** What the holder was doing: its own recorded waits over its holds first, else its samples, else its stack. */
    private String state(int thread, SpanUnion held, int inHold, int cpu, int stack) {
        long heldNanos = held.totalNanos();
        long[] waited = waitedByKind(thread, held);
        long most = Arrays.stream(waited).max().orElse(0);
        if (heldNanos > 0 && most * 2 > heldNanos) {
            if (most == waited[ContentionKind.PARK.ordinal()]) {
                return "parked";
            }
            return most == waited[ContentionKind.MONITOR_WAIT.ordinal()] ? "waiting" : "blocked";
        }
        if (cpu > 0 && cpu * 2 >= inHold) {
            return "running";
        }
        if (stack != StackTable.UNKNOWN) {
            return stateOfFrames(stack, inHold > 0);
        }
        return "unknown";
    }

    /** The thread's own recorded waiting within its holds, per {@link ContentionKind} (by ordinal). */
    private long[] waitedByKind(int thread, SpanUnion held) {
        long[] waited = new long[ContentionKind.values().length];
        int[] own = waitsByThread.get(thread);
        if (own == null) {
            return waited;
        }
        byte[] kindOfSite = this.kindOfSite;
        ContentionIntervals intervals = this.intervals;
        int n = own.length;
        // the holds are merged (apart, in order), the waits in order of start: a sweep. A wait joins the active ones
        // when a hold ends after it starts, and stays while it reaches past the hold (it may overlap the next);
        // one that ended by then cannot. Each wait is looked at once plus once per hold it overlaps — the scan from
        // the first wait reaching the hold looked again at every short wait after a long (joined) one: on the
        // park-heavy file 28.9 M waits looked at for 0.64 M overlaps.
        int[] active = new int[16];
        int live = 0;
        int holds = held.size();
        int next = holds == 0 ? n : firstReaching(reachByThread.get(thread), held.from(0));
        for (int h = 0; h < holds; h++) {
            long from = held.from(h);
            long to = held.to(h);
            // the waits starting before the hold ends join the active ones, then each active wait is charged its
            // overlap and stays while it reaches past the hold
            for (; next < n && intervals.start(own[next]) < to; next++) {
                if (intervals.end(own[next]) <= from) {
                    continue; // over before this hold, so before every later one: never active (issue 16)
                }
                if (live == active.length) {
                    active = Arrays.copyOf(active, live * 2);
                }
                active[live++] = next;
            }
            int kept = 0;
            for (int a = 0; a < live; a++) {
                int k = active[a];
                int i = own[k];
                long end = intervals.end(i);
                long overlap = Math.min(to, end) - Math.max(from, intervals.start(i));
                if (overlap > 0) {
                    // a joined wait spans gaps it did not wait in: its share of the overlap, as pieces are charged
                    waited[kindOfSite[intervals.site(i)]] += charged(overlap, weight(i));
                }
                if (end > to) {
                    active[kept++] = k;
                }
            }
            live = kept;
        }
        return waited;
    }

    /** The state a stack's innermost frames show (a wall sample or a dump): sleeping, I/O, parked, waiting. */
    String stateOfFrames(int stack, boolean sampled) {
        int depth = Math.min(stacks.depth(stack), 6);
        for (int k = 0; k < depth; k++) {
            Frame f = stacks.frame(stacks.frameId(stack, k));
            String m = f.qualifiedMethod();
            if (m.equals("java.lang.Thread.sleep") || m.equals("java.lang.Thread.sleep0")) {
                return "sleeping";
            }
            if (m.startsWith("sun.nio.ch.") || m.startsWith("java.net.") || m.contains("socketRead")
                    || m.endsWith(".read0") || m.endsWith(".epollWait") || m.startsWith("java.io.FileInputStream.read")) {
                return "io";
            }
            if (m.equals("jdk.internal.misc.Unsafe.park") || m.equals("sun.misc.Unsafe.park")) {
                return "parked";
            }
            if (m.equals("java.lang.Object.wait") || m.equals("java.lang.Object.wait0")) {
                return "waiting";
            }
        }
        return sampled ? "running" : "unknown";
    }

    private String note(List<Holder> holders, long waitNanos, long unexplainedNanos, int[] waits) {
        if (waitNanos == 0) {
            return "";
        }
        if (holders.isEmpty() || unexplainedNanos * 2 > waitNanos) {
            StringBuilder why = new StringBuilder();
            if (!anyMonitorEnter(waits)) {
                why.append("a java.util.concurrent park names no owner");
            } else if (!anyAddress(waits)) {
                why.append("the monitor events carry no address and no owner");
            } else {
                why.append("the monitor events name no owner for the waits");
            }
            if (dumps.dumps() == 0) {
                why.append(", and the recording has no thread dumps: enable jdk.ThreadDump with a period "
                        + "(e.g. jdk.ThreadDump#period=10s) so a dump catches the holder");
            } else {
                why.append(", and no thread dump was taken during the waits: a shorter jdk.ThreadDump period "
                        + "(e.g. 10 s) would catch the holder");
            }
            if (samples.size() == 0) {
                why.append("; execution samples (jdk.ExecutionSample) would show threads inside the critical section");
            }
            return why.toString();
        }
        return "";
    }

    private boolean anyMonitorEnter(int[] waits) {
        for (int w : waits) {
            if (sites.get(intervals.site(w)).kind() == ContentionKind.MONITOR_ENTER) {
                return true;
            }
        }
        return false;
    }

    private boolean anyAddress(int[] waits) {
        for (int w : waits) {
            if (intervals.address(w) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Sample width drawn when the next sample of the thread is further away: JFR's default period, 20 ms. */
    static final long SAMPLE_SPAN_NANOS = 20_000_000L;
    /** Holder lanes at most: the heaviest holders, each charged at least {@link #MIN_LANE_HOLDER_SHARE} of the waits. */
    static final int MAX_HOLDER_LANES = 4;
    static final double MIN_LANE_HOLDER_SHARE = 0.01;

    /**
     * One lane per holder and waiter of the waits at these sites, at most {@code maxLanes}: holders first, then
     * waiters by time waited. Each of {@code buckets} equal buckets over [{@code startNanos}, {@code endNanos}) holds
     * the state the thread spent most of it in — blocked, parked or waiting from its recorded waits (at any site),
     * sleeping and I/O from {@code activities}, running from its CPU samples, and from wall samples the state their frames show (sleeping, I/O, parked,
     * waiting, else running; a wall sample inside a recorded wait is left to the wait) — and whether a holder held
     * the lock then. Work: one pass over the kept waits plus the lanes' samples.
     */
    public ThreadLanes lanes(BitSet siteIndices, long startNanos, long endNanos, int maxLanes, int buckets,
                             ThreadActivities activities) {
        long span = Math.max(1, endNanos - startNanos);
        long bucketNanos = Math.max(1, (span + buckets - 1) / buckets);
        Map<Integer, Long> waited = new HashMap<>();
        for (int i = 0; i < intervals.size(); i++) {
            if (siteIndices.get(intervals.site(i))) {
                waited.merge(intervals.thread(i), intervals.waited(i), Long::sum);
            }
        }
        List<Holder> holders = new ArrayList<>();
        if (!waited.isEmpty()) {
            Result r = blockedBy(siteIndices);
            for (Holder h : r.holders()) {
                if (holders.size() < MAX_HOLDER_LANES && h.blockedNanos() >= MIN_LANE_HOLDER_SHARE * r.waitNanos()) {
                    holders.add(h);
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        holders.forEach(h -> order.add(h.thread()));
        waited.entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).filter(t -> !order.contains(t)).forEach(order::add);
        int shown = Math.min(order.size(), maxLanes);
        Map<Integer, Integer> laneOf = new HashMap<>();
        for (int l = 0; l < shown; l++) {
            laneOf.put(order.get(l), l);
        }
        long[][][] time = new long[shown][buckets][ThreadLanes.State.values().length];
        for (int i = 0; i < intervals.size(); i++) {
            Integer lane = laneOf.get(intervals.thread(i));
            if (lane != null) {
                ThreadLanes.State state = switch (sites.get(intervals.site(i)).kind()) {
                    case MONITOR_ENTER -> ThreadLanes.State.BLOCKED;
                    case PARK -> ThreadLanes.State.PARKED;
                    case MONITOR_WAIT -> ThreadLanes.State.WAITING;
                };
                spread(time[lane], state.ordinal(), intervals.start(i), intervals.end(i), startNanos, bucketNanos);
            }
        }
        for (int i = 0; i < activities.size(); i++) {
            Integer lane = laneOf.get(activities.thread(i));
            if (lane != null) {
                ThreadLanes.State state = activities.activity(i) == org.jfrtriage.analyzer.event.ThreadActivity.SLEEP
                        ? ThreadLanes.State.SLEEPING : ThreadLanes.State.IO;
                spread(time[lane], state.ordinal(), activities.start(i), activities.end(i), startNanos, bucketNanos);
            }
        }
        for (int l = 0; l < shown; l++) {
            addSamples(order.get(l), time[l], startNanos, bucketNanos);
        }
        List<ThreadLanes.Lane> lanes = new ArrayList<>(shown);
        for (int l = 0; l < shown; l++) {
            int thread = order.get(l);
            byte[] states = new byte[buckets];
            for (int b = 0; b < buckets; b++) {
                int best = ThreadLanes.NONE;
                long most = 0;
                for (int s = 0; s < time[l][b].length; s++) {
                    if (time[l][b][s] > most) {
                        most = time[l][b][s];
                        best = s;
                    }
                }
                states[b] = (byte) best;
            }
            boolean[] held = new boolean[buckets];
            long heldNanos = 0;
            if (l < holders.size()) {
                heldNanos = holders.get(l).blockedNanos();
                SpanUnion h = holders.get(l).held();
                for (int k = 0; k < h.size(); k++) {
                    int from = bucket(h.from(k), startNanos, bucketNanos, buckets);
                    int to = bucket(Math.max(h.from(k), h.to(k) - 1), startNanos, bucketNanos, buckets);
                    for (int b = from; b <= to; b++) {
                        held[b] = true;
                    }
                }
            }
            lanes.add(new ThreadLanes.Lane(thread, l < holders.size(), waited.getOrDefault(thread, 0L), heldNanos, states, held));
        }
        return new ThreadLanes(startNanos, bucketNanos, buckets, lanes, order.size() - shown);
    }

    /** A lane's samples: CPU samples are running; wall samples are what their frames show, unless a wait covers them. */
    private void addSamples(int thread, long[][] time, long startNanos, long bucketNanos) {
        int[] own = waitsByThread.getOrDefault(thread, new int[0]);
        int w = 0;
        long waitEnd = Long.MIN_VALUE; // the latest end among the waits started so far
        int end = samples.end(thread);
        for (int i = samples.first(thread, Long.MIN_VALUE); i < end; i++) {
            long t = samples.time(i);
            long next = i + 1 < end ? samples.time(i + 1) : Long.MAX_VALUE;
            long to = t + Math.min(SAMPLE_SPAN_NANOS, Math.max(0, next - t));
            ThreadLanes.State state = ThreadLanes.State.RUNNING;
            if (samples.isWall(i)) {
                while (w < own.length && intervals.start(own[w]) <= t) {
                    waitEnd = Math.max(waitEnd, intervals.end(own[w]));
                    w++;
                }
                if (waitEnd >= t) {
                    continue;
                }
                state = switch (stateOfFrames(samples.stack(i), true)) {
                    case "sleeping" -> ThreadLanes.State.SLEEPING;
                    case "io" -> ThreadLanes.State.IO;
                    case "parked" -> ThreadLanes.State.PARKED;
                    case "waiting" -> ThreadLanes.State.WAITING;
                    default -> ThreadLanes.State.RUNNING;
                };
            }
            spread(time, state.ordinal(), t, Math.max(to, t + 1), startNanos, bucketNanos);
        }
    }

    /** Adds [from, to) to the buckets it overlaps. */
    private static void spread(long[][] time, int state, long from, long to, long startNanos, long bucketNanos) {
        int buckets = time.length;
        long lo = Math.max(from, startNanos);
        long hi = Math.min(to, startNanos + bucketNanos * buckets);
        for (long t = lo; t < hi; ) {
            int b = (int) ((t - startNanos) / bucketNanos);
            long bucketEnd = startNanos + (b + 1) * bucketNanos;
            long until = Math.min(hi, bucketEnd);
            time[b][state] += until - t;
            t = until;
        }
    }

    private static int bucket(long time, long startNanos, long bucketNanos, int buckets) {
        return (int) Math.max(0, Math.min(buckets - 1, (time - startNanos) / bucketNanos));
    }
}
