package bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A steady request-like workload for the overhead benchmark: map reads and writes, allocation, short
 * synchronized sections. Warms up, then prints operations per second over the measured seconds.
 *
 *   java bench/ThroughputWorkload.java WARMUP_SECONDS MEASURE_SECONDS THREADS
 */
public final class ThroughputWorkload {
    private static final ConcurrentHashMap<Integer, long[]> SHARED = new ConcurrentHashMap<>(1 << 16);
    private static final Object LOCK = new Object();
    private static long counter;

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int measure = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + measure * 1_000_000_000L;
        long[] ops = new long[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                long i = id;
                long n = 0;
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        break;
                    }
                    request(i++);
                    if (now >= measureFrom) {
                        n++;
                    }
                }
                ops[id] = n;
            }, "request-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        long total = 0;
        for (long n : ops) {
            total += n;
        }
        System.out.println(total / measure);
    }

    /** One request: a few map lookups and updates, some computation, a little allocation. */
    private static void request(long i) {
        long[] value = SHARED.computeIfAbsent((int) (i & 0xffff), key -> new long[4]);
        long h = i;
        for (int k = 0; k < 200; k++) {
            h = h * 0x9E3779B97F4A7C15L + k;
            h ^= h >>> 29;
        }
        value[(int) (h & 3)] += h;
        if ((i & 15) == 0) {
            Map<Integer, Integer> local = new HashMap<>(16);
            for (int k = 0; k < 8; k++) {
                local.put((int) (h + k), k);
            }
            value[0] += local.size();
        }
        if ((i & 63) == 0) {
            synchronized (LOCK) {
                counter += value[0];
            }
        }
    }
}
