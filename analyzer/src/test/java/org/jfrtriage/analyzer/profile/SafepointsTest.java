package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.SafepointPhase;
import org.jfrtriage.analyzer.event.VmOperation;

/** VM operations and safepoint phases kept as recorded, in order, up to the limit of each; the rest counted. */
class SafepointsTest {
    private static final long MS = 1_000_000L;

    @Test
    void nothingRecordedIsEmptyAndNothingDropped() {
        Safepoints s = new Safepoints();
        assertThat(s.operations()).isEmpty();
        assertThat(s.phases()).isEmpty();
        assertThat(s.dropped()).isZero();
    }

    @Test
    void operationsAndPhasesAreKeptApartInTheOrderRecorded() {
        Safepoints s = new Safepoints();
        VmOperation dump = new VmOperation(200 * MS, 30 * MS, "ThreadDump", true, true, 4, 2);
        VmOperation deopt = new VmOperation(100 * MS, 20 * MS, "Deoptimize", true, true, -1, 1);
        SafepointPhase begin = new SafepointPhase(SafepointPhase.Phase.BEGIN, 199 * MS, MS, 2, 40);
        SafepointPhase end = new SafepointPhase(SafepointPhase.Phase.END, 230 * MS, MS / 10, 2, 40);
        s.add(dump);
        s.add(begin);
        s.add(deopt);
        s.add(end);
        assertThat(s.operations()).containsExactly(dump, deopt);
        assertThat(s.phases()).containsExactly(begin, end);
        assertThat(s.dropped()).isZero();
    }

    @Test
    void pastTheLimitOfEachTheRestAreCountedNotKept() {
        Safepoints s = new Safepoints();
        VmOperation op = new VmOperation(0, MS, "Cleanup", true, true, -1, 0);
        SafepointPhase phase = new SafepointPhase(SafepointPhase.Phase.BEGIN, 0, MS, 1, 10);
        for (int i = 0; i < Safepoints.LIMIT; i++) {
            s.add(op);
        }
        assertThat(s.operations()).hasSize(Safepoints.LIMIT);
        assertThat(s.dropped()).isZero(); // exactly the limit: every one kept
        // the phases have a limit of their own: the operations' being full drops none of them
        s.add(phase);
        assertThat(s.phases()).hasSize(1);
        assertThat(s.dropped()).isZero();
        s.add(op);
        s.add(op);
        assertThat(s.operations()).hasSize(Safepoints.LIMIT);
        assertThat(s.dropped()).isEqualTo(2);
        for (int i = 1; i < Safepoints.LIMIT + 3; i++) {
            s.add(phase);
        }
        assertThat(s.phases()).hasSize(Safepoints.LIMIT);
        assertThat(s.dropped()).isEqualTo(5); // two operations and three phases
    }
}
