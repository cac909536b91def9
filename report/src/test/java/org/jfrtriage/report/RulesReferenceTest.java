package org.jfrtriage.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.model.Limit;
import org.jfrtriage.rules.model.Threshold;

/** docs/rules.md must list exactly the thresholds in force. */
class RulesReferenceTest {

    @Test
    void docsRulesMdMatchesTheRules() throws Exception {
        Path doc = Path.of(System.getProperty("jfrtriage.root", "..")).resolve("docs/rules.md");
        String expected = RulesReference.markdown(Playbook.standard());
        if (Boolean.getBoolean("jfrtriage.bless")) {
            Files.createDirectories(doc.getParent());
            Files.writeString(doc, expected);
        }
        assertThat(doc).exists();
        assertThat(Files.readString(doc)).isEqualTo(expected);
    }

    @Test
    void everyThresholdAndLimitHasAUniqueDottedIdAndAReason() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Rule rule : Playbook.standard().rules()) {
            for (Threshold t : rule.thresholds()) {
                assertThat(t.id()).startsWith(rule.kind() + ".");
                assertThat(ids.add(t.id())).as("duplicate id %s", t.id()).isTrue();
                assertThat(t.reason()).isNotBlank();
                assertThat(t.unit()).isNotBlank();
            }
            for (Limit l : rule.limits()) {
                assertThat(l.id()).startsWith(rule.kind() + ".");
                assertThat(ids.add(l.id())).as("duplicate id %s", l.id()).isTrue();
                assertThat(l.reason()).isNotBlank();
                assertThat(l.unit()).isNotBlank();
                assertThat(l.value()).isPositive();
            }
        }
    }
}
