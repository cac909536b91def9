package org.jfrtriage.collector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.VirtualMachine;

/**
 * Records a live JVM with async-profiler instead of JFR: its {@code libasyncProfiler.so} (shipped inside the
 * {@code tools.profiler:async-profiler} jar) is loaded into the target through the Attach API, profiles CPU
 * (itimer when perf events are not allowed), wall clock, locks and allocations into a JFR file, and is stopped
 * at the end — also on Ctrl-C. The library stays loaded in the target (agents cannot be unloaded) but idle.
 */
public final class AsyncProfilerRecorder {

    /** Profiling options besides the CPU engine: wall-clock samples, allocations, lock waits of 10 ms and more. */
    static final String EVENTS = "wall=50ms,alloc=512k,lock=10ms";
    /** CPU engines in order of preference: perf events need perf_event_paranoid ≤ 1, itimer works anywhere. */
    private static final String[] CPU_ENGINES = {"cpu", "itimer"};

    private final Path library;

    public AsyncProfilerRecorder() throws CollectorException {
        this.library = extractLibrary();
    }

    /** Records JVM {@code pid} for {@code duration} into {@code output}; returns the CPU engine that was used. */
    public String record(long pid, Duration duration, Path output) throws CollectorException {
        Path target = output.toAbsolutePath();
        Path partial = target.resolveSibling(".jfrtriage-" + pid + "-" + System.nanoTime() + ".jfr");
        VirtualMachine vm = Attachment.attach(checkedPid(pid));
        String engine = null;
        try {
            engine = start(vm, pid, partial);
            String started = engine;
            Thread cleanup = new Thread(() -> command(vm, "stop"), "jfrtriage-async-profiler-stop");
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                sleep(pid, duration);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException e) {
                    // shutting down: the hook stops the profiler
                }
            }
            String stopped = command(vm, "stop,file=" + partial + ",jfr");
            if (stopped != null || !Files.isRegularFile(partial)) {
                throw new CollectorException("JVM " + pid + ": async-profiler did not write its recording ("
                        + (stopped == null ? "no file" : stopped) + ")");
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return started;
        } catch (IOException e) {
            throw new CollectorException("cannot move the recording to " + output + ": " + e.getMessage(), e);
        } finally {
            if (engine != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                command(vm, "stop"); // no-op when already stopped
            }
            try {
                vm.detach();
            } catch (IOException e) {
                // nothing to undo
            }
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // best effort
            }
        }
    }

    private static long checkedPid(long pid) throws CollectorException {
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new CollectorException("process " + pid + ": no such process");
        }
        return pid;
    }

    private String start(VirtualMachine vm, long pid, Path file) throws CollectorException {
        String lastError = "";
        for (String engine : CPU_ENGINES) {
            String error = command(vm, "start,event=" + engine + "," + EVENTS + ",file=" + file + ",jfr");
            if (error == null) {
                return engine;
            }
            lastError = error;
        }
        throw new CollectorException("JVM " + pid + ": async-profiler could not start (" + lastError + ")");
    }

    /** Sends one async-profiler command; returns null on success, else the reason. */
    private String command(VirtualMachine vm, String arguments) {
        try {
            vm.loadAgentPath(library.toString(), arguments);
            return null;
        } catch (AgentLoadException | AgentInitializationException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "the JVM did not answer: " + e.getMessage();
        }
    }

    private static void sleep(long pid, Duration duration) throws CollectorException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new CollectorException("JVM " + pid + " exited during the recording; nothing was saved");
            }
            try {
                Thread.sleep(Math.max(1, Math.min(200, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CollectorException("interrupted; async-profiler in JVM " + pid + " was stopped");
            }
        }
    }

    /** Copies the library for this platform out of the jar into a private temp file the target can load. */
    static Path extractLibrary() throws CollectorException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String resource;
        if (os.contains("linux")) {
            resource = arch.equals("aarch64") || arch.equals("arm64") ? "linux-arm64" : "linux-x64";
        } else if (os.contains("mac")) {
            resource = "macos";
        } else {
            throw new CollectorException("async-profiler is not available on " + os + " (" + arch + ")");
        }
        try (InputStream in = AsyncProfilerRecorder.class.getResourceAsStream("/" + resource + "/libasyncProfiler.so")) {
            if (in == null) {
                throw new CollectorException("libasyncProfiler.so for " + resource + " is missing from the jar");
            }
            Path dir = Files.createTempDirectory("jfrtriage-async-profiler-");
            Path library = dir.resolve("libasyncProfiler.so");
            Files.copy(in, library);
            library.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return library;
        } catch (IOException e) {
            throw new CollectorException("cannot extract libasyncProfiler.so: " + e.getMessage(), e);
        }
    }
}
