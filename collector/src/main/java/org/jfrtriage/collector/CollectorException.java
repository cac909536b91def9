package org.jfrtriage.collector;

/** A JVM could not be found, attached to or recorded. The message says which and why, in one line. */
public final class CollectorException extends Exception {
    public CollectorException(String message) {
        super(message);
    }

    public CollectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
