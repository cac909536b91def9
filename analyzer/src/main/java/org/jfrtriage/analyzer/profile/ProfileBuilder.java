package org.jfrtriage.analyzer.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jfrtriage.analyzer.event.AllocationSample;
import org.jfrtriage.analyzer.event.ClassNames;
import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.CpuLoad;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.ExecutionSample;
import org.jfrtriage.analyzer.event.GcPause;
import org.jfrtriage.analyzer.event.IoWait;
import org.jfrtriage.analyzer.event.SafepointPhase;
import org.jfrtriage.analyzer.event.VmOperation;
import org.jfrtriage.analyzer.event.EventNames;
import org.jfrtriage.analyzer.event.JvmInfo;
import org.jfrtriage.analyzer.table.LongIntMap;
import org.jfrtriage.analyzer.event.SampleKind;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.event.ThreadActivity;
import org.jfrtriage.analyzer.event.ThreadCpuLoad;
import org.jfrtriage.analyzer.table.ThreadTable;
import org.jfrtriage.analyzer.event.ThrowableEvent;
import org.jfrtriage.analyzer.event.VirtualThreadPin;
import org.jfrtriage.analyzer.event.WaitCategory;

/**
 * Aggregates events into a {@link Profile} in one pass. Work per event is a few array updates and hash lookups
 * keyed by ints; anything per-stack (site, map frames, wait category) is computed once, when a stack is first
 * seen. Not thread-safe: one builder per source.
 */
public final class ProfileBuilder implements EventSink {

    /** GC pauses kept individually; a longer recording keeps totals only (a day of 1 s young GCs fits). */
    static final int GC_PAUSE_LIMIT = 100_000;
    /** A thread dump's text is kept up to this many characters: enough to read, bounded in memory. */
    static final int THREAD_DUMP_CHAR_LIMIT = 512 * 1024;
    /** Earlier samples of a site a write sample is paired with at most: the JVM samples a few dozen threads a round. */
    private static final int RECENT_SAMPLES = 32;
    /** Write samples kept for pairing (17 bytes each); a denser recording pairs the first ones and says so. */
    static final int WRITE_SAMPLE_LIMIT = 2_000_000;
    private static final int KINDS = ContentionKind.values().length;

    private final String source;
    private final StackTable stacks;
    private final ThreadTable threads;
    private final StackFeatures features;
    /** Contention sites by (lock class id, kind, stack) packed into a long: no key object per event. */
    private final LongIntMap contentionSites = new LongIntMap(1024);
    private final Map<String, Integer> lockClassIds = new HashMap<>();
    /** Averaging series of contention sites by code site, lock class and kind (see {@link AveragedWaits}). */
    private final Map<String, Integer> averagingSeries = new HashMap<>();
    private final List<ContentionSite> contentionList = new ArrayList<>();
    /**
     * The site each stack's latest wait went to: a stack nearly always waits on one lock class in one way, so most
     * waits find their site here with one array load instead of the class and site maps. Site index + 1 (0: none),
     * checked against the kind and lock class of each site kept here: the reader never reads a {@link ContentionSite}
     * while the waits are applied, so its cache lines stay with the thread that adds to its totals.
     */
    private int[] siteByStack = new int[1024];
    private ContentionKind[] siteKinds = new ContentionKind[64];
    private String[] siteClasses = new String[64];
    private final ContentionIntervals intervals;
    /** Applies each wait to its site, the timeline's lock and wait series and the intervals (see {@link ContentionWaits}). */
    private final ContentionWaits waits;
    private final ThreadSamples threadSamples;
    private final ThreadActivities activities = new ThreadActivities(ThreadActivities.DEFAULT_CAPACITY_LIMIT);
    private final ThreadDumps.Parser dumpParser;
    private final StackCounts cpuSamples = new StackCounts();
    private final StackCounts wallSamples = new StackCounts();
    private final AllocationTable sampledAllocations = new AllocationTable();
    private final AllocationTable tlabAllocations = new AllocationTable();
    private final List<GcPause> gcPauses = new ArrayList<>();
    private final ThrowableTable exceptionEvents = new ThrowableTable();
    private final ThrowableTable errorEvents = new ThrowableTable();
    private final CpuUsage cpu = new CpuUsage();
    private final ThreadLifecycle lifecycle = new ThreadLifecycle();
    private final VirtualThreadPins pins = new VirtualThreadPins();
    private final IoWaits io = new IoWaits();
    private final Safepoints safepoints = new Safepoints();
    private final Map<Integer, MapWriteConcurrency> mapWrites = new LinkedHashMap<>();
    private final Map<Integer, long[]> treeSpins = new HashMap<>();
    private final Map<String, Map<String, String>> settings = new TreeMap<>();
    private final Map<String, String> readableNames = new HashMap<>();
    /**
     * Every HashMap-write sample (time, thread, site, in a tree bin), kept to pair them once the recording is read:
     * a reader's order is not time order (async-profiler writes each thread's samples in runs of its own), so
     * coincidences are found by site and time, not by arrival.
     */
    private long[] writeTime = new long[1024];
    private int[] writeThread = new int[1024];
    private int[] writeSite = new int[1024];
    private boolean[] writeTree = new boolean[1024];
    private int writes;
    private long writesNotPaired;

