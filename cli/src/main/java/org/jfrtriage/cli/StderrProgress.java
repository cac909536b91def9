package org.jfrtriage.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.jfrtriage.collector.RecordingProgress;

/**
 * What a person waiting for {@code record} or {@code attach} sees on stderr: on a terminal, one line that counts
 * down in place; otherwise (a log, a pipe, CI) one line when the recording starts and one when it ends.
 */
final class StderrProgress implements RecordingProgress {
    private final PrintWriter err;
    private final boolean terminal;
    private int lastWidth;

    StderrProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** For the process's own stderr: a countdown only when it is a terminal. */
    static StderrProgress forStderr(PrintWriter err) {
        return new StderrProgress(err, stderrIsTerminal());
    }

    @Override
    public void started(long pid, String mainClass, Duration duration) {
        String line = "jfrtriage: recording pid " + pid + (mainClass.isEmpty() ? "" : " (" + mainClass + ")") + " for "
                + seconds(duration) + "…";
        if (terminal) {
            overwrite(line);
        } else {
            err.println(line);
            err.flush();
        }
    }

    @Override
    public void recording(Duration elapsed, Duration duration) {
        if (terminal) {
            Duration left = duration.minus(elapsed);
            overwrite("jfrtriage: recording… " + seconds(elapsed) + " of " + seconds(duration) + ", "
                    + seconds(left.isNegative() ? Duration.ZERO : left) + " left");
        }
    }

    @Override
    public void stopped(Duration elapsed) {
        if (terminal) {
            overwrite("");
            err.print('\r');
        }
        err.println("jfrtriage: recorded " + seconds(elapsed) + "; copying the recording out of the JVM");
        err.flush();
    }

    /** The terminal's line, rewritten: a carriage return, the text, blanks over what the longer last text left. */
    private void overwrite(String text) {
        err.print('\r' + text + " ".repeat(Math.max(0, lastWidth - text.length())));
        lastWidth = text.length();
        err.flush();
    }

    private static String seconds(Duration d) {
        return Math.round(d.toMillis() / 1000.0) + " s";
    }

    /** stderr is a terminal when fd 2 is a tty device (Linux); elsewhere when there is a console at all. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
