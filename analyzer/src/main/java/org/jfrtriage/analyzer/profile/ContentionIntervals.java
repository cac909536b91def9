package org.jfrtriage.analyzer.profile;

import java.util.Arrays;

/**
 * The individual blocked/parked intervals needed to find pileups (threads waiting at one site at the same
 * moment) and who held a lock meanwhile ({@link LockHolders}), over the whole recording in bounded memory. Stored in
 * primitive arrays, 36 bytes an interval (with the lock's address and recorded owner), at most
 * {@link #DEFAULT_CAPACITY_LIMIT} of them. Idle waits are never stored.
 *
 * <p>Below the limit every wait is kept as it was recorded. When the limit is reached the intervals are
 * <em>joined</em>: one thread's consecutive waits at one site (its code site, lock class and kind of wait, whatever
 * the stack further out: an {@link AveragedWaits} series) less than a gap apart become one interval spanning
 * them, as long as the thread waited there for at least half of that span — a thread that parks at a pool 10,000
 * times a second with 30 µs of work between parks was waiting there all along, while a thread that takes a
 * contended monitor for 3 µs every 100 µs was not (its waits stay apart). The gap starts at
 * {@link #FIRST_JOIN_GAP_NANOS} and doubles until a quarter of the room is free, up to {@link #MAX_JOIN_GAP_NANOS};
 * a joined interval keeps the time the thread actually waited in it ({@link #waited}), by which share pileups
 * count it, so they are averages over such gaps. From the first
 * join on, a wait arriving in order is joined into its thread's latest wait at the site by the same rule as it
 * arrives, so the table fills slowly and passes stay rare. When even that cannot free a quarter of the room (many
 * threads each waiting briefly and often, mostly not waiting — a convoy on a hot monitor), further waits are not
 * kept one by one but {@link AveragedWaits averaged} per site over short buckets of time, so a pileup anywhere in
 * the recording is still found.
 */
public final class ContentionIntervals {

    /** 1 M intervals ≈ 36 MB: room for a long recording's waits in a 256 MB heap. */
    public static final int DEFAULT_CAPACITY_LIMIT = 1_000_000;

    /** The first gap a join closes: 1 ms, a hundredth of the shortest pileup a rule reports (100 ms). */
    static final long FIRST_JOIN_GAP_NANOS = 1_000_000L;

    /** Joining never closes gaps of 16 ms or more: beyond that a pileup's length would be guessed, not measured. */
    static final long MAX_JOIN_GAP_NANOS = 16_000_000L;

    private final int capacityLimit;
    private long[] starts = new long[1024];
    private long[] ends = new long[1024];
    private int[] threads = new int[1024];
    private int[] sites = new int[1024];
    private long[] addresses = new long[1024];
    private int[] owners = new int[1024];
    /** Each interval's (thread, site) group, numbered as first seen: what a join orders by, found once per wait. */
    private int[] groups = new int[1024];
    private final org.jfrtriage.analyzer.table.LongIntMap groupOf = new org.jfrtriage.analyzer.table.LongIntMap(1024);
    /** The (thread, series of the site) key of each group, by its number. */
    private long[] groupKeys = new long[64];
    /** Each group's kept interval with the latest start (-1: none): where a wait arriving in order is joined. */
    private int[] lastOf = filled(64, -1);
    /**
     * Per group, the wait that arrived last (kept, or the one it was joined into): JFR writes a thread's events a
     * buffer at a time, so one thread's waits arrive in runs, each in start order, a later run sometimes read
     * before an earlier one (on the park-heavy benchmark a run of ~900 waits up to a second before its successor,
     * 5.3 M of 7 M waits arriving before the latest one kept). A buffer holds consecutive events of its thread, so
     * within a run the wait that arrived last is the start-order neighbour a join pass would join the next one to.
     */
    private int[] tailOf = filled(64, -1);
    /** Time actually waited in each interval; null until the first join (until then, its length). */
    private long[] waited;
    /** Per thread: its waits as recorded, and how many a join merged into an earlier one they overlapped. */
    private int[] recordedOf = new int[64];
    private int[] overlapsJoinedOf = new int[64];

