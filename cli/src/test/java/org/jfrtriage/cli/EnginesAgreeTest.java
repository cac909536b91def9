package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.report.JsonReport;
import org.jfrtriage.rules.Playbook;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code --engine fast} (ours, the default) and {@code --engine jdk} ({@code jdk.jfr.consumer}) give the same JSON
 * report — verdict, findings, evidence, every table — on every committed sample recording and every JMC corpus file.
 */
class EnginesAgreeTest {

    private static final Path ROOT = Path.of(System.getProperty("jfrtriage.root", ".."));

    @TestFactory
    Stream<DynamicTest> bothEnginesGiveTheSameReport() throws IOException {
        List<Path> files = new ArrayList<>(list(ROOT.resolve("sample-recordings/recordings")));
        Path corpus = ROOT.resolve("../shared/corpus/jmc").normalize();
        if (Files.isRegularFile(corpus.resolve("SOURCES.tsv"))) {
            files.addAll(list(corpus));
        } else {
            assumeTrue(System.getenv("CI") == null, "CI must have the JMC corpus at " + corpus);
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String fast = report(Analyzer.Engine.FAST, file);
            String jdk = report(Analyzer.Engine.JDK, file);
            if (OTHER_CLOCK.equals(file.getFileName().toString())) {
                assertThat(fast).isNotEqualTo(jdk);
                fast = fast.replaceAll(FITTED_RATE, "(…/min fitted)");
                jdk = jdk.replaceAll(FITTED_RATE, "(…/min fitted)");
            }
            assertThat(fast).isEqualTo(jdk);
        }));
    }

    /**
     * A JMC file whose second chunk's header puts it 73 ms away from where the first chunk's clock does: jdk.jfr
     * reads that chunk's times on the first chunk's clock, we read each chunk on its own (see {@code
     * FastReaderEquivalenceTest}), so the live-thread trend fitted over the later half differs in its third digit.
     */
    private static final String OTHER_CLOCK = "flush_incremental_metadata.jfr";
    private static final String FITTED_RATE = "\\(-?[0-9.]+/min fitted\\)";

    private static String report(Analyzer.Engine engine, Path file) {
        try {
            return JsonReport.render(Playbook.standard().run(new Analyzer(engine).analyze(file)));
        } catch (Exception e) {
            return "refused: " + e.getMessage();
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
    }
}
