package org.jfrtriage.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.event.AllocationSample;
import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.CpuLoad;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.ExecutionSample;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.FrameType;
import org.jfrtriage.analyzer.event.GcPause;
import org.jfrtriage.analyzer.event.SampleKind;
import org.jfrtriage.analyzer.event.ThreadCpuLoad;
import org.jfrtriage.analyzer.table.ThreadTable;
import org.jfrtriage.analyzer.event.ThrowableEvent;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.ProfileBuilder;

/**
 * Builds profiles from hand-made events for rule tests: stacks are written outermost last, innermost first, as
 * {@code "java.util.HashMap.resize", "com.acme.Index.build", "java.lang.Thread.run"}.
 */
public final class SyntheticProfile {
    public static final long T0 = 1_700_000_000_000_000_000L;
    public static final long MS = 1_000_000L;
    public static final long SECOND = 1_000_000_000L;

    private final ProfileBuilder builder;
    private final List<String> events = new ArrayList<>();

    public SyntheticProfile(long durationSeconds) {
        this(durationSeconds, org.jfrtriage.analyzer.profile.ContentionIntervals.DEFAULT_CAPACITY_LIMIT);
    }

    /** With room for only {@code intervalLimit} blocked intervals, as if the recording were far longer. */
    public SyntheticProfile(long durationSeconds, int intervalLimit) {
        this(durationSeconds, intervalLimit, org.jfrtriage.analyzer.profile.ThreadSamples.DEFAULT_CAPACITY_LIMIT);
    }

    /** With room for only {@code intervalLimit} blocked intervals and {@code sampleLimit} stack samples. */
    public SyntheticProfile(long durationSeconds, int intervalLimit, int sampleLimit) {
        builder = new ProfileBuilder("synthetic.jfr", intervalLimit, sampleLimit);
        builder.onChunk(T0, T0 + durationSeconds * SECOND);
    }

    /** A stack of Java frames, innermost first ({@code "com.acme.A.b"}, lines 10, 11…); {@code "X::y"} is a native C++ frame. */
    public int stack(String... innermostFirst) {
        int[] ids = new int[innermostFirst.length];
        for (int i = 0; i < ids.length; i++) {
            String qualified = innermostFirst[i];
            if (qualified.contains("::")) { // a native HotSpot frame as async-profiler records it: "ObjectMonitor::enter"
                ids[i] = builder.stacks().frameId(new Frame("", qualified, -1, FrameType.CPP));
                continue;
            }
            int dot = qualified.lastIndexOf('.');
            ids[i] = builder.stacks().frameId(new Frame(qualified.substring(0, dot), qualified.substring(dot + 1), 10 + i,
                    FrameType.JIT_COMPILED));
        }
        return builder.stacks().stackId(ids, false);
    }

    /** A stack of frames with the given lines, innermost first: {@code "com.acme.A.b:12"}. */
    public int stackWithLines(String... innermostFirst) {
        int[] ids = new int[innermostFirst.length];
        for (int i = 0; i < ids.length; i++) {
            int colon = innermostFirst[i].lastIndexOf(':');
            String qualified = innermostFirst[i].substring(0, colon);
            int dot = qualified.lastIndexOf('.');
            ids[i] = builder.stacks().frameId(new Frame(qualified.substring(0, dot), qualified.substring(dot + 1),
                    Integer.parseInt(innermostFirst[i].substring(colon + 1)), FrameType.JIT_COMPILED));
        }
        return builder.stacks().stackId(ids, false);
    }

    public int thread(String name) {
        return builder.threads().threadId(name.hashCode() & 0x7fffffffL, name);
    }

    public SyntheticProfile contention(ContentionKind kind, long startNanos, long durationNanos, String thread,
                                       String lockClass, int stack) {
        builder.onContention(new ContentionEvent(kind, startNanos, durationNanos, thread(thread), lockClass,
                ThreadTable.NONE, stack));
        events.add(kind == ContentionKind.PARK ? "jdk.ThreadPark" : "jdk.JavaMonitorEnter");
        return this;
    }

    /** A wait behind the lock owner {@code owner} (a thread name), as JDK 17+ monitor events record it. */
    public SyntheticProfile contention(ContentionKind kind, long startNanos, long durationNanos, String thread,
                                       String lockClass, int stack, String owner) {
        builder.onContention(new ContentionEvent(kind, startNanos, durationNanos, thread(thread), lockClass,
                thread(owner), stack));
        events.add(kind == ContentionKind.PARK ? "jdk.ThreadPark" : "jdk.JavaMonitorEnter");
        return this;
    }

