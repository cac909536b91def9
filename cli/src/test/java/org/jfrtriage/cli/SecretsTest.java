package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real JVM started with secrets on its command line: no output of ours shows their values. */
class SecretsTest {
    private static final List<String> SECRETS = List.of("hunter2", "s3cr3t-t0ken", "abc123xyz");

    @TempDir
    static Path dir;
    static Path recording;

    @BeforeAll
    static void recordAJvmWithSecrets() throws Exception {
        recording = TestRecordings.record(dir, Path.of(System.getProperty("java.home")), "default", 2, "secrets.jfr",
                "-Ddb.password=hunter2", "-Dapi.token=s3cr3t-t0ken", "-Dapp.name=orders", "-DAWS_SECRET_ACCESS_KEY=abc123xyz");
        assertThat(Files.readAllBytes(recording)).as("the recording itself holds the value")
                .containsSequence("hunter2".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void noFormatShowsTheValuesAndEverySaysTheyWereHidden() throws Exception {
        for (String format : List.of("text", "json", "csv", "html")) {
            AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", recording.toString(), "--format", format);
            assertThat(r.exit()).as(r.err()).isZero();
            for (String secret : SECRETS) {
                assertThat(r.out()).as(format + " must not show " + secret).doesNotContain(secret);
            }
            if (!format.equals("csv")) { // one row per finding: the notice lives in the report's header
                assertThat(r.out()).as(format).contains("secrets were passed on the command line (db.password, "
                        + "api.token, AWS_SECRET_ACCESS_KEY)");
            }
        }
        AnalyzeCommandTest.Run json = AnalyzeCommandTest.run("analyze", recording.toString(), "--format", "json");
        assertThat(json.out()).contains("-Ddb.password=***").contains("-Dapp.name=orders");
    }
}
