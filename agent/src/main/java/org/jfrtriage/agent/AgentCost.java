package org.jfrtriage.agent;

import java.io.IOException;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jfrtriage.report.MetricFamilies;

/**
 * What the agent costs the application, as its own metrics: CPU time of its threads (the stream's dispatch thread
 * that normalizes events and runs the playbook, and the metrics server) and of JFR's own threads, bytes those
 * threads allocated, events received per second, the window's size and how long an evaluation takes.
 * A thread that ended keeps the last value read, so the totals never go down.
 *
 * <p>JFR's threads are read from {@code /proc/self/task} where there is one (Linux): the thread that takes the
 * execution samples ({@code JFR Thread Sampler}) is not a Java thread, the management bean does not list it, and
 * it is JFR's largest steady cost (its own CPU grows with the sampling rate). Elsewhere the bean's JFR threads
 * are counted, without the sampler.
 */
final class AgentCost {
    /** Where Linux lists this process's threads, each with its name and CPU ticks. */
    private static final Path TASKS = Path.of("/proc/self/task");
    /** The unit of the CPU times in {@code /proc/PID/task/TID/stat}: USER_HZ, 100 on every Linux the JDK runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** Reads of /proc between two listings of all the process's threads. */
    private static final int RESCAN = 20;

    private final boolean procTasks = Files.isDirectory(TASKS);
    private final List<Path> jfrTasks = new ArrayList<>();
    private long reads;
    private final Set<Long> own = ConcurrentHashMap.newKeySet();
    private final Map<Long, Long> cpuNanos = new ConcurrentHashMap<>();
    private final Map<Long, Long> jfrCpuNanos = new ConcurrentHashMap<>();
    private final Map<Long, Long> allocated = new ConcurrentHashMap<>();
    private final LongAdder events = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private volatile long evaluations;
    private volatile long dumps;
    private volatile double lastEvaluationSeconds;
    private volatile long windowEvents;
    private volatile double eventsPerSecond;
    private long eventsAtLastEvaluation;
    private long lastEvaluationAt = System.nanoTime();

    void own(Thread thread) {
        own.add(thread.getId());
    }

    void event() {
        events.increment();
    }

    void skipped() {
        skipped.increment();
    }

    void dumped() {
        dumps++;
    }

    /** After an evaluation (on the stream's thread): how long it took and the events its window held. */
    void evaluated(long nanos, long eventsInWindow) {
        long now = System.nanoTime();
        long total = events.sum();
        eventsPerSecond = (total - eventsAtLastEvaluation) / Math.max((now - lastEvaluationAt) / 1e9, 1e-3);
        eventsAtLastEvaluation = total;
        lastEvaluationAt = now;
        lastEvaluationSeconds = nanos / 1e9;
        windowEvents = eventsInWindow;
        evaluations++;
    }

    /** The cost families, read when Prometheus scrapes. */
    MetricFamilies families(String jvm) {
        readThreads();
        MetricFamilies out = new MetricFamilies();
        out.counter("jfrtriage_agent_cpu_seconds_total",
                        "CPU time of the agent's own threads (part=triage) and of JFR's threads (part=jfr)")
                .sample(sum(cpuNanos) / 1e9, "jvm", jvm, "part", "triage")
                .sample(sum(jfrCpuNanos) / 1e9, "jvm", jvm, "part", "jfr");
        out.counter("jfrtriage_agent_allocated_bytes_total", "Bytes allocated by the agent's own threads")
                .sample(sum(allocated), "jvm", jvm);
        out.counter("jfrtriage_agent_events_total", "JFR events the agent received").sample(events.sum(), "jvm", jvm);
        out.counter("jfrtriage_agent_skipped_events_total", "JFR events that could not be read and were skipped")
                .sample(skipped.sum(), "jvm", jvm);
        out.gauge("jfrtriage_agent_events_per_second", "JFR events received per second, since the previous evaluation")
                .sample(eventsPerSecond, "jvm", jvm);
        out.gauge("jfrtriage_agent_window_events", "Events held in the sliding window (at most "
                + TriageAgent.MAX_WINDOW_EVENTS + ")").sample(windowEvents, "jvm", jvm);
        out.gauge("jfrtriage_agent_evaluation_seconds", "How long the latest evaluation of the window took")
                .sample(lastEvaluationSeconds, "jvm", jvm);
        out.counter("jfrtriage_agent_evaluations_total", "Evaluations of the window").sample(evaluations, "jvm", jvm);
        out.counter("jfrtriage_agent_dumps_total", "Recordings dumped on a critical finding").sample(dumps, "jvm", jvm);
        return out;
    }

    private void readThreads() {
        ThreadMXBean bean = TriageAgent.threads();
        boolean cpu = bean.isThreadCpuTimeSupported() && bean.isThreadCpuTimeEnabled();
        com.sun.management.ThreadMXBean extended = bean instanceof com.sun.management.ThreadMXBean x
                && x.isThreadAllocatedMemorySupported() && x.isThreadAllocatedMemoryEnabled() ? x : null;
        for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds(), 0)) {
            if (info == null) {
                continue;
            }
            long id = info.getThreadId();
            boolean ours = own.contains(id);
            boolean jfr = !ours && !procTasks && info.getThreadName().startsWith("JFR ");
            if (cpu && (ours || jfr)) {
                long t = bean.getThreadCpuTime(id);
                if (t >= 0) {
                    (ours ? cpuNanos : jfrCpuNanos).merge(id, t, Math::max);
                }
            }
            if (extended != null && ours) {
                long b = extended.getThreadAllocatedBytes(id);
                if (b >= 0) {
                    allocated.merge(id, b, Math::max);
                }
            }
        }
        if (procTasks) {
            readJfrTasks();
        }
    }

    /**
     * JFR's threads, Java or not, by their names in /proc (cut to 15 characters: "JFR Thread Samp"). All of the
     * process's threads are listed on the first read and every {@link #RESCAN}th (JFR starts its threads once);
     * in between only the JFR threads found, so a scrape of a JVM with a thousand threads reads a few files.
     */
    private synchronized void readJfrTasks() {
        if (jfrTasks.isEmpty() || reads++ % RESCAN == 0) {
            jfrTasks.clear();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
                for (Path task : tasks) {
                    if (jfrTicks(task) >= 0) {
                        jfrTasks.add(task);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // /proc unreadable now: the last values read stand
            }
        }
        for (Path task : jfrTasks) {
            long ticks = jfrTicks(task);
            if (ticks >= 0) {
                // keyed apart from Java thread ids (a task id is the OS thread's): negative, never a clash
                jfrCpuNanos.merge(-Long.parseLong(task.getFileName().toString()), ticks * NANOS_PER_TICK, Math::max);
            }
        }
    }

    /** The task's user + system ticks if it is one of JFR's threads, else -1. */
    static long jfrTicks(Path task) {
        try {
            return jfrTicks(Files.readString(task.resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** From one {@code stat} line: "TID (NAME) STATE ..." with utime and stime the 14th and 15th fields. */
    static long jfrTicks(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open || !stat.startsWith("JFR ", open + 1)) {
            return -1;
        }
        String[] fields = stat.substring(close + 2).trim().split(" ");
        // fields[0] is the state (the 3rd field): utime is the 14th field, stime the 15th
        return fields.length > 12 ? Long.parseLong(fields[11]) + Long.parseLong(fields[12]) : -1;
    }

    private static long sum(Map<Long, Long> values) {
        long s = 0;
        for (long v : values.values()) {
            s += v;
        }
        return s;
    }
}
