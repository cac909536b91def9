package bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A steady request-like workload for the overhead benchmark: map reads and writes, allocation, short
 * synchronized sections. Warms up, then prints one line over the measured seconds:
 *
 * <pre>OPS_PER_S OPS_PER_CPU_S ON_CPU OTHER_CPU_WARMUP_S OTHER_CPU_MEASURED_S</pre>
 *
 * operations per second; operations per CPU second of the request threads (what a busy machine disturbs
 * least: a thread descheduled by another process loses throughput, not efficiency); the share of the measured
 * time the request threads were on a CPU; and the CPU seconds of every other thread of the process (the JIT's,
 * the GC's, JFR's, an agent's) during the warm-up and during the measured seconds.
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
        long[] cpu = new long[threads];
        long[] warmCpu = new long[threads];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                long i = id;
                long n = 0;
                long cpuFrom = -1;
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        break;
                    }
                    request(i++);
                    if (now >= measureFrom) {
                        if (cpuFrom < 0) {
                            cpuFrom = mx.getCurrentThreadCpuTime();
                        }
                        n++;
                    }
                }
                ops[id] = n;
                cpu[id] = mx.getCurrentThreadCpuTime() - cpuFrom;
                warmCpu[id] = cpuFrom;
            }, "request-" + t);
            workers[t].start();
        }
        long processAtMeasure = 0;
        long wait = (measureFrom - System.nanoTime()) / 1_000_000;
        if (wait > 0) {
            Thread.sleep(wait);
        }
        processAtMeasure = processCpuNanos();
        for (Thread w : workers) {
            w.join();
        }
        long processAtEnd = processCpuNanos();
        long total = 0;
        long threadCpu = 0;
        long threadWarmCpu = 0;
        for (int t = 0; t < threads; t++) {
            total += ops[t];
            threadCpu += cpu[t];
            threadWarmCpu += warmCpu[t];
        }
        System.out.printf(java.util.Locale.ROOT, "%d %d %.4f %.3f %.3f%n", total / measure,
                (long) (total / Math.max(threadCpu / 1e9, 1e-9)), threadCpu / 1e9 / threads / measure,
                (processAtMeasure - threadWarmCpu) / 1e9, (processAtEnd - processAtMeasure - threadCpu) / 1e9);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
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