    private Timeline timeline;
    private Timeline tlabTimeline;
    private long startNanos = Long.MAX_VALUE;
    private long endNanos = Long.MIN_VALUE;
    /** How far past its chunk's end an event may start before the chunk header's clock is distrusted. */
    static final long HEADER_CLOCK_SLACK_NANOS = 1_000_000_000L;
    private long firstEventNanos = Long.MAX_VALUE;
    private long lastEventNanos = Long.MIN_VALUE;
    private JvmInfo jvm = JvmInfo.UNKNOWN;
    /** Start time (ms since 1970) → process id of each JVM run the chunks came from, in the order first seen. */
    private final Map<Long, Long> jvmRuns = new LinkedHashMap<>();
    private String compression = "none";
    private List<String> compressionNotes = List.of();
    private long minThreads = Long.MAX_VALUE;
    private long maxThreads = -1;
    private long lastThreads = -1;
    private int threadDumps;
    private String lastThreadDump = "";
    private ReadSummary summary;

    public ProfileBuilder(String source) {
        this(source, ContentionIntervals.DEFAULT_CAPACITY_LIMIT);
    }

    /** With room for fewer intervals than a real read has, so a test can make joins and averaging happen. */
    public ProfileBuilder(String source, int intervalLimit) {
        this(source, new StackTable(), new ThreadTable(), intervalLimit, ThreadSamples.DEFAULT_CAPACITY_LIMIT);
    }

    /** With room for fewer intervals and stack samples than a real read has, so a test can fill them. */
    public ProfileBuilder(String source, int intervalLimit, int sampleLimit) {
        this(source, new StackTable(), new ThreadTable(), intervalLimit, sampleLimit);
    }

    /**
     * A builder over tables that outlive it: a live stream keeps one stack and thread table and builds a
     * profile of each window over them.
     */
    public ProfileBuilder(String source, StackTable stacks, ThreadTable threads) {
        this(source, stacks, threads, ContentionIntervals.DEFAULT_CAPACITY_LIMIT, ThreadSamples.DEFAULT_CAPACITY_LIMIT);
    }

    private ProfileBuilder(String source, StackTable stacks, ThreadTable threads, int intervalLimit, int sampleLimit) {
        this.source = source;
        this.threadSamples = new ThreadSamples(sampleLimit);
        this.stacks = stacks;
        this.threads = threads;
        this.features = new StackFeatures(stacks);
        this.intervals = new ContentionIntervals(intervalLimit);
        this.waits = new ContentionWaits(intervals);
        this.dumpParser = new ThreadDumps.Parser(stacks, threads);
    }

    @Override
    public StackTable stacks() {
        return stacks;
    }

    @Override
    public ThreadTable threads() {
        return threads;
    }

    @Override
    public void onChunk(long chunkStartNanos, long chunkEndNanos) {
        startNanos = Math.min(startNanos, chunkStartNanos);
        endNanos = Math.max(endNanos, chunkEndNanos);
        ensureTimeline(chunkStartNanos);
    }

