package org.jfrtriage.collector;

import java.io.IOException;
import java.time.Duration;

import jdk.management.jfr.RemoteRecordingStream;

import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.read.JdkRecordingReader.RecordedEventNormalizer;

/**
 * Continuous mode: a low-overhead recording streamed out of a live JVM over JMX ({@code RemoteRecordingStream},
 * JDK 16+ on our side, the target's own {@code FlightRecorderMXBean}), each event normalized into a sink as it
 * arrives, and a callback on every flush (about once a second) where the caller evaluates its window. The
 * recording lives only as long as the stream: closing it — or the target exiting — ends both.
 */
public final class LiveWatch implements AutoCloseable {

    private final Attachment attachment;
    private final RemoteRecordingStream stream;
    private final StreamDiagnostics diagnostics;

    /** What arrived and what could not be normalized: for --verbose. Written by the stream's thread only. */
    private static final class StreamDiagnostics {
        volatile long skipped;
        volatile RuntimeException lastFailure;
        volatile RecordedEventNormalizer normalizer;
    }

    private LiveWatch(Attachment attachment, RemoteRecordingStream stream, StreamDiagnostics diagnostics) {
        this.attachment = attachment;
        this.stream = stream;
        this.diagnostics = diagnostics;
    }

    /** One line for --verbose: events received by type, and events skipped as malformed. */
    public String diagnostics() {
        RecordedEventNormalizer n = diagnostics.normalizer;
        RuntimeException last = diagnostics.lastFailure;
        return "received " + (n == null ? "{}" : n.eventCounts()) + ", skipped " + diagnostics.skipped
                + (last == null ? "" : " (last: " + last + ")");
    }

    /**
     * Starts streaming JVM {@code pid} with the triage settings into {@code sink}; {@code onFlush} runs on the
     * stream's thread after each batch, the only thread that touches the sink.
     */
    public static LiveWatch start(long pid, EventSink sink, Runnable onFlush) throws CollectorException {
        return start(Attachment.open(pid), sink, onFlush);
    }

    /** As {@link #start(long, EventSink, Runnable)}, for a JVM whose JMX agent listens on {@code host:port}. */
    public static LiveWatch startRemote(String hostAndPort, EventSink sink, Runnable onFlush) throws CollectorException {
        return start(Attachment.openRemote(hostAndPort), sink, onFlush);
    }

    private static LiveWatch start(Attachment attachment, EventSink sink, Runnable onFlush) throws CollectorException {
        long pid = attachment.pid();
        try {
            RemoteRecordingStream stream = new RemoteRecordingStream(attachment.server());
            java.util.Map<String, String> settings = TriageSettings.forTarget(attachment.flightRecorder());
            stream.setSettings(settings);
            // the sink learns what is recorded from us: the stream's ActiveSetting events can arrive before the
            // event types they name, and a rule must know an enabled event with no events is evidence, not a gap
            settings.forEach((key, value) -> {
                int hash = key.indexOf('#');
                if (hash > 0) {
                    sink.onSetting(key.substring(0, hash), key.substring(hash + 1), value);
                }
            });
            RecordedEventNormalizer normalizer = new RecordedEventNormalizer(sink);
            StreamDiagnostics diagnostics = new StreamDiagnostics();
            diagnostics.normalizer = normalizer;
            stream.onEvent(event -> {
                try {
                    normalizer.accept(event);
                } catch (RuntimeException e) {
                    // one malformed event must not end the stream (JFR stops dispatching on an exception)
                    diagnostics.skipped++;
                    diagnostics.lastFailure = e;
                }
            });
            stream.onFlush(onFlush);
            stream.startAsync();
            return new LiveWatch(attachment, stream, diagnostics);
        } catch (IOException | RuntimeException e) {
            attachment.close();
            throw new CollectorException("JVM " + pid + ": could not start streaming its events (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Waits up to {@code timeout}; true once the target is gone: its process ended (local), or its JMX
     * connection no longer answers (remote).
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        stream.awaitTermination(timeout);
        if (attachment.pid() > 0) {
            return !ProcessHandle.of(attachment.pid()).map(ProcessHandle::isAlive).orElse(false);
        }
        return !attachment.answers();
    }

    public long pid() {
        return attachment.pid();
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (RuntimeException e) {
            // the target may be gone already
        }
        attachment.close();
    }
}