    private int size;
    private long dropped;
    private long recorded;
    private long joinGapNanos;
    private long joined;
    /** Wall time the join passes took (for {@code analyze --timings}): the pileups' part of reading. */
    private long joinPassNanos;
    private boolean exhausted;
    private final AveragedWaits averaged;

    ContentionIntervals(int capacityLimit) {
        this(capacityLimit, AveragedWaits.DEFAULT_BUCKET_LIMIT);
    }

    ContentionIntervals(int capacityLimit, int averagedBucketLimit) {
        this.capacityLimit = capacityLimit;
        this.averaged = new AveragedWaits(averagedBucketLimit);
    }

    void add(long startNanos, long endNanos, int thread, int site) {
        add(startNanos, endNanos, thread, site, 0L, org.jfrtriage.analyzer.table.ThreadTable.NONE);
    }

    void add(long startNanos, long endNanos, int thread, int site, long address, int owner) {
        recorded++;
        countRecorded(thread);
        int group = group(thread, site);
        if (joinedIntoLast(group, startNanos, endNanos, thread, address, owner)) {
            return;
        }
        if (size == capacityLimit && !exhausted) {
            join();
            if (joinedIntoLast(group, startNanos, endNanos, thread, address, owner)) {
                return;
            }
        }
        if (size == capacityLimit) {
            dropped++;
            averaged.add(site, startNanos, endNanos);
            return;
        }
        if (size == starts.length) {
            int grown = Math.min(capacityLimit, size * 2);
            starts = Arrays.copyOf(starts, grown);
            ends = Arrays.copyOf(ends, grown);
            threads = Arrays.copyOf(threads, grown);
            sites = Arrays.copyOf(sites, grown);
            addresses = Arrays.copyOf(addresses, grown);
            owners = Arrays.copyOf(owners, grown);
            groups = Arrays.copyOf(groups, grown);
            if (waited != null) {
                waited = Arrays.copyOf(waited, grown);
            }
        }
        if (waited != null) {
            waited[size] = endNanos - startNanos;
        }
        starts[size] = startNanos;
        ends[size] = endNanos;
        threads[size] = thread;
        sites[size] = site;
        addresses[size] = address;
        owners[size] = owner;
        groups[size] = group;
        int last = lastOf[group];
        if (last < 0 || startNanos >= starts[last]) {
            lastOf[group] = size;
        }
        tailOf[group] = size;
        size++;
    }

    /**
     * Once the table has had to join, a wait is joined as it arrives into its thread's latest wait at the site, by
     * the rule and gap a join pass would apply to the two — so the table stays as a pass would leave it, and passes
     * (a sort of the whole million) become rare instead of one per quarter million waits. A wait that starts before
     * that latest one (read late: a run of the thread's events written after a later run) is joined into the wait
     * that arrived before it in its run (see {@link #tailOf}), or kept apart for the next pass.
     */
    private boolean joinedIntoLast(int group, long startNanos, long endNanos, int thread, long address, int owner) {
        if (joinGapNanos == 0 || thread < 0) {
            return false;
        }
        int last = lastOf[group];
        if (last >= 0 && startNanos < starts[last]) {
            // read late: the neighbour is the wait before it in its own run, if it follows that one
            last = tailOf[group];
            if (last >= 0 && startNanos < starts[last]) {
                return false;
            }
        }
        if (last < 0 || addresses[last] != address || startNanos - ends[last] >= joinGapNanos) {
            return false;
        }
        long end = Math.max(ends[last], endNanos);
        long together = waited[last] + (endNanos - startNanos);
        if (2 * together < end - starts[last]) {
            return false;
        }
        noteJoin(thread, startNanos, ends[last]);
        ends[last] = end;
        waited[last] = together;
        owners[last] = owner; // the owner that released the lock at the later acquisition
        joined++;
        return true;
    }

