package org.jfrtriage.collector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.time.Duration;
import java.util.Map;

import jdk.management.jfr.FlightRecorderMXBean;

/**
 * Records a live JVM with JFR for a fixed time and copies the recording here, leaving the target as it was:
 * the recording is stopped and closed when done, on error and on Ctrl-C; and it carries its own duration, so
 * even if this process is killed the target stops recording by itself shortly after.
 */
public final class JfrRecorder {

    /** The target stops the recording by itself this long after the requested duration. */
    static final Duration SELF_STOP_MARGIN = Duration.ofSeconds(30);
    /** Upper bound of the recording's size in the target's disk repository. */
    static final long MAX_SIZE_BYTES = 512L * 1024 * 1024;
    /** How often the wait checks that the target is still alive. */
    private static final long POLL_MILLIS = 200;
    /** How long a target whose connection broke gets to finish exiting before the failure is blamed on it. */
    private static final long DEATH_GRACE_MILLIS = 2000;
    /** How often a person waiting is told how far the recording is. */
    private static final long PROGRESS_NANOS = 1_000_000_000L;
    /** The system property where a JVM names its JFR disk repository once a disk recording runs. */
    private static final String REPOSITORY_PROPERTY = "jdk.jfr.repository";
    /** File times and our clock may differ by a filesystem's timestamp granularity. */
    private static final long REPOSITORY_CLOCK_SLACK_MILLIS = 2000;

    private final String settings;

    /** Records with the target's default settings plus the tool's triage settings ({@code triage.jfc}). */
    public JfrRecorder() {
        this.settings = null;
    }

    /** Records with exactly the given {@code .jfc} contents. */
    public JfrRecorder(String jfcContents) {
        this.settings = jfcContents;
    }

    public static String triageSettings() {
        try (InputStream in = JfrRecorder.class.getResourceAsStream("triage.jfc")) {
            if (in == null) {
                throw new IllegalStateException("triage.jfc is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read triage.jfc", e);
        }
    }

    /** Records JVM {@code pid} for {@code duration} into {@code output} (written as {@link OutputFile} says). */
    public Recorded record(long pid, Duration duration, Path output) throws CollectorException {
        return record(pid, duration, output, RecordingProgress.SILENT);
    }

    /**
     * As {@link #record(long, Duration, Path)}, telling {@code progress} as it goes. When the JVM exits during the
     * recording, the chunks JFR had already written to its disk repository are saved instead and the result says
     * so ({@link Recorded#salvage()}); only when there are none does it fail.
     */
    public Recorded record(long pid, Duration duration, Path output, RecordingProgress progress) throws CollectorException {
        try (Attachment target = Attachment.open(pid)) {
            FlightRecorderMXBean jfr = target.flightRecorder();
            String mainClass = target.mainClass();
            long id;
            try {
                id = jfr.newRecording();
                if (settings == null) {
                    jfr.setRecordingSettings(id, TriageSettings.forTarget(jfr));
                } else {
                    jfr.setConfiguration(id, settings);
                }
                jfr.setRecordingOptions(id, Map.of(
                        "name", "jfr-triage-" + ProcessHandle.current().pid(),
                        "duration", duration.plus(SELF_STOP_MARGIN).toSeconds() + " s",
                        "maxSize", Long.toString(MAX_SIZE_BYTES),
                        "disk", "true"));
            } catch (RuntimeException e) {
                if (!stillAliveAfterGrace(pid)) {
                    throw new CollectorException("JVM " + pid + " exited during the recording; nothing was saved", e);
                }
                throw new CollectorException("JVM " + pid + ": could not set up a recording (" + rootMessage(e) + ")", e);
            }
            Thread cleanup = new Thread(() -> discard(jfr, id), "jfrtriage-recording-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            long started = System.nanoTime();
            // chunks modified since shortly before the start are ours to salvage should the JVM die
            long startedMillis = System.currentTimeMillis() - REPOSITORY_CLOCK_SLACK_MILLIS;
            String repository = null;
            try {
                jfr.startRecording(id);
                repository = target.systemProperty(REPOSITORY_PROPERTY);
                progress.started(pid, mainClass, duration);
                boolean alive = waitWhileAlive(pid, duration, progress);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                progress.stopped(elapsed);
                if (!alive) {
                    return salvage(pid, mainClass, elapsed, repository, startedMillis, output, null);
                }
                jfr.stopRecording(id);
                copy(jfr, id, output);
                return new Recorded(pid, mainClass, elapsed, java.util.Optional.empty());
            } catch (IOException | RuntimeException e) {
                if (stillAliveAfterGrace(pid)) {
                    throw new CollectorException("JVM " + pid + ": recording failed (" + rootMessage(e) + ")", e);
                }
                return salvage(pid, mainClass, Duration.ofNanos(System.nanoTime() - started), repository, startedMillis,
                        output, e);
            } finally {
                discard(jfr, id);
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook runs the same discard
                }
            }
        }
    }

    /**
     * The JVM died: JFR wrote its chunks to the repository as it went (a flush about once a second), and a
     * killed JVM leaves them behind. They are copied, oldest first, into {@code output} — concatenated chunks are a
     * recording, the last one cut where the JVM stopped writing. The repository itself is the dead JVM's: it is
     * only read.
     */
    private static Recorded salvage(long pid, String mainClass, Duration elapsed, String repository, long sinceMillis,
                                    Path output, Exception cause) throws CollectorException {
        String nothing = "JVM " + pid + " exited during the recording; nothing was saved";
        if (repository == null || repository.isEmpty()) {
            throw new CollectorException(nothing + " (its JFR repository is unknown)", cause);
        }
        List<Path> chunks = new ArrayList<>();
        try (var files = Files.list(Path.of(repository))) {
            files.filter(f -> f.getFileName().toString().endsWith(".jfr") || f.getFileName().toString().endsWith(".part"))
                    // only JFR chunks themselves: a symlink planted in the dead JVM's folder is not followed (we may run as root)
                    .filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) && startsWithChunkMagic(f))
                    .filter(f -> modifiedMillis(f) >= sinceMillis)
                    .sorted(Comparator.comparingLong(JfrRecorder::modifiedMillis).thenComparing(Path::toString))
                    .forEach(chunks::add);
        } catch (IOException | RuntimeException e) {
            throw new CollectorException(nothing + " (its JFR repository " + repository + " cannot be read: "
                    + rootMessage(e) + ")", e);
        }
        long bytes = 0;
        for (Path chunk : chunks) {
            bytes += chunk.toFile().length();
        }
        if (bytes == 0) {
            throw new CollectorException(nothing + " (JFR had written nothing to " + repository + " yet)", cause);
        }
        try {
            OutputFile.write(output, out -> {
                for (Path chunk : chunks) {
                    try (InputStream in = Files.newInputStream(chunk, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        in.transferTo(out);
                    }
                }
            });
        } catch (IOException e) {
            throw new CollectorException(OutputFile.describe(output, e), e);
        }
        return new Recorded(pid, mainClass, elapsed, java.util.Optional.of("JVM " + pid + " exited after "
                + Math.round(elapsed.toMillis() / 1000.0) + " s of the recording; saved what JFR had written to disk ("
                + chunks.size() + (chunks.size() == 1 ? " chunk" : " chunks") + " from " + repository
                + "), the last seconds may be missing"));
    }

