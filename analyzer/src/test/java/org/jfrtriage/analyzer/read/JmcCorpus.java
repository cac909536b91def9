package org.jfrtriage.analyzer.read;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

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