    @Override
    public void onContention(ContentionEvent e) {
        onContention(e.kind(), e.startNanos(), e.durationNanos(), e.thread(), e.lockClass(), e.owner(), e.stack(),
                e.address());
    }

    @Override
    public void onContention(ContentionKind kind, long startNanos, long durationNanos, int thread, String lockClass,
                             int owner, int stack, long address) {
        seen(startNanos);
        String readableClass = readable(lockClass);
        int site = (stack >= 0 && stack < siteByStack.length ? siteByStack[stack] : 0) - 1;
        if (site < 0 || siteKinds[site] != kind || !siteClasses[site].equals(readableClass)) {
            site = contentionSite(kind, readableClass, stack);
            if (stack >= 0) {
                if (stack >= siteByStack.length) {
                    siteByStack = Arrays.copyOf(siteByStack, Math.max(stack + 1, 2 * siteByStack.length));
                }
                siteByStack[stack] = site + 1;
            }
        }
        waits.add(site, startNanos, durationNanos, thread, owner, address);
    }

    /**
     * Lets the waits of a long read be applied on a thread of their own (see {@link ContentionWaits}) once
     * {@link #OFFLOAD_AFTER_WAITS} were applied on the reader's: for a caller that reads on one thread and calls
     * {@link #finishWaits()} however the read ends (or {@link #build()}).
     */
    public void offloadWaits() {
        offloadWaits(OFFLOAD_AFTER_WAITS);
    }

    /** The same after {@code afterWaits} waits (at least 1): a test offloads a small recording's. */
    void offloadWaits(long afterWaits) {
        offloadWaits(afterWaits, ContentionWaits.BATCH_WAITS);
    }

    /** The same in batches of {@code waitsPerBatch}. */
    void offloadWaits(long afterWaits, int waitsPerBatch) {
        waits.offloadAt(Math.max(1, afterWaits), waitsPerBatch);
    }

    /**
     * Waits a read applies on its own thread before it offloads the rest: a sample recording has a few thousand, the
     * dense benchmark file 160 k (~10 ms of the reader's; offloaded after 65,536 of them, its read took 610/671 →
     * 627/688 ms, 10 rounds: the thread and its code's compiling cost more than they saved), the park file 12 M.
     */
    static final long OFFLOAD_AFTER_WAITS = 1 << 18;

    /**
     * Applies the waits handed to another thread and stops it, rethrowing its failure: the error applying that wait
     * on the reader's thread would have given. {@link #build()} calls it; a read that failed calls it so that no
     * thread outlives it (and its error is the first wait's that failed, as it was before the read's).
     */
    public void finishWaits() {
        waits.finish();
    }

    /** The index of the site of (kind, lock class, stack), made on its first wait. */
    private int contentionSite(ContentionKind kind, String lockClass, int stack) {
        Integer lockClassId = lockClassIds.get(lockClass);
        if (lockClassId == null) {
            lockClassId = lockClassIds.size();
            lockClassIds.put(lockClass, lockClassId);
        }
        long key = ((long) lockClassId * KINDS + kind.ordinal()) << 32 | (stack & 0xFFFF_FFFFL);
        int index = contentionSites.get(key);
        if (index != LongIntMap.MISSING) {
            return index;
        }
        WaitCategory category = WaitClassifier.classify(kind, lockClass, stack, stacks, features);
        ContentionSite site = new ContentionSite(contentionList.size(), kind, lockClass, stack, category);
        contentionSites.put(key, site.index());
        contentionList.add(site);
        if (site.index() >= siteKinds.length) {
            siteKinds = Arrays.copyOf(siteKinds, 2 * siteKinds.length);
            siteClasses = Arrays.copyOf(siteClasses, 2 * siteClasses.length);
        }
        siteKinds[site.index()] = kind;
        siteClasses[site.index()] = lockClass;
        averagingSeries(site);
        return site.index();
    }

