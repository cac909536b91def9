package org.jfrtriage.analyzer.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.event.AllocationSample;
import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.ExecutionSample;
import org.jfrtriage.analyzer.event.GcPause;
import org.jfrtriage.analyzer.event.JvmInfo;
import org.jfrtriage.analyzer.event.StackTable;
import org.jfrtriage.analyzer.event.ThreadTable;

/**
 * Records every pushed event as a line with ids resolved to names (stack frames, thread names), so two readers'
 * outputs compare even though their tables assign different ids.
 */
final class RecordingSink implements EventSink {
    private final StackTable stacks = new StackTable();
    private final ThreadTable threads = new ThreadTable();
    final List<String> events = new ArrayList<>();
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
        events.add("chunk " + startNanos + " " + endNanos);
    }

    @Override
    public void onContention(ContentionEvent e) {
        events.add("contention " + e.kind() + " " + e.startNanos() + " " + e.durationNanos() + " " + threads.name(e.thread())
                + " " + e.lockClass() + " " + threads.name(e.owner()) + " " + stack(e.stack()));
    }

    @Override
    public void onAllocation(AllocationSample s) {
        events.add("allocation " + s.timeNanos() + " " + threads.name(s.thread()) + " " + s.objectClass() + " "
                + s.weightBytes() + " " + s.objectBytes() + " " + s.source() + " " + stack(s.stack()));
    }

    @Override
    public void onExecutionSample(ExecutionSample s) {
        events.add("sample " + s.kind() + " " + s.timeNanos() + " " + threads.name(s.thread()) + " " + s.weight() + " "
                + stack(s.stack()));
    }

    @Override
    public void onGcPause(GcPause p) {
        events.add("gc " + p);
    }

    @Override
    public void onThreadCount(long timeNanos, long activeThreads, long daemonThreads) {
        events.add("threads " + timeNanos + " " + activeThreads + " " + daemonThreads);
    }

    @Override
    public void onThreadDump(long timeNanos, String dump) {
        events.add("dump " + timeNanos + " " + dump.length());
    }

    @Override
    public void onJvmInfo(JvmInfo info) {
        events.add("jvm " + info);
    }

    @Override
    public void onSetting(String eventName, String setting, String value) {
        events.add("setting " + eventName + " " + setting + " " + value);
    }

    @Override
    public void onFinish(ReadSummary readSummary) {
        this.summary = readSummary;
    }

    Map<String, Long> counts() {
        return summary.eventCounts();
    }
}
