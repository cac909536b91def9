package demo.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Pattern: a ConcurrentHashMap created with the default size, filled by several threads to 400k, replaced. */
public final class ConcurrentHashMapRegrowth {

    static final class Ingestor {
        private volatile ConcurrentHashMap<Long, Long> window = new ConcurrentHashMap<>();
        private final AtomicLong sequence = new AtomicLong();

        void ingest(long value) {
            ConcurrentHashMap<Long, Long> current = window;
            current.put(sequence.incrementAndGet(), value);
            if (current.size() > 400_000) {
                window = new ConcurrentHashMap<>(); // a new window: grows from 16 buckets again
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        Ingestor ingestor = new Ingestor();
        long[] done = new long[4];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                long i = id;
                while (System.currentTimeMillis() < end) {
                    ingestor.ingest(i++);
                    done[id]++;
                }
            }, "ingest-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("ConcurrentHashMapRegrowth puts/s: " + java.util.Arrays.stream(done).sum() / seconds);
    }
}
