package org.jfrtriage.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jfrtriage}: the one runnable jar. Commands wire the analyzer, the rules and the reports; no analysis here. */
@Command(name = "jfrtriage", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Triage a slow or stuck JVM from JDK Flight Recorder and async-profiler recordings.")
public final class Main {

    /** The subcommands, by name, in the order help lists them. */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("analyze", AnalyzeCommand.class);
        commands.put("diff", DiffCommand.class);
        commands.put("jvms", JvmsCommand.class);
        commands.put("record", RecordCommand.class);
        commands.put("attach", AttachCommand.class);
        commands.put("watch", WatchCommand.class);
        commands.put("serve", ServeCommand.class);
        commands.put("agent", AgentCommand.class);
        commands.put("help", CommandLine.HelpCommand.class);
        return commands;
    }

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
        AnalyzeCommand plain = AnalyzeCommand.plain(args);
        try {
            return plain != null ? plain.execute(standard(System.out, "sun.stdout.encoding"),
                    standard(System.err, "sun.stderr.encoding")) : commandLine(args).execute(args);
        } catch (OutOfMemoryError e) {
            // the heap is set by the launcher; say how to raise it instead of dumping a stack trace
            // --engine jdk keeps far more of a recording in memory than our reader: name it only when it was chosen
            boolean jdkEngine = java.util.Arrays.asList(args).contains("--engine=jdk")
                    || java.util.Collections.indexOfSubList(java.util.Arrays.asList(args), java.util.List.of("--engine", "jdk")) >= 0;
            System.err.println("jfrtriage: out of memory (" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MB heap); run with JFRTRIAGE_JAVA_OPTS=-Xmx2g" + (jdkEngine ? " or use --engine fast" : ""));
            return 1;
        }
    }

    /**
     * The command line for {@code args}, with our error handling. picocli reflects over every command it is
     * given, which costs a cold JVM ~0.1 s: a run of one subcommand registers just that one; anything else
     * (help, a typo) gets them all.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new Main());
        Class<?> only = args.length > 0 && !"help".equals(args[0]) ? SUBCOMMANDS.get(args[0]) : null;
        for (Map.Entry<String, Class<?>> command : SUBCOMMANDS.entrySet()) {
            if (only == null || only == command.getValue()) {
                cli.addSubcommand(command.getKey(), command.getValue());
            }
        }
        cli.setExecutionExceptionHandler(new Errors());
        cli.setParameterExceptionHandler(Errors::usage);
        return cli;
    }

    /**
     * A writer on {@code stream} as picocli makes its own for standard output and error: buffered, flushed at each
     * line, in the charset the JDK names for that stream (cp65001 meaning UTF-8), else the default charset.
     */
    private static PrintWriter standard(PrintStream stream, String encodingProperty) {
        String name = System.getProperty(encodingProperty);
        Charset charset = Charset.defaultCharset();
        if (name != null) {
            try {
                charset = Charset.forName("cp65001".equalsIgnoreCase(name) ? "UTF-8" : name);
            } catch (RuntimeException e) {
                // picocli falls back to the default charset too
            }
        }
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {org.jfrtriage.report.ToolInfo.NAME + " " + org.jfrtriage.report.ToolInfo.VERSION};
        }
    }
}