    /** The number of the (thread, site) group, a new one when first seen. */
    private int group(int thread, int site) {
        // by the site's series (code site, lock class, kind), not its whole stack: a request thread that waits at
        // one pool from a different endpoint each time is one thread waiting there all along
        long key = ((long) thread << 32) | (averaged.seriesOf(site) & 0xFFFF_FFFFL);
        int g = groupOf.get(key);
        if (g == org.jfrtriage.analyzer.table.LongIntMap.MISSING) {
            g = groupOf.size();
            if (g == groupKeys.length) {
                groupKeys = Arrays.copyOf(groupKeys, g * 2);
                lastOf = Arrays.copyOf(lastOf, g * 2);
                Arrays.fill(lastOf, g, g * 2, -1);
                tailOf = Arrays.copyOf(tailOf, g * 2);
                Arrays.fill(tailOf, g, g * 2, -1);
            }
            groupKeys[g] = key;
            groupOf.put(key, g);
        }
        return g;
    }

    /**
     * Joins close waits, doubling the gap until a quarter of the room is free. When the largest gap cannot free
     * that much, joining stops for good and later intervals are dropped: each pass then costs O(n log n) once
     * per quarter of the room filled, never once per interval.
     */
    private void join() {
        long began = System.nanoTime();
        int target = capacityLimit - Math.max(1, capacityLimit / 4);
        if (joinGapNanos == 0) {
            joinGapNanos = FIRST_JOIN_GAP_NANOS;
        }
        int[] order = byThreadSiteStart();
        joinGapNanos = enoughGap(order, size - target, joinGapNanos);
        joinWithin(order, joinGapNanos);
        while (size > target && joinGapNanos < MAX_JOIN_GAP_NANOS) { // joined chains can fall short of the estimate
            joinGapNanos *= 2;
            joinWithin(byThreadSiteStart(), joinGapNanos);
        }
        exhausted = size > target;
        joinPassNanos += System.nanoTime() - began;
    }

    /**
     * The smallest gap, doubling from {@code from} up to {@link #MAX_JOIN_GAP_NANOS}, at which at least {@code needed}
     * neighbours could join pairwise — so a join is usually one pass, not one per doubling of the gap (five passes
     * over the million, each writing a new table, when the gap had to grow to its limit).
     */
    private long enoughGap(int[] order, int needed, long from) {
        int steps = 1;
        while ((from << (steps - 1)) < MAX_JOIN_GAP_NANOS) {
            steps++;
        }
        int[] firstJoinableAt = new int[steps];
        for (int k = 1; k < size; k++) {
            int p = order[k - 1];
            int i = order[k];
            if (threads[i] < 0 || groups[p] != groups[i] || addresses[p] != addresses[i]) {
                continue;
            }
            long together = waitedAt(p) + waitedAt(i);
            if (2 * together < Math.max(ends[p], ends[i]) - starts[p]) {
                continue;
            }
            long gap = starts[i] - ends[p];
            for (int step = 0; step < steps; step++) {
                if (gap < from << step) {
                    firstJoinableAt[step]++;
                    break;
                }
            }
        }
        int joinable = 0;
        for (int step = 0; step < steps; step++) {
            joinable += firstJoinableAt[step];
            if (joinable >= needed) {
                return from << step;
            }
        }
        return from << (steps - 1);
    }

    private long waitedAt(int i) {
        return waited == null ? ends[i] - starts[i] : waited[i];
    }

