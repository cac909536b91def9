package org.jfrtriage.analyzer.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameTest {

    private static boolean application(String className) {
        return new Frame(className, "run", 1, FrameType.JIT_COMPILED).isApplicationCode();
    }

    @Test
    void thePlatformAndOurOwnAgentAreNeverTheSite() {
        assertThat(application("com.acme.PriceBook")).isTrue();
        assertThat(application("org.jfrtriage.demo.Workload")).as("only the agent is ours, not the namespace").isTrue();
        assertThat(application("java.util.HashMap")).isFalse();
        assertThat(application("jdk.internal.misc.Unsafe")).isFalse();
        assertThat(application("com.sun.proxy.Foo")).isFalse();
        assertThat(application("org.jfrtriage.agent.TriageAgent")).isFalse();
        assertThat(application("org.jfrtriage.agent.shaded.io.prometheus.metrics.core.Gauge")).isFalse();
        assertThat(application("com.acme.Outer$$Lambda$12/0x0000000800c0b000")).isFalse();
        assertThat(new Frame("libc.so.6", "read", -1, FrameType.NATIVE).isApplicationCode()).isFalse();
    }

    @Test
    void aQualifiedMethodIsMatchedWithoutBuildingIt() {
        String[][] frames = {{"java.util.ConcurrentModificationException", "<init>"}, {"", "<init>"},
                {"java.util", "ConcurrentModificationException.<init>"}, {"libc.so.6", "read"}, {"", "read"},
                {"java.util.ConcurrentModificationException", "init"}, {"java.util.ConcurrentModificationExceptio", "<init>"}};
        String[] names = {"java.util.ConcurrentModificationException.<init>", "<init>", "read", "libc.so.6.read",
                "java.util.ConcurrentModificationException<init>", "", "java.util.ConcurrentModificationExceptionX<init>"};
        for (String[] f : frames) {
            Frame frame = new Frame(f[0], f[1], -1, FrameType.JIT_COMPILED);
            for (String name : names) {
                assertThat(frame.isQualifiedMethod(name)).as("%s.%s against %s", f[0], f[1], name)
                        .isEqualTo(frame.qualifiedMethod().equals(name));
            }
        }
        assertThat(new Frame("java.util.ConcurrentModificationException", "<init>", 3, FrameType.INTERPRETED)
                .isQualifiedMethod("java.util.ConcurrentModificationException.<init>")).isTrue();
    }
}
