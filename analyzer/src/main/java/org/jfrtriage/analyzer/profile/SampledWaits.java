package org.jfrtriage.analyzer.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.IndexSort;
import org.jfrtriage.analyzer.table.LongSort;
import org.jfrtriage.analyzer.table.StackTable;

/**
 * Waits seen only in wall-clock samples (async-profiler {@code wall}): a thread sampled again and again in a lock,
 * park or wait frame at one site was waiting there, even when the recording has no event for it — a wait that never
 * ended before the recording did (a deadlock, a hang), a wait shorter than the lock events' threshold taken many
 * times, a pool wait the lock profiler does not see. Each wait is rebuilt from consecutive samples of one thread at
 * one site, so it is known only to the sampling period: it runs from its first sample to its last, never beyond
 * (a wait seen once is a moment, not a stretch, and is not kept).
 *
 * <p>Waits a recorded event already covers (the same thread waiting over the same time) are not kept twice.
 */
public final class SampledWaits {

    /**
     * A wait needs this many consecutive samples in it. One sample shows a moment; two in a row are often two short
     * waits of a thread that waits half its time in short bursts (a quarter of its sample pairs); three in a row
     * from such a thread are an eighth, and a real wait of three sampling periods is a stretch worth counting.
     */
    static final int MIN_RUN_SAMPLES = 3;
    /** {@link #MIN_RUN_SAMPLES}, for the rules' documentation. */
    public static final int MIN_RUN_SAMPLES_PUBLIC = MIN_RUN_SAMPLES;
    /**
     * Consecutive samples of a thread in one wait further apart than this many sampling periods are two waits (or
     * a sample was lost): the wait is not stretched over a gap it may not have spent waiting. Next to a batch (an
     * idle thread sampled several times in one state and written once, over its span) the gap may be as long as
     * the batch's span: a profiler samples idle threads less often, and the batch shows the thread sat there that long.
     */
    static final double MAX_GAP_PERIODS = 2.5;
    /** Gaps looked at to estimate the sampling period: plenty for a median. */
    private static final int PERIOD_GAPS = 200_000;

    /**
     * One wait rebuilt from samples.
     *
     * @param open whether the thread was still waiting at its last sample and no sample of it came after, up to
     *             the recording's end: the wait never ended while the recording ran
     */
    public record Wait(int thread, long startNanos, long endNanos, int stack, ContentionKind kind, String lockClass,
                       int samples, boolean open) {
    }

    private final List<Wait> waits;
    private final long periodNanos;
    private final long samplesNotKept;
    private final long keptFromNanos;

    SampledWaits(List<Wait> waits, long periodNanos) {
        this(waits, periodNanos, 0, 0);
    }

    private SampledWaits(List<Wait> waits, long periodNanos, long samplesNotKept, long keptFromNanos) {
        this.waits = List.copyOf(waits);
        this.periodNanos = periodNanos;
        this.samplesNotKept = samplesNotKept;
        this.keptFromNanos = keptFromNanos;
    }

    static SampledWaits none() {
        return new SampledWaits(List.of(), 0);
    }

    /**
     * The oldest stack samples, which made room for newer ones past the kept ones' cap and were not looked at: a wait
     * seen only in them is not found, and one that went on into the kept samples is seen from their start only. 0
     * when every sample was kept.
     */
    public long samplesNotKept() {
        return samplesNotKept;
    }

    /** About when the kept samples begin ({@link ThreadSamples#droppedUntilNanos}); 0 when all were kept. */
    public long keptFromNanos() {
        return keptFromNanos;
    }

    /** The waits, by thread then time. */
    public List<Wait> waits() {
        return waits;
    }

    /** The typical time between two wall-clock samples of one thread (the waits' resolution); 0 without wall samples. */
    public long periodNanos() {
        return periodNanos;
    }