    /**
     * One pass over the intervals in thread, site and start order: merge neighbours of one thread at one site less
     * than the gap apart whose merged span the thread spent at least half waiting.
     */
    private void joinWithin(int[] order, long gapNanos) {
        // a new table beside the old (48 MB at a million, garbage after): permuting in place along the order's cycles
        // was tried, and its random writes took four times as long
        int length = starts.length;
        long[] newStarts = new long[length];
        long[] newEnds = new long[length];
        long[] newWaited = new long[length];
        int[] newThreads = new int[length];
        int[] newSites = new int[length];
        long[] newAddresses = new long[length];
        int[] newOwners = new int[length];
        int[] newGroups = new int[length];
        int n = 0;
        for (int k = 0; k < size; k++) {
            int i = order[k];
            long waitedHere = waited == null ? ends[i] - starts[i] : waited[i];
            if (n > 0 && threads[i] >= 0 && newGroups[n - 1] == groups[i]
                    && newAddresses[n - 1] == addresses[i] && starts[i] - newEnds[n - 1] < gapNanos) {
                long end = Math.max(newEnds[n - 1], ends[i]);
                long together = newWaited[n - 1] + waitedHere;
                if (2 * together >= end - newStarts[n - 1]) {
                    noteJoin(threads[i], starts[i], newEnds[n - 1]);
                    newEnds[n - 1] = end;
                    newWaited[n - 1] = together;
                    // the joined wait ends at the later acquisition: the owner that released the lock then
                    newOwners[n - 1] = owners[i];
                    joined++;
                    continue;
                }
            }
            newStarts[n] = starts[i];
            newEnds[n] = ends[i];
            newWaited[n] = waitedHere;
            newThreads[n] = threads[i];
            newSites[n] = sites[i];
            newAddresses[n] = addresses[i];
            newOwners[n] = owners[i];
            newGroups[n] = groups[i];
            n++;
        }
        starts = newStarts;
        ends = newEnds;
        waited = newWaited;
        threads = newThreads;
        sites = newSites;
        addresses = newAddresses;
        owners = newOwners;
        groups = newGroups;
        size = n;
        // sorted by group and start: each group's last index is its latest wait
        Arrays.fill(lastOf, -1);
        for (int i = 0; i < n; i++) {
            lastOf[newGroups[i]] = i;
        }
        // the runs are merged: a late run's next wait follows the group's latest one or finds its neighbour anew
        System.arraycopy(lastOf, 0, tailOf, 0, lastOf.length);
    }

    private static int[] filled(int length, int value) {
        int[] a = new int[length];
        Arrays.fill(a, value);
        return a;
    }

    /**
     * Indices of the kept intervals sorted by thread, site, then start; stable (equal starts keep their index
     * order). A counting sort by (thread, site) keeps each group's arrival order, which is already its start order
     * — one thread's waits at one site never overlap, and after a join its older waits come first, in order — so
     * only a group that is not (an event of an earlier chunk read late) is sorted on its own. A join pass used to
     * merge-sort the whole million by three keys: half a second of a park-heavy read.
     */
    private int[] byThreadSiteStart() {
        int groups = groupOf.size();
        int[] group = this.groups;
        // groups in (thread, site) order: the key orders as the pair does (a thread id of -1 comes first)
        long[] ordered = Arrays.copyOf(groupKeys, groups);
        Arrays.sort(ordered);
        int[] rank = new int[groups];
        for (int r = 0; r < groups; r++) {
            rank[groupOf.get(ordered[r])] = r;
        }
        int[] offset = new int[groups + 1];
        for (int i = 0; i < size; i++) {
            offset[rank[group[i]] + 1]++;
        }
        for (int r = 0; r < groups; r++) {
            offset[r + 1] += offset[r];
        }
        int[] order = new int[size];
        int[] next = Arrays.copyOf(offset, groups);
        for (int i = 0; i < size; i++) {
            order[next[rank[group[i]]]++] = i;
        }
        for (int r = 0; r < groups; r++) {
            sortByStart(order, offset[r], offset[r + 1]);
        }
        return order;
    }

    /** Sorts order[from, to) by start, stably, unless it already is (the usual case: one pass to check). */
    private void sortByStart(int[] order, int from, int to) {
        boolean sorted = true;
        for (int k = from + 1; k < to && sorted; k++) {
            sorted = starts[order[k - 1]] <= starts[order[k]];
        }
        if (sorted) {
            return;
        }
        org.jfrtriage.analyzer.table.IndexSort.sort(order, from, to, (i, j) -> Long.compare(starts[i], starts[j]));
    }

