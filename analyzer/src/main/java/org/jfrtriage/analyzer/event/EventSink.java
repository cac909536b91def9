package org.jfrtriage.analyzer.event;

import java.util.Map;

import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.table.ThreadTable;

/**
 * The one push interface every source feeds: a recording file, a live repository stream or a remote stream.
 * A reader turns each recorded event into one of our records at once and never keeps JDK objects.
 *
 * <p>Calls come from one thread. Stack and thread ids refer to {@link #stacks()} and {@link #threads()}.
 */
public interface EventSink {

    StackTable stacks();

    ThreadTable threads();

    /** A chunk (or stream segment) covering this wall-clock span began. */
    void onChunk(long startNanos, long endNanos);

    void onContention(ContentionEvent event);

    /**
     * A wait given field by field: the same as {@link #onContention(ContentionEvent)} with these fields, without
     * making the record. The file reader calls this for every park and monitor enter (millions); a sink that keeps
     * no record of the event overrides it, and makes the other call this.
     */
    default void onContention(ContentionKind kind, long startNanos, long durationNanos, int thread, String lockClass,
                              int owner, int stack, long address) {
        onContention(new ContentionEvent(kind, startNanos, durationNanos, thread, lockClass, owner, stack, address));
    }

    void onAllocation(AllocationSample sample);

    /**
     * Whether allocations from {@code source} still matter to this sink. A reader asks now and then and may skip
     * the events of a source the sink stopped wanting, without decoding them; a sink that stops wanting a source
     * must never want it again. A profile, for one, ignores TLAB events once sampled allocations arrived.
     */
    default boolean wantsAllocations(AllocationSample.Source source) {
        return true;
    }

    void onExecutionSample(ExecutionSample sample);

    void onGcPause(GcPause pause);

    void onThreadCount(long timeNanos, long activeThreads, long daemonThreads);

    void onThreadDump(long timeNanos, String dump);

    /**
     * {@code jdk.JavaThreadStatistics} in full: live threads, daemons, threads started since the JVM started and the
     * peak. Readers call this; a sink that wants only the live count keeps {@link #onThreadCount}, which this calls
     * by default.
     */
    default void onThreadStatistics(long timeNanos, long activeThreads, long daemonThreads, long accumulatedThreads,
                                    long peakThreads) {
        onThreadCount(timeNanos, activeThreads, daemonThreads);
    }

    /**
     * {@code jdk.ThreadStart}: {@code thread} was started by {@code parent} ({@code ThreadTable.NONE} when not
     * recorded) at {@code stack}, the creating code ({@code Thread.start}'s caller), or {@code StackTable.UNKNOWN}.
     */
    default void onThreadStart(long timeNanos, int thread, int parent, int stack) {
    }

    /** {@code jdk.ThreadEnd}: {@code thread} ended. */
    default void onThreadEnd(long timeNanos, int thread) {
    }

    /** {@code jdk.VirtualThreadPinned}. */
    default void onVirtualThreadPinned(VirtualThreadPin pin) {
    }

    /** {@code jdk.VirtualThreadSubmitFailed}: the scheduler refused to start or resume a virtual thread. */
    default void onVirtualThreadSubmitFailed(long timeNanos, int thread, int stack, String message) {
    }

    /** A throwable created ({@code jdk.JavaExceptionThrow}, {@code jdk.JavaErrorThrow}). Sinks that do not judge exceptions ignore it. */
    default void onThrowable(ThrowableEvent event) {
    }

    /** {@code jdk.ExceptionStatistics}: throwables created since the JVM started, counted whether or not they were recorded. */
    default void onThrowableCount(long timeNanos, long throwablesSinceStart) {
    }

    /** {@code jdk.CPULoad}. */
    default void onCpuLoad(CpuLoad load) {
    }

    /** {@code jdk.ThreadCPULoad}. */
    default void onThreadCpuLoad(ThreadCpuLoad load) {
    }

    /**
     * The CPUs the JVM may use: {@code hardwareThreads} from {@code jdk.CPUInformation} (0 when not given), and
     * {@code effectiveCpus} from {@code jdk.ContainerConfiguration} (a container's quota or cpuset; 0 when not given).
     */
    default void onCpuCapacity(long timeNanos, int hardwareThreads, double effectiveCpus) {
    }

    /** {@code jdk.ContainerCPUThrottling}: CFS periods so far, how many were throttled, and the time throttled. */
    default void onCpuThrottling(long timeNanos, long periods, long throttledPeriods, long throttledNanos) {
    }

    /**
     * A sleep or an I/O call of a thread ({@code jdk.ThreadSleep}, {@code jdk.SocketRead}/{@code SocketWrite},
     * {@code jdk.FileRead}/{@code FileWrite}): what the thread lanes show besides waits and samples.
     */
    default void onThreadActivity(long startNanos, long durationNanos, int thread, ThreadActivity activity) {
    }

    /** A socket or file wait ({@code jdk.SocketRead/SocketWrite/FileRead/FileWrite}). */
    default void onIoWait(IoWait wait) {
    }

    /** {@code jdk.ExecuteVMOperation}. */
    default void onVmOperation(VmOperation operation) {
    }

    /** {@code jdk.SafepointBegin}, {@code jdk.SafepointStateSynchronization}, {@code jdk.SafepointEnd}. */
    default void onSafepoint(SafepointPhase phase) {
    }

    void onJvmInfo(JvmInfo info);

    /**
     * The JVM run a chunk's events came from, from its {@code jdk.JVMInformation} (JFR writes one in every chunk):
     * the process id (-1 when not recorded) and when the JVM started, in ms since 1970 (0 when not recorded).
     */
    default void onJvmRun(long pid, long startMillis) {
    }

    /** A recording setting in force, from {@code jdk.ActiveSetting}: e.g. jdk.ThreadPark / threshold / 20 ms. */
    void onSetting(String eventName, String setting, String value);

    /** The source ended: what was read, how far, and how many events of each type. */
    void onFinish(ReadSummary summary);

    /** What a reader reports when it is done. */
    record ReadSummary(String producer, boolean complete, long bytesRead, long bytesTotal, int chunks,
                       java.util.List<String> warnings, Map<String, Long> eventCounts) {
    }
}
