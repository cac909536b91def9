package bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingStream;

/**
 * One run of {@link ThroughputWorkload} with one part of the agent's cost switched on, for bench/overhead-parts.sh:
 *
 * <ul>
 *   <li>{@code plain}: nothing;
 *   <li>{@code record}: a recording with the triage settings (this JDK's {@code default} switched off, then
 *       triage.jfc, as {@code TriageSettings.forThisJvm}), to disk, read by no one: JFR's own cost;
 *   <li>{@code stream}: the same settings through a {@link RecordingStream} whose consumer only counts the events:
 *       JFR's cost plus parsing the stream;
 *   <li>{@code pollute}: no JFR; for the first 8 s a thread uses {@code HashMap} and
 *       {@code ConcurrentHashMap.computeIfAbsent} with other key types and lambdas than the workload's, then stops:
 *       the cost of sharing the JDK's code (and the JIT's profiles of it) with anything else in the JVM;
 *   <li>anything else runs as {@code plain}: the agent, when the script adds {@code -javaagent}, is the rest.
 * </ul>
 *
 * <p>Prints the workload's line (see {@link ThroughputWorkload}) then {@code parts: NAME=TICKS ...}: the CPU
 * ticks (1/100 s) each of the process's threads used during the measured seconds, by name as /proc gives it
 * (digits replaced by #), the request threads excluded; then the young GCs and their total pause in the same
 * seconds, and the events the stream consumer saw.
 *
 *   java -cp CLASSES bench.OverheadParts MODE TRIAGE_JFC WARMUP_SECONDS MEASURE_SECONDS THREADS [service|micro]
 *   -Dparts.set="jdk.ExecutionSample#period=40 ms;..." overrides settings in record and stream modes
 */
public final class OverheadParts {
    private OverheadParts() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Map<String, String> settings = new HashMap<>();
        Configuration.getConfiguration("default").getSettings()
                .forEach((k, v) -> settings.put(k, k.endsWith("#enabled") ? "false" : v));
        settings.putAll(Configuration.create(Path.of(args[1])).getSettings());
        for (String kv : System.getProperty("parts.set", "").split(";")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                settings.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        LongAdder events = new LongAdder();
        if (mode.equals("record")) {
            Recording recording = new Recording(settings);
            recording.setToDisk(true);
            recording.start();
        } else if (mode.equals("pollute")) {
            Thread t = new Thread(OverheadParts::pollute, "parts-pollute");
            t.setDaemon(true);
            t.start();
        } else if (mode.equals("stream")) {
            RecordingStream stream = new RecordingStream();
            stream.setSettings(settings);
            stream.onEvent(e -> events.increment());
            Thread t = new Thread(stream::start, "parts-stream");
            t.setDaemon(true);
            t.start();
        }
        long warmup = Long.parseLong(args[2]);
        AtomicReference<Map<String, Long>> atMeasure = new AtomicReference<>(Map.of());
        long[] gcAtMeasure = new long[2];
        Thread snapshot = new Thread(() -> {
            try {
                Thread.sleep(warmup * 1000);
            } catch (InterruptedException e) {
                return;
            }
            gcAtMeasure[0] = gcCount();
            gcAtMeasure[1] = gcMillis();
            atMeasure.set(ticksByName());
        }, "parts-snapshot");
        snapshot.setDaemon(true);
        snapshot.start();
        ThroughputWorkload.main(new String[] {args[2], args[3], args[4], args.length > 5 ? args[5] : "service"});
        Map<String, Long> atEnd = ticksByName();
        StringBuilder parts = new StringBuilder("parts:");
        Map<String, Long> before = atMeasure.get();
        new TreeMap<>(atEnd).forEach((name, ticks) -> {
            long d = ticks - before.getOrDefault(name, 0L);
            if (d > 0 && !name.startsWith("request-") && !name.startsWith("parts-")) {
                parts.append(' ').append(name).append('=').append(d);
            }
        });
        parts.append(" | young GCs ").append(gcCount() - gcAtMeasure[0]).append(", paused ")
                .append(gcMillis() - gcAtMeasure[1]).append(" ms | stream events ").append(events.sum());
        System.out.println(parts);
    }

    /** Other key types and lambdas through the collections the workload uses, for 8 s. */
    private static void pollute() {
        long until = System.nanoTime() + 8_000_000_000L;
        java.util.concurrent.ConcurrentHashMap<Object, Object> shared = new java.util.concurrent.ConcurrentHashMap<>();
        long sink = 0;
        for (long i = 0; System.nanoTime() < until; i++) {
            Map<Object, Object> m = new HashMap<>(16);
            m.put("k" + (i & 255), i);
            m.put(i, "v");
            m.put(java.util.List.of(i & 7), i);
            m.put((double) (i & 63), i);
            sink += m.size();
            shared.computeIfAbsent("s" + (i & 1023), k -> new Object());
            shared.computeIfAbsent(i & 1023, Object::toString);
            shared.computeIfAbsent(java.util.List.of((int) (i & 31)), k -> new long[2]);
            if ((i & 4095) == 0) {
                shared.clear();
            }
        }
        if (sink == 42) {
            System.err.println("unlikely");
        }
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionTime());
        }
        return n;
    }

    /** CPU ticks of the process's live threads by name (digits as #: the C1/C2 compiler threads add up). */
    private static Map<String, Long> ticksByName() {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, close).replaceAll("[0-9]+", "#").replace(' ', '_');
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (Exception e) {
                    // the thread ended while listed
                }
            }
        } catch (Exception e) {
            // no /proc: no parts
        }
        return ticks;
    }
}
