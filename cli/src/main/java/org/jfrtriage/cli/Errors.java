package org.jfrtriage.cli;

import java.io.PrintWriter;

import picocli.CommandLine;

import org.jfrtriage.analyzer.RecordingException;

/** One clear line on stderr per error; the stack trace only with {@code --verbose}. */
final class Errors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        boolean verbose = parseResult.hasMatchedOption("--verbose")
                || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
        return report(ex, cmd.getErr(), verbose);
    }

    /** One line for {@code ex} on {@code err} (its stack trace too when {@code verbose}); the exit code it means. */
    static int report(Exception ex, PrintWriter err, boolean verbose) {
        if (ex instanceof RecordingException) {
            err.println("jfrtriage: " + ex.getMessage());
            if (verbose) {
                ex.printStackTrace(err);
            }
            return Main.EXIT_NOT_A_RECORDING;
        }
        if (ex instanceof org.jfrtriage.collector.CollectorException) {
            err.println("jfrtriage: " + ex.getMessage());
            if (verbose) {
                ex.printStackTrace(err);
            }
            return Main.EXIT_ATTACH_FAILED;
        }
        if (ex instanceof UsageException) {
            err.println("jfrtriage: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        err.println("jfrtriage: internal error: " + ex + (verbose ? "" : " (run with --verbose for details)"));
        if (verbose) {
            ex.printStackTrace(err);
        }
        return 1;
    }

    static int usage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("jfrtriage: " + ex.getMessage());
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        return Main.EXIT_USAGE;
    }

    /** A usage problem found after parsing, e.g. an output path that cannot be written. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
