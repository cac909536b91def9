package org.jfrtriage.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * JDK Mission Control's test recordings (JDK 7 to 21, HotSpot and JRockit, some gzip'd), kept beside the
 * repository in {@code ../shared/corpus/jmc} (SOURCES.tsv says where each comes from). CI has it: there, its
 * absence fails the test; elsewhere a test that needs it reports itself skipped.
 */
final class JmcCorpus {

    static final Path DIR = Path.of(System.getProperty("jfrtriage.root", "../.."))
            .resolve("../shared/corpus/jmc").normalize();

    private JmcCorpus() {
    }

    /** Every recording of the corpus, sorted by name; skips (or, under CI, fails) as {@link #file} does. */
    static List<Path> recordings() throws IOException {
        try (Stream<Path> list = Files.list(file("SOURCES.tsv").getParent())) {
            List<Path> files = list.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
            assertThat(files).as("corpus recordings").hasSizeGreaterThanOrEqualTo(66);
            return files;
        }
    }

    /** The corpus file {@code name}; skips (or, under CI, fails) the calling test when the corpus is absent. */
    static Path file(String name) {
        boolean present = Files.isRegularFile(DIR.resolve("SOURCES.tsv"));
        if (System.getenv("CI") != null) {
            assertTrue(present, "CI must have the JMC corpus at " + DIR);
        } else {
            assumeTrue(present, "the JMC corpus is not at " + DIR);
        }
        return DIR.resolve(name);
    }
}
