package org.jfrtriage.analyzer.profile;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.jfrtriage.analyzer.event.AllocationSample;
import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.CpuLoad;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.ExecutionSample;
import org.jfrtriage.analyzer.event.GcPause;
import org.jfrtriage.analyzer.event.JvmInfo;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.event.ThreadCpuLoad;
import org.jfrtriage.analyzer.table.ThreadTable;
import org.jfrtriage.analyzer.event.ThrowableEvent;

/**
 * A sliding window over a live event stream: keeps the normalized events of the last {@code window}, and on
 * each flush builds a {@link Profile} of exactly those — the same profile a file of that span would give, so
 * the same rules run on it. Memory is bounded by {@link #MAX_EVENTS}; stacks and threads are interned once for
 * the life of the stream.
 */
public final class EventWindow implements EventSink {

    /** Events kept at most; a denser stream drops its oldest events early and the window says so. */
    public static final int MAX_EVENTS = 2_000_000;

    /** An event, when it happened, and the JFR event type it came from (for the window's event counts). */
    private record Timed(long timeNanos, String type, Consumer<EventSink> replay) {
    }

    private final String source;
    private final long windowNanos;
    private final int maxEvents;
    private final StackTable stacks = new StackTable();
    private final ThreadTable threads = new ThreadTable();
    private final Deque<Timed> events = new ArrayDeque<>();
    private final Map<String, Map<String, String>> settings = new TreeMap<>();
    private JvmInfo jvm = JvmInfo.UNKNOWN;
    private String producer = "jdk";
    private long dropped;
    private long newest = Long.MIN_VALUE;
    private int hardwareThreads;
    private double effectiveCpus;

    public EventWindow(String source, long windowNanos) {
        this(source, windowNanos, MAX_EVENTS);
    }

