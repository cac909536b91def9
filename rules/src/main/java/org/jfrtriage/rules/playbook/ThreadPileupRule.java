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
import org.jfrtriage.analyzer.profile.ContentionIntervals;
import org.jfrtriage.analyzer.profile.ContentionSite;
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
        /** Measured: who waited together when, and the most threads that did for MIN_PILEUP_MILLIS. */
        Concurrency concurrency;
        int sustained;
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
    }

    /** The step function of concurrent waiters: segment i spans [times[i], times[i+1]) with counts[i] waiters. */
    private record Concurrency(long[] times, int[] counts, int segments) {
    }

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHO_IS_STUCK,
            "Peak number of threads blocked or parked at one site at the same time",
            List.of("jdk.JavaMonitorEnter", "jdk.ThreadPark", "jdk.JavaMonitorWait", "profiler.WallClockSample"),
            List.of(SUSTAINED_THREADS),
            List.of("thread-pileup.critical-share: critical also takes the pileup (3+ threads waiting at the site) lasting " + (int) CRITICAL_SHARE_PERCENT + "% of the recording or more (CRITICAL_SHARE_PERCENT); a shorter burst is at most a warning, however many threads it held.",
                "A pileup counts only if the threads waited together for at least " + MIN_PILEUP_MILLIS + " ms without a gap (MIN_PILEUP_MILLIS).",
                "Idle threads (pool workers between tasks, consumers at the top of their loop, JDK service threads) are never counted; waits for another party (pool, queue, future) are.",
                "Wall-clock samples (async-profiler event=wall) count too: a thread sampled at least " + org.jfrtriage.analyzer.profile.SampledWaits.MIN_RUN_SAMPLES_PUBLIC + " times in a row in a monitor enter, a park or Object.wait at one site (no two samples more than 2.5 sampling periods apart) waited there from its first such sample to its last; waits a recorded event already covers are not counted twice, a wait still going at the end of the recording is left to the deadlock rule, and the evidence says the waits were rebuilt from samples and their resolution.",
                "Waits without a stack trace, waits whose stack has no application frame and waits of the JVM's own threads (Common-Cleaner, Reference Handler, JFR, RMI, …) are never judged; the check says how much was left out, and is not applicable when no wait had a stack."));

    public ThreadPileupRule() {
        super(SPEC, "no blocking events in the recording: enable jdk.JavaMonitorEnter, jdk.ThreadPark and "
                + "jdk.JavaMonitorWait (settings=default has them; async-profiler: event=lock, or wall-clock samples with event=wall)");
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
        ContentionIntervals intervals = e.profile().intervals();
        for (int i = 0; i < intervals.size(); i++) {
            Group g = groupOfSite[intervals.site(i)];
            if (g != null && !judgeable.isHousekeepingThread(intervals.thread(i))) {
                g.add(i);
            }
        }
        return new ArrayList<>(groups.values());
    }

    @Override
    protected void measure(Group g, Evaluation e, Scores scores) {
        if (g.size < SUSTAINED_THREADS.info()) {
            return; // fewer waits than the info limit of threads: no pileup to measure
        }
        g.concurrency = concurrency(g, e.profile().intervals());
        g.sustained = sustainedPeak(g.concurrency, MIN_PILEUP_MILLIS * 1_000_000L);
        double share = 100.0 * pileupNanos(g.concurrency) / 1e9 / e.seconds();
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
        return findings.size() + " pileup(s)" + e.waits().leftOut()
                + (intervals.joinGapNanos() > 0 ? "; " + joinedNote(intervals) : "");
    }

    /** What joining did to the intervals, in words: the pileup figures are exact to the gap it closed. */
    static String joinedNote(ContentionIntervals intervals) {
        return String.format(java.util.Locale.ROOT, "each thread's waits at one site less than %d ms apart were joined "
                + "where it waited at least half the time (%,d waits kept as %,d intervals), so a thread may count as "
                + "waiting through such a gap",
                intervals.joinGapNanos() / 1_000_000L, intervals.recorded(), intervals.size());
    }

    private static Concurrency concurrency(Group g, ContentionIntervals intervals) {
        long[] starts = new long[g.size];
        long[] ends = new long[g.size];
        for (int i = 0; i < g.size; i++) {
            starts[i] = intervals.start(g.intervals[i]);
            ends[i] = intervals.end(g.intervals[i]);
        }
        Arrays.sort(starts);
        Arrays.sort(ends);
        long[] times = new long[2 * g.size + 1];
        int[] counts = new int[2 * g.size + 1];
        int n = 0;
        int current = 0;
        int s = 0;
        int e = 0;
        while (s < starts.length || e < ends.length) {
            // at equal times ends go first: back-to-back waits do not overlap
            boolean takeEnd = s >= starts.length || (e < ends.length && ends[e] <= starts[s]);
            long t = takeEnd ? ends[e] : starts[s];
            current += takeEnd ? -1 : 1;
            if (takeEnd) {
                e++;
            } else {
                s++;
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
            peak = Math.max(peak, c.counts[i]);
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
            if (c.counts[i] >= k) {
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

    /** Time during which at least {@code SUSTAINED_THREADS.info()} threads waited at the site. */
    private static long pileupNanos(Concurrency c) {
        long nanos = 0;
        for (int i = 0; i < c.segments - 1; i++) {
            if (c.counts[i] >= SUSTAINED_THREADS.info()) {
                nanos += c.times[i + 1] - c.times[i];
            }
        }
        return nanos;
    }

    @Override
    protected Finding.Builder describe(Group g, Evaluation e, Scores scores) {
        Concurrency c = g.concurrency;
        int sustained = g.sustained;
        Sites sites = e.sites();
        int peak = 0;
        long peakAt = 0;
        long pileupNanos = pileupNanos(c);
        for (int i = 0; i < c.segments; i++) {
            if (c.counts[i] > peak) {
                peak = c.counts[i];
                peakAt = c.times[i];
            }
        }
        ContentionIntervals intervals = e.profile().intervals();
        BitSet atPeak = new BitSet();
        BitSet all = new BitSet();
        for (int i = 0; i < g.size; i++) {
            int interval = g.intervals[i];
            int thread = intervals.thread(interval);
            if (thread < 0) {
                continue; // the thread was not in the readable part of a damaged recording
            }
            all.set(thread);
            if (intervals.start(interval) <= peakAt && intervals.end(interval) > peakAt) {
                atPeak.set(thread);
            }
        }
        int stack = g.heaviest.stack();
        SiteRef site = sites.site(stack);
        String lockName = Sites.lockDisplayName(g.lockClass);
        Instant peakInstant = Instant.ofEpochSecond(0, peakAt).truncatedTo(ChronoUnit.MILLIS);
        String waitingFor = g.category == WaitCategory.LOCK ? "blocked on " + lockName : "waiting for " + lockName;
        String title = peak > all.cardinality()
                ? String.format("%d waits at once in %s, %s (peak %d at %s; virtual threads recorded under %d carrier "
                        + "thread%s)", sustained, site.shortName(), waitingFor, peak, peakInstant.toString().substring(11),
                        all.cardinality(), all.cardinality() == 1 ? "" : "s")
                : String.format("%d threads stuck at once in %s, %s (peak %d at %s)", sustained, site.shortName(),
                        waitingFor, peak, peakInstant.toString().substring(11));
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
        if (peak > all.cardinality()) {
            evidence.add(Evidence.text("waitsUnderCarriers", "more waits at once than threads", String.format(
                    "%d waits at once from %d thread name(s): the recorder wrote several threads' waits under one name — "
                    + "virtual threads under their carrier threads (async-profiler's lock profiler does) — so the "
                    + "count is of waits, and the names are carriers, not the waiting virtual threads", peak, all.cardinality())));
        }
        Evidence source = HolderEvidence.waitSource(e.profile(), g.sites);
        if (source != null) {
            evidence.add(source);
        }
        if (intervals.joinGapNanos() > 0) {
            evidence.add(Evidence.text("joinedWaits", "waits joined to fit in memory", joinedNote(intervals)));
        }
        List<List<Object>> rows = new ArrayList<>();
        atPeak.stream().limit(THREAD_ROWS).forEach(t -> rows.add(List.of(sites.threadName(t))));
        List<EvidenceTable> tables = List.of(new EvidenceTable("Threads waiting at the peak", List.of("thread"), rows));
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
