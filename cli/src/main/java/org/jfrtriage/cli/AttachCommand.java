package org.jfrtriage.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.collector.OutputFile;
import org.jfrtriage.collector.JfrRecorder;
import org.jfrtriage.collector.RecordingProgress;
import org.jfrtriage.collector.Recorded;
import org.jfrtriage.report.Format;
import org.jfrtriage.report.Reports;
import org.jfrtriage.rules.Playbook;

@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Record a live JVM and triage it in one step: record, then analyze.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:analyzed", "2:bad usage", "3:the recording could not be read", "4:could not attach or record"})
final class AttachCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PID", description = "the JVM's process id (see: jfrtriage jvms)")
    long pid;

    @Option(names = "--duration", required = true, paramLabel = "D", converter = DurationConverter.class,
            description = "how long to record, e.g. 30s")
    Duration duration;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|csv|html",
            description = "report format", converter = AnalyzeCommand.FormatConverter.class)
    Format format;

    @Option(names = "--save", paramLabel = "FILE", description = "keep the recording here (otherwise it is deleted)")
    Path save;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Option(names = "--timings", description = "print how long each step after the recording window took: copying "
            + "the recording out, reading, the rules and the report (stderr)")
    boolean timings;

    @Override
    public Integer call() throws Exception {
        if (save != null && save.toString().equals(OutputFile.STDOUT)) {
            throw new Errors.UsageException("--save needs a file: the report goes to stdout");
        }
        Output.check(save);
        // a temp folder of ours, removed at the end (also on Ctrl-C): the warm-up's recording, and without --save
        // the live one
        Path scratch = Files.createTempDirectory("jfrtriage-attach-");
        Path recording = save != null ? save : scratch.resolve(pid + ".jfr");
        Thread cleanup = new Thread(() -> removeScratch(scratch), "jfrtriage-attach-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Recorded recorded;
            long[] windowClosed = {0};
            try (Warmup warmup = Warmup.prepare(scratch, format)) {
                RecordingProgress progress = warmup.during(StderrProgress.forStderr(spec.commandLine().getErr()));
                recorded = new JfrRecorder().record(pid, duration, recording, new RecordingProgress() {
                    @Override
                    public void started(long target, String mainClass, Duration d) {
                        progress.started(target, mainClass, d);
                    }

                    @Override
                    public void recording(Duration elapsed, Duration d) {
                        progress.recording(elapsed, d);
                    }

                    @Override
                    public void stopped(Duration elapsed) {
                        windowClosed[0] = System.nanoTime();
                        progress.stopped(elapsed);
                    }
                });
            }
            long copied = System.nanoTime();
            recorded.salvage().ifPresent(s -> spec.commandLine().getErr().println("jfrtriage: warning: " + s
                    + "; analyzing what was recorded"));
            // a kept recording is named by its file; a temporary one by what was recorded, not by a file that is gone
            String source = save != null ? save.getFileName().toString() : recorded.describe();
            var profile = new Analyzer().analyze(recording, source);
            long read = System.nanoTime();
            var triage = Playbook.standard().run(profile);
            long judged = System.nanoTime();
            Output.write(spec, null, Reports.render(triage, format));
            if (timings && windowClosed[0] != 0) {
                long now = System.nanoTime();
                spec.commandLine().getErr().printf("jfrtriage: timings: after the window closed: recording stopped and "
                        + "copied out %d ms (%,d bytes), read %d ms, rules %d ms, report %d ms; report out %d ms after "
                        + "the window closed%n", (copied - windowClosed[0]) / 1_000_000, Files.size(recording),
                        (read - copied) / 1_000_000, (judged - read) / 1_000_000, (now - judged) / 1_000_000,
                        (now - windowClosed[0]) / 1_000_000);
            }
            if (save != null) {
                spec.commandLine().getErr().println("jfrtriage: recording saved as " + save);
            }
            return 0;
        } finally {
            removeScratch(scratch);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // shutting down: the hook removes it
            }
        }
    }

    /** Deletes the temp folder this command made, and what the recorder put in it. */
    private static void removeScratch(Path scratch) {
        try (var files = Files.list(scratch)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(scratch);
        } catch (java.io.IOException e) {
            // already gone, or best effort: it is in the temp directory
        }
    }
}
