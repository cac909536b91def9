package org.jfrtriage.analyzer.read;

import org.jfrtriage.analyzer.RecordingException;

/** A file another thread may still be writing, such as a recording being inflated: how much of it is there. */
public interface GrowingFile {

    /**
     * Waits until the file holds at least {@code bytes} bytes or is finished, and returns its size then: less
     * than {@code bytes} only when that is all of it.
     *
     * @throws RecordingException the file will not be finished (why is in the message)
     */
    long awaitSize(long bytes) throws RecordingException;
}
