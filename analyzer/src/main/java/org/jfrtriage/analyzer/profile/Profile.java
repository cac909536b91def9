package org.jfrtriage.analyzer.profile;

import java.util.List;

import org.jfrtriage.analyzer.event.GcPause;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.table.ThreadTable;

/**
 * Everything the rules see of a recording: aggregates bounded by distinct stacks and sites, never by events.
 * Built by {@link ProfileBuilder} from any source; immutable once built.
 */
public final class Profile {
    private final RecordingInfo info;
    private final StackTable stacks;
    private final ThreadTable threads;
    private final StackFeatures features;
    private final List<ContentionSite> contention;
    private final ContentionIntervals intervals;
    private final StackCounts cpuSamples;
    private final StackCounts wallSamples;
    private final AllocationTable allocations;
    private final List<GcPause> gcPauses;
    private final List<MapWriteConcurrency> mapWrites;
    private final Timeline timeline;
    private final ThreadStats threadStats;
    private final ThrowableTable throwables;
    private final CpuUsage cpu;
    private final ThreadDumps threadDumps;
    /** Made when first asked for, by the rule that needs it, while the other rules run beside it. */
    private java.util.function.Supplier<LockHolders> makeLockHolders;
    private LockHolders lockHolders;
    private final ThreadActivities activities;
    private final ThreadLifecycle threadLifecycle;
    private final VirtualThreadPins virtualThreadPins;
    private final SampledWaits sampledWaits;
    private final IoWaits io;
    private final Safepoints safepoints;

    /** Thread counts from {@code jdk.JavaThreadStatistics} and thread dumps from {@code jdk.ThreadDump}. */
    public record ThreadStats(long minActive, long maxActive, long lastActive, int threadDumps, String lastThreadDump) {
    }

    Profile(RecordingInfo info, StackTable stacks, ThreadTable threads, StackFeatures features,
            List<ContentionSite> contention, ContentionIntervals intervals, StackCounts cpuSamples,
            StackCounts wallSamples, AllocationTable allocations, List<GcPause> gcPauses,
            List<MapWriteConcurrency> mapWrites, Timeline timeline, ThreadStats threadStats,
            ThrowableTable throwables, CpuUsage cpu, ThreadDumps threadDumps, java.util.function.Supplier<LockHolders> lockHolders,
            ThreadActivities activities, ThreadLifecycle threadLifecycle, VirtualThreadPins virtualThreadPins,
            SampledWaits sampledWaits, IoWaits io, Safepoints safepoints) {
        this.sampledWaits = sampledWaits;
        this.info = info;
        this.stacks = stacks;
        this.threads = threads;
        this.features = features;
        this.contention = List.copyOf(contention);
        this.intervals = intervals;
        this.cpuSamples = cpuSamples;
        this.wallSamples = wallSamples;
        this.allocations = allocations;
        this.gcPauses = List.copyOf(gcPauses);
        this.mapWrites = List.copyOf(mapWrites);
        this.timeline = timeline;
        this.threadStats = threadStats;
        this.throwables = throwables;
        this.cpu = cpu;
        this.threadDumps = threadDumps;
        this.makeLockHolders = lockHolders;
        this.activities = activities;
        this.threadLifecycle = threadLifecycle;
        this.virtualThreadPins = virtualThreadPins;
        this.io = io;
        this.safepoints = safepoints;
    }

    /**
     * This profile's recording info and thread statistics with an empty profile's tables: what a comparison reads
     * once both sides' rules have run, so {@code diff} holds two of these, not two profiles of hundreds of MB.
     */
    public Profile withoutTables() {
        Profile empty = new ProfileBuilder(info.source()).build();
        return new Profile(info, empty.stacks, empty.threads, empty.features, List.of(), empty.intervals, empty.cpuSamples,
                empty.wallSamples, empty.allocations, List.of(), List.of(), empty.timeline, threadStats, empty.throwables,
                empty.cpu, empty.threadDumps, empty::lockHolders, empty.activities, empty.threadLifecycle,
                empty.virtualThreadPins, empty.sampledWaits, empty.io, empty.safepoints);
    }

    /** Waits rebuilt from wall-clock samples (async-profiler {@code wall}); also in {@link #contention()} as sampled sites. */
    public SampledWaits sampledWaits() {
        return sampledWaits;
    }

    public RecordingInfo info() {
        return info;
    }

    public StackTable stacks() {
        return stacks;
    }

    public ThreadTable threads() {
        return threads;
    }

    /** Site and map facts per stack. */
    public StackFeatures features() {
        return features;
    }

    /** Blocked/parked time by (kind, lock class, stack), including idle waits (marked by their category). */
    public List<ContentionSite> contention() {
        return contention;
    }

    public ContentionIntervals intervals() {
        return intervals;
    }

    /** {@code jdk.ExecutionSample} counts per stack. */
    public StackCounts cpuSamples() {
        return cpuSamples;
    }

    /** Wall-clock samples per stack (async-profiler {@code wall}); empty for JDK recordings. */
    public StackCounts wallSamples() {
        return wallSamples;
    }

    /** Allocation by (stack, class) from the best source the recording has (samples, else TLAB events). */
    public AllocationTable allocations() {
        return allocations;
    }

    public List<GcPause> gcPauses() {
        return gcPauses;
    }

    public List<MapWriteConcurrency> mapWrites() {
        return mapWrites;
    }

    public Timeline timeline() {
        return timeline;
    }

    public ThreadStats threadStats() {
        return threadStats;
    }

    /**
     * Throwables created: from jdk.JavaExceptionThrow when the recording has it (every throwable, errors included),
     * else from jdk.JavaErrorThrow (errors only); with jdk.ExceptionStatistics' count of all of them.
     */
    public ThrowableTable throwables() {
        return throwables;
    }

    /** CPU load of the JVM, the machine and each thread, and the CPUs available. */
    public CpuUsage cpu() {
        return cpu;
    }

    /** What the thread dumps say about locks: waiters, holders, deadlocks. */
    public ThreadDumps threadDumps() {
        return threadDumps;
    }

    /**
     * Who held a lock while others waited, joined from monitor events, dumps and samples. Made on the first call (the
     * playbook makes it beside its first rule when the profile has lock waits; other callers wait for it).
     */
    public synchronized LockHolders lockHolders() {
        if (lockHolders == null) {
            lockHolders = makeLockHolders.get();
            makeLockHolders = null; // what it was made of need not stay reachable through it
        }
        return lockHolders;
    }

    /** Sleeps and I/O of every thread (from {@code jdk.ThreadSleep} and the socket and file events). */
    public ThreadActivities threadActivities() {
        return activities;
    }

    /**
     * One lane per holder and waiter of the waits at these contention sites over the whole recording (see
     * {@link LockHolders#lanes}), at most {@code maxLanes}, the recording cut into {@code buckets}.
     */
    public ThreadLanes threadLanes(java.util.BitSet siteIndices, int maxLanes, int buckets) {
        return lockHolders().lanes(siteIndices, info.startNanos(), info.endNanos(), maxLanes, buckets, activities);
    }

    /** Thread counts over time and the threads started during the recording, by creating stack. */
    public ThreadLifecycle threadLifecycle() {
        return threadLifecycle;
    }

    /** Virtual threads pinned to their carriers, and the scheduler's refusals. */
    public VirtualThreadPins virtualThreadPins() {
        return virtualThreadPins;
    }

    /** Socket and file waits by endpoint. */
    public IoWaits io() {
        return io;
    }

    /** VM operations and safepoint phases. */
    public Safepoints safepoints() {
        return safepoints;
    }
}
