package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jfrtriage.report.Format;

class WarmupTest {

    @TempDir
    Path scratch;

    @Test
    void analyzesTheBundledRecordingInTheScratchFolderUntilClosed() throws Exception {
        Warmup warmup = Warmup.prepare(scratch, Format.JSON);
        try (var files = Files.list(scratch)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("warmup.jfr");
        }
        assertThat(warmup.running()).as("nothing runs before the target records").isFalse();
        warmup.during(org.jfrtriage.collector.RecordingProgress.SILENT).started(1, "Main", java.time.Duration.ofSeconds(5));
        await("a first warm-up round", () -> warmup.rounds() >= 1);
        warmup.during(org.jfrtriage.collector.RecordingProgress.SILENT).stopped(java.time.Duration.ofSeconds(5));
        await("the warm-up to stop after its round", () -> !warmup.running());
        int rounds = warmup.rounds();
        assertThat(rounds).isBetween(1, 40);
        assertThat(warmup.rounds()).isEqualTo(rounds);
    }

    @Test
    void aScratchFolderThatGoesAwayJustEndsIt() throws Exception {
        Warmup warmup = Warmup.prepare(scratch, Format.TEXT);
        warmup.begin();
        Files.delete(scratch.resolve("warmup.jfr"));
        await("the warm-up to end on its own", () -> !warmup.running());
        warmup.close();
        Warmup closedFirst = Warmup.prepare(scratch, Format.TEXT);
        closedFirst.close();
        closedFirst.begin();
        assertThat(closedFirst.running()).as("a window that closed before it began never starts it").isFalse();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
