package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which threads are the JVM's own, by the names the JDK gives them. */
class JudgeableWaitsTest {
    @Test
    void theJvmsOwnThreadsByName() {
        for (String name : new String[] {"Common-Cleaner", "Reference Handler", "Finalizer", "Signal Dispatcher",
                "Attach Listener", "JFR Periodic Tasks", "RMI TCP Connection(3)-10.0.0.1", "C2 CompilerThread0",
                "Cleaner-0", "GC Thread#1", "G1 Refine#0", "process reaper"}) {
            assertThat(JudgeableWaits.isHousekeeping(name)).as(name).isTrue();
        }
        for (String name : new String[] {"request-1", "main", "pool-1-thread-1", "http-nio-8080-exec-3", "Timer-0",
                "ForkJoinPool.commonPool-worker-1", "JFRish"}) {
            assertThat(JudgeableWaits.isHousekeeping(name)).as(name).isFalse();
        }
        assertThat(JudgeableWaits.isHousekeeping(null)).isFalse();
    }
}
