package org.jfrtriage.collector;

import java.time.Duration;

/** Told about a live recording while it runs, so a person waiting at a terminal sees that something happens. */
public interface RecordingProgress {

    /** Nothing is told. */
    RecordingProgress SILENT = new RecordingProgress() {
    };

    /** The recording runs in the target now; it will take {@code duration}. */
    default void started(long pid, String mainClass, Duration duration) {
    }

    /** About once a second while it records. */
    default void recording(Duration elapsed, Duration duration) {
    }

    /** The window is over (or the JVM died): the recording is being copied out. */
    default void stopped(Duration elapsed) {
    }
}
