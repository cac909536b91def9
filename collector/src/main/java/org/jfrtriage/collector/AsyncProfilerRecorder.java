package org.jfrtriage.collector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
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

    private final String libraryResource;

    /** Fails at once when this platform has no async-profiler library in the jar. */
    public AsyncProfilerRecorder() throws CollectorException {
        this.libraryResource = libraryResource();
    }

    /**
     * Records JVM {@code pid} for {@code duration} into {@code output} (written as {@link OutputFile} says);
     * returns the CPU engine that was used. The library and the profiler's file live in a temp folder of ours
     * that is removed at the end, also on Ctrl-C.
     */
    public String record(long pid, Duration duration, Path output) throws CollectorException {
        return record(pid, duration, output, RecordingProgress.SILENT);
    }

    /** As {@link #record(long, Duration, Path)}, telling {@code progress} as it goes. */
    public String record(long pid, Duration duration, Path output, RecordingProgress progress) throws CollectorException {
        checkedPid(pid);
        Path work = createWorkFolder();
        Path library = work.resolve("libasyncProfiler.so");
        Path partial = work.resolve("recording.jfr");
        VirtualMachine vm = null;
        Thread cleanup = null;
        boolean running = false;
        try {
            extract(library);
            shareWithTarget(pid, work, library, partial);
            vm = Attachment.attach(pid);
            VirtualMachine attached = vm;
            cleanup = new Thread(() -> {
                command(attached, library, "stop");
                deleteWorkFolder(work);
            }, "jfrtriage-async-profiler-stop");
            Runtime.getRuntime().addShutdownHook(cleanup);
            String engine = start(vm, library, pid, partial);
            running = true;
            progress.started(pid, "", duration);
            long started = System.nanoTime();
            sleep(pid, duration, progress);
            progress.stopped(Duration.ofNanos(System.nanoTime() - started));
            String stopped = command(vm, library, "stop,file=" + partial + ",jfr");
            running = stopped != null;
            if (stopped != null || !Files.isRegularFile(partial)) {
                throw new CollectorException("JVM " + pid + ": async-profiler did not write its recording ("
                        + (stopped == null ? "no file" : stopped) + ")");
            }
            try {
                OutputFile.write(output, out -> Files.copy(partial, out));
            } catch (IOException e) {
                throw new CollectorException(OutputFile.describe(output, e), e);
            }
            return engine;
        } finally {
            if (vm != null) {
                if (running && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    command(vm, library, "stop"); // still running after a failure
                }
                try {
                    vm.detach();
                } catch (IOException e) {
                    // nothing to undo
                }
            }
            if (cleanup != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException e) {
                    // shutting down: the hook cleans up
                }
            }
            deleteWorkFolder(work);
        }
    }

    /** No such process, jfrtriage itself, visibly not a JVM: said at once, as for JFR. */
    private static long checkedPid(long pid) throws CollectorException {
        Attachment.checkProcess(pid);
        return pid;
    }

    private String start(VirtualMachine vm, Path library, long pid, Path file) throws CollectorException {
        String lastError = "";
        for (String engine : CPU_ENGINES) {
            String error = command(vm, library, "start,event=" + engine + "," + EVENTS + ",file=" + file + ",jfr");
            if (error == null) {
                return engine;
            }
            lastError = error;
        }
        throw new CollectorException("JVM " + pid + ": async-profiler could not start (" + lastError + ")");
    }

    /** Sends one async-profiler command; returns null on success, else the reason. */
    private static String command(VirtualMachine vm, Path library, String arguments) {
        try {
            vm.loadAgentPath(library.toString(), arguments);
            return null;
        } catch (AgentLoadException | AgentInitializationException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "the JVM did not answer: " + e.getMessage();
        }
    }

    private static void sleep(long pid, Duration duration, RecordingProgress progress) throws CollectorException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long nextTick = start + 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= nextTick) {
                progress.recording(Duration.ofNanos(System.nanoTime() - start), duration);
                nextTick += 1_000_000_000L;
            }
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

    /** The jar's folder holding the library for this platform. */
    private static String libraryResource() throws CollectorException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String folder;
        if (os.contains("linux")) {
            folder = arch.equals("aarch64") || arch.equals("arm64") ? "linux-arm64" : "linux-x64";
        } else if (os.contains("mac")) {
            folder = "macos";
        } else {
            throw new CollectorException("async-profiler is not available on " + os + " (" + arch + ")");
        }
        String resource = "/" + folder + "/libasyncProfiler.so";
        if (AsyncProfilerRecorder.class.getResource(resource) == null) {
            throw new CollectorException("libasyncProfiler.so for " + folder + " is missing from the jar");
        }
        return resource;
    }

    private static Path createWorkFolder() throws CollectorException {
        try {
            return Files.createTempDirectory("jfrtriage-async-profiler-"); // 0700, ours
        } catch (IOException e) {
            throw new CollectorException("cannot create a temp folder for async-profiler: " + e.getMessage(), e);
        }
    }

    private void extract(Path library) throws CollectorException {
        try (InputStream in = AsyncProfilerRecorder.class.getResourceAsStream(libraryResource)) {
            Files.copy(in, library);
        } catch (IOException e) {
            throw new CollectorException("cannot extract libasyncProfiler.so: " + e.getMessage(), e);
        }
    }

    /**
     * A target run by another user (root recording a service account's JVM) loads the library and writes the
     * profile itself: it may then traverse our folder, read the library and write the one file made for it —
     * nothing else (no listing, no new files). A target of our own user needs none of it.
     */
    private static void shareWithTarget(long pid, Path work, Path library, Path partial) throws CollectorException {
        Optional<String> targetUser = ProcessHandle.of(pid).flatMap(p -> p.info().user());
        Optional<String> us = ProcessHandle.current().info().user();
        if (targetUser.isEmpty() || targetUser.equals(us)) {
            return;
        }
        try {
            Files.createFile(partial);
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw--w--w-"));
            Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new CollectorException("cannot share the async-profiler folder with JVM " + pid + "'s user: "
                    + e.getMessage(), e);
        }
    }

    /** Removes the folder this class created, and only what is inside it. */
    private static void deleteWorkFolder(Path work) {
        if (!Files.isDirectory(work, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort; the folder is in the temp directory
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