    @Override
    public void onAllocation(AllocationSample s) {
        seen(s.timeNanos());
        if (s.source() == AllocationSample.Source.SAMPLE) {
            sampledAllocations.add(s.stack(), readable(s.objectClass()), s.weightBytes(), s.objectBytes());
            timeline.add(Timeline.Series.ALLOCATED_BYTES, s.timeNanos(), s.weightBytes());
        } else {
            tlabAllocations.add(s.stack(), readable(s.objectClass()), s.weightBytes(), s.objectBytes());
            tlabTimeline.add(Timeline.Series.ALLOCATED_BYTES, s.timeNanos(), s.weightBytes());
        }
    }

    /**
     * Sampled allocations ({@code jdk.ObjectAllocationSample}, JDK 16+) are what the profile reports whenever the
     * recording has any: TLAB events (JDK 11–15, async-profiler's alloc mode) count only when it has none. So
     * once a sample arrived, TLAB events are no longer wanted and a reader may skip them.
     */
    @Override
    public boolean wantsAllocations(AllocationSample.Source source) {
        return source == AllocationSample.Source.SAMPLE || sampledAllocations.totalSamples() == 0;
    }

    @Override
    public void onExecutionSample(ExecutionSample s) {
        seen(s.timeNanos());
        threadSamples.add(s.timeNanos(), s.thread(), s.stack(), s.kind() == SampleKind.WALL, s.spanNanos());
        if (s.kind() == SampleKind.WALL) {
            wallSamples.add(s.stack(), s.weight());
            IoWaits.Native ioNative = features.ioNative(s.stack());
            int siteFrame = ioNative == IoWaits.Native.NONE ? -1 : features.site(s.stack());
            io.addWallSample(s.thread(), s.stack(), s.weight(), ioNative,
                    siteFrame < 0 ? "" : stacks.frame(siteFrame).qualifiedMethod());
            return;
        }
        cpuSamples.add(s.stack(), s.weight());
        timeline.add(Timeline.Series.CPU_SAMPLES, s.timeNanos(), s.weight());
        trackMapWrites(s);
    }

    /** Array descriptors become readable names; converted once per distinct name. */
    private String readable(String className) {
        if (className == null || className.isEmpty() || className.charAt(0) != '[') {
            return className == null ? "" : className;
        }
        return readableNames.computeIfAbsent(className, ClassNames::readable);
    }

    private void trackMapWrites(ExecutionSample s) {
        byte flags = features.mapFlags(s.stack());
        boolean tree = (flags & StackFeatures.TREE_NODE) != 0;
        trackTreeSpin(s, tree);
        if ((flags & StackFeatures.UNSAFE_WRITE) == 0) {
            return;
        }
        int site = features.site(s.stack());
        MapWriteConcurrency evidence = mapWrites.computeIfAbsent(site, MapWriteConcurrency::new);
        evidence.writeSamples++;
        if (tree) {
            evidence.treeNodeSamples++;
        }
        if (s.thread() >= 0) {
            evidence.threads.set(s.thread());
        }
        if (writes == WRITE_SAMPLE_LIMIT) {
            writesNotPaired++;
            return;
        }
        if (writes == writeTime.length) {
            int grown = writes * 2;
            writeTime = java.util.Arrays.copyOf(writeTime, grown);
            writeThread = java.util.Arrays.copyOf(writeThread, grown);
            writeSite = java.util.Arrays.copyOf(writeSite, grown);
            writeTree = java.util.Arrays.copyOf(writeTree, grown);
        }
        writeTime[writes] = s.timeNanos();
        writeThread[writes] = s.thread();
        writeSite[writes] = site;
        writeTree[writes] = tree;
        writes++;
    }

