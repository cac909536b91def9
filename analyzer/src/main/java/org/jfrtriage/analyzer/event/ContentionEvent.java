package org.jfrtriage.analyzer.event;

import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.table.ThreadTable;

/**
 * An interval a thread spent blocked or parked.
 *
 * @param lockClass the monitor class, or the class the thread parked on ({@code parkedClass}); empty if unknown
 * @param owner the thread holding the monitor when known (JDK 17's {@code previousOwner}), else {@link ThreadTable#NONE}.
 *              For a monitor enter it is the thread that released the monitor to this waiter: in a queue of
 *              waiters mostly another waiter, not the thread that held the lock for most of the wait.
 * @param stack stack id in the profile's {@link StackTable}
 * @param address the monitor's (or parked-on object's) address as recorded ({@code address}; 0 when the
 *                recording has none): waits with the same address waited for the same lock. The JDK writes the
 *                monitor's address, async-profiler the object's; either is stable while the lock is contended.
 */
public record ContentionEvent(ContentionKind kind, long startNanos, long durationNanos, int thread,
                              String lockClass, int owner, int stack, long address) {

    /** An event whose recording gave no address. */
    public ContentionEvent(ContentionKind kind, long startNanos, long durationNanos, int thread,
                           String lockClass, int owner, int stack) {
        this(kind, startNanos, durationNanos, thread, lockClass, owner, stack, 0L);
    }
}
