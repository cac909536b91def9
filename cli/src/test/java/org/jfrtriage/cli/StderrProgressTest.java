package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** 20–75 s of silence during attach/record: a countdown on a terminal, a start and an end line elsewhere. */
class StderrProgressTest {

    @Test
    void onATerminalOneLineCountsDownInPlace() {
        StringWriter err = new StringWriter();
        StderrProgress progress = new StderrProgress(new PrintWriter(err), true);
        progress.started(4711, "demo.Main", Duration.ofSeconds(20));
        progress.recording(Duration.ofSeconds(1), Duration.ofSeconds(20));
        progress.recording(Duration.ofSeconds(12), Duration.ofSeconds(20));
        progress.stopped(Duration.ofSeconds(20));
        String out = err.toString();
        assertThat(out).startsWith("\rjfrtriage: recording pid 4711 (demo.Main) for 20 s…")
                .contains("\rjfrtriage: recording… 1 s of 20 s, 19 s left")
                .contains("\rjfrtriage: recording… 12 s of 20 s, 8 s left");
        // the countdown line is blanked before the end line, which stays
        assertThat(out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElseThrow())
                .endsWith("jfrtriage: recorded 20 s; copying the recording out of the JVM");
        assertThat(out.chars().filter(c -> c == '\n').count()).as("one line left on the screen").isEqualTo(1);
    }

    @Test
    void elsewhereOneStartLineAndOneEndLine() {
        StringWriter err = new StringWriter();
        StderrProgress progress = new StderrProgress(new PrintWriter(err), false);
        progress.started(4711, "", Duration.ofSeconds(20));
        for (int s = 1; s < 20; s++) {
            progress.recording(Duration.ofSeconds(s), Duration.ofSeconds(20));
        }
        progress.stopped(Duration.ofMillis(20_200));
        assertThat(err.toString()).isEqualTo("jfrtriage: recording pid 4711 for 20 s…\n"
                + "jfrtriage: recorded 20 s; copying the recording out of the JVM\n");
    }
}