    public int size() {
        return size;
    }

    /** Intervals not kept because even joining could not make room: they are {@link #averaged()} instead. */
    public long dropped() {
        return dropped;
    }

    /** The waits that found no room, averaged per site over buckets of time; null when every wait was kept. */
    public AveragedWaits averaged() {
        return averaged.waits() == 0 ? null : averaged;
    }

    /**
     * Puts a contention site in an averaging series: the sites of one code site, lock class and kind of wait (stacks
     * that differ further out) share their buckets if their waits ever have to be averaged.
     */
    void seriesOf(int site, int series) {
        averaged.mapSite(site, series);
    }

    /** Waits recorded (kept, joined or dropped). */
    public long recorded() {
        return recorded;
    }

    /** The largest gap joins may have closed; 0 when every wait is kept as recorded. */
    public long joinGapNanos() {
        return joined == 0 ? 0 : joinGapNanos;
    }

    /** Wall time spent in join passes while the recording was read (0 when the table never filled). */
    public long joinPassNanos() {
        return joinPassNanos;
    }

    /** Waits merged into a neighbour by joins. */
    public long joined() {
        return joined;
    }

    /** A stray overlap is a recorder's clock; a wait starting over this much before an earlier one ended is not. */
    public static final long OVERLAP_NANOS = 1_000_000L;

    /** Counts a wait of the thread as recorded (joined, dropped or kept). */
    private void countRecorded(int thread) {
        if (thread < 0) {
            return;
        }
        if (thread >= recordedOf.length) {
            int grown = Math.max(thread + 1, recordedOf.length * 2);
            recordedOf = Arrays.copyOf(recordedOf, grown);
            overlapsJoinedOf = Arrays.copyOf(overlapsJoinedOf, grown);
        }
        recordedOf[thread]++;
    }

    /** A join merges a wait into an earlier one of its thread: it notes when the two overlapped (see OVERLAP_NANOS). */
    private void noteJoin(int thread, long startNanos, long earlierEndNanos) {
        if (thread >= 0 && thread < overlapsJoinedOf.length && startNanos + OVERLAP_NANOS < earlierEndNanos) {
            overlapsJoinedOf[thread]++;
        }
    }

    /** Waits of the thread as recorded, joined or not. */
    public int recordedWaits(int thread) {
        return thread >= 0 && thread < recordedOf.length ? recordedOf[thread] : 0;
    }

    /**
     * Waits of the thread that began over {@link #OVERLAP_NANOS} before an earlier wait of it at the same site ended
     * and were merged into it by a join — evidence of several threads under one name that the kept intervals no
     * longer show.
     */
    public int overlapsJoined(int thread) {
        return thread >= 0 && thread < overlapsJoinedOf.length ? overlapsJoinedOf[thread] : 0;
    }

    /** Whether the interval is several waits joined across gaps (then it spans time the thread did not wait here). */
    public boolean joined(int i) {
        return waited != null && waited[i] != ends[i] - starts[i];
    }

    /** Time the thread waited in the interval: its length, or less for waits joined across gaps. */
    public long waited(int i) {
        return waited == null ? ends[i] - starts[i] : waited[i];
    }

    public long start(int i) {
        return starts[i];
    }

    public long end(int i) {
        return ends[i];
    }

    public int thread(int i) {
        return threads[i];
    }

    /** {@link ContentionSite#index()} of the interval's site. */
    public int site(int i) {
        return sites[i];
    }

    /** The lock's address as recorded (0 if the recording has none): waits with one address waited for one lock. */
    public long address(int i) {
        return addresses[i];
    }

    /**
     * The thread the recording names as the lock's owner ({@code previousOwner} of a monitor enter: the thread that
     * released the monitor to this waiter), or {@link org.jfrtriage.analyzer.table.ThreadTable#NONE}.
     */
    public int owner(int i) {
        return owners[i];
    }
}