    /**
     * A monitor wait as JDK 17+ records it: with the monitor's {@code address} and {@code previousOwner} (the thread
     * that released the monitor to this waiter; null when not recorded, as async-profiler writes it).
     */
    public SyntheticProfile monitorEnter(long startNanos, long durationNanos, String thread, String lockClass, int stack,
                                         String previousOwner, long address) {
        builder.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, startNanos, durationNanos, thread(thread),
                lockClass, previousOwner == null ? ThreadTable.NONE : thread(previousOwner), stack, address));
        events.add("jdk.JavaMonitorEnter");
        return this;
    }

    /**
     * Wall-clock samples of {@code thread} at {@code stack} every {@code periodNanos} from {@code fromNanos} to
     * {@code toNanos} (both included), as async-profiler's {@code wall} mode writes them.
     */
    public SyntheticProfile wall(long fromNanos, long toNanos, long periodNanos, String thread, int stack) {
        for (long t = fromNanos; t <= toNanos; t += periodNanos) {
            builder.onExecutionSample(new ExecutionSample(t, thread(thread), stack, SampleKind.WALL, 1));
        }
        events.add("profiler.WallClockSample");
        return this;
    }

    public SyntheticProfile cpu(long timeNanos, String thread, int stack, int count) {
        for (int i = 0; i < count; i++) {
            builder.onExecutionSample(new ExecutionSample(timeNanos, thread(thread), stack, SampleKind.CPU, 1));
        }
        events.add("jdk.ExecutionSample");
        return this;
    }

    public SyntheticProfile allocation(long timeNanos, String thread, String objectClass, long bytes, long objectBytes,
                                       int stack) {
        builder.onAllocation(new AllocationSample(timeNanos, thread(thread), objectClass, bytes, objectBytes, stack,
                objectBytes < 0 ? AllocationSample.Source.SAMPLE : AllocationSample.Source.TLAB));
        events.add(objectBytes < 0 ? "jdk.ObjectAllocationSample" : "jdk.ObjectAllocationInNewTLAB");
        return this;
    }

    public SyntheticProfile gc(long startNanos, long pauseNanos, String cause) {
        builder.onGcPause(new GcPause(startNanos, pauseNanos, pauseNanos, "G1New", cause));
        events.add("jdk.GarbageCollection");
        return this;
    }

    public SyntheticProfile gc(long startNanos, long pauseNanos, String collector, String cause) {
        builder.onGcPause(new GcPause(startNanos, pauseNanos, pauseNanos, collector, cause));
        events.add("jdk.GarbageCollection");
        return this;
    }

    /** A throwable event: jdk.JavaExceptionThrow, or jdk.JavaErrorThrow when {@code error}. */
    public SyntheticProfile throwable(long timeNanos, String thread, String throwableClass, String message, int stack,
                                      boolean error) {
        builder.onThrowable(new ThrowableEvent(timeNanos, thread(thread), throwableClass, message, stack, error));
        events.add(error ? "jdk.JavaErrorThrow" : "jdk.JavaExceptionThrow");
        return this;
    }

    /** A jdk.ExceptionStatistics reading: throwables since the JVM started. */
    public SyntheticProfile throwableCount(long timeNanos, long sinceStart) {
        builder.onThrowableCount(timeNanos, sinceStart);
        events.add("jdk.ExceptionStatistics");
        return this;
    }

    /** A jdk.CPULoad reading (shares of the whole machine, 0–1). */
    public SyntheticProfile cpuLoad(long timeNanos, double jvmUser, double jvmSystem, double machineTotal) {
        builder.onCpuLoad(new CpuLoad(timeNanos, jvmUser, jvmSystem, machineTotal));
        events.add("jdk.CPULoad");
        return this;
    }

    public SyntheticProfile threadCpuLoad(long timeNanos, String thread, double user, double system) {
        builder.onThreadCpuLoad(new ThreadCpuLoad(timeNanos, thread(thread), user, system));
        events.add("jdk.ThreadCPULoad");
        return this;
    }

    public SyntheticProfile cpus(int hardwareThreads, double effectiveCpus) {
        builder.onCpuCapacity(T0, hardwareThreads, effectiveCpus);
        return this;
    }

    public SyntheticProfile throttling(long timeNanos, long periods, long throttledPeriods, long throttledNanos) {
        builder.onCpuThrottling(timeNanos, periods, throttledPeriods, throttledNanos);
        events.add("jdk.ContainerCPUThrottling");
        return this;
    }

    /** A jdk.JavaThreadStatistics reading: live threads, and threads started since the JVM started. */
    public SyntheticProfile threadStatistics(long timeNanos, long active, long accumulated) {
        builder.onThreadStatistics(timeNanos, active, 0, accumulated, active);
        events.add("jdk.JavaThreadStatistics");
        return this;
    }

    /** A jdk.ThreadStart: {@code thread} started by {@code parent} at {@code stack}. */
    public SyntheticProfile threadStart(long timeNanos, String thread, String parent, int stack) {
        builder.onThreadStart(timeNanos, thread(thread), thread(parent), stack);
        events.add("jdk.ThreadStart");
        return this;
    }

    public SyntheticProfile threadEnd(long timeNanos, String thread) {
        builder.onThreadEnd(timeNanos, thread(thread));
        events.add("jdk.ThreadEnd");
        return this;
    }

    /** A jdk.VirtualThreadPinned event; {@code carrier} may be null (JDK 21–23 do not name it). */
    public SyntheticProfile pinned(long startNanos, long durationNanos, String thread, String carrier, int stack,
                                   String blockingOperation, String pinnedReason) {
        builder.onVirtualThreadPinned(new org.jfrtriage.analyzer.event.VirtualThreadPin(startNanos, durationNanos, thread(thread),
                carrier == null ? org.jfrtriage.analyzer.table.ThreadTable.NONE : thread(carrier), stack, blockingOperation, pinnedReason));
        events.add("jdk.VirtualThreadPinned");
        return this;
    }

    public SyntheticProfile submitFailed(long timeNanos, String thread, int stack, String message) {
        builder.onVirtualThreadSubmitFailed(timeNanos, thread(thread), stack, message);
        events.add("jdk.VirtualThreadSubmitFailed");
        return this;
    }

    /** The recorded JVM's Java version, e.g. "17.0.15+6". */
    public SyntheticProfile javaVersion(String version) {
        builder.onJvmInfo(new org.jfrtriage.analyzer.event.JvmInfo(version, "", "", "", -1));
        return this;
    }

    /** A socket wait ({@code jdk.SocketRead}) on {@code host:port}. */
    public SyntheticProfile socketRead(long startNanos, long durationNanos, String thread, String host, int port, int stack) {
        builder.onIoWait(new org.jfrtriage.analyzer.event.IoWait(org.jfrtriage.analyzer.event.IoWait.Kind.SOCKET_READ,
                startNanos, durationNanos, thread(thread), stack, host, "10.0.0.5", port, "", 100));
        events.add("jdk.SocketRead");
        return this;
    }

    /** A socket write ({@code jdk.SocketWrite}) to {@code host:port}, moving {@code bytes}. */
    public SyntheticProfile socketWrite(long startNanos, long durationNanos, String thread, String host, int port, int stack,
                                        long bytes) {
        builder.onIoWait(new org.jfrtriage.analyzer.event.IoWait(org.jfrtriage.analyzer.event.IoWait.Kind.SOCKET_WRITE,
                startNanos, durationNanos, thread(thread), stack, host, "10.0.0.5", port, "", bytes));
        events.add("jdk.SocketWrite");
        return this;
    }

    /** A file wait ({@code jdk.FileWrite}) on {@code path}. */
    public SyntheticProfile fileWrite(long startNanos, long durationNanos, String thread, String path, int stack) {
        builder.onIoWait(new org.jfrtriage.analyzer.event.IoWait(org.jfrtriage.analyzer.event.IoWait.Kind.FILE_WRITE,
                startNanos, durationNanos, thread(thread), stack, "", "", 0, path, 4096));
        events.add("jdk.FileWrite");
        return this;
    }

    /** A wall-clock sample (async-profiler). */
    public SyntheticProfile wall(long timeNanos, String thread, int stack, int count) {
        builder.onExecutionSample(new org.jfrtriage.analyzer.event.ExecutionSample(timeNanos, thread(thread), stack,
                org.jfrtriage.analyzer.event.SampleKind.WALL, count));
        events.add("profiler.WallClockSample");
        return this;
    }

    /** A {@code jdk.ExecuteVMOperation} at a safepoint, asked for by {@code caller}. */
    public SyntheticProfile vmOperation(long startNanos, long durationNanos, String operation, String caller) {
        builder.onVmOperation(new org.jfrtriage.analyzer.event.VmOperation(startNanos, durationNanos, operation, true, true,
                thread(caller), 0));
        events.add("jdk.ExecuteVMOperation");
        return this;
    }

    /** A {@code jdk.SafepointBegin}: the time to reach a safepoint. */
    public SyntheticProfile safepointBegin(long startNanos, long durationNanos) {
        builder.onSafepoint(new org.jfrtriage.analyzer.event.SafepointPhase(
                org.jfrtriage.analyzer.event.SafepointPhase.Phase.BEGIN, startNanos, durationNanos, 1, 20));
        events.add("jdk.SafepointBegin");
        return this;
    }

    /** A recorded setting of an event type, e.g. {@code setting("jdk.JavaMonitorEnter", "threshold", "20 ms")}. */
    /** A {@code jdk.ThreadDump} with this text (the output of {@code jcmd Thread.print}). */
    public SyntheticProfile threadDump(long timeNanos, String text) {
        builder.onThreadDump(timeNanos, text);
        return this;
    }

    public SyntheticProfile setting(String eventName, String name, String value) {
        builder.onSetting(eventName, name, value);
        return this;
    }

    /** Declares an event type enabled with no events, as jdk.ActiveSetting does. */
    public SyntheticProfile enabled(String eventName) {
        builder.onSetting(eventName, "enabled", "true");
        return this;
    }

    /** The profile as a reader that met damage would leave it: incomplete, with {@code warning}. */
    public Profile buildIncomplete(String warning) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        events.forEach(e -> counts.merge(e, 1L, Long::sum));
        builder.onFinish(new EventSink.ReadSummary("jdk", false, 1, 2, 1, List.of(warning), counts));
        return builder.build();
    }

    public Profile build() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        events.forEach(e -> counts.merge(e, 1L, Long::sum));
        builder.onFinish(new EventSink.ReadSummary("jdk", true, 1, 1, 1, List.of(), counts));
        return builder.build();
    }
}
