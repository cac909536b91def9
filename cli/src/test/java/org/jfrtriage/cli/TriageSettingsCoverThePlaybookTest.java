package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.Map;

import jdk.jfr.Configuration;

import org.junit.jupiter.api.Test;

import org.jfrtriage.collector.JfrRecorder;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Rule;

/**
 * What {@code record}, {@code attach} and {@code watch} switch on (triage.jfc) lets every rule of the standard
 * playbook judge: for each rule, at least one of the events it needs is enabled. And no more than that: the
 * events an exception storm would multiply stay off.
 */
class TriageSettingsCoverThePlaybookTest {

    @Test
    void everyRuleHasAnEventItNeedsEnabled() throws Exception {
        Map<String, String> settings = Configuration.create(new StringReader(JfrRecorder.triageSettings())).getSettings();
        for (Rule rule : Playbook.standard().rules()) {
            assertThat(rule.requiredEvents()).as("events of %s enabled by triage.jfc", rule.kind())
                    .anySatisfy(e -> assertThat(settings.get(e + "#enabled")).isEqualTo("true"));
        }
        assertThat(settings.get("jdk.CPULoad#period")).isEqualTo("1 s");
        assertThat(settings.get("jdk.ExceptionStatistics#period")).isEqualTo("1 s");
        assertThat(settings).doesNotContainKey("jdk.JavaExceptionThrow#enabled");
        // thread leaks are named by the stack that started the threads; pins are recorded from 20 ms, as default.jfc does
        assertThat(settings.get("jdk.ThreadStart#stackTrace")).isEqualTo("true");
        assertThat(settings.get("jdk.ThreadEnd#enabled")).isEqualTo("true");
        assertThat(settings.get("jdk.VirtualThreadPinned#threshold")).isEqualTo("20 ms");
        // io-wait and safepoint-pause at settings=default's thresholds: rare events, no per-request cost
        for (String io : new String[] {"jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead", "jdk.FileWrite"}) {
            assertThat(settings.get(io + "#threshold")).as(io).isEqualTo("20 ms");
        }
        assertThat(settings.get("jdk.ExecuteVMOperation#threshold")).isEqualTo("10 ms");
        assertThat(settings.get("jdk.SafepointBegin#threshold")).isEqualTo("10 ms");
        assertThat(settings).doesNotContainKey("jdk.SafepointStateSynchronization#enabled");
    }
}
