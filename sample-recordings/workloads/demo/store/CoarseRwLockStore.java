package demo.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Pattern: one ReentrantReadWriteLock around the whole store; writers do slow work under the write lock. */
public final class CoarseRwLockStore {

    static final class InventoryStore {
        private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        private final Map<Integer, Integer> stock = new HashMap<>();

        int read(int sku) {
            lock.readLock().lock();
            try {
                return stock.getOrDefault(sku, 0);
            } finally {
                lock.readLock().unlock();
            }
        }

        private final boolean fixed;

        InventoryStore(boolean fixed) {
            this.fixed = fixed;
        }

        /**
         * Before the fix the 25 ms recomputation runs under the write lock; the fix does it first and holds the
         * write lock only to apply the result.
         */
        void restock(int sku) {
            int v = fixed ? recompute() : 0;
            lock.writeLock().lock();
            try {
                if (!fixed) {
                    v = recompute();
                }
                stock.merge(sku, v & 0xff, Integer::sum);
            } finally {
                lock.writeLock().unlock();
            }
        }

        private static int recompute() {
            long until = System.nanoTime() + 25_000_000L; // recompute reservations
            int v = 0;
            while (System.nanoTime() < until) {
                v++;
            }
            return v;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        InventoryStore store = new InventoryStore(args.length > 1 && args[1].equals("fixed"));
        List<Thread> threads = new ArrayList<>();
        long[] reads = new long[12];
        for (int t = 0; t < 12; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                int i = id;
                while (System.currentTimeMillis() < end) {
                    store.read(i++ % 1000);
                    reads[id]++;
                }
            }, "request-" + t);
            thread.start();
            threads.add(thread);
        }
        for (int t = 0; t < 2; t++) {
            int id = t;
            Thread writer = new Thread(() -> {
                int i = id;
                while (System.currentTimeMillis() < end) {
                    store.restock(i++ % 1000);
                    try {
                        Thread.sleep(15);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "restock-" + t);
            writer.start();
            threads.add(writer);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("CoarseRwLockStore reads/s: " + java.util.Arrays.stream(reads).sum() / seconds);
    }
}
