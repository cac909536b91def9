package org.jfrtriage.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;

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

    /** A report that writes itself onto a writer (the HTML page, megabytes on a large recording, is never a string). */
    interface Report {
        void writeTo(Writer out) throws IOException;
    }

    /** As {@link #write(CommandSpec, Path, String)}, the report written as it is made. */
    static void write(CommandSpec spec, Path output, Report report) throws Errors.UsageException {
        write(() -> spec.commandLine().getOut(), output, report);
    }

    /** As {@link #write(CommandSpec, Path, Report)}, with {@code stdout} giving the writer for standard output. */
    static void write(Supplier<PrintWriter> stdout, Path output, Report report) throws Errors.UsageException {
        if (output == null || output.toString().equals(OutputFile.STDOUT)) {
            PrintWriter out = stdout.get();
            try {
                report.writeTo(out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // a PrintWriter does not throw
            }
            out.flush();
            return;
        }
        try {
            OutputFile.write(output, stream -> {
                Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
                report.writeTo(out);
                out.flush();
            });
        } catch (IOException e) {
            throw new Errors.UsageException(OutputFile.describe(output, e));
        }
    }

    static void write(CommandSpec spec, Path output, String report) throws Errors.UsageException {
        write(() -> spec.commandLine().getOut(), output, report);
    }

    static void write(Supplier<PrintWriter> stdout, Path output, String report) throws Errors.UsageException {
        if (output == null || output.toString().equals(OutputFile.STDOUT)) {
            PrintWriter out = stdout.get();
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
