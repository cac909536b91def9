package org.jfrtriage.analyzer.profile;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.table.LongIntMap;
import org.jfrtriage.analyzer.table.ThreadTable;
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
    /** For waits rebuilt from wall-clock samples ({@link SampledWaits}): the sampling period; 0 for recorded events. */
    private final long sampledPeriodNanos;
    /** Sampled waits still going at the recording's end ({@link SampledWaits.Wait#open()}). */
    private final boolean neverEnded;
    private long events;
    private long totalNanos;
    private long maxNanos;
    /** Threads 0–127, in the site itself: most recordings have fewer, and each wait marks its thread. */
    private long threadsLow;
    private long threadsHigh;
    /** Threads from 128 on, once one waited here. */
    private BitSet moreThreads;
    /** Blocked nanoseconds per owner thread, in the order owners were first seen; indexed past a few owners. */
    private int[] owners = new int[2];
    private long[] ownerTotals = new long[2];
    private int ownerCount;
    /**
     * Past {@link #OWNERS_SCANNED} owners: slot + 1 by owner thread id (0: not here), for owners below
     * {@link #OWNERS_INDEXED} — thread ids are dense from 0, so one array read instead of a hash probe per wait
     * (a convoy's owner changes from wait to wait); other owners in {@link #ownerSlots} (see {@link #index}).
     */
    private int[] slotByOwner;
    private LongIntMap ownerSlots;
    private static final int OWNERS_SCANNED = 8;
    /** At most 4 KB per site for the array of owners; threads past it go to the map. */
    private static final int OWNERS_INDEXED = 1024;

    ContentionSite(int index, ContentionKind kind, String lockClass, int stack, WaitCategory category) {
        this(index, kind, lockClass, stack, category, 0L, false);
    }

    ContentionSite(int index, ContentionKind kind, String lockClass, int stack, WaitCategory category,
                   long sampledPeriodNanos, boolean neverEnded) {
        this.sampledPeriodNanos = sampledPeriodNanos;
        this.neverEnded = neverEnded;
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
            if (thread < Long.SIZE) {
                threadsLow |= 1L << thread;
            } else if (thread < 2 * Long.SIZE) {
                threadsHigh |= 1L << thread;
            } else {
                addThread(thread);
            }
        }
        if (owner != ThreadTable.NONE) {
            int slot = ownerSlot(owner); // may grow the arrays: look them up after
            ownerTotals[slot] += durationNanos;
        }
    }

    private void addThread(int thread) {
        if (moreThreads == null) {
            moreThreads = new BitSet();
        }
        moreThreads.set(thread);
    }

    private int ownerSlot(int owner) {
        if (slotByOwner != null) {
            int slot = owner >= 0 && owner < slotByOwner.length ? slotByOwner[owner] : 0;
            if (slot != 0) {
                return slot - 1;
            }
            slot = ownerSlots == null ? LongIntMap.MISSING : ownerSlots.get(owner);
            if (slot != LongIntMap.MISSING) {
                return slot;
            }
        } else {
            for (int i = 0; i < ownerCount; i++) {
                if (owners[i] == owner) {
                    return i;
                }
            }
        }
        if (ownerCount == owners.length) {
            owners = Arrays.copyOf(owners, ownerCount * 2);
            ownerTotals = Arrays.copyOf(ownerTotals, ownerCount * 2);
        }
        int slot = ownerCount++;
        owners[slot] = owner;
        if (slotByOwner != null) {
            index(owner, slot);
        } else if (ownerCount > OWNERS_SCANNED) {
            slotByOwner = new int[0];
            for (int i = 0; i < ownerCount; i++) {
                index(owners[i], i);
            }
        }
        return slot;
    }

    /**
     * Puts an owner in the array when its id is below {@link #OWNERS_INDEXED} and below 16 per owner the site has
     * (so the array costs at most 64 bytes per owner, as the map would), else in the map.
     */
    private void index(int owner, int slot) {
        int room = Math.min(OWNERS_INDEXED, Math.max(64, 16 * ownerCount));
        if (owner >= 0 && owner < room) {
            if (owner >= slotByOwner.length) {
                slotByOwner = Arrays.copyOf(slotByOwner, Math.min(room, Math.max(owner + 1, 2 * slotByOwner.length)));
            }
            slotByOwner[owner] = slot + 1;
        } else {
            if (ownerSlots == null) {
                ownerSlots = new LongIntMap(16);
            }
            ownerSlots.put(owner, slot);
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

    /**
     * Whether these waits were rebuilt from wall-clock samples rather than recorded as events: then each wait is
     * known only to {@link #sampledPeriodNanos()}, its start and end each up to one period early or late.
     */
    public boolean sampled() {
        return sampledPeriodNanos > 0;
    }

    /**
     * Whether these are sampled waits that never ended while the recording ran: a deadlock or a hang, judged by the
     * deadlock rule rather than as contention.
     */
    public boolean neverEnded() {
        return neverEnded;
    }

    /** The sampling period of a {@link #sampled()} site; 0 for recorded events. */
    public long sampledPeriodNanos() {
        return sampledPeriodNanos;
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
        BitSet threads = moreThreads == null ? new BitSet() : (BitSet) moreThreads.clone();
        threads.or(BitSet.valueOf(new long[] {threadsLow, threadsHigh}));
        return threads;
    }

    public int threadCount() {
        int more = moreThreads == null ? 0 : moreThreads.cardinality();
        return Long.bitCount(threadsLow) + Long.bitCount(threadsHigh) + more;
    }

    /**
     * Blocked nanoseconds by the thread that held the lock (only where the recording names the owner), in the
     * order the owners were first seen: a fixed order, so ties are broken the same way on every run.
     */
    public Map<Integer, Long> ownerNanos() {
        Map<Integer, Long> result = new LinkedHashMap<>();
        for (int i = 0; i < ownerCount; i++) {
            result.put(owners[i], ownerTotals[i]);
        }
        return Collections.unmodifiableMap(result);
    }
}
