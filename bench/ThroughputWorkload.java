package bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>Two workloads. {@code micro} is the request alone: the JDK collections it uses ({@code HashMap.put},
 * {@code ConcurrentHashMap.computeIfAbsent}) see, after the JDK's own start-up, one key type and one lambda, so
 * the JIT compiles the request for exactly that — a profile no service has, and one that any other user of those
 * classes in the JVM (an agent, a library, a second endpoint) changes. {@code service} (the default) is the same
 * request and the same measured loop, but during the first {@value #SERVICE_PRELUDE_SECONDS} s of the warm-up (at
 * most half of it) the request thread first runs, in a loop of its own, the service's other code paths after
 * every second request: the same collections with the key and value types and lambdas a service's other
 * endpoints use (String, Long, UUID, an enum, a record; ArrayList), so the shared call sites' type profiles are
 * those of an application before the request is compiled.
 *
 *   java bench/ThroughputWorkload.java WARMUP_SECONDS MEASURE_SECONDS THREADS [service|micro]
 */
public final class ThroughputWorkload {
    private static final ConcurrentHashMap<Integer, long[]> SHARED = new ConcurrentHashMap<>(1 << 16);
    private static final Object LOCK = new Object();
    private static long counter;
    /** How long the service workload runs its other code paths beside the request, at the start of the warm-up. */
    static final int SERVICE_PRELUDE_SECONDS = 6;

    private enum Tier { FREE, TEAM, ENTERPRISE }

    private record SessionKey(String tenant, long user) {
    }

    private static final ConcurrentHashMap<String, AtomicLong> HITS_BY_PATH = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Long, String> NAMES_BY_USER = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<SessionKey, long[]> SESSIONS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<UUID, List<String>> ORDERS = new ConcurrentHashMap<>();
    private static long otherSink;

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int measure = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        String workload = args.length > 3 ? args[3] : "service";
        if (!workload.equals("service") && !workload.equals("micro")) {
            throw new IllegalArgumentException("workload: service or micro, not " + workload);
        }
        long start = System.nanoTime();
        long preludeUntil = workload.equals("service")
                ? start + Math.min(SERVICE_PRELUDE_SECONDS, warmup / 2) * 1_000_000_000L : start;
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
                while (System.nanoTime() < preludeUntil) {
                    otherPaths(i);
                    request(i++);
                    request(i++);
                }
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

    /**
     * A service's other endpoints, through the same JDK collections as the request: request attributes in a
     * HashMap keyed by String, hit counters by path, user names by Long id, sessions by a record, orders by UUID,
     * a count by enum, lists built and sorted; each computeIfAbsent with its own lambda. Bounded: the maps are
     * cleared as they fill.
     */
    private static void otherPaths(long i) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("user", i & 4095);
        attributes.put("path", "/api/v1/items/" + (i & 63));
        attributes.put("tier", Tier.values()[(int) (i % 3)]);
        attributes.put("trace", Long.toHexString(i));
        HITS_BY_PATH.computeIfAbsent((String) attributes.get("path"), p -> new AtomicLong()).incrementAndGet();
        String name = NAMES_BY_USER.computeIfAbsent(i & 4095, id -> "user-" + id);
        long[] session = SESSIONS.computeIfAbsent(new SessionKey("tenant-" + (i & 7), i & 1023), k -> new long[2]);
        session[0]++;
        List<String> order = ORDERS.computeIfAbsent(new UUID(0x5eed, i & 511), id -> new ArrayList<>());
        if (order.size() < 4) {
            order.add(name);
        }
        Map<Tier, Long> byTier = new HashMap<>();
        byTier.merge((Tier) attributes.get("tier"), 1L, Long::sum);
        Map<Long, String> recent = new HashMap<>();
        for (long k = 0; k < 4; k++) {
            recent.put(i - k, name);
        }
        List<String> lines = new ArrayList<>(recent.values());
        lines.sort(null);
        otherSink += attributes.size() + byTier.size() + lines.size() + session[0];
        if ((i & 8191) == 0) {
            HITS_BY_PATH.clear();
            NAMES_BY_USER.clear();
            SESSIONS.clear();
            ORDERS.clear();
        }
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
