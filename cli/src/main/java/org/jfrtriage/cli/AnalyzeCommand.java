package org.jfrtriage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.report.Format;
import org.jfrtriage.report.ProfileExports;
import org.jfrtriage.report.Reports;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Triage one recording (JDK JFR or async-profiler JFR): the four-step playbook, ranked.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:analyzed (a truncated file is analyzed as far as it goes, with a warning)",
                "2:bad usage", "3:not a readable recording"})
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the recording (.jfr)")
    Path file;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|csv|html|collapsed|pprof",
            description = "output format (default: ${DEFAULT-VALUE}); collapsed: folded stacks (flamegraph.pl, speedscope, "
                    + "Pyroscope); pprof: gzip'd profile.proto (go tool pprof, Pyroscope, Grafana), each profile a sample type")
    String format;

    @Option(names = "--profile", paramLabel = "lock|parked|cpu|alloc|wall",
            description = "with --format collapsed or pprof: only this profile (collapsed without it: every profile, "
                    + "each after a '# profile:' comment line)")
    String profileName;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH", description = "write the report here instead of stdout")
    Path output;

    @Option(names = "--engine", defaultValue = "fast", paramLabel = "fast|jdk",
            description = "recording parser: fast (ours, default) or jdk (jdk.jfr.consumer, the reference)",
            converter = EngineConverter.class)
    Analyzer.Engine engine;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Option(names = "--timings", description = "print how long reading (and its passes joining waits), the rules (each of them) and the report took (stderr)")
    boolean timings;

    /** Standard output and error of a run {@link #plain parsed by hand}; picocli's when these are null. */
    private PrintWriter plainOut;
    private PrintWriter plainErr;

    /**
     * The command for {@code args} when they are a plain {@code analyze} run: each option known, given once, with a
     * value that is not option-like, and one file. Anything else (help, a typo, {@code @file} arguments, {@code --},
     * a value picocli would refuse) gives null and goes to picocli, which answers it as always. Building picocli's
     * command line reflects over the commands' annotations, which costs a cold JVM ~70-80 ms: this is most of a run
     * on a small recording.
     */
    static AnalyzeCommand plain(String... args) {
        if (args.length < 2 || !"analyze".equals(args[0])) {
            return null;
        }
        AnalyzeCommand command = new AnalyzeCommand();
        command.format = "text";
        command.engine = Analyzer.Engine.FAST;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.isEmpty() || arg.charAt(0) == '@') {
                return null;
            }
            if (arg.charAt(0) != '-') {
                if (command.file != null || (command.file = path(arg)) == null) {
                    return null;
                }
                continue;
            }
            int equals = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            String value = equals > 0 ? arg.substring(equals + 1) : null;
            if (!seen.add(name.equals("-o") ? "--output" : name)) {
                return null;
            }
            if (name.equals("--verbose") || name.equals("--timings")) {
                if (value != null) {
                    return null;
                }
                command.verbose |= name.equals("--verbose");
                command.timings |= name.equals("--timings");
                continue;
            }
            if (value == null && i + 1 < args.length) {
                value = args[++i];
            }
            if (value == null || value.isEmpty() || value.charAt(0) == '-' || value.charAt(0) == '@') {
                return null;
            }
            switch (name) {
                case "--format" -> command.format = value;
                case "--profile" -> command.profileName = value;
                case "-o", "--output" -> {
                    if ((command.output = path(value)) == null) {
                        return null;
                    }
                }
                case "--engine" -> {
                    try {
                        command.engine = new EngineConverter().convert(value);
                    } catch (picocli.CommandLine.TypeConversionException e) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return command.file == null ? null : command;
    }

    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** Runs a {@link #plain} command as picocli would: its exit code, errors reported by {@link Errors}. */
    int execute(PrintWriter out, PrintWriter err) {
        plainOut = out;
        plainErr = err;
        try {
            return call();
        } catch (Exception e) {
            return Errors.report(e, err, verbose);
        }
    }

    private PrintWriter out() {
        return plainOut != null ? plainOut : spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return plainErr != null ? plainErr : spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws Exception {
        String name = format.toLowerCase(java.util.Locale.ROOT);
        boolean export = name.equals("collapsed") || name.equals("pprof");
        Format report = null;
        if (!export) {
            try {
                report = Format.parse(format);
            } catch (IllegalArgumentException e) {
                throw new Errors.UsageException("unknown format '" + format + "' (expected text, json, csv, html, collapsed or pprof)");
            }
        }
        ProfileExports.Kind only = null;
        if (profileName != null) {
            if (!export) {
                throw new Errors.UsageException("--profile goes with --format collapsed or pprof");
            }
            try {
                only = ProfileExports.Kind.parse(profileName);
            } catch (IllegalArgumentException e) {
                throw new Errors.UsageException(e.getMessage());
            }
        }
        Output.check(output);
        long start = System.nanoTime();
        Profile profile = new Analyzer(engine).analyze(file);
        long read = System.nanoTime();
        long judged;
        StringBuilder perRule = new StringBuilder();
        if (export) {
            judged = read;
            export(profile, name, only);
        } else {
            Triage triage = Playbook.standard().run(profile, (kind, nanos) -> perRule.append(perRule.isEmpty() ? "" : ", ")
                    .append(kind).append(' ').append(nanos / 1_000_000).append(" ms"));
            judged = System.nanoTime();
            Format as = report;
            Output.write(this::out, output, out -> Reports.write(triage, as, out));
        }
        if (timings) {
            long now = System.nanoTime();
            long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            // the rules run side by side, so their own times can add up to more than the rules' wall time
            // the pileups' part of reading: passes joining close waits when the interval table fills (their sweep is
            // the thread-pileup rule's time)
            long joins = profile.intervals().joinPassNanos() / 1_000_000;
            err().printf("jfrtriage: timings: read %d ms%s, rules %d ms%s, report %d ms; "
                    + "%d ms since the JVM started%n", (read - start) / 1_000_000,
                    joins == 0 ? "" : " (join passes " + joins + " ms)", (judged - read) / 1_000_000,
                    perRule.isEmpty() ? "" : " (" + perRule + ")", (now - judged) / 1_000_000,
                    System.currentTimeMillis() - jvmStart);
        }
        if (!profile.info().complete()) {
            err().println("jfrtriage: warning: " + file
                    + " is incomplete; the report covers what could be read");
        }
        return 0;
    }

    /** Folded stacks or pprof of the recording's profiles; a profile without data is named with what it needs. */
    private void export(Profile profile, String name, ProfileExports.Kind only) throws Errors.UsageException {
        java.util.List<ProfileExports.Kind> present = ProfileExports.withData(profile);
        if (only != null && !present.contains(only)) {
            err().println("jfrtriage: warning: " + file + " has no " + only.id() + " profile (it needs "
                    + only.needs() + "); nothing exported");
        } else if (present.isEmpty()) {
            err().println("jfrtriage: warning: " + file + " has no stacks to export (no lock, parked, "
                    + "CPU, allocation or wall-clock events with stacks)");
        }
        if (name.equals("collapsed")) {
            Output.write(this::out, output, only != null ? ProfileExports.collapsed(profile, only) : ProfileExports.collapsedAll(profile));
            return;
        }
        byte[] pprof = ProfileExports.pprof(profile, only != null ? java.util.List.of(only) : java.util.List.of(ProfileExports.Kind.values()));
        Path target = output == null ? Path.of(org.jfrtriage.collector.OutputFile.STDOUT) : output;
        try {
            out().flush();
            org.jfrtriage.collector.OutputFile.write(target, out -> out.write(pprof));
        } catch (IOException e) {
            throw new Errors.UsageException(org.jfrtriage.collector.OutputFile.describe(target, e));
        }
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "unknown format '" + value + "' (expected text, json, csv or html)");
            }
        }
    }

    static final class EngineConverter implements picocli.CommandLine.ITypeConverter<Analyzer.Engine> {
        @Override
        public Analyzer.Engine convert(String value) {
            try {
                return Analyzer.Engine.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("unknown engine '" + value + "'");
            }
        }
    }
}
