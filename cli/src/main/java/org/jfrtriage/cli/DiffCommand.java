package org.jfrtriage.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.report.DiffReport;
import org.jfrtriage.report.Format;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.compare.Comparability;
import org.jfrtriage.rules.compare.Comparison;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Playbook step 4: compare two recordings (before and after a fix) finding by finding.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:compared", "2:bad usage", "3:one of the files is not a readable recording (the message names it)"})
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BEFORE", description = "recording taken before the fix")
    Path before;

    @Parameters(index = "1", paramLabel = "AFTER", description = "recording taken after the fix")
    Path after;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|csv|html",
            description = "output format (default: ${DEFAULT-VALUE})", converter = AnalyzeCommand.FormatConverter.class)
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH", description = "write the report here instead of stdout")
    Path output;

    @Option(names = "--engine", defaultValue = "fast", paramLabel = "fast|jdk",
            description = "recording parser (see analyze --help)", converter = AnalyzeCommand.EngineConverter.class)
    Analyzer.Engine engine;

    @Option(names = "--force", description = "compare even when the recordings are not comparable (other application, "
            + "JVM, recorder or settings, very different spans or thread counts); without it they get \"not comparable: …\"")
    boolean force;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Output.check(output);
        // the two recordings are read side by side (one on a second thread): diff costs about one analyze
        FutureTask<Triage> afterTask = new FutureTask<>(() -> triage("after", after));
        Thread reader = new Thread(afterTask, "jfrtriage-diff-after");
        reader.setDaemon(true); // an error in BEFORE ends the command without waiting for AFTER
        reader.start();
        Triage b = triage("before", before);
        Triage a = awaitAfter(afterTask);
        Comparison comparison = Comparison.of(b, a);
        Output.write(spec, output, DiffReport.render(comparison, Comparability.of(b, a), force, format));
        return 0;
    }

    private static Triage awaitAfter(FutureTask<Triage> task) throws Exception {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    private Triage triage(String role, Path file) throws RecordingException {
        try {
            return Playbook.standard().run(new Analyzer(engine).analyze(file));
        } catch (RecordingException e) {
            throw new RecordingException(role + " recording " + e.getMessage(), e);
        }
    }
}