    /**
     * What one sampled stack says: waiting (kind, lock class) or not (null). Equality is written out: a record's
     * is bound through a bootstrap method on its first call, and runs are compared once per wall sample.
     */
    record WaitFrame(ContentionKind kind, String lockClass) {
        @Override
        public boolean equals(Object o) {
            return o instanceof WaitFrame w && w.kind == kind && w.lockClass.equals(lockClass);
        }

        @Override
        public int hashCode() {
            return 31 * (kind == null ? 0 : kind.ordinal() + 1) + lockClass.hashCode();
        }
    }

    /**
     * Finds the waits in the (sealed) samples.
     *
     * @param recorded whether a recorded wait of the thread already covers [from, to]
     */
    static SampledWaits find(ThreadSamples samples, StackTable stacks, StackFeatures features, long recordingEndNanos,
                             Recorded recorded) {
        long period = period(samples);
        if (period <= 0) {
            return none();
        }
        long maxGap = (long) (MAX_GAP_PERIODS * period);
        // each sampled stack classified once (stack ids are dense), and equal answers made one instance, so a run
        // continues by identity
        WaitFrame[] byStack = new WaitFrame[stacks.stackCount()];
        Map<WaitFrame, WaitFrame> distinct = new HashMap<>();
        List<Wait> out = new ArrayList<>();
        for (int thread = 0; thread < samples.threadCount(); thread++) {
            int end = samples.end(thread);
            int i = samples.first(thread, Long.MIN_VALUE);
            // the run being built: its first and last sample index, its frame and site
            int runFirst = -1;
            int runLast = -1;
            int runSamples = 0;
            WaitFrame runFrame = null;
            int runSite = -1;
            for (; i <= end; i++) {
                WaitFrame f = null;
                int site = -1;
                if (i < end) {
                    int stack = samples.stack(i);
                    f = stack >= 0 && stack < byStack.length ? byStack[stack] : null;
                    if (f == null) {
                        f = distinct.computeIfAbsent(classify(stack, stacks), w -> w);
                        if (stack >= 0 && stack < byStack.length) {
                            byStack[stack] = f;
                        }
                    }
                    f = f == NOT_WAITING ? null : f;
                    site = f == null ? -1 : features.site(stack);
                }
                boolean continues = i < end && f != null && f == runFrame && site == runSite
                        && samples.time(i) - (samples.time(runLast) + samples.span(runLast))
                                <= Math.max(maxGap, Math.max(samples.span(runLast), samples.span(i)));
                if (continues) {
                    runLast = i;
                    runSamples += samples.isWall(i) ? 1 : 0;
                    continue;
                }
                if (runFrame != null && runSamples + extra(samples, runFirst, runLast) >= MIN_RUN_SAMPLES) {
                    long from = samples.time(runFirst);
                    long to = samples.time(runLast) + samples.span(runLast);
                    boolean open = i == end && recordingEndNanos - to <= maxGap;
                    if (to > from && !recorded.covers(thread, from, to)) {
                        out.add(new Wait(thread, from, to, samples.stack(runFirst), runFrame.kind, runFrame.lockClass,
                                runSamples + extra(samples, runFirst, runLast), open));
                    }
                }
                runFrame = null;
                runSamples = 0;
                if (i < end && f != null && samples.isWall(i)) {
                    runFrame = f;
                    runSite = site;
                    runFirst = i;
                    runLast = i;
                    runSamples = 1;
                }
            }
        }
        return new SampledWaits(out, period, samples.dropped(), samples.droppedUntilNanos());
    }

    /** A batched sample stands for several: count them (a run of one batched sample of 8 is 8 samples). */
    private static int extra(ThreadSamples samples, int first, int last) {
        int extra = 0;
        for (int k = first; k <= last; k++) {
            if (samples.isWall(k) && samples.span(k) > 0) {
                extra++;
            }
        }
        return extra;
    }

    /** Whether a recorded event covers a thread's time. */
    @FunctionalInterface
    interface Recorded {
        boolean covers(int thread, long fromNanos, long toNanos);
    }

