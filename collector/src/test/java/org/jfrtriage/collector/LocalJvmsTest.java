package org.jfrtriage.collector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalJvmsTest {
    @Test
    void aSourceFileProgramIsNamedByItsFileHoweverLongThePath() {
        String path = "/check/" + "very-long-directory/".repeat(10) + "SyncMapHotspot.java";
        assertThat(LocalJvms.displayName("jdk.compiler/com.sun.tools.javac.launcher.Main " + path + " 120"))
                .isEqualTo(path + " 120");
    }

    @Test
    void longArgumentsAreCutButNotTheMainClass() {
        String name = LocalJvms.displayName("com.example.Service " + "--flag=value ".repeat(20));
        assertThat(name).startsWith("com.example.Service --flag=value").endsWith("…");
        assertThat(name.length()).isEqualTo("com.example.Service ".length() + 80);
    }

    @Test
    void uptimeAtAGlance() {
        JvmDescriptor j = new JvmDescriptor(1, "x", "17", true, true, "");
        assertThat(j.uptime()).isEqualTo("?");
        assertThat(j.withUsage(45, null).uptime()).isEqualTo("45s");
        assertThat(j.withUsage(59, null).uptime()).isEqualTo("59s");
        assertThat(j.withUsage(60, null).uptime()).isEqualTo("1m");
        assertThat(j.withUsage(3599, null).uptime()).isEqualTo("59m");
        assertThat(j.withUsage(3600 + 5 * 60, null).uptime()).isEqualTo("1h05m");
        assertThat(j.withUsage(2 * 86_400 + 4 * 3600, null).uptime()).isEqualTo("2d04h");
    }

    @Test
    void secretsAmongTheArgumentsAreHidden() {
        assertThat(LocalJvms.displayName("com.example.Service --port 8080 --db-password hunter2 apiToken=abc"))
                .isEqualTo("com.example.Service --port 8080 --db-password *** apiToken=***");
    }

    @Test
    void aJvmWithoutADisplayNameSaysSo() {
        assertThat(LocalJvms.displayName("  ")).isEqualTo("(unknown main class)");
        assertThat(LocalJvms.displayName("app.jar")).isEqualTo("app.jar");
    }

    @Test
    void featureVersions() {
        assertThat(LocalJvms.feature("1.8.0_392")).isEqualTo(8);
        assertThat(LocalJvms.feature("17.0.15")).isEqualTo(17);
        assertThat(LocalJvms.feature("25")).isEqualTo(25);
        assertThat(LocalJvms.feature("")).isZero();
    }

    @Test
    void aJdk25SourceFileProgramIsNamedByItsFileNotByTheSourceLauncher() {
        assertThat(LocalJvms.displayName("jdk.compiler/com.sun.tools.javac.launcher.SourceLauncher /w/Phase.java 20"))
                .isEqualTo("/w/Phase.java 20");
        assertThat(LocalJvms.displayName("com.sun.tools.javac.launcher.SourceLauncher Phase.java")).isEqualTo("Phase.java");
        assertThat(LocalJvms.mainOf("jdk.compiler/com.sun.tools.javac.launcher.SourceLauncher /w/Phase.java 20 --token x"))
                .isEqualTo("/w/Phase.java");
    }

    @Test
    void jfrtriagesOwnProcessesAreNotListed() {
        assertThat(LocalJvms.isJfrTriage("/work/main/cli/target/jfrtriage.jar serve --port 8080")).isTrue();
        assertThat(LocalJvms.isJfrTriage("cli/target/jfr-triage-cli-0.1.0.jar jvms")).isTrue();
        assertThat(LocalJvms.isJfrTriage("org.jfrtriage.cli.Main watch 4711")).isTrue();
        assertThat(LocalJvms.isJfrTriage("com.acme.Orders --jfrtriage.jar")).isFalse();
        assertThat(LocalJvms.isJfrTriage("/srv/orders.jar")).isFalse();
        assertThat(LocalJvms.isJfrTriage(null)).isFalse();
    }

    @Test
    void aTargetWithoutAFileOfItsOwnIsNamedByPidMainClassAndSpan() {
        assertThat(new Recorded(1234, "/w/SyncMapHotspot.java", java.time.Duration.ofMillis(20_400), java.util.Optional.empty())
                .describe()).isEqualTo("pid 1234 — SyncMapHotspot.java, 20 s live");
        assertThat(new Recorded(7, "", java.time.Duration.ofMillis(300), java.util.Optional.empty()).describe())
                .isEqualTo("pid 7, 1 s live");
    }

    @Test
    void aProcessWithoutLibjvmIsVisiblyNotAJvmAndThisOneIs() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            // the map is the sleep binary's once exec is done
            while (!java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(sleep.pid()), "maps"))
                    .contains("sleep") && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(Attachment.visiblyNotAJvm(sleep.pid())).isTrue();
            assertThat(Attachment.visiblyNotAJvm(ProcessHandle.current().pid())).isFalse();
            assertThat(Attachment.visiblyNotAJvm(999_999_999L)).as("unreadable: nothing concluded").isFalse();
        } finally {
            sleep.destroyForcibly();
        }
    }
}
