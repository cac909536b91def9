package demo.inventory;

import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pattern: four threads write one plain HashMap without a lock and a reporter iterates it — the JVM twin of Go's
 * "concurrent map writes". Keys are well spread (no tree bins), so nothing spins: the race shows as lost updates
 * and as the reporter's ConcurrentModificationException, thrown again and again.
 */
public final class SharedHashMapWriters {

    static final class StockLedger {
        private final Map<Integer, Long> onHand = new HashMap<>(); // shared, unsynchronized: the bug

        void receive(int sku) {
            onHand.merge(sku, 1L, Long::sum);
        }

        void release(int sku) {
            onHand.remove(sku);
        }

        long total() {
            long sum = 0;
            for (Map.Entry<Integer, Long> e : onHand.entrySet()) { // ConcurrentModificationException while others write
                sum += e.getValue();
            }
            return sum;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        StockLedger ledger = new StockLedger();
        AtomicLong failures = new AtomicLong();
        AtomicLong writes = new AtomicLong();
        for (int t = 0; t < 4; t++) {
            Thread writer = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long mine = 0;
                long failed = 0;
                while (System.currentTimeMillis() < end) {
                    for (int n = 0; n < 1_000; n++) {
                        try {
                            ledger.receive(random.nextInt(2_000));
                            if ((n & 3) == 0) {
                                ledger.release(random.nextInt(2_000));
                            }
                            mine++;
                        } catch (RuntimeException e) { // ConcurrentModificationException from merge, broken links
                            failed++;
                        }
                    }
                }
                writes.addAndGet(mine);
                failures.addAndGet(failed);
            }, "stock-writer-" + t);
            writer.setDaemon(true);
            writer.start();
        }
        Thread reporter = new Thread(() -> {
            while (System.currentTimeMillis() < end) {
                try {
                    ledger.total();
                } catch (ConcurrentModificationException e) {
                    failures.incrementAndGet();
                }
            }
        }, "stock-reporter");
        reporter.setDaemon(true);
        reporter.start();
        while (System.currentTimeMillis() < end) {
            Thread.sleep(100);
        }
        Thread.sleep(200); // the writers add their counts as they stop
        System.out.println("SharedHashMapWriters writes: " + writes.get() + ", failures: " + failures.get());
        System.exit(0);
    }
}
