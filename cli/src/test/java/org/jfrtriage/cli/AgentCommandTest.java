package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent load}'s usage and failures; loading into real JVMs is tested with the built jar in the agent
 * module (AgentIT), where it exists.
 */
class AgentCommandTest {
    @TempDir
    Path dir;

    @Test
    void aMissingAgentJarIsExit4WithHowToBuildIt() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("agent", "load", Long.toString(ProcessHandle.current().pid()),
                "--jar", dir.resolve("none.jar").toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_ATTACH_FAILED);
        assertThat(r.err()).contains("none.jar is missing").contains("mvn -pl agent -am package");
    }

    @Test
    void aPortOutOfRangeIsBadUsage() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("agent", "load", "1", "--port", "70000");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--port");
    }

    @Test
    void helpNamesTheLoadCommand() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("agent", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("load");
    }
}
