package org.jfrtriage.rules.playbook;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.profile.AveragedWaits;
import org.jfrtriage.analyzer.profile.ContentionIntervals;
import org.jfrtriage.analyzer.profile.ContentionSite;
import org.jfrtriage.analyzer.table.IndexSort;
import org.jfrtriage.analyzer.table.LongIntMap;
import org.jfrtriage.analyzer.table.LongSort;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;
import org.jfrtriage.rules.model.Units;

/**
 * Step 1, who is stuck: the most threads blocked or parked at one site at the same moment, held for at least
 * {@link #MIN_PILEUP_MILLIS} — the JVM twin of goroutines piling up behind one mutex. Counts locks and waits for
 * another party (a pool, a loader, a future); idle threads waiting for work are excluded.
 */
public final class ThreadPileupRule extends PlaybookRule<ThreadPileupRule.Group> {

    public static final String KIND = "thread-pileup";

    static final Threshold SUSTAINED_THREADS = new Threshold("thread-pileup.threads",
            "threads waiting at one site at the same time, for at least 100 ms", "threads", 3, 5, 10,
            "three threads queued at once is a queue forming; ten means a request pool is mostly stuck");
    /**
     * thread-pileup.critical-share: critical takes the pileup (3+ threads waiting at the site) lasting this share
     * of the recording — a tenth of it is the incident being recorded; a shorter burst is worth a look, not a page.
     */
    static final double CRITICAL_SHARE_PERCENT = 10;
    /** A pileup must last this long to count: blips of coinciding waits are normal under load. */
    static final long MIN_PILEUP_MILLIS = 100;
    private static final int THREAD_ROWS = 20;

    /** Intervals and sites of one (site method, waited-on class). */
    static final class Group {
        final String lockClass;
        final WaitCategory category;
        final ContentionKind kind;
        int[] intervals = new int[16];
        int size;
        ContentionSite heaviest;
        long nanos;
        /** Measured: the most threads that waited together for MIN_PILEUP_MILLIS (the step function is not kept). */
        int sustained;
        /** The group's waits averaged over buckets where some found no room to be kept one by one; else null. */
        Averaged averaged;
        int peak;
        long peakAt;
        /** Whether the peak is an average over a bucket rather than a count at one moment. */
        boolean peakAveraged;
        long pileupNanos;
        /** The contention sites ({@link ContentionSite#index()}) of the group. */
        final BitSet sites = new BitSet();

        Group(ContentionSite first) {
            lockClass = first.lockClass();
            category = first.category();
            kind = first.kind();
        }

        void add(int interval) {
            if (size == intervals.length) {
                intervals = Arrays.copyOf(intervals, size * 2);
            }
            intervals[size++] = interval;
        }

        /** The intervals' array cut to the waits added (grown by doubling, it may be twice that). */
        void trim() {
            if (size < intervals.length) {
                intervals = Arrays.copyOf(intervals, size);
            }
        }
    }

    /**
     * The step function of concurrent waiters: segment i spans [times[i], times[i+1]) with counts[i] / {@link #ONE}
     * waiters — a wait as recorded counts one, a joined wait the share of its span the thread waited.
     */
    private record Concurrency(long[] times, long[] counts, int segments) {
        int threads(int i) {
            return (int) (counts[i] / ONE);
        }

        /** The first segment with the most threads waiting, or -1 if no segment has a whole thread waiting. */
        int firstPeak() {
            int at = -1;
            int most = 0;
            for (int i = 0; i < segments; i++) {
                if (threads(i) > most) {
                    most = threads(i);
                    at = i;
                }
            }
            return at;
        }
    }

    /** One waiting thread in {@link Concurrency#counts}: fixed point, so whole threads add up exactly. */
    private static final long ONE = 1L << 16;

    /**
     * Threads waiting at once, averaged per bucket, over the time where some waits were only averaged
     * ({@link AveragedWaits}): those and the group's kept waits in that time, added up per bucket.
     */
    static final class Averaged {
        final long bucketNanos;
        final long from;
        final long to;
        final long waits;
        long[] buckets = new long[64];
        double[] threads;
        int n;
        private long[] waited = new long[64];
        private final LongIntMap slots = new LongIntMap(64);

