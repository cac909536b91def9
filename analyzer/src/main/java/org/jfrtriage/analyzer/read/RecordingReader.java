package org.jfrtriage.analyzer.read;

import java.nio.file.Path;

import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.event.EventSink;

/** Reads one recording file into a sink in one pass. */
public interface RecordingReader {

    /**
     * Pushes every event the analysis uses into {@code sink}, then {@link EventSink#onFinish}. A truncated file is
     * read as far as it goes and finishes with {@code complete == false}.
     *
     * @throws RecordingException the file is missing or is not a recording at all
     */
    void read(Path file, EventSink sink) throws RecordingException;
}
