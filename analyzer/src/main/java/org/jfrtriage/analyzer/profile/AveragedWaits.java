package org.jfrtriage.analyzer.profile;

import java.util.Arrays;
import java.util.BitSet;
import org.jfrtriage.analyzer.table.LongIntMap;

/**
 * The waits {@link ContentionIntervals} found no room for, averaged: per series of contention sites (one code site,
 * lock class and kind of wait, whatever the rest of the stack — as finely as a rule groups sites, not per stack), the
 * time waited in each bucket of {@link #bucketNanos()} (buckets aligned on the epoch). Divided by the bucket's length, that is how many
 * threads waited there at once on average over the bucket — a pileup late in a long recording is still found,
 * its size an average over the bucket rather than a count at one instant, and who waited is not known.
 *
 * <p>Memory is bounded by {@link #DEFAULT_BUCKET_LIMIT} buckets over all sites: when they run out every bucket
 * doubles in length (pairs merge), so a longer recording is averaged more coarsely, never cut.
 */
public final class AveragedWaits {

    /** 10 ms: a tenth of the shortest pileup a rule reports (100 ms). */
    public static final long FIRST_BUCKET_NANOS = 10_000_000L;

    /** 250 k buckets (~40 bytes each with their index): ~10 MB, 40 minutes of one site at 10 ms. */
    static final int DEFAULT_BUCKET_LIMIT = 250_000;

    /** Buckets stop growing at about an hour (2^42 ns): past that only the number of sites could exceed the budget. */
    static final long MAX_BUCKET_NANOS = 1L << 42;

    private final int bucketLimit;
    private long bucketNanos = FIRST_BUCKET_NANOS;
    /** The series of each contention site ({@link ContentionSite#index()}); -1 until mapped or first used. */
    private int[] seriesOfSite = new int[0];
    private int seriesCount;
    private Series[] bySeries = new Series[16];
    private int buckets;
    private long waits;
    private long firstNanos = Long.MAX_VALUE;
    private long lastNanos = Long.MIN_VALUE;

    AveragedWaits(int bucketLimit) {
        this.bucketLimit = bucketLimit;
    }

    /** One site's buckets: bucket number → slot, and the time waited in each slot. */
    private static final class Series {
        LongIntMap slots = new LongIntMap(64);
        long[] bucket = new long[64];
        long[] waited = new long[64];
        int size;

        /** Adds to a bucket; true when the bucket is new. */
        boolean add(long b, long nanos) {
            int slot = slots.get(b);
            if (slot != LongIntMap.MISSING) {
                waited[slot] += nanos;
                return false;
            }
            if (size == bucket.length) {
                bucket = Arrays.copyOf(bucket, size * 2);
                waited = Arrays.copyOf(waited, size * 2);
            }
            bucket[size] = b;
            waited[size] = nanos;
            slots.put(b, size++);
            return true;
        }
    }

    /** Puts a site in a series: sites of one series share their buckets. */
    void mapSite(int site, int series) {
        ensureSite(site);
        seriesOfSite[site] = series;
        seriesCount = Math.max(seriesCount, series + 1);
    }

    private void ensureSite(int site) {
        if (site >= seriesOfSite.length) {
            int old = seriesOfSite.length;
            seriesOfSite = Arrays.copyOf(seriesOfSite, Math.max(site + 1, old * 2));
            Arrays.fill(seriesOfSite, old, seriesOfSite.length, -1);
        }
    }

    /** The site's series; a site nobody put in one is given its own. */
    int seriesOf(int site) {
        ensureSite(site);
        if (seriesOfSite[site] < 0) { // a site nobody mapped is a series of its own
            seriesOfSite[site] = seriesCount++;
        }
        return seriesOfSite[site];
    }

    void add(int site, long startNanos, long endNanos) {
        if (endNanos <= startNanos || site < 0) {
            return;
        }
        waits++;
        firstNanos = Math.min(firstNanos, startNanos);
        lastNanos = Math.max(lastNanos, endNanos);
        int series = seriesOf(site);
        if (series >= bySeries.length) {
            bySeries = Arrays.copyOf(bySeries, Math.max(series + 1, bySeries.length * 2));
        }
        Series s = bySeries[series];
        if (s == null) {
            s = bySeries[series] = new Series();
        }
        for (long t = startNanos; t < endNanos; ) {
            long b = Math.floorDiv(t, bucketNanos);
            long to = Math.min(endNanos, (b + 1) * bucketNanos);
            if (s.add(b, to - t)) {
                buckets++;
            }
            t = to;
            while (buckets > bucketLimit && bucketNanos < MAX_BUCKET_NANOS) { // even a wait of hours stays within it
                coarsen();
                s = bySeries[series];
            }
        }
    }

    /** Doubles every bucket's length: neighbouring pairs merge. */
    private void coarsen() {
        bucketNanos *= 2;
        buckets = 0;
        for (int i = 0; i < bySeries.length; i++) {
            Series old = bySeries[i];
            if (old == null) {
                continue;
            }
            Series merged = new Series();
            for (int k = 0; k < old.size; k++) {
                merged.add(Math.floorDiv(old.bucket[k], 2), old.waited[k]);
            }
            bySeries[i] = merged;
            buckets += merged.size;
        }
    }

    /** The length of every bucket now. */
    public long bucketNanos() {
        return bucketNanos;
    }

    /** Waits averaged here. */
    public long waits() {
        return waits;
    }

    /** The earliest start of a wait averaged here, or {@code Long.MAX_VALUE} when none was. */
    public long firstNanos() {
        return firstNanos;
    }

    /** The latest end of a wait averaged here, or {@code Long.MIN_VALUE} when none was. */
    public long lastNanos() {
        return lastNanos;
    }

    /** Whether any of the sites ({@link ContentionSite#index()}) has waits averaged here. */
    public boolean covers(BitSet sites) {
        return !seriesOf(sites).isEmpty();
    }

    private BitSet seriesOf(BitSet sites) {
        BitSet series = new BitSet();
        for (int i = sites.nextSetBit(0); i >= 0 && i < seriesOfSite.length; i = sites.nextSetBit(i + 1)) {
            int k = seriesOfSite[i];
            if (k >= 0 && k < bySeries.length && bySeries[k] != null) {
                series.set(k);
            }
        }
        return series;
    }

    /** Receives each bucket of the sites asked for, with the time waited in it. */
    @FunctionalInterface
    public interface BucketVisitor {
        void visit(long bucketStartNanos, long waitedNanos);
    }

    /**
     * Visits the buckets of the series the given sites are in, each series once (a bucket shared by two series once
     * per series, in no particular order). A series holds every site of its code site, lock class and kind.
     */
    public void forEach(BitSet sites, BucketVisitor visitor) {
        BitSet series = seriesOf(sites);
        for (int k = series.nextSetBit(0); k >= 0; k = series.nextSetBit(k + 1)) {
            Series s = bySeries[k];
            for (int i = 0; i < s.size; i++) {
                visitor.visit(s.bucket[i] * bucketNanos, s.waited[i]);
            }
        }
    }
}
