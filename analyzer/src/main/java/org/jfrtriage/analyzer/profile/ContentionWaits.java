package org.jfrtriage.analyzer.profile;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.table.ThreadTable;

/**
 * Where a recorded wait goes once the reader has found its site: the site's totals, the lock and wait series of the
 * timeline and the {@link ContentionIntervals}. Applied on the reader's thread until {@link #offload()}; from then on
 * handed over in batches of primitive columns to one thread of its own, which applies them in the order they were
 * read, so every sum, join and order is what the reader's thread would have made. On a park-heavy recording this is
 * a third of the read's work, and it needs nothing the reader is still writing: the site is found on the reader
 * (its stack's features and tables grow as the read goes), and what the applying thread reads of a site is final.
 *
 * <p>Until {@link #finish()} the applying thread owns the sites' totals, {@link #timeline} and the intervals: nobody
 * else reads or writes them. {@link #finish()} waits for it to apply what it was given and rethrows its failure, the
 * error the reader's thread would have thrown applying the same wait. Not thread-safe: one reader calls it.
 */
final class ContentionWaits {

    /**
     * Waits in a batch: 36 bytes each, 1.2 MB a batch. A handover may wake the applying thread (a futex call, ~20 µs
     * on this VM): 8,192-wait batches spent 27 ms of the park-heavy read on that alone.
     */
    static final int BATCH_WAITS = 32768;
    /**
     * Batches in flight at most (being filled, queued, applied; 9 MB), made as the reader runs ahead: on two cores
     * the applying thread shares one with the JIT's compilers, and falls behind while they compile. With 4 of 8,192
     * waits in flight the reader waited for it (park-heavy read 1.31 / 1.35 s, min / median), with 24 or 64 it
     * caught up later (1.15 / 1.27 s either), as with 8 of 32,768 (1.16 / 1.25 s).
     */
    static final int BATCHES = 8;

    private final ContentionIntervals intervals;
    /** The timeline of the lock and wait series alone: the reader writes the others, so they stay apart. */
    private Timeline timeline;
    /** Sites by index, as far as waits were applied: the applying thread's own list, filled from the batches. */
    private ContentionSite[] sites = new ContentionSite[64];

    /** The wait, counted from 1, from which waits are offloaded ({@link #offloadAt}); {@code Long.MAX_VALUE}: never. */
    private long offloadAt = Long.MAX_VALUE;
    private long waitsSeen;
    private int offloadBatchWaits = BATCH_WAITS;
    private BlockingQueue<Batch> free;
    private BlockingQueue<Batch> full;
    private Batch filling;
    private int batches;
    private int batchWaits;
    private Thread applier;
    /** The applying thread's failure; waits after it are not applied. Written by it, read after the handover. */
    private volatile Throwable failure;
    private Throwable thrown;

    ContentionWaits(ContentionIntervals intervals) {
        this.intervals = intervals;
    }

    /** The timeline the lock and wait series go to; set before the first wait. */
    void timeline(Timeline lockAndWaitSeries) {
        this.timeline = lockAndWaitSeries;
    }

    Timeline timeline() {
        return timeline;
    }

    boolean offloaded() {
        return applier != null;
    }

    /** A new site, in the averaging series {@code series}: before its first wait. */
    void newSite(ContentionSite site, int series) {
        if (filling != null) {
            filling.newSite(site, series);
        } else {
            register(site, series);
        }
    }

    /** A wait at the site of index {@code site} (made known by {@link #newSite} before). */
    void add(int site, long startNanos, long durationNanos, int thread, int owner, long address) {
        Batch b = filling;
        if (b == null) {
            if (++waitsSeen != offloadAt) {
                apply(sites[site], startNanos, durationNanos, thread, owner, address);
                return;
            }
            offload(offloadBatchWaits);
            b = filling;
        }
        int i = b.size;
        b.sites[i] = site;
        b.starts[i] = startNanos;
        b.durations[i] = durationNanos;
        b.threads[i] = thread;
        b.owners[i] = owner;
        b.addresses[i] = address;
        if ((b.size = i + 1) == b.starts.length) {
            handOver(b);
        }
    }

    /**
     * Hands a full batch over and takes the next one to fill. Apart from {@link #add}, which runs per wait: its
     * branches turn once per read (the first batch reused, the first wait for a free one), and in {@link #add} each
     * had thrown the compiled per-wait code away (on the park-heavy benchmark a second time 0.17 s after the offload).
     */
    private void handOver(Batch b) {
        if (failure != null) {
            finish(); // throws it: the read stops, as it would have at the wait that failed
        }
        hand(b);
        Batch next = free.poll();
        if (next == null) {
            if (batches < BATCHES) {
                batches++;
                next = new Batch(batchWaits);
            } else {
                next = take(free);
            }
        }
        filling = next;
    }