    /**
     * Pairs each write sample with the earlier samples of its site (at most {@link #RECENT_SAMPLES} back, in time
     * order) of another thread within {@link MapWriteConcurrency#COINCIDENCE_WINDOW_NANOS}: each unordered pair is counted once.
     */
    private void pairWrites() {
        Integer[] order = new Integer[writes];
        for (int i = 0; i < writes; i++) {
            order[i] = i;
        }
        // by site, then time, then arrival: the same pairs whatever order the reader met the samples in
        java.util.Arrays.sort(order, (a, b) -> writeSite[a] != writeSite[b] ? Integer.compare(writeSite[a], writeSite[b])
                : writeTime[a] != writeTime[b] ? Long.compare(writeTime[a], writeTime[b]) : Integer.compare(a, b));
        mapWrites.values().forEach(m -> {
            m.coincidentPairs = 0;
            m.coincidentTreePairs = 0;
        });
        for (int k = 0; k < writes; k++) {
            int i = order[k];
            MapWriteConcurrency evidence = mapWrites.get(writeSite[i]);
            for (int back = 1; back <= RECENT_SAMPLES && k - back >= 0; back++) {
                int j = order[k - back];
                if (writeSite[j] != writeSite[i] || writeTime[i] - writeTime[j] > MapWriteConcurrency.COINCIDENCE_WINDOW_NANOS) {
                    break;
                }
                if (writeThread[j] != writeThread[i]) {
                    evidence.coincidentPairs++;
                    if (writeTree[i] && writeTree[j]) {
                        evidence.coincidentTreePairs++;
                    }
                }
            }
        }
    }

    /** Tracks, per thread, an unbroken run of samples inside HashMap$TreeNode: [runStart, lastSeen, site]. */
    private void trackTreeSpin(ExecutionSample s, boolean tree) {
        if (!tree) {
            if (!treeSpins.isEmpty()) {
                treeSpins.remove(s.thread());
            }
            return;
        }
        int site = features.site(s.stack());
        long[] run = treeSpins.get(s.thread());
        if (run == null || run[2] != site || s.timeNanos() - run[1] > MapWriteConcurrency.TREE_SPIN_GAP_NANOS || s.timeNanos() < run[1]) {
            treeSpins.put(s.thread(), new long[] {s.timeNanos(), s.timeNanos(), site});
            return;
        }
        run[1] = s.timeNanos();
        MapWriteConcurrency evidence = mapWrites.computeIfAbsent(site, MapWriteConcurrency::new);
        evidence.longestTreeSpinNanos = Math.max(evidence.longestTreeSpinNanos, run[1] - run[0]);
    }

    @Override
    public void onThreadActivity(long startNanos, long durationNanos, int thread, ThreadActivity activity) {
        seen(startNanos);
        activities.add(startNanos, durationNanos, thread, activity);
    }

    @Override
    public void onGcPause(GcPause pause) {
        seen(pause.startNanos());
        if (gcPauses.size() < GC_PAUSE_LIMIT) {
            gcPauses.add(pause);
        }
        timeline.add(Timeline.Series.GC_PAUSE_NANOS, pause.startNanos(), pause.pauseNanos());
    }

    @Override
    public void onIoWait(IoWait wait) {
        seen(wait.startNanos());
        io.add(wait);
        // the thread lanes show it too (the readers send socket and file events once, as waits)
        activities.add(wait.startNanos(), wait.durationNanos(), wait.thread(), ThreadActivity.IO);
    }

    @Override
    public void onVmOperation(VmOperation operation) {
        seen(operation.startNanos());
        safepoints.add(operation);
    }

    @Override
    public void onSafepoint(SafepointPhase phase) {
        seen(phase.startNanos());
        safepoints.add(phase);
    }

    @Override
    public void onThreadCount(long timeNanos, long activeThreads, long daemonThreads) {
        minThreads = Math.min(minThreads, activeThreads);
        maxThreads = Math.max(maxThreads, activeThreads);
        lastThreads = activeThreads;
    }

    @Override
    public void onThreadStatistics(long timeNanos, long activeThreads, long daemonThreads, long accumulatedThreads,
                                   long peakThreads) {
        onThreadCount(timeNanos, activeThreads, daemonThreads);
        lifecycle.reading(timeNanos, activeThreads, accumulatedThreads, peakThreads);
    }

    @Override
    public void onThreadStart(long timeNanos, int thread, int parent, int stack) {
        seen(timeNanos);
        lifecycle.start(timeNanos, thread, stack);
    }

    @Override
    public void onThreadEnd(long timeNanos, int thread) {
        seen(timeNanos);
        lifecycle.end(thread);
    }