    /** As {@link #EventWindow(String, long)}, keeping at most {@code maxEvents} (the in-process agent keeps fewer). */
    public EventWindow(String source, long windowNanos, int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be positive: " + maxEvents);
        }
        this.source = source;
        this.windowNanos = windowNanos;
        this.maxEvents = maxEvents;
    }

    @Override
    public StackTable stacks() {
        return stacks;
    }

    @Override
    public ThreadTable threads() {
        return threads;
    }

    private void add(long time, String type, Consumer<EventSink> replay) {
        if (events.size() >= maxEvents) {
            events.pollFirst();
            dropped++;
        }
        events.addLast(new Timed(time, type, replay));
        newest = Math.max(newest, time);
    }

    @Override
    public void onChunk(long startNanos, long endNanos) {
        // a stream has no chunks to report: the window is the span
    }

    @Override
    public void onContention(ContentionEvent e) {
        String type;
        switch (e.kind()) {
            case MONITOR_ENTER: type = "jdk.JavaMonitorEnter"; break;
            case MONITOR_WAIT: type = "jdk.JavaMonitorWait"; break;
            case PARK:
            default: type = "jdk.ThreadPark";
        }
        add(e.startNanos() + e.durationNanos(), type, sink -> sink.onContention(e));
    }

    @Override
    public void onAllocation(AllocationSample s) {
        add(s.timeNanos(), s.source() == AllocationSample.Source.SAMPLE ? "jdk.ObjectAllocationSample"
                : "jdk.ObjectAllocationInNewTLAB", sink -> sink.onAllocation(s));
    }

    @Override
    public void onExecutionSample(ExecutionSample s) {
        add(s.timeNanos(), s.kind() == org.jfrtriage.analyzer.event.SampleKind.CPU ? "jdk.ExecutionSample"
                : "profiler.WallClockSample", sink -> sink.onExecutionSample(s));
    }

    @Override
    public void onThreadActivity(long startNanos, long durationNanos, int thread,
                                 org.jfrtriage.analyzer.event.ThreadActivity activity) {
        add(startNanos + durationNanos, activity == org.jfrtriage.analyzer.event.ThreadActivity.SLEEP ? "jdk.ThreadSleep"
                : "jdk.SocketRead", sink -> sink.onThreadActivity(startNanos, durationNanos, thread, activity));
    }

    @Override
    public void onGcPause(GcPause pause) {
        add(pause.startNanos(), "jdk.GarbageCollection", sink -> sink.onGcPause(pause));
    }

    @Override
    public void onThreadCount(long timeNanos, long activeThreads, long daemonThreads) {
        add(timeNanos, "jdk.JavaThreadStatistics", sink -> sink.onThreadCount(timeNanos, activeThreads, daemonThreads));
    }

    @Override
    public void onThreadStatistics(long timeNanos, long activeThreads, long daemonThreads, long accumulatedThreads,
                                   long peakThreads) {
        add(timeNanos, "jdk.JavaThreadStatistics", sink -> sink.onThreadStatistics(timeNanos, activeThreads, daemonThreads,
                accumulatedThreads, peakThreads));
    }

    @Override
    public void onThreadStart(long timeNanos, int thread, int parent, int stack) {
        add(timeNanos, "jdk.ThreadStart", sink -> sink.onThreadStart(timeNanos, thread, parent, stack));
    }

    @Override
    public void onThreadEnd(long timeNanos, int thread) {
        add(timeNanos, "jdk.ThreadEnd", sink -> sink.onThreadEnd(timeNanos, thread));
    }

    @Override
    public void onVirtualThreadPinned(org.jfrtriage.analyzer.event.VirtualThreadPin pin) {
        add(pin.startNanos() + pin.durationNanos(), "jdk.VirtualThreadPinned", sink -> sink.onVirtualThreadPinned(pin));
    }

    @Override
    public void onVirtualThreadSubmitFailed(long timeNanos, int thread, int stack, String message) {
        add(timeNanos, "jdk.VirtualThreadSubmitFailed", sink -> sink.onVirtualThreadSubmitFailed(timeNanos, thread, stack, message));
    }

    @Override
    public void onThreadDump(long timeNanos, String dump) {
        add(timeNanos, "jdk.ThreadDump", sink -> sink.onThreadDump(timeNanos, dump));
    }

    @Override
    public void onThrowable(ThrowableEvent e) {
        add(e.timeNanos(), e.errorEvent() ? "jdk.JavaErrorThrow" : "jdk.JavaExceptionThrow", sink -> sink.onThrowable(e));
    }

    @Override
    public void onThrowableCount(long timeNanos, long throwablesSinceStart) {
        add(timeNanos, "jdk.ExceptionStatistics", sink -> sink.onThrowableCount(timeNanos, throwablesSinceStart));
    }

    @Override
    public void onIoWait(org.jfrtriage.analyzer.event.IoWait w) {
        String type = switch (w.kind()) {
            case SOCKET_READ -> "jdk.SocketRead";
            case SOCKET_WRITE -> "jdk.SocketWrite";
            case FILE_READ -> "jdk.FileRead";
            case FILE_WRITE -> "jdk.FileWrite";
        };
        add(w.startNanos(), type, sink -> sink.onIoWait(w));
    }

    @Override
    public void onVmOperation(org.jfrtriage.analyzer.event.VmOperation o) {
        add(o.startNanos(), "jdk.ExecuteVMOperation", sink -> sink.onVmOperation(o));
    }

    @Override
    public void onSafepoint(org.jfrtriage.analyzer.event.SafepointPhase p) {
        String type = switch (p.phase()) {
            case BEGIN -> "jdk.SafepointBegin";
            case SYNCHRONIZATION -> "jdk.SafepointStateSynchronization";
            case END -> "jdk.SafepointEnd";
        };
        add(p.startNanos(), type, sink -> sink.onSafepoint(p));
    }

    @Override
    public void onCpuLoad(CpuLoad load) {
        add(load.timeNanos(), "jdk.CPULoad", sink -> sink.onCpuLoad(load));
    }

    @Override
    public void onThreadCpuLoad(ThreadCpuLoad load) {
        add(load.timeNanos(), "jdk.ThreadCPULoad", sink -> sink.onThreadCpuLoad(load));
    }

    /** The CPUs available are a fact of the JVM, written once: kept for every window, like the JVM's description. */
    @Override
    public void onCpuCapacity(long timeNanos, int hardwareThreads, double effectiveCpus) {
        if (hardwareThreads > 0) {
            this.hardwareThreads = hardwareThreads;
        }
        if (effectiveCpus > 0) {
            this.effectiveCpus = effectiveCpus;
        }
    }

    @Override
    public void onCpuThrottling(long timeNanos, long periods, long throttledPeriods, long throttledNanos) {
        add(timeNanos, "jdk.ContainerCPUThrottling", sink -> sink.onCpuThrottling(timeNanos, periods, throttledPeriods, throttledNanos));
    }

    @Override
    public void onJvmInfo(JvmInfo info) {
        jvm = jvm.merge(info);
    }

    @Override
    public void onSetting(String eventName, String setting, String value) {
        settings.computeIfAbsent(eventName, k -> new TreeMap<>()).put(setting, value);
    }

    @Override
    public void onFinish(ReadSummary summary) {
        producer = summary.producer();
    }

    /**
     * The profile of the window ending at {@code endNanos} (usually the newest event), dropping older events.
     */
    public Profile profile(long endNanos) {
        long start = endNanos - windowNanos;
        while (!events.isEmpty() && events.peekFirst().timeNanos() < start) {
            events.pollFirst();
        }
        ProfileBuilder builder = new ProfileBuilder(source, stacks, threads);
        builder.onChunk(start, endNanos);
        builder.onJvmInfo(jvm);
        builder.onCpuCapacity(start, hardwareThreads, effectiveCpus);
        settings.forEach((event, values) -> values.forEach((k, v) -> builder.onSetting(event, k, v)));
        Map<String, Long> counts = new TreeMap<>();
        for (Timed t : events) {
            t.replay().accept(builder);
            counts.merge(t.type(), 1L, Long::sum);
        }
        List<String> warnings = dropped == 0 ? List.of() : List.of(String.format(
                "the stream was denser than %,d events a window: %,d oldest events were dropped", maxEvents, dropped));
        builder.onFinish(new ReadSummary(producer, true, 0, 0, 0, warnings, counts));
        return builder.build();
    }

    /** The time of the newest event seen, or {@code Long.MIN_VALUE}. */
    public long newestNanos() {
        return newest;
    }
}
