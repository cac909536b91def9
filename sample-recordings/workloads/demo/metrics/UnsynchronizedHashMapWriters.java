package demo.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pattern: several threads write one plain HashMap without a lock (Go's "concurrent map writes"). Keys collide
 * on purpose (a poor hashCode), so bins become red-black trees whose concurrent rebalancing corrupts them.
 * Threads are daemons and the program exits at the deadline even if one spins in a corrupted tree.
 */
public final class UnsynchronizedHashMapWriters {

    record MetricKey(String name, int shard) implements Comparable<MetricKey> {
        @Override
        public int hashCode() {
            return shard % 8; // eight buckets for everything: bins treeify
        }

        @Override
        public int compareTo(MetricKey o) {
            int c = Integer.compare(shard, o.shard);
            return c != 0 ? c : name.compareTo(o.name);
        }
    }

    static final class MetricsRegistry {
        private final Map<MetricKey, Long> counters = new HashMap<>(); // shared, unsynchronized: the bug

        void record(MetricKey key) {
            counters.merge(key, 1L, Long::sum);
        }

        void expire(MetricKey key) {
            counters.remove(key);
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        MetricsRegistry registry = new MetricsRegistry();
        AtomicLong failures = new AtomicLong();
        AtomicLong writes = new AtomicLong();
        for (int t = 0; t < 6; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                int i = id;
                while (System.currentTimeMillis() < end) {
                    MetricKey key = new MetricKey("m" + (i % 2000), i % 4000);
                    try {
                        registry.record(key);
                        if ((i & 15) == 0) {
                            registry.expire(new MetricKey("m" + ((i + 1000) % 2000), (i + 1000) % 4000));
                        }
                        writes.incrementAndGet();
                    } catch (RuntimeException e) { // ClassCastException, NullPointerException from a corrupted tree
                        failures.incrementAndGet();
                    }
                    i += 7;
                }
            }, "metrics-writer-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        while (System.currentTimeMillis() < end) {
            Thread.sleep(100);
        }
        System.out.println("UnsynchronizedHashMapWriters writes: " + writes.get() + ", failures: " + failures.get());
        System.exit(0);
    }
}
