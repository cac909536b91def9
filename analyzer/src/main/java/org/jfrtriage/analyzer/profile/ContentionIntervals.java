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
    /**
     * Group number + 1 (0: none yet) by series, then thread, for threads below {@link #DIRECT_THREADS}: thread ids
     * are dense from 0, so a wait finds its group with two array loads instead of a probe of {@link #groupOf}.
     */
    private int[][] groupByThreadOfSeries = new int[16][];
    private static final int DIRECT_THREADS = 4096;
    /**
     * The ints those rows may hold in all (4 MB): a row is as long as the highest thread id that waited in its series,
     * so thousands of series each with a late-numbered thread would otherwise hold up to 16 KB each; past it, new
     * rows and growth go to {@link #groupOf} as before (same numbering: the map numbers groups either way).
     */
    static final int DIRECT_SLOTS = 1 << 20;
    private int directSlots;
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
    /** The intervals the columns hold before {@link #madeRoom} must act: their length, at most the limit. */
    private int room;
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
        this.room = Math.min(capacityLimit, starts.length);
        this.averaged = new AveragedWaits(averagedBucketLimit);
    }

    void add(long startNanos, long endNanos, int thread, int site) {
        add(startNanos, endNanos, thread, site, 0L, org.jfrtriage.analyzer.table.ThreadTable.NONE);
    }

    void add(long startNanos, long endNanos, int thread, int site, long address, int owner) {
        recorded++;
        countRecorded(thread);
        int group = group(thread, site);
        // before the first join nothing joins on arrival: not called at all until then, so the JIT compiles it from
        // a profile of joining (called before, it was compiled returning at once, then thrown away three times in a
        // row at the first join as its branches were met one by one)
        if (waited != null && joinedIntoLast(group, startNanos, endNanos, thread, address, owner)) {
            return;
        }
        if (size == room && !madeRoom(group, startNanos, endNanos, thread, site, address, owner)) {
            return;
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
     * Makes room for one more interval when the columns are full: grows them below the limit; at the limit joins
     * (unless joining no longer frees enough), joining this wait on arrival if it now can, else averages it. Whether
     * it may then be kept. One test of {@link #room} in {@link #add} for all three: the growth makes the JIT's profile
     * see it taken (at 1 K, 2 K, … intervals) before {@link #add} is compiled, so the first join at the limit no
     * longer throws the compiled {@link #add} away for a branch it had never seen (on the park-heavy benchmark the
     * waits thread then ran it in slower code for 10-200 ms until it was compiled again).
     */
    private boolean madeRoom(int group, long startNanos, long endNanos, int thread, int site, long address, int owner) {
        if (size < capacityLimit) {
            grow();
            return true;
        }
        if (!exhausted) {
            join();
            if (joinedIntoLast(group, startNanos, endNanos, thread, address, owner)) {
                return false;
            }
        }
        if (size == capacityLimit) {
            dropped++;
            averaged.add(site, startNanos, endNanos);
            return false;
        }
        return true;
    }

    private void grow() {
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
        room = Math.min(capacityLimit, grown);
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
        int series = averaged.seriesOf(site);
        if (thread >= 0 && thread < DIRECT_THREADS && series >= 0) {
            if (series >= groupByThreadOfSeries.length) {
                groupByThreadOfSeries = Arrays.copyOf(groupByThreadOfSeries,
                        Math.max(series + 1, 2 * groupByThreadOfSeries.length));
            }
            int[] byThread = groupByThreadOfSeries[series];
            if (byThread == null || thread >= byThread.length) {
                int had = byThread == null ? 0 : byThread.length;
                int size = byThread == null ? Math.max(64, thread + 1)
                        : Math.min(DIRECT_THREADS, Math.max(thread + 1, 2 * had));
                if (directSlots + size - had > DIRECT_SLOTS) {
                    return groupOfKey(((long) thread << 32) | (series & 0xFFFF_FFFFL));
                }
                directSlots += size - had;
                byThread = byThread == null ? new int[size] : Arrays.copyOf(byThread, size);
                groupByThreadOfSeries[series] = byThread;
            }
            int known = byThread[thread];
            if (known != 0) {
                return known - 1;
            }
            int g = groupOfKey(((long) thread << 32) | (series & 0xFFFF_FFFFL));
            byThread[thread] = g + 1;
            return g;
        }
        return groupOfKey(((long) thread << 32) | (series & 0xFFFF_FFFFL));
    }

    /** The ints the direct rows hold now (at most {@link #DIRECT_SLOTS}). */
    int directSlots() {
        return directSlots;
    }

    /** The group of {@code key} ((thread, series) packed), numbered when first seen. */
    private int groupOfKey(long key) {
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
        if (waited == null) { // from the first join on, an interval's time waited may be less than its length
            waited = new long[starts.length];
            for (int from = 0; from < size; from += BLOCK) {
                lengthsAsWaited(from, Math.min(size, from + BLOCK));
            }
        }
        layOut(byThreadSiteStart(), size);
        joinGapNanos = enoughGap(size - target, joinGapNanos);
        joinWithin(joinGapNanos);
        // joined chains can fall short of the estimate; a join leaves the table in its order, so it is not sorted again
        while (size > target && joinGapNanos < MAX_JOIN_GAP_NANOS) {
            joinGapNanos *= 2;
            joinWithin(joinGapNanos);
        }
        exhausted = size > target;
        joinPassNanos += System.nanoTime() - began;
    }

    /**
     * A join pass's loops over the table go in blocks of this many intervals, a call each. A pass runs once per
     * quarter million waits or less, so a loop over the whole table ran once per pass and the JIT compiled it by
     * on-stack replacement in every pass, dropping the code again at the loop's exit, a branch its profile had never
     * seen taken (on the park-heavy benchmark C2 spent 0.27-0.52 s on the pass's methods, beside the read on two
     * cores). A block's method is called thousands of times in the first pass: the JIT compiles it
     * once as a method, exit included, and every later pass runs that code.
     */
    private static final int BLOCK = 64;

    private void lengthsAsWaited(int from, int to) {
        for (int i = from; i < to; i++) {
            waited[i] = ends[i] - starts[i];
        }
    }

    /**
     * The smallest gap, doubling from {@code from} up to {@link #MAX_JOIN_GAP_NANOS}, at which at least {@code needed}
     * neighbours could join pairwise — so a join is usually one pass, not one per doubling of the gap (five passes
     * over the million, each writing a new table, when the gap had to grow to its limit). The table is in thread,
     * site and start order.
     */
    private long enoughGap(int needed, long from) {
        int steps = 1;
        while ((from << (steps - 1)) < MAX_JOIN_GAP_NANOS) {
            steps++;
        }
        int[] firstJoinableAt = new int[steps];
        for (int k = 1; k < size; k += BLOCK) {
            countJoinable(k, Math.min(size, k + BLOCK), from, firstJoinableAt);
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

    /**
     * Counts, for the neighbours {@code i - 1, i} with i in [from, to) that could join, the first doubling of
     * {@code gapFrom} at which they would: {@code firstJoinableAt[step]}.
     */
    private void countJoinable(int from, int to, long gapFrom, int[] firstJoinableAt) {
        int steps = firstJoinableAt.length;
        for (int i = from; i < to; i++) {
            int p = i - 1;
            if (threads[i] < 0 || groups[p] != groups[i] || addresses[p] != addresses[i]) {
                continue;
            }
            long together = waited[p] + waited[i];
            if (2 * together < Math.max(ends[p], ends[i]) - starts[p]) {
                continue;
            }
            long gap = starts[i] - ends[p];
            for (int step = 0; step < steps; step++) {
                if (gap < gapFrom << step) {
                    firstJoinableAt[step]++;
                    break;
                }
            }
        }
    }

    /**
     * One pass over the intervals, which are in thread, site and start order: merge neighbours of one thread at one
     * site less than the gap apart whose merged span the thread spent at least half waiting. The table is compacted
     * in place and stays in that order.
     */
    private void joinWithin(long gapNanos) {
        int n = 0;
        for (int from = 0; from < size; from += BLOCK) {
            n = joinInPlace(from, Math.min(size, from + BLOCK), n, gapNanos);
        }
        size = n;
        // sorted by group and start: each group's last index is its latest wait
        Arrays.fill(lastOf, -1);
        for (int from = 0; from < n; from += BLOCK) {
            latestOfGroups(from, Math.min(n, from + BLOCK));
        }
        // the runs are merged: a late run's next wait follows the group's latest one or finds its neighbour anew
        System.arraycopy(lastOf, 0, tailOf, 0, lastOf.length);
    }

    /**
     * Joins each interval i in [from, to) into the interval kept before it ({@code kept - 1}) where the rule allows
     * (its end, time waited and owner), else keeps it, moved down to {@code kept}; returns the number kept.
     */
    private int joinInPlace(int from, int to, int kept, long gapNanos) {
        int n = kept;
        for (int i = from; i < to; i++) {
            int last = n - 1;
            if (n > 0 && threads[i] >= 0 && groups[last] == groups[i]
                    && addresses[last] == addresses[i] && starts[i] - ends[last] < gapNanos) {
                long end = Math.max(ends[last], ends[i]);
                long together = waited[last] + waited[i];
                if (2 * together >= end - starts[last]) {
                    noteJoin(threads[i], starts[i], ends[last]);
                    ends[last] = end;
                    waited[last] = together;
                    // the joined wait ends at the later acquisition: the owner that released the lock then
                    owners[last] = owners[i];
                    joined++;
                    continue;
                }
            }
            if (n != i) {
                starts[n] = starts[i];
                ends[n] = ends[i];
                waited[n] = waited[i];
                threads[n] = threads[i];
                sites[n] = sites[i];
                addresses[n] = addresses[i];
                owners[n] = owners[i];
                groups[n] = groups[i];
            }
            n++;
        }
        return n;
    }

    /**
     * Lays the table out in the order of {@code order[0, n)}, a column at a time through one spare column of each
     * type: 12 MB of new memory at a million instead of a whole new 48 MB table per pass (on this VM a page touched
     * for the first time is expensive, and the table it replaced was garbage in the old generation). Then the pass
     * reads and compacts the table in sequence, not at random through the order.
     */
    private void layOut(int[] order, int n) {
        int length = starts.length;
        long[] spareLongs = new long[length];
        int[] spareInts = new int[length];
        long[] laid;
        int[] laidInts;
        laid = gathered(starts, order, n, spareLongs);
        spareLongs = starts;
        starts = laid;
        laid = gathered(ends, order, n, spareLongs);
        spareLongs = ends;
        ends = laid;
        laid = gathered(waited, order, n, spareLongs);
        spareLongs = waited;
        waited = laid;
        laid = gathered(addresses, order, n, spareLongs);
        addresses = laid;
        laidInts = gathered(threads, order, n, spareInts);
        spareInts = threads;
        threads = laidInts;
        laidInts = gathered(sites, order, n, spareInts);
        spareInts = sites;
        sites = laidInts;
        laidInts = gathered(owners, order, n, spareInts);
        spareInts = owners;
        owners = laidInts;
        laidInts = gathered(groups, order, n, spareInts);
        groups = laidInts;
    }

    private static long[] gathered(long[] column, int[] order, int n, long[] into) {
        for (int from = 0; from < n; from += BLOCK) {
            gather(column, order, from, Math.min(n, from + BLOCK), into);
        }
        return into;
    }

    private static int[] gathered(int[] column, int[] order, int n, int[] into) {
        for (int from = 0; from < n; from += BLOCK) {
            gather(column, order, from, Math.min(n, from + BLOCK), into);
        }
        return into;
    }

    private static void gather(long[] column, int[] order, int from, int to, long[] into) {
        for (int k = from; k < to; k++) {
            into[k] = column[order[k]];
        }
    }

    private static void gather(int[] column, int[] order, int from, int to, int[] into) {
        for (int k = from; k < to; k++) {
            into[k] = column[order[k]];
        }
    }

    private void latestOfGroups(int from, int to) {
        for (int i = from; i < to; i++) {
            lastOf[groups[i]] = i;
        }
    }

    private static int[] filled(int length, int value) {
        int[] a = new int[length];
        Arrays.fill(a, value);
        return a;
    }

    /**
     * Indices of the kept intervals sorted by thread, site, then start; stable (equal starts keep their index
     * order). A counting sort by (thread, site) keeps each group's arrival order, which is mostly its start order
     * — one thread's waits at one site never overlap, and after a join its older waits come first, in order — so
     * a group is then sorted by merging its runs in start order ({@link #sortByStart}). A join pass used to
     * merge-sort the whole million by three keys: half a second of a park-heavy read.
     */
    private int[] byThreadSiteStart() {
        int groupCount = groupOf.size();
        // groups in (thread, site) order: the key orders as the pair does (a thread id of -1 comes first)
        long[] ordered = Arrays.copyOf(groupKeys, groupCount);
        Arrays.sort(ordered);
        int[] rank = new int[groupCount];
        for (int r = 0; r < groupCount; r++) {
            rank[groupOf.get(ordered[r])] = r;
        }
        int[] offset = new int[groupCount + 1];
        for (int from = 0; from < size; from += BLOCK) {
            countByRank(rank, offset, from, Math.min(size, from + BLOCK));
        }
        for (int r = 0; r < groupCount; r++) {
            offset[r + 1] += offset[r];
        }
        int[] order = new int[size];
        int[] next = Arrays.copyOf(offset, groupCount);
        for (int from = 0; from < size; from += BLOCK) {
            placeByRank(rank, next, order, from, Math.min(size, from + BLOCK));
        }
        RunMerge merge = new RunMerge();
        for (int r = 0; r < groupCount; r++) {
            sortByStart(order, offset[r], offset[r + 1], merge);
        }
        return order;
    }

    private void countByRank(int[] rank, int[] offset, int from, int to) {
        for (int i = from; i < to; i++) {
            offset[rank[groups[i]] + 1]++;
        }
    }

    private void placeByRank(int[] rank, int[] next, int[] order, int from, int to) {
        for (int i = from; i < to; i++) {
            order[next[rank[groups[i]]]++] = i;
        }
    }

    /** Scratch of the run merges of one pass: where runs begin, and a spare copy of a group's order. */
    private static final class RunMerge {
        int[] bounds = new int[64];
        int[] spare = new int[64];
    }

    /**
     * Sorts order[from, to) by start, stably: finds its runs already in start order (JFR writes a thread's events a
     * buffer at a time, so a group's waits arrive in runs) and merges neighbouring runs pairwise until one is left;
     * one pass to check when it is in order already. Read by start directly, not through a comparator: one
     * monomorphic loop the JIT compiles once (the index merge sort with a comparator lambda was a fifth of a pass).
     */
    private void sortByStart(int[] order, int from, int to, RunMerge merge) {
        int runs = runsByStart(order, from, to, merge);
        if (runs <= 1) {
            return;
        }
        int length = to - from;
        if (merge.spare.length < length) {
            merge.spare = new int[Math.max(length, merge.spare.length * 2)];
        }
        int[] source = order;
        int[] target = merge.spare;
        int sourceBase = from; // where position `from` of the group lies in source and target
        int targetBase = 0;
        int[] bounds = merge.bounds;
        while (runs > 1) {
            int merged = 0;
            for (int r = 0; r < runs; r += 2) {
                int lo = bounds[r];
                int mid = bounds[Math.min(r + 1, runs)];
                int hi = bounds[Math.min(r + 2, runs)];
                mergeRuns(source, sourceBase, target, targetBase, lo, mid, hi);
                bounds[merged++] = lo;
            }
            bounds[merged] = length;
            runs = merged;
            int[] t = source;
            source = target;
            target = t;
            int b = sourceBase;
            sourceBase = targetBase;
            targetBase = b;
        }
        if (source != order) {
            System.arraycopy(source, sourceBase, order, from, length);
        }
    }

    /**
     * Finds the runs of order[from, to) in start order: their beginnings, relative to {@code from}, in
     * {@code merge.bounds[0, runs)} and {@code merge.bounds[runs] = to - from}; returns how many.
     */
    private int runsByStart(int[] order, int from, int to, RunMerge merge) {
        int[] bounds = merge.bounds;
        int runs = 1;
        bounds[0] = 0;
        long previous = Long.MIN_VALUE;
        for (int k = from; k < to; k++) {
            long start = starts[order[k]];
            if (start < previous) {
                if (runs + 1 >= bounds.length) {
                    bounds = Arrays.copyOf(bounds, bounds.length * 2);
                    merge.bounds = bounds;
                }
                bounds[runs++] = k - from;
            }
            previous = start;
        }
        bounds[runs] = to - from;
        return runs;
    }

    /**
     * Merges the runs [lo, mid) and [mid, hi) of source (positions relative to sourceBase) into the same positions
     * of target (relative to targetBase) by start, the first run's first on equal starts (stable).
     */
    private void mergeRuns(int[] source, int sourceBase, int[] target, int targetBase, int lo, int mid, int hi) {
        int l = sourceBase + lo;
        int lEnd = sourceBase + mid;
        int r = lEnd;
        int rEnd = sourceBase + hi;
        int tEnd = targetBase + hi;
        // one loop, not a merge loop and two for what is left: less code for the JIT to compile per pass
        for (int t = targetBase + lo; t < tEnd; t++) {
            if (r >= rEnd || l < lEnd && starts[source[l]] <= starts[source[r]]) {
                target[t] = source[l++];
            } else {
                target[t] = source[r++];
            }
        }
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