    @Override
    public void onVirtualThreadPinned(VirtualThreadPin pin) {
        seen(pin.startNanos());
        pins.pin(pin);
    }

    @Override
    public void onVirtualThreadSubmitFailed(long timeNanos, int thread, int stack, String message) {
        seen(timeNanos);
        pins.submitFailed(stack, message);
    }

    @Override
    public void onThreadDump(long timeNanos, String dump) {
        threadDumps++;
        dumpParser.add(timeNanos, dump);
        if (dump != null) {
            lastThreadDump = dump.length() > THREAD_DUMP_CHAR_LIMIT ? dump.substring(0, THREAD_DUMP_CHAR_LIMIT) : dump;
        }
    }

    @Override
    public void onThrowable(ThrowableEvent e) {
        seen(e.timeNanos());
        (e.errorEvent() ? errorEvents : exceptionEvents).add(readable(e.throwableClass()), e.stack(), e.thread(), e.message());
    }

    @Override
    public void onThrowableCount(long timeNanos, long throwablesSinceStart) {
        exceptionEvents.statistics(timeNanos, throwablesSinceStart);
        errorEvents.statistics(timeNanos, throwablesSinceStart);
    }

    @Override
    public void onCpuLoad(CpuLoad load) {
        // the JVM's first reading has no interval before it and is all zeros; no running machine reads 0
        if (load.jvm() > 0 || load.machineTotal() > 0) {
            cpu.load(load.jvm(), load.machineTotal());
        }
    }

    @Override
    public void onThreadCpuLoad(ThreadCpuLoad load) {
        cpu.thread(load.thread(), load.user() + load.system());
    }

    @Override
    public void onCpuCapacity(long timeNanos, int hardwareThreads, double effectiveCpus) {
        cpu.capacity(hardwareThreads, effectiveCpus);
    }

    @Override
    public void onCpuThrottling(long timeNanos, long periods, long throttledPeriods, long throttledNanos) {
        cpu.throttling(timeNanos, periods, throttledPeriods, throttledNanos);
    }

    /**
     * How the file was stored: "none", "gzip" or "zip" (the reader read the inflated recording), and what a person
     * should know about it (added to the warnings).
     */
    public void readFrom(String compression, List<String> notes) {
        this.compression = compression;
        this.compressionNotes = List.copyOf(notes);
    }

    @Override
    public void onJvmInfo(JvmInfo info) {
        jvm = jvm.merge(info);
    }

