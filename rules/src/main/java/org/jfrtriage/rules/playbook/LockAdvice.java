package org.jfrtriage.rules.playbook;

import java.util.List;

import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Units;

/** The concrete fix for a contended lock, by what the lock is. Shared by the hotspot and pileup rules. */
final class LockAdvice {
    /** ConcurrentHashMap methods that run caller code while holding a bin lock. */
    private static final java.util.Set<String> COMPUTE_METHODS = java.util.Set.of("computeIfAbsent", "compute",
            "computeIfPresent", "merge");

    private LockAdvice() {
    }

    static String forLock(String lockClass, boolean monitor, SiteRef site, long maxNanos, List<SiteRef> stack) {
        String at = site.shortName();
        boolean computing = stack.stream().anyMatch(f -> f.className().startsWith("java.util.concurrent.ConcurrentHashMap")
                && COMPUTE_METHODS.contains(f.method()));
        if (lockClass.startsWith("java.util.concurrent.ConcurrentHashMap") && !computing) {
            return "Threads wait for ConcurrentHashMap bin locks in plain writes at " + at + ". A bin is locked "
                    + "only for one insert, so long waits mean the holder was descheduled (more runnable threads "
                    + "than cores) or one hot key takes every write: cut the number of busy threads to the cores "
                    + "you have, spread hot keys (LongAdder per key, striping), or batch updates.";
        }
        if (lockClass.startsWith("java.util.concurrent.ConcurrentHashMap")) {
            return "Threads wait for a ConcurrentHashMap bin lock: computeIfAbsent/compute run the mapping function "
                    + "while holding it, so a slow loader at " + at + " blocks every caller of that key (and of "
                    + "keys in the same bin). Load outside the map: cache a CompletableFuture per key "
                    + "(map.computeIfAbsent(k, x -> CompletableFuture.supplyAsync(...))) or use a loading cache "
                    + "with asynchronous refresh, and keep the mapping function cheap.";
        }
        if (lockClass.equals("java.util.Collections$SynchronizedMap") || lockClass.equals("java.util.Hashtable")
                || lockClass.equals("java.util.HashMap") || lockClass.equals("java.util.Collections$SynchronizedSet")) {
            return "One lock guards the whole map at " + at + ": every reader and writer queues behind it. "
                    + "Replace it with a ConcurrentHashMap (reads take no lock, writes lock one bin), and do not "
                    + "iterate or do slow work while holding the map's lock — copy what you need, then work outside.";
        }
        if (lockClass.startsWith("java.util.concurrent.locks.ReentrantReadWriteLock")) {
            // maxNanos is the longest wait for the lock, not how long a writer held it: the text says so
            return "A coarse read/write lock at " + at + ": threads waited up to " + Units.nanos(maxNanos)
                    + " for it here, because while a writer holds it every reader queues behind. Shorten write critical sections (prepare outside, "
                    + "swap inside), split the store into independently locked stripes, or use a ConcurrentHashMap "
                    + "or copy-on-write snapshot for read-mostly data; StampedLock's optimistic reads help when "
                    + "writes are rare.";
        }
        if (lockClass.startsWith("java.util.concurrent.Semaphore")) {
            return "Threads wait for permits at " + at + ": the pool or limiter is exhausted. Size it to demand "
                    + "(permits ≈ arrival rate × hold time), shorten how long a permit is held (no remote calls while "
                    + "holding one), and borrow with a timeout so requests fail fast instead of piling up.";
        }
        if (monitor) {
            return "A synchronized block or method at " + at + " serializes its callers. Move slow work (I/O, "
                    + "computation, logging) out of the critical section, split the lock by key (lock striping), "
                    + "or replace the guarded structure with a concurrent one.";
        }
        return "A java.util.concurrent lock at " + at + " serializes its callers. Narrow the critical section "
                + "(hold the lock only around the shared state), split the lock by key, or use a concurrent "
                + "data structure instead.";
    }
}
