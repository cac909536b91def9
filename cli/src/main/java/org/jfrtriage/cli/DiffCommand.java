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
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.report.DiffReport;
import org.jfrtriage.report.FlameGraphs;
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

    @Option(names = "--timings", description = "print how long each recording's reading, rules and graph trees took, "
            + "and the report (stderr)")
    boolean timings;

    /**
     * Heap a recording's profile holds while it is read and judged, per byte of file: ~0.29 on the park-heavy 500 MB
     * benchmark recording (146 MB live at its peak), ~0.19 on the dense one; the larger, rounded up.
     */
    static final double HEAP_PER_FILE_BYTE = 0.3;
    /** Beside the two profiles: the young generation's room to allocate in, the JIT's and the rules' working memory. */
    static final long HEAP_HEADROOM_BYTES = 64L << 20;
    /**
     * Side by side only with a core for each reader beside the JIT and the collector: one analyze already keeps ~1.6
     * of 2 cores busy (the chunk index, the rules' second thread, C2), so on 2 cores the second reader only competes.
     * Measured on the 500 MB recordings, each against itself, best of 3: dense 5.05 s one after the other (-Xmx256m)
     * against 5.30 s side by side (-Xmx512m); park 11.1 s against 21.2 s (two profiles of ~146 MB thrash a 512 MB heap).
     */
    static final int MIN_CORES_SIDE_BY_SIDE = 4;

    @Override
    public Integer call() throws Exception {
        Output.check(output);
        boolean html = format == Format.HTML;
        Side b;
        Side a;
        if (sideBySide(Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors())) {
            // the two recordings are read side by side (one on a second thread), each with cores of its own
            FutureTask<Side> afterTask = new FutureTask<>(() -> side("after", after, html));
            Thread reader = new Thread(afterTask, "jfrtriage-diff-after");
            reader.setDaemon(true); // an error in BEFORE ends the command without waiting for AFTER
            reader.start();
            b = side("before", before, html);
            a = awaitAfter(afterTask);
        } else {
            // one after the other, each profile let go once judged: the heap holds one profile at a time
            b = side("before", before, html);
            a = side("after", after, html);
        }
        Comparison comparison = Comparison.of(b.triage(), a.triage());
        Comparability comparability = Comparability.of(b.triage(), a.triage());
        long reported = System.nanoTime();
        Output.write(spec, output, out -> DiffReport.write(comparison, comparability, force, format, b.trees(), a.trees(), out));
        if (timings) {
            long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            spec.commandLine().getErr().printf("jfrtriage: timings: before %s; after %s; report %d ms; %d ms since the JVM "
                    + "started%n", b.timings(), a.timings(), (System.nanoTime() - reported) / 1_000_000,
                    System.currentTimeMillis() - jvmStart);
        }
        return 0;
    }

    /**
     * Whether to read both recordings at once: enough cores, and a heap of {@code maxHeap} bytes with room for both
     * profiles (a missing file is left to the reader to report).
     */
    boolean sideBySide(long maxHeap, int cores) {
        if (cores < MIN_CORES_SIDE_BY_SIDE) {
            return false;
        }
        long bytes = 0;
        for (Path p : new Path[] {before, after}) {
            try {
                bytes += org.jfrtriage.analyzer.read.InflatedRecording.inflatedSize(p); // a gzip'd one's profile is its inflated size's
            } catch (org.jfrtriage.analyzer.RecordingException e) {
                return false;
            }
        }
        // twice what both profiles hold: with less, the collector runs full collections back to back
        return maxHeap == Long.MAX_VALUE || 2 * (long) (bytes * HEAP_PER_FILE_BYTE) + HEAP_HEADROOM_BYTES <= maxHeap;
    }

    /**
     * One side judged: its findings and checks over a profile reduced to its recording info (and, for the HTML page,
     * its differential graphs' trees), so the profile's tables are garbage before the other side needs the room.
     */
    record Side(Triage triage, FlameGraphs.DiffTrees trees, String timings) {
    }

    private static Side awaitAfter(FutureTask<Side> task) throws Exception {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    private Side side(String role, Path file, boolean html) throws RecordingException {
        long start = System.nanoTime();
        Profile profile;
        try {
            profile = new Analyzer(engine).analyze(file);
        } catch (RecordingException e) {
            throw new RecordingException(role + " recording " + e.getMessage(), e);
        }
        long read = System.nanoTime();
        Triage triage = Playbook.standard().run(profile);
        long judged = System.nanoTime();
        FlameGraphs.DiffTrees trees = html ? FlameGraphs.diffTrees(profile) : null;
        String spent = "read " + (read - start) / 1_000_000 + " ms, rules " + (judged - read) / 1_000_000 + " ms"
                + (html ? ", trees " + (System.nanoTime() - judged) / 1_000_000 + " ms" : "");
        return new Side(new Triage(profile.withoutTables(), triage.findings(), triage.checks()), trees, spent);
    }
}