        private Averaged(AveragedWaits averaged) {
            bucketNanos = averaged.bucketNanos();
            from = Math.floorDiv(averaged.firstNanos(), bucketNanos) * bucketNanos;
            to = (Math.floorDiv(averaged.lastNanos() - 1, bucketNanos) + 1) * bucketNanos;
            waits = averaged.waits();
        }

        static Averaged of(Group g, ContentionIntervals intervals) {
            AveragedWaits averaged = intervals.averaged();
            Averaged a = new Averaged(averaged);
            averaged.forEach(g.sites, (start, nanos) -> a.add(Math.floorDiv(start, a.bucketNanos), nanos));
            a.addKept(g, intervals);
            a.finish();
            return a;
        }

        /** The group's kept waits in the averaged time, added to its buckets (a loop in its own method, for the JIT). */
        private void addKept(Group g, ContentionIntervals intervals) {
            for (int k = 0; k < g.size; k++) {
                int i = g.intervals[k];
                long start = Math.max(from, intervals.start(i));
                long end = Math.min(to, intervals.end(i));
                long span = intervals.end(i) - intervals.start(i);
                // a joined wait spreads the time the thread waited in it over its span
                double share = span <= 0 ? 1 : Math.min(1.0, (double) intervals.waited(i) / span);
                for (long t = start; t < end; ) {
                    long b = Math.floorDiv(t, bucketNanos);
                    long next = Math.min(end, (b + 1) * bucketNanos);
                    add(b, share == 1 ? next - t : Math.round((next - t) * share));
                    t = next;
                }
            }
        }

        private void add(long bucket, long nanos) {
            int slot = slots.get(bucket);
            if (slot == LongIntMap.MISSING) {
                if (n == buckets.length) {
                    buckets = Arrays.copyOf(buckets, n * 2);
                    waited = Arrays.copyOf(waited, n * 2);
                }
                buckets[n] = bucket;
                waited[n] = 0;
                slot = n++;
                slots.put(bucket, slot);
            }
            waited[slot] += nanos;
        }

        private void finish() {
            int[] order = IndexSort.byKey(Arrays.copyOf(buckets, n));
            long[] sorted = new long[n];
            threads = new double[n];
            for (int k = 0; k < n; k++) {
                sorted[k] = buckets[order[k]];
                threads[k] = (double) waited[order[k]] / bucketNanos;
            }
            buckets = sorted;
            waited = null;
        }

        /** The largest k such that k or more threads waited on average in every bucket of a run of minNanos. */
        int sustained(long minNanos) {
            long need = Math.max(1, (minNanos + bucketNanos - 1) / bucketNanos);
            int low = 0;
            int high = (int) Math.floor(peak());
            while (low < high) {
                int k = (low + high + 1) / 2;
                if (longestRun(k) >= need) {
                    low = k;
                } else {
                    high = k - 1;
                }
            }
            return low;
        }

        private long longestRun(int k) {
            long best = 0;
            long run = 0;
            for (int i = 0; i < n; i++) {
                run = threads[i] >= k ? (i > 0 && buckets[i] == buckets[i - 1] + 1 && threads[i - 1] >= k ? run + 1 : 1) : 0;
                best = Math.max(best, run);
            }
            return best;
        }

        double peak() {
            double peak = 0;
            for (int i = 0; i < n; i++) {
                peak = Math.max(peak, threads[i]);
            }
            return peak;
        }

        long peakAt() {
            int at = 0;
            for (int i = 1; i < n; i++) {
                if (threads[i] > threads[at]) {
                    at = i;
                }
            }
            return n == 0 ? from : buckets[at] * bucketNanos;
        }

