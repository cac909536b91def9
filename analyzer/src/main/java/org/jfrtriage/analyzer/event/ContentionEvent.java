package org.jfrtriage.analyzer.event;

import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.table.ThreadTable;

/**
 * An interval a thread spent blocked or parked.
 *
 * @param lockClass the monitor class, or the class the thread parked on ({@code parkedClass}); empty if unknown
 * @param owner the thread holding the monitor when known (JDK 17's {@code previousOwner}), else {@link ThreadTable#NONE}
 * @param stack stack id in the profile's {@link StackTable}
 */
public record ContentionEvent(ContentionKind kind, long startNanos, long durationNanos, int thread,
                              String lockClass, int owner, int stack) {
}
