package org.jfrtriage.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jfrtriage.collector.AsyncProfilerRecorder;
import org.jfrtriage.collector.CollectorException;
import org.jfrtriage.collector.JfrRecorder;
import org.jfrtriage.collector.JvmDescriptor;
import org.jfrtriage.collector.LocalJvms;

/**
 * Records local JVMs for the web UI: the recording appears in the list at once ({@code recording}), then is
 * analyzed like an upload. A recorder thread mostly waits, so these do not take analysis workers.
 */
final class LiveRecordings implements AutoCloseable {
    static final Duration MIN = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofMinutes(10);
    /** At most this many JVMs are being recorded at once. */
    static final int CONCURRENT = 4;

    private final RecordingStore store;
    private final Analyses analyses;
    private final ExecutorService recorders;
    private final AtomicInteger active = new AtomicInteger();

    LiveRecordings(RecordingStore store, Analyses analyses) {
        this.store = store;
        this.analyses = analyses;
        AtomicInteger n = new AtomicInteger();
        this.recorders = Executors.newFixedThreadPool(CONCURRENT, r -> {
            Thread t = new Thread(r, "jfrtriage-live-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Why a recording cannot start, for the person who asked. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    RecordingMeta start(long pid, Duration duration, String engine) throws Refused, IOException {
        if (duration.compareTo(MIN) < 0 || duration.compareTo(MAX) > 0) {
            throw new Refused(400, "the duration must be between 1 s and 10 min");
        }
        if (!engine.equals("jfr") && !engine.equals("async-profiler")) {
            throw new Refused(400, "unknown engine '" + engine + "' (expected jfr or async-profiler)");
        }
        if (active.get() >= CONCURRENT) {
            throw new Refused(429, CONCURRENT + " JVMs are being recorded already; try again when one is done");
        }
        Optional<JvmDescriptor> jvm = LocalJvms.list().stream().filter(j -> j.pid() == pid).findFirst();
        if (jvm.isEmpty()) {
            throw new Refused(404, "no JVM with pid " + pid + " is visible to this server (same user, attach enabled)");
        }
        if (!jvm.get().jfrAvailable()) {
            throw new Refused(422, "JVM " + pid + " cannot be recorded: " + jvm.get().note());
        }
        RecordingMeta meta = store.reserve("pid " + pid + " — " + jvm.get().name() + " (" + duration.toSeconds() + " s, "
                + engine + ")");
        active.incrementAndGet();
        recorders.execute(() -> {
            try {
                record(meta, pid, duration, engine);
            } finally {
                active.decrementAndGet();
            }
        });
        return meta;
    }

    private void record(RecordingMeta meta, long pid, Duration duration, String engine) {
        Path tmp = store.incoming().resolve("live-" + meta.id() + ".jfr");
        try {
            if (engine.equals("jfr")) {
                new JfrRecorder().record(pid, duration, tmp);
            } else {
                new AsyncProfilerRecorder().record(pid, duration, tmp);
            }
            RecordingMeta filled = store.fill(meta.id(), tmp, RecordingStore.sha256(tmp));
            analyses.submit(filled);
        } catch (CollectorException | IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the incoming folder is emptied at the next start
            }
            store.get(meta.id()).ifPresent(m -> store.update(m.withStatus(RecordingMeta.Status.FAILED,
                    "recording JVM " + pid + " failed: " + e.getMessage())));
        }
    }

    int active() {
        return active.get();
    }

    @Override
    public void close() {
        recorders.shutdownNow();
        try {
            recorders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
