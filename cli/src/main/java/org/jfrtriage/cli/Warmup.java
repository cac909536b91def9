package org.jfrtriage.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.collector.RecordingProgress;
import org.jfrtriage.report.Format;
import org.jfrtriage.report.Reports;
import org.jfrtriage.rules.Playbook;

/**
 * While a live recording window is open, analyzes a small bundled recording (a lock hotspot, 380 KB) a few
 * times on a low-priority thread and throws the results away, so that when the window closes the real analysis
 * runs loaded, initialized and JIT-compiled code: the report comes about a second sooner, which is the whole
 * wait after the window on a small recording. It costs at most {@link #CPU_BUDGET_NANOS} of CPU, stops at the
 * first iteration after {@link #close()}, and any failure just ends it: it never touches the command's result.
 * The copy of the recording lives in the caller's scratch folder and goes with it.
 */
final class Warmup implements AutoCloseable {

    /** One and a half CPU-seconds: enough for the hot loops to reach C2 on this file, little on a busy host. */
    static final long CPU_BUDGET_NANOS = 1_500_000_000L;
    private static final int MAX_ROUNDS = 40;
    private static final String RESOURCE = "warmup/SyncMapHotspot-jdk17-default.jfr";

    private final Path recording;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile int rounds;

    private Warmup(Path recording, Format format) {
        this.recording = recording;
        thread = new Thread(() -> run(recording, format), "jfrtriage-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /** A warm-up for reports in {@code format}, with the bundled recording copied into {@code scratch}. */
    static Warmup prepare(Path scratch, Format format) {
        Path copy = scratch.resolve("warmup.jfr");
        try (InputStream in = Warmup.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Files.copy(in, copy);
            }
        } catch (IOException e) {
            // no warm-up: the report comes as fast as a cold JVM makes it
        }
        return new Warmup(copy, format);
    }

    /**
     * Starts it, once the target is recording: not earlier, where it would slow down attaching on a busy host.
     * Does nothing when the recording could not be copied.
     */
    void begin() {
        if (!stopped && !thread.isAlive() && Files.isRegularFile(recording)) {
            thread.start();
        }
    }

    /** Wraps {@code progress} so the warm-up runs while the window is open and ends when it closes. */
    RecordingProgress during(RecordingProgress progress) {
        return new RecordingProgress() {
            @Override
            public void started(long pid, String mainClass, java.time.Duration duration) {
                progress.started(pid, mainClass, duration);
                begin();
            }

            @Override
            public void recording(java.time.Duration elapsed, java.time.Duration duration) {
                progress.recording(elapsed, duration);
            }

            @Override
            public void stopped(java.time.Duration elapsed) {
                close();
                progress.stopped(elapsed);
            }
        };
    }

    private void run(Path recording, Format format) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long start = cpu.isCurrentThreadCpuTimeSupported() ? cpu.getCurrentThreadCpuTime() : 0;
        try {
            while (!stopped && rounds < MAX_ROUNDS) {
                Reports.render(Playbook.standard().run(new Analyzer().analyze(recording, "warm-up")), format);
                rounds++;
                if (cpu.isCurrentThreadCpuTimeSupported() && cpu.getCurrentThreadCpuTime() - start > CPU_BUDGET_NANOS) {
                    return;
                }
            }
        } catch (Exception | LinkageError | VirtualMachineError e) {
            // the scratch folder went away at the end, or anything else: warming up is only ever a bonus
        }
    }

    boolean running() {
        return thread.isAlive();
    }

    /** Analyses finished so far. */
    int rounds() {
        return rounds;
    }

    /** Ends the warm-up after its current round (or before it began); never waits for it. */
    @Override
    public void close() {
        stopped = true;
    }
}
