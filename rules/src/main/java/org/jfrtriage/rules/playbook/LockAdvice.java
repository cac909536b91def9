package org.jfrtriage.rules.playbook;

import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Units;

/** The concrete fix for a contended lock, by what the lock is. Shared by the hotspot and pileup rules. */
final class LockAdvice {
    private LockAdvice() {
    }

    static String forLock(String lockClass, boolean monitor, SiteRef site, long maxNanos) {
        String at = site.shortName();
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
            return "A coarse read/write lock at " + at + ": writers hold it for up to " + Units.nanos(maxNanos)
                    + " and every reader waits behind them. Shorten write critical sections (prepare outside, "
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
