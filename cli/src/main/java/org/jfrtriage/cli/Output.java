package org.jfrtriage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;

import org.jfrtriage.collector.OutputFile;

/**
 * Writes a report to stdout or to the path a person named, as that path is ({@link OutputFile}: a file is
 * replaced atomically, a symlink's target is written, a device or pipe is written in place, {@code -} is stdout).
 */
final class Output {
    private Output() {
    }

    /** Fails before any work is done when {@code output} cannot be written (missing folder, a directory). */
    static void check(Path output) throws Errors.UsageException {
        if (output == null) {
            return;
        }
        try {
            OutputFile.check(output);
        } catch (IOException e) {
            throw new Errors.UsageException(OutputFile.describe(output, e));
        }
    }

    static void write(CommandSpec spec, Path output, String report) throws Errors.UsageException {
        if (output == null || output.toString().equals(OutputFile.STDOUT)) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(report);
            out.flush();
            return;
        }
        try {
            OutputFile.writeString(output, report);
        } catch (IOException e) {
            throw new Errors.UsageException(OutputFile.describe(output, e));
        }
    }
}