    /**
     * The waits of {@code intervals} as a {@link Recorded}: per thread, its waits by start with the running latest
     * end, so a wait covers [from, to) when one starting before {@code to} ends after {@code from}. Laid out on the
     * first question only (a recording without wall-clock samples asks none, and may hold a million waits), in
     * primitive arrays grouped by thread.
     */
    static Recorded coveredBy(ContentionIntervals intervals) {
        return new Recorded() {
            private int[] offsets;
            private long[] starts;
            private long[] latestEnds;

            @Override
            public boolean covers(int thread, long fromNanos, long toNanos) {
                if (offsets == null) {
                    layOut();
                }
                if (thread < 0 || thread + 1 >= offsets.length) {
                    return false;
                }
                int last = LongSort.firstAtLeast(starts, offsets[thread], offsets[thread + 1], toNanos) - 1;
                return last >= offsets[thread] && latestEnds[last] > fromNanos;
            }

            private void layOut() {
                int n = intervals.size();
                int threads = 0;
                for (int i = 0; i < n; i++) {
                    threads = Math.max(threads, intervals.thread(i) + 1);
                }
                offsets = new int[threads + 1];
                for (int i = 0; i < n; i++) {
                    if (intervals.thread(i) >= 0) {
                        offsets[intervals.thread(i) + 1]++;
                    }
                }
                for (int t = 0; t < threads; t++) {
                    offsets[t + 1] += offsets[t];
                }
                starts = new long[offsets[threads]];
                latestEnds = new long[starts.length];
                int[] next = Arrays.copyOf(offsets, threads);
                for (int i = 0; i < n; i++) {
                    int t = intervals.thread(i);
                    if (t >= 0) {
                        starts[next[t]] = intervals.start(i);
                        latestEnds[next[t]++] = intervals.end(i);
                    }
                }
                for (int t = 0; t < threads; t++) {
                    byStartWithLatestEnds(offsets[t], offsets[t + 1]);
                }
            }

            /** One thread's waits put in order of start, their ends replaced by the latest end so far. */
            private void byStartWithLatestEnds(int from, int to) {
                boolean ordered = true;
                for (int k = from + 1; k < to && ordered; k++) {
                    ordered = starts[k - 1] <= starts[k];
                }
                if (!ordered) {
                    int[] order = new int[to - from];
                    for (int k = 0; k < order.length; k++) {
                        order[k] = from + k;
                    }
                    IndexSort.sortByKey(order, 0, order.length, Arrays.copyOfRange(starts, from, to));
                    long[] s = new long[order.length];
                    long[] e = new long[order.length];
                    for (int k = 0; k < order.length; k++) {
                        s[k] = starts[order[k]];
                        e[k] = latestEnds[order[k]];
                    }
                    System.arraycopy(s, 0, starts, from, s.length);
                    System.arraycopy(e, 0, latestEnds, from, e.length);
                }
                for (int k = from + 1; k < to; k++) {
                    latestEnds[k] = Math.max(latestEnds[k], latestEnds[k - 1]);
                }
            }
        };
    }

    /**
     * The median gap between consecutive wall-clock samples of one thread that were single samples: the sampling
     * period a thread sees (async-profiler samples a few threads per tick, so with many threads it is longer than the
     * {@code wall} interval). 0 when the recording has no such pair.
     */
    static long period(ThreadSamples samples) {
        long[] gaps = new long[Math.min(PERIOD_GAPS, Math.max(0, samples.size()))];
        int n = 0;
        for (int thread = 0; thread < samples.threadCount() && n < gaps.length; thread++) {
            int end = samples.end(thread);
            int previous = -1;
            for (int i = samples.first(thread, Long.MIN_VALUE); i < end && n < gaps.length; i++) {
                if (!samples.isWall(i)) {
                    continue;
                }
                if (previous >= 0 && samples.span(previous) == 0 && samples.time(i) > samples.time(previous)) {
                    gaps[n++] = samples.time(i) - samples.time(previous);
                }
                previous = i;
            }
        }
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(gaps, n);
        Arrays.sort(sorted);
        return sorted[n / 2];
    }

