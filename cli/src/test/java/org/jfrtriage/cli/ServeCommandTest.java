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

    @Test
    void aFolderHoldingOtherFilesIsNeverTakenAsTheDataDirectory() throws Exception {
        // the store empties its incoming/ and removes orphaned folders: pointed at a folder of someone else's, it
        // would delete their files, so it refuses before touching anything
        java.nio.file.Files.writeString(data.resolve("notes.txt"), "mine");
        Path foreignIncoming = java.nio.file.Files.createDirectories(data.resolve("incoming"));
        java.nio.file.Files.writeString(foreignIncoming.resolve("upload.bin"), "also mine");
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("serve", "--port", "0", "--data", data.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("jfrtriage: " + data + " is not a jfr-triage data directory (it holds "
                + "notes.txt); name a new or empty folder with --data");
        assertThat(foreignIncoming.resolve("upload.bin")).hasContent("also mine");
        assertThat(data.resolve(".jfrtriage-data")).doesNotExist();
    }
}
