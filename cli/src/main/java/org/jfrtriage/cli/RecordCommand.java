package org.jfrtriage.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.jfrtriage.collector.AsyncProfilerRecorder;
import org.jfrtriage.collector.JfrRecorder;
import org.jfrtriage.collector.Recorded;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record a live JVM for a while with the triage JFR settings, and leave it as it was.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:recorded", "2:bad usage", "4:could not attach or record (the message says why)"})
final class RecordCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PID", description = "the JVM's process id (see: jfrtriage jvms)")
    long pid;

    @Option(names = "--duration", required = true, paramLabel = "D", converter = DurationConverter.class,
            description = "how long to record, e.g. 30s, 2m")
    Duration duration;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "where to write the .jfr (- for stdout)")
    Path output;

    @Option(names = "--engine", defaultValue = "jfr", paramLabel = "jfr|async-profiler",
            description = "jfr (default: the JVM's own recorder, triage settings) or async-profiler (cpu or itimer, "
                    + "wall, lock and alloc into a JFR file)")
    String engine;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Output.check(output);
        String how;
        switch (engine) {
            case "jfr":
                Recorded recorded = new JfrRecorder().record(pid, duration, output,
                        StderrProgress.forStderr(spec.commandLine().getErr()));
                if (recorded.salvage().isPresent()) {
                    spec.commandLine().getErr().println("jfrtriage: warning: " + recorded.salvage().get() + "; into " + output);
                    return 0;
                }
                how = "JFR";
                break;
            case "async-profiler":
                String cpu = new AsyncProfilerRecorder().record(pid, duration, output,
                        StderrProgress.forStderr(spec.commandLine().getErr()));
                how = "async-profiler (" + cpu + (cpu.equals("itimer") ? ": perf events are not allowed here" : "")
                        + ", wall, lock, alloc)";
                break;
            default:
                throw new Errors.UsageException("unknown engine '" + engine + "' (expected jfr or async-profiler)");
        }
        spec.commandLine().getErr().println("jfrtriage: recorded JVM " + pid + " for " + duration.toSeconds() + " s with "
                + how + " into " + output);
        return 0;
    }
}
