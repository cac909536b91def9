package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.AllocationSample;
import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.FrameType;

class ProfileBuilderTest {

    private static int stack(ProfileBuilder b, String method) {
        int frame = b.stacks().frameId(new Frame("demo.App", method, 10, FrameType.JIT_COMPILED));
        return b.stacks().stackId(new int[] {frame}, false);
    }

    private static AllocationSample allocation(int stack, long bytes, AllocationSample.Source source) {
        return new AllocationSample(1_000_000_000L, 0, "byte[]", bytes, source == AllocationSample.Source.TLAB ? bytes : -1,
                stack, source);
    }

    private static Profile build(ProfileBuilder b) {
        b.onFinish(new EventSink.ReadSummary("jdk", true, 0, 0, 1, List.of(), Map.of()));
        return b.build();
    }

    /** Issue 16: the file reader passes waits field by field; the profile is the one the records make. */
    @Test
    void aWaitGivenFieldByFieldCountsAsItsRecord() {
        ProfileBuilder byRecord = new ProfileBuilder("test");
        ProfileBuilder byFields = new ProfileBuilder("test");
        for (ProfileBuilder b : List.of(byRecord, byFields)) {
            b.onChunk(0, 2_000_000_000L);
            int parked = stack(b, "take");
            int blocked = stack(b, "enter");
            for (int i = 0; i < 3; i++) {
                ContentionEvent park = new ContentionEvent(ContentionKind.PARK, i * 1_000_000L, 700_000L, i,
                        "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject", -1, parked, 0x40L);
                ContentionEvent enter = new ContentionEvent(ContentionKind.MONITOR_ENTER, i * 1_000_000L, 300_000L, i + 1,
                        "demo.Pool", i, blocked, 0x80L);
                for (ContentionEvent e : List.of(park, enter)) {
                    if (b == byRecord) {
                        b.onContention(e);
                    } else {
                        b.onContention(e.kind(), e.startNanos(), e.durationNanos(), e.thread(), e.lockClass(), e.owner(),
                                e.stack(), e.address());
                    }
                }
            }
        }
        List<ContentionSite> expected = build(byRecord).contention();
        List<ContentionSite> got = build(byFields).contention();
        assertThat(got).hasSize(2).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(got.get(i)).usingRecursiveComparison().isEqualTo(expected.get(i));
        }
        assertThat(got.get(1).ownerNanos()).containsExactly(Map.entry(0, 300_000L), Map.entry(1, 300_000L),
                Map.entry(2, 300_000L));
    }

    @Test
    void tlabEventsAreWantedOnlyUntilASampledAllocationArrives() {
        ProfileBuilder b = new ProfileBuilder("test");
        b.onChunk(0, 2_000_000_000L);
        int s = stack(b, "fill");
        assertThat(b.wantsAllocations(AllocationSample.Source.TLAB)).isTrue();
        b.onAllocation(allocation(s, 4096, AllocationSample.Source.TLAB));
        assertThat(b.wantsAllocations(AllocationSample.Source.TLAB)).isTrue();
        b.onAllocation(allocation(s, 512 * 1024, AllocationSample.Source.SAMPLE));
        assertThat(b.wantsAllocations(AllocationSample.Source.TLAB)).isFalse();
        assertThat(b.wantsAllocations(AllocationSample.Source.SAMPLE)).isTrue();
        // the profile reports the samples alone, as it always did when a recording has both
        Profile p = build(b);
        assertThat(p.allocations().totalBytes()).isEqualTo(512 * 1024);
        assertThat(p.allocations().rows()).singleElement().satisfies(r -> assertThat(r.largestObjectBytes()).isEqualTo(-1));
    }

    @Test
    void withoutSamplesTheTlabEventsAreTheAllocations() {
        ProfileBuilder b = new ProfileBuilder("test");
        b.onChunk(0, 2_000_000_000L);
        int s = stack(b, "fill");
        b.onAllocation(allocation(s, 4096, AllocationSample.Source.TLAB));
        b.onAllocation(allocation(s, 8192, AllocationSample.Source.TLAB));
        assertThat(b.wantsAllocations(AllocationSample.Source.TLAB)).isTrue();
        Profile p = build(b);
        assertThat(p.allocations().totalBytes()).isEqualTo(12288);
        assertThat(p.allocations().rows()).singleElement().satisfies(r -> assertThat(r.largestObjectBytes()).isEqualTo(8192));
    }

    @Test
    void contentionSitesAreKeyedByKindLockClassAndStackAndOwnersKeepTheirFirstSeenOrder() {
        ProfileBuilder b = new ProfileBuilder("test");
        b.onChunk(0, 2_000_000_000L);
        int s = stack(b, "quote");
        int t = stack(b, "other");
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, 1_000, 10, 1, "demo.Book", 7, s));
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, 2_000, 30, 2, "demo.Book", 3, s));
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, 3_000, 10, 3, "demo.Book", 7, s));
        b.onContention(new ContentionEvent(ContentionKind.PARK, 3_000, 10, 3, "demo.Book", -1, s));
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, 3_000, 10, 3, "demo.Other", 7, s));
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, 3_000, 10, 3, "demo.Book", 7, t));
        for (int owner = 10; owner < 30; owner++) { // past the owners a site scans, into its index
            b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, 4_000, owner, 4, "demo.Book", owner, s));
        }
        b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, 5_000, 5, 4, "demo.Book", 12, s));
        Profile p = build(b);
        assertThat(p.contention()).hasSize(4);
        ContentionSite first = p.contention().get(0);
        assertThat(first.events()).isEqualTo(3 + 20 + 1);
        assertThat(first.ownerNanos().keySet()).startsWith(7, 3, 10, 11, 12).hasSize(22);
        assertThat(first.ownerNanos()).containsEntry(7, 20L).containsEntry(3, 30L).containsEntry(12, 17L);
        assertThat(p.contention().get(1).kind()).isEqualTo(ContentionKind.PARK);
        assertThat(p.contention().get(2).lockClass()).isEqualTo("demo.Other");
        assertThat(p.contention().get(3).stack()).isEqualTo(t);
    }
}
