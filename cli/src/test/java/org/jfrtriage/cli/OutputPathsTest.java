package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that writes a path a person named writes it as what it is (a file, a link, a device, stdout),
 * and refuses a path it cannot write before it does minutes of work. The first bug this catches replaced a
 * root host's /dev/null with a regular file.
 */
class OutputPathsTest {
    private static final Path ROOT = Path.of(System.getProperty("jfrtriage.root", ".."));
    private static final Path SAMPLE = ROOT.resolve("sample-recordings/recordings/SyncMapHotspot-jdk17-default.jfr");

    @TempDir
    Path dir;

    @Test
    void analyzeIntoACharacterDeviceWritesThroughIt() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
        Path device = dir.resolve("null");
        Process mknod = new ProcessBuilder("mknod", "-m", "666", device.toString(), "c", "1", "3").start();
        assertThat(mknod.waitFor(10, TimeUnit.SECONDS) && mknod.exitValue() == 0).isTrue();
        for (String format : new String[] {"text", "json", "csv", "html"}) {
            AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", SAMPLE.toString(), "--format", format, "-o", device.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(Files.isRegularFile(device, LinkOption.NOFOLLOW_LINKS)).as("still a device after " + format).isFalse();
        }
        assertThat(Files.readAttributes(device, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).containsEntry("rdev", 259L);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("null");
        }
    }

    @Test
    void analyzeIntoASymlinkWritesItsTargetAndKeepsTheLink() throws Exception {
        Path real = Files.writeString(dir.resolve("real.json"), "old");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-rw----"));
        Path link = Files.createSymbolicLink(dir.resolve("latest.json"), real.getFileName());
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", SAMPLE.toString(), "--format", "json", "-o", link.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).startsWith("{").contains("\"schemaVersion\"");
        assertThat(Files.getPosixFilePermissions(real)).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
    }

    @Test
    void dashIsStandardOutput() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", SAMPLE.toString(), "--format", "json", "-o", "-");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{");
        assertThat(dir.getParent().resolve("-")).doesNotExist();
        assertThat(Path.of("-")).doesNotExist();
    }

    @Test
    void aMissingFolderIsExit2WithOneLineAndNothingCreated() {
        Path out = dir.resolve("no/such/report.txt");
        for (String[] args : new String[][] {
                {"analyze", SAMPLE.toString(), "-o", out.toString()},
                {"diff", SAMPLE.toString(), SAMPLE.toString(), "-o", out.toString()},
                // refused before attaching: the pid is never looked at
                {"record", "999999999", "--duration", "1s", "-o", out.toString()},
                {"attach", "999999999", "--duration", "1s", "--save", out.toString()}}) {
            AnalyzeCommandTest.Run r = AnalyzeCommandTest.run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("jfrtriage: cannot write " + out + ": directory " + out.getParent()
                    + " does not exist");
        }
        assertThat(dir.resolve("no")).doesNotExist();
    }

    @Test
    void aDirectoryIsExit2() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", SAMPLE.toString(), "-o", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("jfrtriage: cannot write " + dir + ": is a directory");
    }

    @Test
    void attachCannotSaveToStdoutBecauseTheReportGoesThere() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("attach", "999999999", "--duration", "1s", "--save", "-");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("jfrtriage: --save needs a file: the report goes to stdout");
    }
}
