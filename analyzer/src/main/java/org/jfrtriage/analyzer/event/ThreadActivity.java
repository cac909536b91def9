package org.jfrtriage.analyzer.event;

/**
 * What a thread did that is neither a wait for a lock nor on CPU, from the events JFR writes for it (each over the
 * recording's threshold, 20 ms by default): what the thread lanes show as sleeping and I/O.
 */
public enum ThreadActivity {
    /** {@code jdk.ThreadSleep}: in {@code Thread.sleep}. */
    SLEEP,
    /** {@code jdk.SocketRead}, {@code jdk.SocketWrite}, {@code jdk.FileRead}, {@code jdk.FileWrite}: blocked in I/O. */
    IO
}
