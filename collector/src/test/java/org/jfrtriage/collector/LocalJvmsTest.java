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
}