    /** The most the target puts in one {@code readStream} answer: a JMX round trip each, a buffer of that size in the target. */
    static final int STREAM_BLOCK_BYTES = 1 << 20;

    /** JFR's chunk magic, {@code FLR\0}. */
    private static final byte[] CHUNK_MAGIC = {'F', 'L', 'R', 0};

    private static boolean startsWithChunkMagic(Path file) {
        try (InputStream in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return java.util.Arrays.equals(in.readNBytes(CHUNK_MAGIC.length), CHUNK_MAGIC);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static long modifiedMillis(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    /** A lost connection usually means the target is dying: give it a moment to be gone before saying so. */
    private static boolean stillAliveAfterGrace(long pid) {
        return ProcessHandle.of(pid).map(p -> {
            try {
                p.onExit().get(DEATH_GRACE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                return false;
            } catch (java.util.concurrent.TimeoutException e) {
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return p.isAlive();
            } catch (java.util.concurrent.ExecutionException e) {
                return p.isAlive();
            }
        }).orElse(false);
    }

    /** Waits out the recording, telling {@code progress} about once a second; false when the JVM died first. */
    private static boolean waitWhileAlive(long pid, Duration duration, RecordingProgress progress) throws CollectorException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long nextTick = start + PROGRESS_NANOS;
        while (System.nanoTime() < end) {
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return false;
            }
            if (System.nanoTime() >= nextTick) {
                progress.recording(Duration.ofNanos(System.nanoTime() - start), duration);
                nextTick += PROGRESS_NANOS;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CollectorException("interrupted; the recording in JVM " + pid + " was discarded");
            }
        }
        return true;
    }

    /** Streams the stopped recording out of the target in blocks, written to {@code output} as {@link OutputFile} says. */
    private static void copy(FlightRecorderMXBean jfr, long id, Path output) throws CollectorException, IOException {
        // blocks of 1 MB rather than the default 50 kB: each block is a JMX round trip after the window closed
        long stream = jfr.openStream(id, Map.of("blockSize", Integer.toString(STREAM_BLOCK_BYTES)));
        try {
            // blocks come from the target over JMX; the recording is read once
            OutputFile.write(output, out -> {
                byte[] block;
                while ((block = readBlock(jfr, stream)) != null) {
                    out.write(block);
                }
            });
        } catch (IOException e) {
            throw new CollectorException(OutputFile.describe(output, e), e);
        } finally {
            jfr.closeStream(stream);
        }
    }

    /** A failure to read from the target is the target's, not the output's: it leaves as unchecked. */
    private static byte[] readBlock(FlightRecorderMXBean jfr, long stream) {
        try {
            return jfr.readStream(stream);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Stops and closes the recording, whatever state it is in; the target keeps nothing of ours. */
    private static void discard(FlightRecorderMXBean jfr, long id) {
        try {
            jfr.closeRecording(id);
        } catch (IOException | RuntimeException e) {
            // already closed, or the target is gone
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
