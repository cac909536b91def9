package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * {@code watch}'s lines in order: evaluations only between the first line and the last, and the last after an
 * evaluation already printing (LiveJvmTest once saw a heartbeat after "JVM … exited": the stream was still
 * delivering a flush when the command saw the JVM gone).
 */
class WatchLinesTest {

    @Test
    void evaluationsPrintOnlyBetweenTheFirstLineAndTheLast() {
        WatchLines lines = new WatchLines();
        List<String> out = new ArrayList<>();
        assertThat(lines.evaluate(() -> out.add("too early"))).isFalse();
        lines.start(() -> out.add("watching"));
        assertThat(lines.evaluate(() -> out.add("heartbeat"))).isTrue();
        lines.end(() -> out.add("exited"));
        assertThat(lines.evaluate(() -> out.add("too late"))).isFalse();
        lines.end(() -> out.add("exited again"));
        lines.start(() -> out.add("watching again"));
        assertThat(out).containsExactly("watching", "heartbeat", "exited");
    }

    @Test
    void theLastLineWaitsForAnEvaluationAlreadyPrinting() throws Exception {
        WatchLines lines = new WatchLines();
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        lines.start(() -> out.add("watching"));
        CountDownLatch printing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread stream = new Thread(() -> lines.evaluate(() -> {
            out.add("heartbeat begins");
            printing.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.add("heartbeat ends");
        }), "stream");
        stream.start();
        assertThat(printing.await(30, TimeUnit.SECONDS)).isTrue();
        Thread command = new Thread(() -> lines.end(() -> out.add("exited")), "command");
        command.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (command.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(command.getState()).as("the last line waits").isEqualTo(Thread.State.BLOCKED);
        release.countDown();
        stream.join(30_000);
        command.join(30_000);
        assertThat(out).containsExactly("watching", "heartbeat begins", "heartbeat ends", "exited");
    }
}
