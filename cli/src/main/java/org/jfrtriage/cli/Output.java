package org.jfrtriage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import picocli.CommandLine.Model.CommandSpec;

/** Writes a report to stdout or, atomically, to a file. */
final class Output {
    private Output() {
    }

    static void write(CommandSpec spec, Path output, String report) throws Errors.UsageException {
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(report);
            out.flush();
            return;
        }
        Path target = output.toAbsolutePath();
        Path dir = target.getParent();
        try {
            Path tmp = Files.createTempFile(dir, ".jfrtriage-", ".tmp");
            Files.writeString(tmp, report, StandardCharsets.UTF_8);
            try { // temp files are private; a report is an ordinary file
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new Errors.UsageException("cannot write " + output + ": " + e.getMessage());
        }
    }
}
