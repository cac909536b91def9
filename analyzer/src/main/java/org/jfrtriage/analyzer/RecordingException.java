package org.jfrtriage.analyzer;

/** The file is missing, unreadable, or not a flight recording at all. The message names the file and the reason. */
public final class RecordingException extends Exception {
    public RecordingException(String message) {
        super(message);
    }

    public RecordingException(String message, Throwable cause) {
        super(message, cause);
    }
}