    private static final WaitFrame NOT_WAITING = new WaitFrame(null, "");

    /**
     * Whether the stack waits: native monitor-enter frames (HotSpot's {@code ObjectMonitor::enter}) inside the first
     * Java frame, or a first Java frame that parks ({@code Unsafe.park}) or waits ({@code Object.wait}). The parked-on
     * class is the first frame outside {@code LockSupport} and the AQS machinery (e.g. {@code ReentrantLock$Sync}).
     */
    static WaitFrame classify(int stack, StackTable stacks) {
        int depth = stacks.depth(stack);
        boolean monitorEnter = false;
        boolean monitorWait = false;
        for (int k = 0; k < depth; k++) {
            Frame f = stacks.frame(stacks.frameId(stack, k));
            if (!f.type().isJava() || f.className().isEmpty() || f.className().startsWith("lib")) {
                if (named(f, "ObjectMonitor::enter") || named(f, "ObjectMonitor::EnterI")
                        || named(f, "ObjectSynchronizer::enter") || named(f, "monitorenter")
                        || named(f, "complete_monitor_locking")) {
                    monitorEnter = true;
                } else if (named(f, "ObjectMonitor::wait") || named(f, "JVM_MonitorWait")) {
                    monitorWait = true;
                }
                continue;
            }
            if (monitorEnter) {
                return new WaitFrame(ContentionKind.MONITOR_ENTER, "");
            }
            if (monitorWait || f.isQualifiedMethod("java.lang.Object.wait") || f.isQualifiedMethod("java.lang.Object.wait0")) {
                return new WaitFrame(ContentionKind.MONITOR_WAIT, "");
            }
            if (f.isQualifiedMethod("jdk.internal.misc.Unsafe.park") || f.isQualifiedMethod("sun.misc.Unsafe.park")) {
                if (pausesItself(stack, stacks, k + 1)) {
                    return NOT_WAITING;
                }
                return new WaitFrame(ContentionKind.PARK, parkedOn(stack, stacks, k + 1));
            }
            return NOT_WAITING;
        }
        return NOT_WAITING;
    }

    /**
     * Whether a native frame's qualified method contains {@code part} (which holds no dot), without building the
     * name: a sampled recording has hundreds of thousands of stacks to classify.
     */
    private static boolean named(Frame f, String part) {
        return f.methodName().contains(part) || f.className().contains(part);
    }

    /**
     * Application code calling {@code LockSupport.parkNanos} itself pauses for a set time (a sleep by another
     * name, often a few microseconds between requests): no one else ends that wait, so it is no wait for a lock or
     * a pool — and a thread doing it often is sampled there again and again without waiting long.
     */
    private static boolean pausesItself(int stack, StackTable stacks, int from) {
        if (from + 1 >= stacks.depth(stack)) {
            return false;
        }
        Frame park = stacks.frame(stacks.frameId(stack, from));
        Frame caller = stacks.frame(stacks.frameId(stack, from + 1));
        return park.className().equals("java.util.concurrent.locks.LockSupport") && park.methodName().startsWith("parkNanos")
                && caller.isApplicationCode();
    }

    private static String parkedOn(int stack, StackTable stacks, int from) {
        int depth = stacks.depth(stack);
        for (int k = from; k < depth; k++) {
            String c = stacks.frame(stacks.frameId(stack, k)).className();
            if (c.equals("java.util.concurrent.locks.LockSupport")
                    || (c.startsWith("java.util.concurrent.locks.AbstractQueued") && !c.contains("ConditionObject"))) {
                continue;
            }
            return c;
        }
        return "";
    }
}
