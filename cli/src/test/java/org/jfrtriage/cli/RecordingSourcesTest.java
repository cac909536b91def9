package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Finding;

/** Recordings made the ways users make them, by real JVMs: JDK 25, default settings, jcmd JFR.dump. */
class RecordingSourcesTest {

    @TempDir
    Path dir;

    private static void assertLedgerContention(Path recording) throws Exception {
        Triage triage = Playbook.standard().run(new Analyzer().analyze(recording));
        assertThat(triage.profile().info().complete()).isTrue();
        assertThat(triage.findings()).isNotEmpty();
        Finding top = triage.findings().get(0);
        assertThat(top.kind()).isIn("lock-hotspot", "thread-pileup");
        assertThat(top.site().qualifiedMethod()).isEqualTo("demo.ledger.Ledger.post");
        assertThat(top.subject()).isEqualTo("demo.ledger.Ledger");
    }

    @Test
    void jdk25RecordingWithDefaultSettings() throws Exception {
        Prerequisites.require(Files.isExecutable(TestRecordings.JDK25.resolve("bin/java")), "Temurin 25 is not installed at " + TestRecordings.JDK25);
        Path jfr = TestRecordings.record(dir, TestRecordings.JDK25, "default", 3, "jdk25-default.jfr");
        assertLedgerContention(jfr);
        Triage triage = Playbook.standard().run(new Analyzer().analyze(jfr));
        assertThat(triage.profile().info().jvm().version()).startsWith("25");
    }

    @Test
    void jdk17RecordingWithDefaultSettings() throws Exception {
        assertLedgerContention(TestRecordings.record(dir, Path.of(System.getProperty("java.home")), "default", 3, "jdk17-default.jfr"));
    }

    @Test
    void recordingDumpedWithJcmdFromARunningJvm() throws Exception {
        assertLedgerContention(TestRecordings.recordWithJcmd(dir));
    }
}
