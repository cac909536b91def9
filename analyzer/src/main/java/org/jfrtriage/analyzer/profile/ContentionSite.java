package org.jfrtriage.analyzer.profile;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.ThreadTable;
import org.jfrtriage.analyzer.event.WaitCategory;

/**
 * Blocked or parked time aggregated by (kind, lock class, stack): one row per distinct stack, however many
 * events it stood for. Filled by {@link ProfileBuilder}; read-only afterwards.
 */
public final class ContentionSite {
    private final int index;
    private final ContentionKind kind;
    private final String lockClass;
    private final int stack;
    private final WaitCategory category;
    private long events;
    private long totalNanos;
    private long maxNanos;
    private final BitSet threads = new BitSet();
    private final Map<Integer, Long> ownerNanos = new HashMap<>();

    ContentionSite(int index, ContentionKind kind, String lockClass, int stack, WaitCategory category) {
        this.index = index;
        this.kind = kind;
        this.lockClass = lockClass;
        this.stack = stack;
        this.category = category;
    }

    void add(long durationNanos, int thread, int owner) {
        events++;
        totalNanos += durationNanos;
        maxNanos = Math.max(maxNanos, durationNanos);
        if (thread >= 0) {
            threads.set(thread);
        }
        if (owner != ThreadTable.NONE) {
            ownerNanos.merge(owner, durationNanos, Long::sum);
        }
    }

    /** Position in {@link Profile#contention()}; intervals refer to sites by it. */
    public int index() {
        return index;
    }

    public ContentionKind kind() {
        return kind;
    }

    public String lockClass() {
        return lockClass;
    }

    public int stack() {
        return stack;
    }

    public WaitCategory category() {
        return category;
    }

    public long events() {
        return events;
    }

    public long totalNanos() {
        return totalNanos;
    }

    public long maxNanos() {
        return maxNanos;
    }

    /** Distinct threads that waited here. */
    public BitSet threads() {
        return (BitSet) threads.clone();
    }

    public int threadCount() {
        return threads.cardinality();
    }

    /** Blocked nanoseconds by the thread that held the lock (only where the recording names the owner). */
    public Map<Integer, Long> ownerNanos() {
        return Map.copyOf(ownerNanos);
    }
}
