package org.jfrtriage.analyzer.profile;

import java.util.ArrayList;
import java.util.List;

import org.jfrtriage.analyzer.event.SafepointPhase;
import org.jfrtriage.analyzer.event.VmOperation;

/**
 * VM operations ({@code jdk.ExecuteVMOperation}) and safepoint phases ({@code jdk.SafepointBegin},
 * {@code jdk.SafepointStateSynchronization}, {@code jdk.SafepointEnd}) as recorded, up to {@link #LIMIT} of each;
 * a longer recording keeps the totals of the rest.
 */
public final class Safepoints {
    static final int LIMIT = 200_000;

    private final List<VmOperation> operations = new ArrayList<>();
    private final List<SafepointPhase> phases = new ArrayList<>();
    private long droppedOperations;
    private long droppedPhases;

    void add(VmOperation o) {
        if (operations.size() < LIMIT) {
            operations.add(o);
        } else {
            droppedOperations++;
        }
    }

    void add(SafepointPhase p) {
        if (phases.size() < LIMIT) {
            phases.add(p);
        } else {
            droppedPhases++;
        }
    }

    public List<VmOperation> operations() {
        return operations;
    }

    public List<SafepointPhase> phases() {
        return phases;
    }

    /** Events counted but not kept. */
    public long dropped() {
        return droppedOperations + droppedPhases;
    }
}
