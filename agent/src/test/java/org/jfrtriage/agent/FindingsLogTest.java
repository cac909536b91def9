package org.jfrtriage.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingsLogTest {

    @TempDir
    Path dir;

    private static void fill(FindingsLog log) throws IOException {
        String big = "x".repeat(64 * 1024);
        for (long written = 0; written <= FindingsLog.MAX_BYTES; written += big.length()) {
            log.status("t", 1, big);
        }
    }

    @Test
    void aLogOfItsOwnRotatesIntoOneBackupOfItsOwn() throws Exception {
        FindingsLog log = new FindingsLog(dir.resolve("findings.jsonl"), 7);
        fill(log);
        log.status("t", 1, "after the first rotation");
        fill(log);
        log.status("t", 1, "after the second");
        assertThat(log.path()).isEqualTo(dir.resolve("findings.jsonl"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("findings.jsonl", "findings.jsonl.1");
        }
        assertThat(Files.readString(log.path())).contains("after the second").doesNotContain("after the first");
    }

    @Test
    void aLogThatWasThereIsAppendedToNeverMovedAndABackupThatWasThereIsKept() throws Exception {
        Path before = Files.writeString(dir.resolve("findings.jsonl"), "{\"from\":\"a previous run\"}\n");
        Path backup = Files.writeString(dir.resolve("findings.jsonl.1"), "kept");
        FindingsLog log = new FindingsLog(before, 7);
        log.status("t", 1, "appended");
        assertThat(Files.readString(before)).startsWith("{\"from\":\"a previous run\"}\n").contains("appended");
        fill(log);
        log.status("t", 1, "in our own file");
        assertThat(log.path()).isEqualTo(dir.resolve("findings-7.jsonl"));
        assertThat(Files.readString(log.path())).contains("in our own file");
        assertThat(Files.readString(backup)).isEqualTo("kept");
        assertThat(Files.size(before)).isGreaterThan(FindingsLog.MAX_BYTES);
    }

    @Test
    void aSymbolicLinkIsNotWrittenThrough() throws Exception {
        Path target = Files.writeString(dir.resolve("elsewhere"), "untouched");
        Path link = Files.createSymbolicLink(dir.resolve("findings.jsonl"), target);
        assertThatThrownBy(() -> new FindingsLog(link, 7)).isInstanceOf(IOException.class).hasMessageContaining("not a regular file");
        assertThat(Files.readString(target)).isEqualTo("untouched");
    }
}
