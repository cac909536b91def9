package org.jfrtriage.cli;

/**
 * The order of {@code watch}'s output between its two threads: the command's, which prints the first line and the
 * last ("watching …", "… exited"), and the stream's, which prints each evaluation's lines after a flush. An
 * evaluation prints only after the first line and never after the last: the stream can still be delivering a
 * flush when the command sees the JVM gone, and its lines then came after "exited" (LiveJvmTest once found a
 * heartbeat as the last line). The last line waits for an evaluation already printing.
 */
final class WatchLines {

    private enum State { STARTING, WATCHING, ENDED }

    private State state = State.STARTING;

    /** Prints the first line; evaluations print from now on. */
    synchronized void start(Runnable firstLine) {
        if (state == State.STARTING) {
            firstLine.run();
            state = State.WATCHING;
        }
    }

    /** Runs an evaluation and its lines if watching has started and not ended; whether it ran. */
    synchronized boolean evaluate(Runnable evaluation) {
        if (state != State.WATCHING) {
            return false;
        }
        evaluation.run();
        return true;
    }

    /** Prints the last line, after any evaluation printing now; none runs after it. */
    synchronized void end(Runnable lastLine) {
        if (state != State.ENDED) {
            state = State.ENDED;
            lastLine.run();
        }
    }
}
