package org.jfrtriage.analyzer.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * Records every pushed event as a line with ids resolved to names (stack frames, thread names), so two readers'
 * outputs compare even though their tables assign different ids. Timestamps are kept apart ({@link #times}):
 * jdk.jfr.consumer converts later chunks' ticks with the first chunk's clock, a few ns off.
 */
final class RecordingSink implements EventSink {
    private final StackTable stacks = new StackTable();
    private final ThreadTable threads = new ThreadTable();
    final List<String> events = new ArrayList<>();
    /** The timestamp of each event, parallel to {@link #events}. */
    final List<Long> times = new ArrayList<>();
    /**
     * Each event's line with its duration left out, and the duration (0 for an instant), parallel to {@link #events}:
     * jdk.jfr gives a duration as its converted end less its converted start, we convert the tick count, and at a
     * tick rate other than 1 GHz the two truncations may differ by a nanosecond.
     */
    final List<String> withoutDurations = new ArrayList<>();
    final List<Long> durations = new ArrayList<>();

    private void add(long time, String line) {
        times.add(time);
        events.add(line);
        withoutDurations.add(line);
        durations.add(0L);
    }

    /** An event with a duration: its line is {@code head + duration + tail}. */
    private void add(long time, String head, long duration, String tail) {
        times.add(time);
        events.add(head + duration + tail);
        withoutDurations.add(head + "~" + tail);
        durations.add(duration);
    }
    ReadSummary summary;

    @Override
    public StackTable stacks() {
        return stacks;
    }

    @Override
    public ThreadTable threads() {
        return threads;
    }

    private String stack(int id) {
        return (stacks.isTruncated(id) ? "truncated " : "") + stacks.frames(id);
    }

    @Override
    public void onChunk(long startNanos, long endNanos) {
        add(startNanos, "chunk " + (endNanos - startNanos));
    }

    @Override
    public void onContention(ContentionEvent e) {
        add(e.startNanos(), "contention " + e.kind() + " ", e.durationNanos(), " " + threads.name(e.thread())
                + " " + e.lockClass() + " " + threads.name(e.owner()) + " @" + Long.toHexString(e.address()) + " " + stack(e.stack()));
    }

    @Override
    public void onAllocation(AllocationSample s) {
        add(s.timeNanos(), "allocation " + threads.name(s.thread()) + " " + s.objectClass() + " "
                + s.weightBytes() + " " + s.objectBytes() + " " + s.source() + " " + stack(s.stack()));
    }

    @Override
    public void onExecutionSample(ExecutionSample s) {
        add(s.timeNanos(), "sample " + s.kind() + " " + threads.name(s.thread()) + " " + s.weight() + " "
                + stack(s.stack()));
    }

    @Override
    public void onThreadActivity(long startNanos, long durationNanos, int thread,
                                 org.jfrtriage.analyzer.event.ThreadActivity activity) {
        add(startNanos, "activity " + activity + " ", durationNanos, " " + threads.name(thread));
    }

    @Override
    public void onGcPause(GcPause p) {
        add(p.startNanos(), "gc " + p.pauseNanos() + " " + p.longestPauseNanos() + " " + p.collector() + " " + p.cause());
    }

    @Override
    public void onThreadCount(long timeNanos, long activeThreads, long daemonThreads) {
        add(timeNanos, "threads " + activeThreads + " " + daemonThreads);
    }

    @Override
    public void onThreadStatistics(long timeNanos, long activeThreads, long daemonThreads, long accumulatedThreads,
                                   long peakThreads) {
        add(timeNanos, "threads " + activeThreads + " " + daemonThreads + " " + accumulatedThreads + " " + peakThreads);
    }

    @Override
    public void onThreadStart(long timeNanos, int thread, int parent, int stack) {
        add(timeNanos, "thread-start " + threads.name(thread) + " " + threads.name(parent) + " " + stack(stack));
    }

    @Override
    public void onThreadEnd(long timeNanos, int thread) {
        add(timeNanos, "thread-end " + threads.name(thread));
    }

    @Override
    public void onVirtualThreadPinned(org.jfrtriage.analyzer.event.VirtualThreadPin p) {
        add(p.startNanos(), "pinned ", p.durationNanos(), " " + threads.name(p.thread()) + " " + threads.name(p.carrier())
                + " " + p.blockingOperation() + " " + p.pinnedReason() + " " + stack(p.stack()));
    }

    @Override
    public void onVirtualThreadSubmitFailed(long timeNanos, int thread, int stack, String message) {
        add(timeNanos, "submit-failed " + threads.name(thread) + " " + message + " " + stack(stack));
    }

    @Override
    public void onThreadDump(long timeNanos, String dump) {
        add(timeNanos, "dump " + dump.length());
    }

    @Override
    public void onThrowable(ThrowableEvent e) {
        add(e.timeNanos(), "throwable " + e.errorEvent() + " " + threads.name(e.thread()) + " " + e.throwableClass()
                + " " + e.message() + " " + stack(e.stack()));
    }

    @Override
    public void onThrowableCount(long timeNanos, long throwablesSinceStart) {
        add(timeNanos, "throwables " + throwablesSinceStart);
    }

    @Override
    public void onCpuLoad(CpuLoad load) {
        add(load.timeNanos(), "cpu " + load.jvmUser() + " " + load.jvmSystem() + " " + load.machineTotal());
    }

    @Override
    public void onThreadCpuLoad(ThreadCpuLoad load) {
        add(load.timeNanos(), "thread-cpu " + threads.name(load.thread()) + " " + load.user() + " " + load.system());
    }

    @Override
    public void onCpuCapacity(long timeNanos, int hardwareThreads, double effectiveCpus) {
        add(timeNanos, "cpus " + hardwareThreads + " " + effectiveCpus);
    }

    @Override
    public void onIoWait(org.jfrtriage.analyzer.event.IoWait w) {
        add(w.startNanos(), "io " + w.kind() + " ", w.durationNanos(), " " + threads.name(w.thread()) + " " + w.host() + " "
                + w.address() + " " + w.port() + " " + w.path() + " " + w.bytes() + " " + stack(w.stack()));
    }

    @Override
    public void onVmOperation(org.jfrtriage.analyzer.event.VmOperation o) {
        add(o.startNanos(), "vm-operation " + o.operation() + " ", o.durationNanos(), " " + o.atSafepoint() + " "
                + o.blocking() + " " + threads.name(o.caller()) + " " + o.safepointId());
    }

    @Override
    public void onSafepoint(org.jfrtriage.analyzer.event.SafepointPhase p) {
        add(p.startNanos(), "safepoint " + p.phase() + " ", p.durationNanos(), " " + p.safepointId() + " " + p.totalThreads());
    }

    @Override
    public void onCpuThrottling(long timeNanos, long periods, long throttledPeriods, long throttledNanos) {
        add(timeNanos, "throttling " + periods + " " + throttledPeriods + " " + throttledNanos);
    }

    @Override
    public void onJvmInfo(JvmInfo info) {
        add(0, "jvm " + info);
    }

    @Override
    public void onJvmRun(long pid, long startMillis) {
        add(0, "jvm-run " + pid + " " + startMillis);
    }

    @Override
    public void onSetting(String eventName, String setting, String value) {
        add(0, "setting " + eventName + " " + setting + " " + value);
    }

    @Override
    public void onFinish(ReadSummary readSummary) {
        this.summary = readSummary;
    }

    Map<String, Long> counts() {
        return summary.eventCounts();
    }
}
