package demo.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pattern: a huge catalog map (1.5 M entries) is rebuilt from scratch every second while the old one is still
 * served, in a 512 MB heap: the live set doubles at every swap and the collector pauses for it.
 */
public final class GcPressureHugeMap {

    record Product(long id, String name, double price) {
    }

    static final class CatalogLoader {
        private volatile Map<Long, Product> catalog = new HashMap<>();

        void rebuild(int generation) {
            Map<Long, Product> next = new HashMap<>(2_000_000); // sized: this is about memory, not resizing
            for (long id = 0; id < 1_500_000; id++) {
                next.put(id, new Product(id, "product-" + id + "-" + generation, id * 0.01));
            }
            catalog = next;
        }

        Product lookup(long id) {
            return catalog.get(id);
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        CatalogLoader loader = new CatalogLoader();
        Thread rebuilder = new Thread(() -> {
            int generation = 0;
            while (System.currentTimeMillis() < end) {
                loader.rebuild(generation++);
            }
        }, "catalog-rebuild");
        rebuilder.start();
        long[] done = new long[4];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                long i = id;
                while (System.currentTimeMillis() < end) {
                    loader.lookup(i++ % 1_500_000);
                    done[id]++;
                }
            }, "request-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        rebuilder.join();
        System.out.println("GcPressureHugeMap lookups/s: " + java.util.Arrays.stream(done).sum() / seconds);
    }
}
