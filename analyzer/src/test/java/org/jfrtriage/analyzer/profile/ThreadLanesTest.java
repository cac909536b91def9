package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.ExecutionSample;
import org.jfrtriage.analyzer.event.SampleKind;
import org.jfrtriage.analyzer.event.ThreadActivity;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.table.ThreadTable;

/** Thread lanes on exact intervals: which threads get a lane, in which order, each bucket's state, the holds. */
class ThreadLanesTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_000 * MS;
    private static final long MONITOR = 0x7fab840093c0L;
    private static final String MAP = "java.util.Collections$SynchronizedMap";
    /** 1 s of recording in 100 buckets of 10 ms. */
    private static final int BUCKETS = 100;

    private final ProfileBuilder b = new ProfileBuilder("test.jfr");
    private final int touch = Stacks.stack(b.stacks(), "java.util.Collections$SynchronizedMap.put", "com.acme.Sessions.touch", "com.acme.Http.serve");
    private final int sweep = Stacks.stack(b.stacks(), "java.util.HashMap$HashIterator.nextNode", "com.acme.Sessions.sweep", "com.acme.Janitor.run");
    private final int sleep = Stacks.stack(b.stacks(), "java.lang.Thread.sleep", "com.acme.Poller.run");

    private int thread(String name) {
        return b.threads().threadId(Math.abs(name.hashCode()) + 1L, name);
    }

    private void enter(String waiter, long fromMs, long toMs, String previousOwner) {
        enter(waiter, fromMs, toMs, previousOwner, MONITOR);
    }

    private void enter(String waiter, long fromMs, long toMs, String previousOwner, long address) {
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, T0 + fromMs * MS, (toMs - fromMs) * MS, thread(waiter),
                MAP, previousOwner == null ? ThreadTable.NONE : thread(previousOwner), touch, address));
    }

    private Profile build() {
        b.onChunk(T0, T0 + 1_000 * MS);
        b.onFinish(new EventSink.ReadSummary("jdk", true, 10, 10, 1, List.of(), Map.of()));
        return b.build();
    }

    private static BitSet lockSites(Profile p) {
        BitSet s = new BitSet();
        p.contention().stream().filter(c -> c.category() == WaitCategory.LOCK).forEach(c -> s.set(c.index()));
        return s;
    }

    private static ThreadLanes.State state(ThreadLanes.Lane lane, int bucket) {
        byte s = lane.states()[bucket];
        return s == ThreadLanes.NONE ? null : ThreadLanes.State.values()[s];
    }

    @Test
    void theHolderComesFirstRunningAndMarkedWhileTheWaitersAreBlocked() {
        // the janitor holds the monitor 100–300 ms, running; two requests queue behind it
        enter("http-1", 100, 300, "janitor");
        enter("http-2", 110, 301, "http-1");
        for (long t = 100; t < 300; t += 10) {
            b.onExecutionSample(new ExecutionSample(T0 + t * MS, thread("janitor"), sweep, SampleKind.CPU, 1));
        }
        // then it sleeps 500–700 ms (jdk.ThreadSleep), and http-1 reads a socket 800–900 ms
        b.onThreadActivity(T0 + 500 * MS, 200 * MS, thread("janitor"), ThreadActivity.SLEEP);
        b.onThreadActivity(T0 + 800 * MS, 100 * MS, thread("http-1"), ThreadActivity.IO);
        Profile p = build();

        ThreadLanes lanes = p.threadLanes(lockSites(p), 16, BUCKETS);

        assertThat(lanes.buckets()).isEqualTo(BUCKETS);
        assertThat(lanes.bucketNanos()).isEqualTo(10 * MS);
        assertThat(lanes.omitted()).isZero();
        assertThat(lanes.lanes()).extracting(l -> p.threads().name(l.thread())).containsExactly("janitor", "http-1", "http-2");
        ThreadLanes.Lane janitor = lanes.lanes().get(0);
        assertThat(janitor.holder()).isTrue();
        assertThat(lanes.lanes().get(1).holder()).isFalse();
        assertThat(state(janitor, 15)).isEqualTo(ThreadLanes.State.RUNNING);
        assertThat(state(janitor, 60)).isEqualTo(ThreadLanes.State.SLEEPING);
        assertThat(state(janitor, 40)).isNull();
        // held while others waited: 100–300 ms, not before, not while it slept
        assertThat(janitor.held()[9]).isFalse();
        assertThat(janitor.held()[10]).isTrue();
        assertThat(janitor.held()[29]).isTrue();
        assertThat(janitor.held()[31]).isFalse();
        assertThat(janitor.held()[60]).isFalse();
        ThreadLanes.Lane http1 = lanes.lanes().get(1);
        assertThat(state(http1, 20)).isEqualTo(ThreadLanes.State.BLOCKED);
        assertThat(state(http1, 5)).isNull();
        assertThat(state(http1, 85)).isEqualTo(ThreadLanes.State.IO);
        assertThat(http1.waitedNanos()).isEqualTo(200 * MS);
    }

    @Test
    void lanesAreCappedAndTheRestCountedHeaviestWaitersKept() {
        // no address and no owner: nobody can be named holder, every thread is a waiter
        for (int i = 0; i < 20; i++) {
            enter("http-" + i, 0, 10L * (i + 1), null, 0L);
        }
        Profile p = build();

        ThreadLanes lanes = p.threadLanes(lockSites(p), 16, BUCKETS);

        assertThat(lanes.lanes()).hasSize(16).noneMatch(ThreadLanes.Lane::holder);
        assertThat(lanes.omitted()).isEqualTo(4);
        assertThat(p.threads().name(lanes.lanes().get(0).thread())).isEqualTo("http-19");
        assertThat(lanes.lanes()).extracting(l -> p.threads().name(l.thread())).doesNotContain("http-0", "http-3");
    }

    @Test
    void aWallSampleShowsWhatItsFramesSayUnlessARecordedWaitCoversIt() {
        enter("http-1", 0, 100, null);
        b.onExecutionSample(new ExecutionSample(T0 + 50 * MS, thread("http-1"), sleep, SampleKind.WALL, 1));
        b.onExecutionSample(new ExecutionSample(T0 + 500 * MS, thread("http-1"), sleep, SampleKind.WALL, 1));
        b.onExecutionSample(new ExecutionSample(T0 + 700 * MS, thread("http-1"), touch, SampleKind.WALL, 1));
        Profile p = build();

        ThreadLanes.Lane lane = p.threadLanes(lockSites(p), 16, BUCKETS).lanes().get(0);

        assertThat(state(lane, 5)).isEqualTo(ThreadLanes.State.BLOCKED);
        assertThat(state(lane, 50)).isEqualTo(ThreadLanes.State.SLEEPING);
        assertThat(state(lane, 70)).isEqualTo(ThreadLanes.State.RUNNING);
        assertThat(state(lane, 60)).isNull();
    }
}
