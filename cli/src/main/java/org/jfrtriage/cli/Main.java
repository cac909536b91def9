package org.jfrtriage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jfrtriage}: the one runnable jar. Commands wire the analyzer, the rules and the reports; no analysis here. */
@Command(name = "jfrtriage", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Triage a slow or stuck JVM from JDK Flight Recorder and async-profiler recordings.",
        subcommands = {AnalyzeCommand.class, DiffCommand.class, JvmsCommand.class, RecordCommand.class,
                AttachCommand.class, WatchCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Exit code: the arguments were wrong (picocli's default for usage errors). */
    static final int EXIT_USAGE = 2;
    /** Exit code: the file is missing or not a readable recording. */
    static final int EXIT_NOT_A_RECORDING = 3;
    /** Exit code: could not attach to or record the JVM. */
    static final int EXIT_ATTACH_FAILED = 4;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new Errors());
        cli.setParameterExceptionHandler(Errors::usage);
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // the heap is set by the launcher; say how to raise it instead of dumping a stack trace
            System.err.println("jfrtriage: out of memory (" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MB heap); run with JFRTRIAGE_JAVA_OPTS=-Xmx2g or use --engine fast");
            return 1;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {org.jfrtriage.report.ToolInfo.NAME + " " + org.jfrtriage.report.ToolInfo.VERSION};
        }
    }
}