    /**
     * The warning for a file whose chunks came from more than one JVM run (each chunk names its JVM's start time):
     * recordings joined, their threads, locks and rates mixed.
     */
    static String joinedRuns(Map<Long, Long> runs) {
        List<String> named = new ArrayList<>();
        for (Map.Entry<Long, Long> run : runs.entrySet()) {
            if (named.size() == 4) {
                named.add((runs.size() - 4) + " more");
                break;
            }
            String started = java.time.Instant.ofEpochMilli(run.getKey()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .toString().replace('T', ' ').replace("Z", " UTC");
            named.add("started " + started + (run.getValue() > 0 ? ", pid " + run.getValue() : ""));
        }
        return String.format("the recording holds the events of %d JVM runs (%s): it joins separate recordings, so "
                + "their threads, locks and rates are mixed in this report — analyze each on its own (`jfr "
                + "disassemble` writes each chunk to a file of its own)", runs.size(), String.join("; ", named));
    }

    @Override
    public void onJvmRun(long pid, long startMillis) {
        if (startMillis > 0) {
            jvmRuns.putIfAbsent(startMillis, pid);
        }
    }

    @Override
    public void onSetting(String eventName, String setting, String value) {
        settings.computeIfAbsent(EventNames.canonical(eventName), k -> new TreeMap<>()).put(setting, value);
    }

    @Override
    public void onFinish(ReadSummary readSummary) {
        this.summary = readSummary;
    }

    private void seen(long timeNanos) {
        if (timeline == null) {
            ensureTimeline(timeNanos);
        }
        firstEventNanos = Math.min(firstEventNanos, timeNanos);
        lastEventNanos = Math.max(lastEventNanos, timeNanos);
    }

    private void ensureTimeline(long start) {
        if (timeline == null) {
            timeline = new Timeline(start);
            tlabTimeline = new Timeline(start);
            waits.timeline(new Timeline(start));
        }
    }

    /** The profile of everything pushed so far. Call after {@link #onFinish}. */
    public Profile build() {
        waits.finish();
        ReadSummary read = summary != null ? summary
                : new ReadSummary("jdk", true, 0, 0, 0, List.of(), Map.of());
        ensureTimeline(startNanos != Long.MAX_VALUE ? startNanos : (firstEventNanos != Long.MAX_VALUE ? firstEventNanos : 0));
        long start = startNanos != Long.MAX_VALUE ? startNanos : firstEventNanos;
        long end = endNanos != Long.MIN_VALUE ? endNanos : lastEventNanos;
        if (start == Long.MAX_VALUE) {
            start = 0;
            end = 0;
        }
        List<String> warnings = new ArrayList<>(read.warnings());
        if (lastEventNanos != Long.MIN_VALUE
                && lastEventNanos > end + Math.max(HEADER_CLOCK_SLACK_NANOS, (end - start) / 4)) {
            // no event starts after its chunk ends: the headers' clock is wrong, and the events' own span wins
            warnings.add(String.format(java.util.Locale.ROOT, "events run %.1f s past the end the chunk headers give; the report spans the "
                    + "events instead", (lastEventNanos - end) / 1e9));
            end = lastEventNanos;
            if (start > firstEventNanos) {
                start = firstEventNanos;
            }
        }
        warnings.addAll(compressionNotes);
        if (stacks.shortenedStacks() > 0) {
            warnings.add(String.format("the recording has more distinct stacks than fit in memory: %,d stacks kept only their "
                    + "innermost frames", stacks.shortenedStacks()));
        }
        if (writesNotPaired > 0) {
            warnings.add(String.format("concurrent HashMap writes were paired over the first %,d write samples; %,d more were "
                    + "counted but not paired", writes, writesNotPaired));
        }
        if (intervals.dropped() > 0) {
            warnings.add(String.format(java.util.Locale.ROOT, "pileup analysis kept %,d blocked intervals one by one; %,d "
                    + "more found no room and were averaged per %d ms at their site: pileups there are averages over %d ms, "
                    + "and which threads waited and who held the lock are known from the kept ones only",
                    intervals.size(), intervals.dropped(), intervals.averaged().bucketNanos() / 1_000_000L,
                    intervals.averaged().bucketNanos() / 1_000_000L));
        }
        if (pins.intervalsDropped() > 0) {
            warnings.add(String.format("carrier overlap was judged over the first %,d pinned intervals; %,d more were counted but "
                    + "not kept", VirtualThreadPins.INTERVAL_LIMIT, pins.intervalsDropped()));
        }
        if (threadSamples.dropped() > 0) {
            warnings.add(String.format("only the last %,d stack samples were kept; %,d earlier ones, up to about %s, were "
                    + "counted but not kept: lock holders, thread lanes and waits seen only in wall-clock samples (a "
                    + "pileup without lock events) were not looked for in them",
                    threadSamples.size(), threadSamples.dropped(),
                    java.time.Instant.ofEpochSecond(0, threadSamples.droppedUntilNanos()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        }
        if (jvmRuns.size() > 1) {
            warnings.add(joinedRuns(jvmRuns));
        }
        RecordingInfo info = new RecordingInfo(source, read.producer(), start, end, jvm.settled(), read.complete(),
                List.copyOf(warnings), read.bytesRead(), read.bytesTotal(), read.chunks(), read.eventCounts(),
                settings, compression);
        boolean useSamples = sampledAllocations.totalSamples() > 0;
        Timeline shownTimeline = timeline;
        Timeline lockAndWait = waits.timeline();
        if (lockAndWait.seconds() > 0) {
            // the reader wrote the other series: the lock and wait ones join them now (all zero here until then)
            shownTimeline.replaceSeries(Timeline.Series.LOCK_NANOS, lockAndWait);
            shownTimeline.replaceSeries(Timeline.Series.WAIT_NANOS, lockAndWait);
        }
        if (!useSamples) {
            shownTimeline.replaceSeries(Timeline.Series.ALLOCATED_BYTES, tlabTimeline);
        }
        Profile.ThreadStats threadStats = new Profile.ThreadStats(maxThreads < 0 ? -1 : minThreads, maxThreads,
                lastThreads, threadDumps, lastThreadDump);
        pairWrites();
        // with jdk.JavaExceptionThrow on, errors are in it too (JavaErrorThrow records them a second time)
        ThrowableTable throwables = exceptionEvents.recorded() > 0 || info.isEnabled("jdk.JavaExceptionThrow")
                ? exceptionEvents : errorEvents;
        threadSamples.seal(threads.size());
        SampledWaits sampled = addSampledWaits(end);
        ThreadDumps dumps = dumpParser.build();
        long openWaitsFrom = sampled.periodNanos() == 0 ? Long.MAX_VALUE
                : end - (long) (SampledWaits.MAX_GAP_PERIODS * sampled.periodNanos());
        // made when a rule first asks, from these (not from the builder, which need not outlive the build)
        List<ContentionSite> sites = List.copyOf(contentionList);
        ContentionIntervals waits = intervals;
        ThreadSamples samples = threadSamples;
        StackTable stackTable = stacks;
        StackFeatures stackFeatures = features;
        java.util.function.Supplier<LockHolders> holders = () -> new LockHolders(waits, sites, samples, dumps,
                stackTable, stackFeatures, openWaitsFrom);
        io.seal();
        return new Profile(info, stacks, threads, features, contentionList, intervals, cpuSamples, wallSamples,
                useSamples ? sampledAllocations : tlabAllocations, gcPauses, new ArrayList<>(mapWrites.values()),
                shownTimeline, threadStats, throwables, cpu, dumps, holders, activities, lifecycle, pins, sampled,
                io, safepoints);
    }

    /**
     * Waits seen only in wall-clock samples become contention sites of their own (marked sampled, with their period)
     * and intervals, so pileups and lock holders count them; idle ones are dropped like idle events.
     */
    private SampledWaits addSampledWaits(long recordingEnd) {
        SampledWaits sampled = SampledWaits.find(threadSamples, stacks, features, recordingEnd,
                SampledWaits.coveredBy(intervals));
        Map<String, ContentionSite> sampledSites = new HashMap<>();
        for (SampledWaits.Wait w : sampled.waits()) {
            String lockClass = readable(w.lockClass());
            ContentionSite site = sampledSites.computeIfAbsent(w.kind() + "|" + lockClass + "|" + w.stack() + "|" + w.open(), k -> {
                WaitCategory category = WaitClassifier.classify(w.kind(), lockClass, w.stack(), stacks, features);
                ContentionSite c = new ContentionSite(contentionList.size(), w.kind(), lockClass, w.stack(), category,
                        sampled.periodNanos(), w.open());
                contentionList.add(c);
                averagingSeries(c);
                return c;
            });
            if (site.category() == WaitCategory.IDLE) {
                continue;
            }
            site.add(w.endNanos() - w.startNanos(), w.thread(), ThreadTable.NONE);
            intervals.add(w.startNanos(), w.endNanos(), w.thread(), site.index(), 0L, ThreadTable.NONE);
        }
        return sampled;
    }

    /** Puts a new contention site in the series of its code site (method), lock class and kind of wait. */
    private void averagingSeries(ContentionSite site) {
        int frame = site.stack() < 0 ? -1 : features.site(site.stack());
        String method = frame < 0 ? "" : stacks.frame(frame).qualifiedMethod();
        // a wait still going at the end never joins a finished one: the deadlock rule looks for its site
        String key = method + "|" + site.lockClass() + "|" + site.kind() + "|" + site.neverEnded();
        Integer series = averagingSeries.get(key);
        if (series == null) {
            series = averagingSeries.size();
            averagingSeries.put(key, series);
        }
        waits.newSite(site, series);
    }
}
