package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's refusals; the server itself is tested in the web module against a running Jetty. */
class ServeCommandTest {
    @TempDir
    Path data;

    @Test
    void aPublicAddressWithoutATokenIsAUsageError() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("serve", "--bind", "0.0.0.0", "--port", "0", "--data", data.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("jfrtriage: binding to 0.0.0.0").contains("--auth-token").doesNotContain("Exception");
    }

    @Test
    void sizesAndWorkersAreChecked() throws Exception {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("serve", "--max-upload", "lots", "--data", data.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'lots' is not a size");
        assertThat(ServeCommand.size("500m")).isEqualTo(500L << 20);
        assertThat(ServeCommand.size("4G")).isEqualTo(4L << 30);
        assertThat(ServeCommand.size("1024")).isEqualTo(1024);
        AnalyzeCommandTest.Run w = AnalyzeCommandTest.run("serve", "--workers", "0", "--data", data.toString());
        assertThat(w.exit()).isEqualTo(2);
    }
}
