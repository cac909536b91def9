package org.jfrtriage.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs written as they are made: whole when done, nothing of them when the writing fails halfway. */
class RecordingStoreWriteTest {

    @TempDir
    Path dir;

    @Test
    void aStreamedOutputAppearsWholeUnderItsName() throws IOException {
        Path target = dir.resolve("out").resolve("view.json");
        RecordingStore.writeAtomically(target, out -> out.write("{\"graphs\":[]}"));
        assertThat(target).hasContent("{\"graphs\":[]}");
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aFailureHalfwayLeavesNeitherTheOutputNorItsTemporaryFile() throws IOException {
        Path target = dir.resolve("report.html");
        assertThatThrownBy(() -> RecordingStore.writeAtomically(target, out -> {
            out.write("<!DOCTYPE html>".repeat(10_000)); // past the writer's buffer: bytes reached the file
            throw new IllegalStateException("graph failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("graph failed");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