    /**
     * Waits from the {@code afterWaits}-th on (counted from the first wait ever added, at least 1) are handed to a
     * thread of their own in batches of {@code waitsPerBatch}: for a reader that calls {@link #finish()} however the
     * read ends. A small recording never starts the thread. Counted here rather than in {@code
     * ProfileBuilder.onContention}: the count is met once per read, a branch the JIT compiled that method without
     * (it had never been taken), so the reader's per-wait code was thrown away and ran in slower code until compiled
     * again (~0.1 s in one run); this method is thrown away at that moment anyway (its batch appears).
     */
    void offloadAt(long afterWaits, int waitsPerBatch) {
        offloadAt = afterWaits;
        offloadBatchWaits = waitsPerBatch;
    }

    /** From now on waits are applied on a thread of their own, until {@link #finish()}. */
    void offload() {
        offload(BATCH_WAITS);
    }

    /** The same in batches of {@code waitsPerBatch}: a test hands a small recording's waits over in many. */
    void offload(int waitsPerBatch) {
        if (applier != null) {
            return;
        }
        free = new ArrayBlockingQueue<>(BATCHES);
        full = new ArrayBlockingQueue<>(BATCHES + 1);
        batchWaits = waitsPerBatch;
        filling = new Batch(batchWaits);
        batches = 1;
        applier = new Thread(this::applyBatches, "jfrtriage-waits");
        applier.setDaemon(true);
        applier.start();
    }

    /**
     * Applies every wait handed over, stops the applying thread and waits for it; rethrows its failure (each call
     * does, once it failed). Afterwards waits are applied on the caller's thread again.
     */
    void finish() {
        if (applier != null) {
            Batch last = filling;
            filling = null;
            last.last = true;
            hand(last);
            boolean interrupted = false;
            while (applier.isAlive()) {
                try {
                    applier.join();
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: its state is read next
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            applier = null;
            free = null;
            full = null;
            thrown = failure;
        }
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        if (thrown != null) {
            throw new IllegalStateException(thrown);
        }
    }

    private void hand(Batch b) {
        boolean interrupted = false;
        while (true) {
            try {
                full.put(b);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Batch take(BlockingQueue<Batch> queue) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return queue.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The applying thread: batches in order until the last one; after a failure it only recycles them. */
    private void applyBatches() {
        while (true) {
            Batch b = take(full);
            if (failure == null) {
                try {
                    apply(b);
                } catch (Throwable t) {
                    failure = t;
                }
            }
            if (b.last) {
                return;
            }
            b.size = 0;
            b.newSites = 0;
            free.add(b);
        }
    }

    private void apply(Batch b) {
        for (int k = 0; k < b.newSites; k++) {
            register(b.siteObjects[k], b.series[k]);
            b.siteObjects[k] = null;
        }
        ContentionSite[] byIndex = sites;
        for (int i = 0; i < b.size; i++) {
            apply(byIndex[b.sites[i]], b.starts[i], b.durations[i], b.threads[i], b.owners[i], b.addresses[i]);
        }
    }

    private void register(ContentionSite site, int series) {
        if (site.index() >= sites.length) {
            sites = Arrays.copyOf(sites, Math.max(site.index() + 1, 2 * sites.length));
        }
        sites[site.index()] = site;
        intervals.seriesOf(site.index(), series);
    }

    private void apply(ContentionSite site, long startNanos, long durationNanos, int thread, int owner, long address) {
        site.add(durationNanos, thread, owner);
        long end = startNanos + durationNanos;
        if (site.category() == WaitCategory.LOCK) {
            timeline.addInterval(Timeline.Series.LOCK_NANOS, startNanos, end);
        } else if (site.category() == WaitCategory.WAIT) {
            timeline.addInterval(Timeline.Series.WAIT_NANOS, startNanos, end);
        }
        if (site.category() != WaitCategory.IDLE) {
            intervals.add(startNanos, end, thread, site.index(), address,
                    site.kind() == ContentionKind.MONITOR_ENTER ? owner : ThreadTable.NONE);
        }
    }

    /** Waits in columns, and the sites first seen among them (registered before they are applied). */
    private static final class Batch {
        final int[] sites;
        final long[] starts;
        final long[] durations;
        final int[] threads;
        final int[] owners;
        final long[] addresses;
        int size;
        ContentionSite[] siteObjects = new ContentionSite[16];
        int[] series = new int[16];
        int newSites;
        /** The end: the applying thread stops after it. */
        boolean last;

        Batch(int waits) {
            sites = new int[waits];
            starts = new long[waits];
            durations = new long[waits];
            threads = new int[waits];
            owners = new int[waits];
            addresses = new long[waits];
        }

        void newSite(ContentionSite site, int inSeries) {
            if (newSites == siteObjects.length) {
                siteObjects = Arrays.copyOf(siteObjects, 2 * newSites);
                series = Arrays.copyOf(series, 2 * newSites);
            }
            siteObjects[newSites] = site;
            series[newSites++] = inSeries;
        }
    }
}
