package org.jfrtriage.analyzer.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.table.Frame;
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
 * <p>Immutable once built; queries are read-only, so rules may ask from several threads.
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
     */
    public record Holder(int thread, long blockedNanos, Source source, String state, int stack, int samples,
                         int stackSamples) {
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
    /** Monitor-enter intervals by address, each group sorted by end (acquisition) time. */
    private final Map<Long, int[]> monitorQueues = new HashMap<>();
    private final long openAfterNanos;
    /**
     * Threads recorded in two waits at once, which no platform thread can be: a recorder that names a virtual
     * thread's wait after its carrier (async-profiler's lock profiler does). Such a name says nothing of who held
     * the lock, so it is never charged as the previous acquirer.
     */
    private final BitSet carriers = new BitSet();
    /** Two waits of one thread overlapping by more than this are two threads under one name. */
    private static final long OVERLAP_NANOS = 1_000_000L;
    /** Overlapping waits (at least this many, and a tenth of the thread's waits) that make a name a carrier's. */
    static final int MIN_CARRIER_OVERLAPS = 3;
    /** Per thread, its non-idle waits sorted by start (for its own state while holding). */
    private final Map<Integer, int[]> waitsByThread = new HashMap<>();

    LockHolders(ContentionIntervals intervals, List<ContentionSite> sites, ThreadSamples samples, ThreadDumps dumps,
                StackTable stacks, StackFeatures features) {
        this(intervals, sites, samples, dumps, stacks, features, Long.MAX_VALUE);
    }

    /**
     * @param openAfterNanos a wait rebuilt from samples that lasts to this time or later never ended while the
     *                       recording ran ({@link SampledWaits.Wait#open()}); samples never name its holder
     */
    LockHolders(ContentionIntervals intervals, List<ContentionSite> sites, ThreadSamples samples, ThreadDumps dumps,
                StackTable stacks, StackFeatures features, long openAfterNanos) {
        this.openAfterNanos = openAfterNanos;
        this.intervals = intervals;
        this.sites = sites;
        this.samples = samples;
        this.dumps = dumps;
        this.stacks = stacks;
        this.features = features;
        Map<Long, List<Integer>> byAddress = new HashMap<>();
        Map<Integer, List<Integer>> byThread = new HashMap<>();
        for (int i = 0; i < intervals.size(); i++) {
            byThread.computeIfAbsent(intervals.thread(i), t -> new ArrayList<>()).add(i);
            if (intervals.address(i) != 0 && sites.get(intervals.site(i)).kind() == ContentionKind.MONITOR_ENTER) {
                byAddress.computeIfAbsent(intervals.address(i), a -> new ArrayList<>()).add(i);
            }
        }
        byAddress.forEach((address, list) -> monitorQueues.put(address, list.stream()
                .sorted(Comparator.comparingLong(intervals::end)).mapToInt(Integer::intValue).toArray()));
        byThread.forEach((thread, list) -> waitsByThread.put(thread, list.stream()
                .sorted(Comparator.comparingLong(intervals::start)).mapToInt(Integer::intValue).toArray()));
        waitsByThread.forEach((thread, own) -> {
            long lastEnd = Long.MIN_VALUE;
            int overlapping = 0;
            for (int i : own) {
                if (intervals.start(i) + OVERLAP_NANOS < lastEnd) {
                    overlapping++;
                }
                lastEnd = Math.max(lastEnd, intervals.end(i));
            }
            // a stray overlap is a recorder's clock; many are several threads under one name
            if (thread >= 0 && overlapping >= MIN_CARRIER_OVERLAPS && overlapping * 10 >= own.length) {
                carriers.set(thread);
            }
        });
    }

    /** A hold: {@code thread} held the lock over [from, to) while someone waited. */
    private record Hold(int thread, long from, long to, Source source) {
    }

    /** The holders behind the waits at these contention sites ({@link ContentionSite#index()}). */
    public Result blockedBy(BitSet siteIndices) {
        List<Integer> waits = new ArrayList<>();
        for (int i = 0; i < intervals.size(); i++) {
            if (siteIndices.get(intervals.site(i))) {
                waits.add(i);
            }
        }
        long waitNanos = 0;
        List<Hold> holds = new ArrayList<>();
        List<long[]> unexplained = new ArrayList<>(); // [from, to, waiter]
        boolean anyAddress = false;
        boolean monitors = false;
        for (int w : waits) {
            long start = intervals.start(w);
            long end = intervals.end(w);
            waitNanos += end - start;
            boolean monitor = sites.get(intervals.site(w)).kind() == ContentionKind.MONITOR_ENTER;
            monitors |= monitor;
            int[] queue = monitor && intervals.address(w) != 0 ? monitorQueues.get(intervals.address(w)) : null;
            anyAddress |= intervals.address(w) != 0;
            if (queue == null) {
                if (monitor && intervals.owner(w) != ThreadTable.NONE && intervals.owner(w) != intervals.thread(w)) {
                    // no address to order the waits by: the recorded owner for the whole wait, the best there is
                    holds.add(new Hold(intervals.owner(w), start, end, Source.MONITOR_OWNER));
                } else {
                    unexplained.add(new long[] {start, end, intervals.thread(w)});
                }
                continue;
            }
            charge(w, queue, holds, unexplained);
        }
        // dumps, then samples, for what the monitor queues leave unexplained
        List<long[]> still = new ArrayList<>();
        long neverEnded = 0;
        for (long[] piece : unexplained) {
            Hold fromDump = fromDumps(piece, waits);
            if (fromDump != null) {
                holds.add(fromDump);
            } else if (piece[1] >= openAfterNanos && sampledOnly(waits)) {
                // a wait that never ended: the holder never let go, so it is stuck too (or gone); a thread seen
                // running in the lock's code meanwhile is not it
                neverEnded += piece[1] - piece[0];
            } else {
                still.add(piece);
            }
        }
        List<Hold> inferred = fromSamples(still, waits, siteIndices);
        holds.addAll(inferred);
        long explained = 0;
        for (Hold h : holds) {
            explained += h.to - h.from;
        }
        long unexplainedNanos = Math.max(0, waitNanos - explained);
        List<Holder> holders = summarize(holds);
        String note = neverEnded * 2 > waitNanos
                ? "the waits never ended while the recording ran: whoever held the lock never released it (a deadlock, "
                        + "or a holder stuck itself); a thread dump (jdk.ThreadDump) would name it"
                : note(holders, waitNanos, unexplainedNanos, monitors, anyAddress);
        return new Result(holders, waitNanos, unexplainedNanos, note);
    }

    /** Whether the recording put waits of several (virtual) threads under this thread's name, at the same time. */
    public boolean carrier(int thread) {
        return thread >= 0 && carriers.get(thread);
    }

    /** Whether every one of these waits was rebuilt from wall-clock samples. */
    private boolean sampledOnly(List<Integer> waits) {
        for (int w : waits) {
            if (!sites.get(intervals.site(w)).sampled()) {
                return false;
            }
        }
        return true;
    }

    /** Cuts wait {@code w} at the other waiters' acquisitions and charges each piece to the holder of the moment. */
    private void charge(int w, int[] queue, List<Hold> holds, List<long[]> unexplained) {
        long start = intervals.start(w);
        long end = intervals.end(w);
        int waiter = intervals.thread(w);
        int first = firstEndAfter(queue, start);
        long pieceStart = start;
        int previousAcquirer = ThreadTable.NONE;
        for (int k = first; k < queue.length && intervals.end(queue[k]) < end; k++) {
            int j = queue[k];
            if (j == w || intervals.thread(j) == waiter) {
                continue;
            }
            long acquired = intervals.end(j);
            int holder = intervals.owner(j) != ThreadTable.NONE ? intervals.owner(j) : previousAcquirer;
            piece(holds, unexplained, holder, pieceStart, acquired, waiter);
            pieceStart = acquired;
            previousAcquirer = carriers.get(Math.max(0, intervals.thread(j))) ? ThreadTable.NONE : intervals.thread(j);
        }
        int holder = intervals.owner(w) != ThreadTable.NONE ? intervals.owner(w) : previousAcquirer;
        piece(holds, unexplained, holder, pieceStart, end, waiter);
    }

    private static void piece(List<Hold> holds, List<long[]> unexplained, int holder, long from, long to, int waiter) {
        if (to - from <= MIN_PIECE_NANOS) {
            return;
        }
        if (holder == ThreadTable.NONE || holder == waiter) {
            unexplained.add(new long[] {from, to, waiter});
        } else {
            holds.add(new Hold(holder, from, to, Source.MONITOR_OWNER));
        }
    }

    private int firstEndAfter(int[] queue, long time) {
        int lo = 0;
        int hi = queue.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (intervals.end(queue[mid]) <= time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A dump taken during the piece in which the waiter waits for a lock of the waits' class and someone holds it. */
    private Hold fromDumps(long[] piece, List<Integer> waits) {
        int waiter = (int) piece[2];
        for (ThreadDumps.Snapshot s : dumps.snapshots()) {
            if (s.timeNanos() < piece[0] || s.timeNanos() > piece[1]) {
                continue;
            }
            ThreadDumps.DumpedThread t = s.thread(waiter);
            ThreadDumps.LockLine w = t == null ? null : t.waitingFor();
            if (w == null) {
                continue;
            }
            ThreadDumps.DumpedThread holder = s.holderOf(w.address());
            if (holder != null && holder.thread() != waiter) {
                return new Hold(holder.thread(), piece[0], piece[1], Source.THREAD_DUMP);
            }
        }
        return null;
    }

    /**
     * Threads sampled in the waiters' own classes while the waits went unexplained, not waiting themselves and not
     * trying to acquire a lock: the likely holders. Each unexplained piece goes to the thread sampled most inside it
     * (writers taking turns under a write lock each get their own turns).
     */
    private List<Hold> fromSamples(List<long[]> pieces, List<Integer> waits, BitSet siteSet) {
        if (pieces.isEmpty() || samples.size() == 0) {
            return List.of();
        }
        // the application classes the waiters wait in: the code that owns the lock
        java.util.Set<String> ownerClasses = new java.util.HashSet<>();
        for (int w : waits) {
            int site = features.site(sites.get(intervals.site(w)).stack());
            if (site >= 0) {
                Frame f = stacks.frame(site);
                if (f.isApplicationCode()) {
                    ownerClasses.add(outerClass(f.className()));
                }
            }
        }
        if (ownerClasses.isEmpty()) {
            return List.of();
        }
        long[][] merged = merge(pieces);
        // candidate samples inside the unexplained time, as (time, thread), then ordered by time
        List<long[]> candidates = new ArrayList<>();
        Map<Integer, Boolean> admissible = new HashMap<>();
        for (int thread = 0; thread < samples.threadCount(); thread++) {
            int end = samples.end(thread);
            int i = samples.first(thread, merged[0][0]);
            int p = 0;
            while (i < end && p < merged.length) {
                long t = samples.time(i);
                if (t < merged[p][0]) {
                    i++;
                } else if (t > merged[p][1]) {
                    p++;
                } else {
                    boolean ok = admissible.computeIfAbsent(samples.stack(i), st -> reaches(st, ownerClasses) && !acquiring(st));
                    if (ok && !waitingAt(thread, t)) {
                        candidates.add(new long[] {t, thread});
                    }
                    i++;
                }
            }
        }
        if (candidates.size() < MIN_INFERENCE_SAMPLES) {
            return List.of();
        }
        candidates.sort(Comparator.comparingLong(c -> c[0]));
        long[] times = new long[candidates.size()];
        for (int k = 0; k < times.length; k++) {
            times[k] = candidates.get(k)[0];
        }
        List<Hold> holds = new ArrayList<>();
        Map<Integer, Integer> counts = new HashMap<>();
        for (long[] piece : pieces) {
            int from = lowerBound(times, piece[0]);
            counts.clear();
            for (int k = from; k < times.length && times[k] <= piece[1] && k - from < MAX_PIECE_SAMPLES; k++) {
                int thread = (int) candidates.get(k)[1];
                if (thread != piece[2]) {
                    counts.merge(thread, 1, Integer::sum);
                }
            }
            if (counts.isEmpty()) {
                continue;
            }
            int top = counts.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
            // a thread waiting for this lock through most of the piece did not hold it then
            if (2 * waitedWithin(top, piece[0], piece[1], siteSet) < piece[1] - piece[0]) {
                holds.add(new Hold(top, piece[0], piece[1], Source.SAMPLES));
            }
        }
        return holds;
    }

    private static int lowerBound(long[] times, long value) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Whether a sampled stack is itself acquiring a lock (parked or spinning in an AQS acquire): a waiter, not a holder. */
    private boolean acquiring(int stack) {
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

    private boolean reaches(int stack, java.util.Set<String> classes) {
        int depth = stacks.depth(stack);
        for (int k = 0; k < depth; k++) {
            Frame f = stacks.frame(stacks.frameId(stack, k));
            if (f.isApplicationCode() && classes.contains(outerClass(f.className()))) {
                return true;
            }
        }
        return false;
    }

    /** How long {@code thread} itself waited at these sites within [from, to]. */
    private long waitedWithin(int thread, long from, long to, BitSet siteSet) {
        int[] own = waitsByThread.get(thread);
        long waited = 0;
        if (own == null) {
            return 0;
        }
        for (int i : own) {
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
        for (int i : own) {
            if (intervals.start(i) > time) {
                return false;
            }
            if (intervals.end(i) >= time) {
                return true;
            }
        }
        return false;
    }

    private static long[][] merge(List<long[]> pieces) {
        long[][] sorted = pieces.stream().map(p -> new long[] {p[0], p[1]}).sorted(Comparator.comparingLong(p -> p[0]))
                .toArray(long[][]::new);
        List<long[]> out = new ArrayList<>();
        for (long[] p : sorted) {
            if (!out.isEmpty() && p[0] <= out.get(out.size() - 1)[1]) {
                out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], p[1]);
            } else {
                out.add(p);
            }
        }
        return out.toArray(long[][]::new);
    }

    /** Per holder: the waiting charged, the strongest source, and what its samples and own waits say it did. */
    private List<Holder> summarize(List<Hold> holds) {
        Map<Integer, List<Hold>> byThread = new HashMap<>();
        for (Hold h : holds) {
            byThread.computeIfAbsent(h.thread, t -> new ArrayList<>()).add(h);
        }
        List<Holder> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Hold>> e : byThread.entrySet()) {
            int thread = e.getKey();
            long blocked = 0;
            Source source = Source.SAMPLES;
            List<long[]> spans = new ArrayList<>();
            for (Hold h : e.getValue()) {
                blocked += h.to - h.from;
                if (h.source.ordinal() < source.ordinal()) {
                    source = h.source;
                }
                spans.add(new long[] {h.from, h.to, thread});
            }
            long[][] held = merge(spans);
            out.add(describe(thread, blocked, source, held));
        }
        out.sort(Comparator.comparingLong(Holder::blockedNanos).reversed().thenComparingInt(Holder::thread));
        return out;
    }

    private Holder describe(int thread, long blocked, Source source, long[][] held) {
        Map<Integer, Integer> byStack = new HashMap<>();
        int inHold = 0;
        int cpu = 0;
        int end = samples.end(thread);
        int i = held.length == 0 ? end : samples.first(thread, held[0][0]);
        int p = 0;
        while (i < end && p < held.length) {
            long t = samples.time(i);
            if (t < held[p][0]) {
                i++;
            } else if (t > held[p][1]) {
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
        return new Holder(thread, blocked, source, state, stack, inHold, stackSamples);
    }

    private int dumpStack(int thread, long[][] held) {
        for (ThreadDumps.Snapshot s : dumps.snapshots()) {
            for (long[] h : held) {
                if (s.timeNanos() >= h[0] && s.timeNanos() <= h[1]) {
                    ThreadDumps.DumpedThread t = s.thread(thread);
                    if (t != null) {
                        return t.stack();
                    }
                }
            }
        }
        return StackTable.UNKNOWN;
    }

    private String activity(int stack) {
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
    private String state(int thread, long[][] held, int inHold, int cpu, int stack) {
        long heldNanos = 0;
        for (long[] h : held) {
            heldNanos += h[1] - h[0];
        }
        long[] waited = new long[ContentionKind.values().length];
        int[] own = waitsByThread.getOrDefault(thread, new int[0]);
        for (int i : own) {
            for (long[] h : held) {
                long overlap = Math.min(h[1], intervals.end(i)) - Math.max(h[0], intervals.start(i));
                if (overlap > 0) {
                    waited[sites.get(intervals.site(i)).kind().ordinal()] += overlap;
                }
            }
        }
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

    /** The state a stack's innermost frames show (a wall sample or a dump): sleeping, I/O, parked, waiting. */
    private String stateOfFrames(int stack, boolean sampled) {
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

    private String note(List<Holder> holders, long waitNanos, long unexplainedNanos, boolean monitors, boolean anyAddress) {
        if (waitNanos == 0) {
            return "";
        }
        if (holders.isEmpty() || unexplainedNanos * 2 > waitNanos) {
            StringBuilder why = new StringBuilder();
            if (!monitors) {
                why.append("a java.util.concurrent park names no owner");
            } else if (!anyAddress) {
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
}