        /** Time in buckets where k or more threads waited on average. */
        long nanosAtLeast(double k) {
            long count = 0;
            for (int i = 0; i < n; i++) {
                if (threads[i] >= k) {
                    count++;
                }
            }
            return count * bucketNanos;
        }
    }

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHO_IS_STUCK,
            "Peak number of threads blocked or parked at one site at the same time",
            List.of("jdk.JavaMonitorEnter", "jdk.ThreadPark", "jdk.JavaMonitorWait", "profiler.WallClockSample"),
            List.of(SUSTAINED_THREADS),
            List.of("thread-pileup.critical-share: critical also takes the pileup (3+ threads waiting at the site) lasting " + (int) CRITICAL_SHARE_PERCENT + "% of the recording or more (CRITICAL_SHARE_PERCENT); a shorter burst is at most a warning, however many threads it held.",
                "A pileup counts only if the threads waited together for at least " + MIN_PILEUP_MILLIS + " ms without a gap (MIN_PILEUP_MILLIS).",
                "Every wait of the recording counts, in bounded memory: up to a million intervals are kept one by one (past that, a thread's close waits at one code site are joined where it waited at least half the time, and a joined wait counts by the share of its span the thread waited); waits that still find no room are averaged per site over buckets of 10 ms (longer when even those run out), where threads waiting at once is an average over the bucket — the finding says so, and which threads waited is known only from the kept waits.",
                "Idle threads (pool workers between tasks, consumers at the top of their loop, JDK service threads) are never counted; waits for another party (pool, queue, future) are.",
                "Wall-clock samples (async-profiler event=wall) count too: a thread sampled at least " + org.jfrtriage.analyzer.profile.SampledWaits.MIN_RUN_SAMPLES_PUBLIC + " times in a row in a monitor enter, a park or Object.wait at one site (no two samples more than 2.5 sampling periods apart) waited there from its first such sample to its last; waits a recorded event already covers are not counted twice, a wait still going at the end of the recording is left to the deadlock rule, and the evidence says the waits were rebuilt from samples and their resolution.",
                "Waits without a stack trace, waits whose stack has no application frame and waits of the JVM's own threads (Common-Cleaner, Reference Handler, JFR, RMI, …) are never judged; the check says how much was left out, and is not applicable when no wait had a stack."));

    public ThreadPileupRule() {
        super(SPEC, "no blocking events in the recording: enable jdk.JavaMonitorEnter, jdk.ThreadPark and "
                + "jdk.JavaMonitorWait (settings=default has them; async-profiler: event=lock, or wall-clock samples with event=wall)");
    }

    @Override
    public boolean usesLockHolders() {
        return true; // the holders of each lock it reports (HolderEvidence)
    }

    @Override
    protected List<Group> candidates(Evaluation e) {
        Sites sites = e.sites();
        JudgeableWaits judgeable = e.waits();
        List<ContentionSite> contention = e.profile().contention();
        Group[] groupOfSite = new Group[contention.size()];
        Map<String, Group> groups = new LinkedHashMap<>();
        for (ContentionSite c : contention) {
            if (c.neverEnded() || c.category() == WaitCategory.IDLE || !judgeable.admit(c)) {
                continue;
            }
            Group g = groups.computeIfAbsent(sites.siteKey(c.stack()) + "|" + c.lockClass(), k -> new Group(c));
            g.nanos += c.totalNanos();
            if (g.heaviest == null || c.totalNanos() > g.heaviest.totalNanos()) {
                g.heaviest = c;
            }
            groupOfSite[c.index()] = g;
            g.sites.set(c.index());
        }
        addWaits(groupOfSite, e.profile().intervals(), judgeable);
        for (Group g : groups.values()) {
            g.trim(); // kept through the describing, while the lock holders are made
        }
        return new ArrayList<>(groups.values());
    }

    /**
     * Each kept wait into its site's group, but the JVM's own threads' waits. A loop over up to a million waits in a
     * method of its own: the JIT compiles this loop alone rather than the whole run-once {@link #candidates}.
     */
    private static void addWaits(Group[] groupOfSite, ContentionIntervals intervals, JudgeableWaits judgeable) {
        for (int i = 0; i < intervals.size(); i++) {
            Group g = groupOfSite[intervals.site(i)];
            if (g != null && !judgeable.isHousekeepingThread(intervals.thread(i))) {
                g.add(i);
            }
        }
    }

    @Override
    protected void measure(Group g, Evaluation e, Scores scores) {
        ContentionIntervals intervals = e.profile().intervals();
        boolean someAveraged = intervals.averaged() != null && intervals.averaged().covers(g.sites);
        if (g.size < SUSTAINED_THREADS.info() && !someAveraged) {
            return; // fewer waits than the info limit of threads: no pileup to measure
        }
        // the step function is measured and dropped: kept per group, two arrays of up to two million longs each
        // stayed through the describing, while the lock holders are made (a 4-minute async-profiler recording)
        Concurrency c = concurrency(g, intervals);
        g.sustained = sustainedPeak(c, MIN_PILEUP_MILLIS * 1_000_000L);
        int peak = c.firstPeak();
        if (peak >= 0) {
            g.peak = c.threads(peak);
            g.peakAt = c.times[peak];
        }
        g.pileupNanos = pileupNanos(c, 0, 0);
        if (someAveraged) {
            // where waits were averaged, the averages (of every wait there) speak; elsewhere the kept waits do
            Averaged a = Averaged.of(g, intervals);
            g.averaged = a;
            g.sustained = Math.max(g.sustained, a.sustained(MIN_PILEUP_MILLIS * 1_000_000L));
            g.pileupNanos = pileupNanos(c, a.from, a.to) + a.nanosAtLeast(SUSTAINED_THREADS.info());
            int averagedPeak = (int) Math.floor(a.peak());
            if (averagedPeak > g.peak) {
                g.peak = averagedPeak;
                g.peakAt = a.peakAt();
                g.peakAveraged = true;
            }
        }
        double share = 100.0 * g.pileupNanos / 1e9 / e.seconds();
        // many threads at once is the measure; critical also takes the pileup lasting, not a burst
        scores.judgeAtMost(SUSTAINED_THREADS, g.sustained,
                share >= CRITICAL_SHARE_PERCENT ? Scores.UNCAPPED : Scores.AT_MOST_WARNING);
    }

    @Override
    protected String notJudged(Evaluation e, List<Group> groups) {
        return e.waits().stackless(groups.isEmpty(), "blocking events",
                "jdk.JavaMonitorEnter, jdk.ThreadPark and jdk.JavaMonitorWait");
    }

    @Override
    protected String ok(Evaluation e, List<Group> groups) {
        return String.format("no site had %d or more threads waiting at once for %d ms", (int) SUSTAINED_THREADS.info(),
                MIN_PILEUP_MILLIS) + e.waits().leftOut();
    }

    @Override
    protected String found(Evaluation e, List<Finding> findings) {
        ContentionIntervals intervals = e.profile().intervals();
        return Units.count(findings.size(), "pileup", "pileups") + e.waits().leftOut()
                + (intervals.joinGapNanos() > 0 ? "; " + joinedNote(intervals) : "");
    }

    /** What joining did to the intervals, in words: the pileup figures are exact to the gap it closed. */
    static String joinedNote(ContentionIntervals intervals) {
        return String.format(java.util.Locale.ROOT, "each thread's waits at one site less than %d ms apart were joined "
                + "where it waited at least half the time (%,d waits kept as %,d intervals); a joined wait counts as "
                + "the share of its span the thread waited, so threads waiting at once are averages over such gaps",
                intervals.joinGapNanos() / 1_000_000L, intervals.recorded(), intervals.size());
    }

    /** What averaging did, in words: from when, per how long, and what is not known there. */
    static String averagedNote(Averaged a) {
        return String.format(java.util.Locale.ROOT, "%,d of the recording's waits found no room to be kept one by one and were averaged "
                + "per %d ms at their site: from %s on, threads waiting at once are averages over %d ms (every wait "
                + "counted), and which threads waited is known only from the kept waits",
                a.waits, a.bucketNanos / 1_000_000L,
                Instant.ofEpochSecond(0, a.from).truncatedTo(ChronoUnit.MILLIS).toString().substring(11),
                a.bucketNanos / 1_000_000L);
    }

    /**
     * The group's step function. Each long loop is a method of its own: this one runs once per group, and its loops
     * over up to a million waits, inline, made the JIT compile (and, on an untaken branch, recompile) all of it.
     */
    private static Concurrency concurrency(Group g, ContentionIntervals intervals) {
        int size = g.size;
        long[] starts = new long[size];
        long[] ends = new long[size];
        long[] weights = new long[size];
        readWaits(g, intervals, starts, ends, weights);
        long[] startWeights;
        long[] endWeights;
        long origin = Math.min(IndexSort.least(starts), IndexSort.least(ends));
        long range = Math.max(IndexSort.greatest(starts), IndexSort.greatest(ends)) - origin;
        if (size > 0 && range >= 0 && range < 1L << (63 - WEIGHT_BITS)) {
            // each time above the first, with its weight in the low bits: two radix sorts of longs, not two merge sorts
            // of indices (at equal times the order does not matter, the count after them all is kept)
            packWeights(starts, weights, origin);
            packWeights(ends, weights, origin);
            // one scratch for both sorts, then the end weights: each written whole before it is read
            long[] scratch = new long[size];
            LongSort.sort(starts, 0, size, scratch);
            LongSort.sort(ends, 0, size, scratch);
            startWeights = weights; // free again: every weight is packed under its times
            endWeights = scratch;
            unpackWeights(starts, startWeights, origin);
            unpackWeights(ends, endWeights, origin);
        } else { // times too far apart to pack: sorted as indices
            int[] byStart = IndexSort.byKey(starts);
            int[] byEnd = IndexSort.byKey(ends);
            startWeights = inOrder(weights, byStart);
            endWeights = inOrder(weights, byEnd);
            starts = inOrder(starts, byStart);
            ends = inOrder(ends, byEnd);
        }
        return sweep(starts, startWeights, ends, endWeights);
    }

    /**
     * Each wait's start, end and weight: a wait as recorded counts {@link #ONE}; a joined wait spans gaps where the
     * thread did not wait, so it counts by the share of its span it waited.
     */
    private static void readWaits(Group g, ContentionIntervals intervals, long[] starts, long[] ends, long[] weights) {
        for (int i = 0; i < g.size; i++) {
            int interval = g.intervals[i];
            starts[i] = intervals.start(interval);
            ends[i] = intervals.end(interval);
            long span = ends[i] - starts[i];
            long waited = intervals.waited(interval);
            weights[i] = waited >= span || span <= 0 ? ONE : Math.max(1, Math.round((double) waited * ONE / span));
        }
    }

    /** Bits of a weight (at most {@link #ONE}) packed under a time in {@link #concurrency}'s sort. */
    private static final int WEIGHT_BITS = 17;
    private static final long WEIGHT_MASK = (1L << WEIGHT_BITS) - 1;

    /** Each time replaced by its distance from {@code origin} with the weight in the low {@link #WEIGHT_BITS}. */
    private static void packWeights(long[] times, long[] weights, long origin) {
        for (int i = 0; i < times.length; i++) {
            times[i] = (times[i] - origin) << WEIGHT_BITS | weights[i];
        }
    }

    /** The packed times (sorted) back to times, their weights into {@code weights}, in the same order. */
    private static void unpackWeights(long[] packed, long[] weights, long origin) {
        for (int i = 0; i < packed.length; i++) {
            weights[i] = packed[i] & WEIGHT_MASK;
            packed[i] = (packed[i] >>> WEIGHT_BITS) + origin;
        }
    }

    private static long[] inOrder(long[] values, int[] order) {
        long[] out = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    /** The step function of waits whose starts and ends are each sorted, with their weights in the same order. */
    private static Concurrency sweep(long[] starts, long[] startWeights, long[] ends, long[] endWeights) {
        int size = starts.length;
        long[] times = new long[2 * size + 1];
        long[] counts = new long[2 * size + 1];
        int n = 0;
        long current = 0;
        int s = 0;
        int e = 0;
        while (s < size || e < size) {
            // at equal times ends go first: back-to-back waits do not overlap
            boolean takeEnd = s >= size || (e < size && ends[e] <= starts[s]);
            long t;
            if (takeEnd) {
                t = ends[e];
                current -= endWeights[e++];
            } else {
                t = starts[s];
                current += startWeights[s++];
            }
            if (n > 0 && times[n - 1] == t) {
                counts[n - 1] = current;
            } else {
                times[n] = t;
                counts[n] = current;
                n++;
            }
        }
        return new Concurrency(times, counts, n);
    }

    /** The largest k such that at least k threads waited together, without a gap, for {@code minNanos}. */
    private static int sustainedPeak(Concurrency c, long minNanos) {
        int peak = 0;
        for (int i = 0; i < c.segments; i++) {
            peak = Math.max(peak, c.threads(i));
        }
        int low = 0;
        int high = peak;
        while (low < high) { // sustained(k) is monotone in k: binary search
            int k = (low + high + 1) / 2;
            if (longestRun(c, k) >= minNanos) {
                low = k;
            } else {
                high = k - 1;
            }
        }
        return low;
    }

    private static long longestRun(Concurrency c, int k) {
        long best = 0;
        long runStart = -1;
        for (int i = 0; i < c.segments - 1; i++) {
            if (c.counts[i] >= k * ONE) {
                if (runStart < 0) {
                    runStart = c.times[i];
                }
                best = Math.max(best, c.times[i + 1] - runStart);
            } else {
                runStart = -1;
            }
        }
        return best;
    }

    /**
     * Time during which at least {@code SUSTAINED_THREADS.info()} threads waited at the site, outside
     * [{@code skipFrom}, {@code skipTo}) (the time averaged buckets speak for).
     */
    private static long pileupNanos(Concurrency c, long skipFrom, long skipTo) {
        long nanos = 0;
        for (int i = 0; i < c.segments - 1; i++) {
            if (c.counts[i] >= SUSTAINED_THREADS.info() * ONE) {
                long from = c.times[i];
                long to = c.times[i + 1];
                long skipped = skipTo <= skipFrom ? 0 : Math.max(0, Math.min(to, skipTo) - Math.max(from, skipFrom));
                nanos += to - from - skipped;
            }
        }
        return nanos;
    }

    /**
     * The threads that waited in the group into {@code all}, those waiting at its peak into {@code atPeak}. A loop
     * over up to a million waits in a method of its own: compiled alone, it leaves the run-once {@link #describe}
     * (its words and evidence) to the interpreter, where one OSR compile used to take the whole method.
     */
    private static void waiters(Group g, ContentionIntervals intervals, BitSet all, BitSet atPeak) {
        for (int i = 0; i < g.size; i++) {
            int interval = g.intervals[i];
            int thread = intervals.thread(interval);
            if (thread < 0) {
                continue; // the thread was not in the readable part of a damaged recording
            }
            all.set(thread);
            if (intervals.start(interval) <= g.peakAt && intervals.end(interval) > g.peakAt) {
                atPeak.set(thread);
            }
        }
    }

    /** The holders each reported lock pileup will ask for (waits for a pool or a future have none). */
    @Override
    protected void beforeDescribe(List<Group> judged, Evaluation e) {
        List<BitSet> locks = judged.stream().filter(g -> g.category == WaitCategory.LOCK).map(g -> g.sites).toList();
        if (!locks.isEmpty()) {
            e.profile().lockHolders().expect(locks);
        }
    }

    @Override
    protected Finding.Builder describe(Group g, Evaluation e, Scores scores) {
        int sustained = g.sustained;
        Sites sites = e.sites();
        int peak = g.peak;
        long peakAt = g.peakAt;
        long pileupNanos = g.pileupNanos;
        ContentionIntervals intervals = e.profile().intervals();
        BitSet all = new BitSet();
        BitSet atPeak = new BitSet();
        waiters(g, intervals, all, atPeak);
        // more waits at once than thread names: carriers (the averaged count has no names to compare with)
        boolean underCarriers = !g.peakAveraged && peak > all.cardinality();
        int stack = g.heaviest.stack();
        SiteRef site = sites.site(stack);
        String lockName = Sites.lockDisplayName(g.lockClass);
        Instant peakInstant = Instant.ofEpochSecond(0, peakAt).truncatedTo(ChronoUnit.MILLIS);
        String waitingFor = g.category == WaitCategory.LOCK ? "blocked on " + lockName : "waiting for " + lockName;
        String averagedOver = g.peakAveraged ? String.format(", averaged over %d ms", g.averaged.bucketNanos / 1_000_000L) : "";
        String title = underCarriers
                ? String.format("%d waits at once in %s, %s (peak %d at %s; virtual threads recorded under %d carrier "
                        + "thread%s)", sustained, site.shortName(), waitingFor, peak, peakInstant.toString().substring(11),
                        all.cardinality(), all.cardinality() == 1 ? "" : "s")
                : String.format("%d threads stuck at once in %s, %s (peak %d at %s%s)", sustained, site.shortName(),
                        waitingFor, peak, peakInstant.toString().substring(11), averagedOver);
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.of("sustainedThreads", "threads waiting together for ≥ " + MIN_PILEUP_MILLIS + " ms", sustained, "threads"));
        evidence.add(Evidence.of("peakThreads", "peak threads waiting at once", peak, "threads"));
        evidence.add(Evidence.text("peakAt", "peak at", peakInstant.toString()));
        evidence.add(Evidence.of("pileupMs", "time with " + (int) SUSTAINED_THREADS.info() + "+ threads waiting",
                pileupNanos / 1_000_000L, "ms"));
        evidence.add(Evidence.of("pileupSharePercent", "share of the recording with " + (int) SUSTAINED_THREADS.info()
                + "+ threads waiting", 100.0 * pileupNanos / 1e9 / sites.seconds(), "%"));
        evidence.add(Evidence.of("threads", "distinct threads that waited here", all.cardinality(), "threads"));
        evidence.add(Evidence.of("blockedMs", "total time waited here", g.nanos / 1_000_000L, "ms"));
        evidence.add(Evidence.text("waitKind", "wait kind", g.category == WaitCategory.LOCK ? "lock" : "wait"));
        if (underCarriers) {
            evidence.add(Evidence.text("waitsUnderCarriers", "more waits at once than threads", String.format(
                    "%d waits at once from %s: the recorder wrote several threads' waits under one name — "
                    + "virtual threads under their carrier threads (async-profiler's lock profiler does) — so the "
                    + "count is of waits, and the names are carriers, not the waiting virtual threads", peak,
                    Units.count(all.cardinality(), "thread name", "thread names"))));
        }
        Evidence source = HolderEvidence.waitSource(e.profile(), g.sites);
        if (source != null) {
            evidence.add(source);
        }
        if (intervals.joinGapNanos() > 0) {
            evidence.add(Evidence.text("joinedWaits", "waits joined to fit in memory", joinedNote(intervals)));
        }
        if (g.averaged != null) {
            evidence.add(Evidence.text("averagedWaits", "waits averaged to fit in memory", averagedNote(g.averaged)));
        }
        List<List<Object>> rows = new ArrayList<>();
        (g.peakAveraged ? all : atPeak).stream().limit(THREAD_ROWS).forEach(t -> rows.add(List.of(sites.threadName(t))));
        List<EvidenceTable> tables = List.of(new EvidenceTable(g.peakAveraged
                ? "Threads that waited here (from the waits kept one by one; at the averaged peak they are not known)"
                : "Threads waiting at the peak", List.of("thread"), rows));
        HolderEvidence holders = g.category == WaitCategory.LOCK ? HolderEvidence.of(e.profile(), sites, g.sites, all.cardinality(), g.lockClass)
                : HolderEvidence.noHolder("a wait for " + lockName + " (a condition, queue or future) has no lock holder");
        evidence.addAll(holders.evidence);
        tables = new ArrayList<>(tables);
        tables.addAll(holders.tables);
        String recommendation = g.category == WaitCategory.LOCK
                ? LockAdvice.forLock(g.lockClass, g.kind == ContentionKind.MONITOR_ENTER, site, g.heaviest.maxNanos(),
                        sites.stack(stack))
                : "Threads queue at " + site.shortName() + " waiting for " + lockName + " (a pool, a queue, a "
                        + "future or a loader). Find what the other side is doing — a slow downstream, an exhausted "
                        + "pool, a producer that stopped — and bound the wait with a timeout so requests fail fast.";
        if (!holders.advice.isEmpty()) {
            recommendation += " " + holders.advice;
        }
        return finding().title(title).subject(g.lockClass).site(site).stack(sites.stack(stack), stack)
                .evidence(evidence).tables(tables).blockedBy(holders.holders).recommendation(recommendation);
    }
}
