package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.compare.Comparison;
import org.jfrtriage.rules.compare.FindingChange;

/**
 * Playbook step 4 on real before/after pairs (sample-recordings/pairs.tsv): recordings of the same workload
 * before and after a real fix, a "fix" that moves the contention, and the same code twice.
 */
class FixPairsTest {
    private static final Path ROOT = Path.of(System.getProperty("jfrtriage.root", ".."));

    record Pair(String name, String expectedChanges, String expectedVerdict) {
    }

    static List<Pair> pairs() throws IOException {
        return Files.readAllLines(ROOT.resolve("sample-recordings/pairs.tsv")).stream().skip(1)
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t"))
                .map(c -> new Pair(c[0], c[4].substring(0, c[4].indexOf('|')), c[4].substring(c[4].indexOf('|') + 1)))
                .toList();
    }

    private static Triage triage(Path file) throws Exception {
        return Playbook.standard().run(new Analyzer().analyze(file));
    }

    @TestFactory
    Stream<DynamicTest> everyPairHasItsExpectedVerdicts() throws IOException {
        List<Pair> pairs = pairs();
        assertThat(pairs).hasSizeGreaterThanOrEqualTo(6);
        return pairs.stream().map(pair -> DynamicTest.dynamicTest(pair.name(), () -> {
            Path dir = ROOT.resolve("sample-recordings/pairs");
            Comparison c = Comparison.of(triage(dir.resolve(pair.name() + "-before.jfr")),
                    triage(dir.resolve(pair.name() + "-after.jfr")));
            for (String expected : pair.expectedChanges().split(",")) {
                String verdict = expected.substring(0, expected.indexOf(':'));
                String kind = expected.substring(expected.indexOf(':') + 1, expected.indexOf('@'));
                String site = expected.substring(expected.indexOf('@') + 1);
                assertThat(c.changes()).as("%s: %s in %s", pair.name(), expected, c.changes().stream()
                                .map(ch -> ch.verdict().label() + ":" + ch.id()).toList())
                        .anySatisfy(ch -> {
                            assertThat(ch.verdict().label()).isEqualTo(verdict);
                            assertThat(ch.kind()).isEqualTo(kind);
                            assertThat(ch.shown().site().qualifiedMethod()).isEqualTo(site);
                        });
            }
            assertThat(c.verdict()).as(pair.name()).startsWith(pair.expectedVerdict());
            if (pair.expectedVerdict().equals("the fix worked")) {
                assertThat(c.fixWorked()).isTrue();
                assertThat(c.changes()).extracting(FindingChange::verdict).map(Enum::name)
                        .doesNotContain("REGRESSED");
            }
        }));
    }
}
