package org.jfrtriage.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool runs as root on production hosts: every kind of path a person can name is written as what it is,
 * and nothing but our own temp file is ever created or removed beside it.
 */
class OutputFileTest {

    @TempDir
    Path dir;

    @Test
    void aNewFileIsCreatedWithTheUmaskModeAndNoTempFileIsLeft() throws IOException {
        Path out = dir.resolve("report.txt");
        OutputFile.writeString(out, "hello");
        assertThat(out).hasContent("hello");
        assertThat(Files.getPosixFilePermissions(out)).as("0666 less a usual umask, not a private temp file's 0600")
                .isEqualTo(PosixFilePermissions.fromString(expectedNewFileMode()));
        assertThat(listing()).containsExactly("report.txt");
    }

    @Test
    void anExistingFileIsReplacedAtomicallyKeepingItsMode() throws IOException {
        Path out = dir.resolve("report.txt");
        Files.writeString(out, "old, longer content than the new one");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        Object inodeBefore = Files.getAttribute(out, "unix:ino");
        OutputFile.writeString(out, "new");
        assertThat(out).hasContent("new");
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        assertThat(Files.getAttribute(out, "unix:ino")).as("replaced by rename, not rewritten").isNotEqualTo(inodeBefore);
        assertThat(listing()).containsExactly("report.txt");
    }

    @Test
    void aSymlinkStaysALinkAndItsTargetIsWritten() throws IOException {
        Path real = Files.createDirectories(dir.resolve("reports")).resolve("real.txt");
        Files.writeString(real, "old");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(dir.resolve("latest.txt"), Path.of("reports/real.txt"));
        OutputFile.writeString(link, "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("reports/real.txt"));
        assertThat(real).hasContent("new");
        assertThat(Files.getPosixFilePermissions(real)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(real.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("real.txt");
        }
    }

    @Test
    void aDanglingSymlinkCreatesItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("latest.txt"), dir.resolve("target.txt"));
        OutputFile.writeString(link, "made");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(dir.resolve("target.txt")).hasContent("made");
    }

    @Test
    void aChainOfSymlinksIsFollowedAndALoopIsAnError() throws IOException {
        Path real = dir.resolve("real.txt");
        Files.createSymbolicLink(dir.resolve("b"), real);
        Path a = Files.createSymbolicLink(dir.resolve("a"), dir.resolve("b"));
        OutputFile.writeString(a, "through two links");
        assertThat(real).hasContent("through two links");

        Files.createSymbolicLink(dir.resolve("loop1"), dir.resolve("loop2"));
        Path loop = Files.createSymbolicLink(dir.resolve("loop2"), dir.resolve("loop1"));
        assertThatThrownBy(() -> OutputFile.writeString(loop, "x")).isInstanceOf(IOException.class)
                .hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void aFifoIsWrittenInPlace() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo); // blocks until the writer opens, ends when it closes
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        OutputFile.writeString(fifo, "through the pipe");
        assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo("through the pipe");
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).as("still a FIFO").isFalse();
        assertThat(listing()).containsExactly("pipe");
    }

    @Test
    void aCharacterDeviceIsWrittenInPlaceNeverReplaced() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
        Path devNull = dir.resolve("null");
        Process mknod = new ProcessBuilder("mknod", "-m", "666", devNull.toString(), "c", "1", "3").start();
        assertThat(mknod.waitFor(10, TimeUnit.SECONDS) && mknod.exitValue() == 0).as("mknod as root").isTrue();
        OutputFile.writeString(devNull, "discarded");
        assertThat(Files.readAttributes(devNull, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS))
                .as("still the character device 1,3").containsEntry("rdev", 259L);
        assertThat(Files.isRegularFile(devNull, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.size(devNull)).isZero();
        assertThat(listing()).containsExactly("null");
    }

    @Test
    void devNullAndDevStdoutAreWrittenInPlace() throws IOException {
        assertThat(OutputFile.plan(Path.of("/dev/null")).mode()).isEqualTo(OutputFile.Mode.IN_PLACE);
        // /dev/stdout → /proc/self/fd/1 → whatever stdout is (a pipe under Surefire): never renamed over
        assertThat(OutputFile.plan(Path.of("/dev/stdout")).mode()).isEqualTo(OutputFile.Mode.IN_PLACE);
        assertThat(OutputFile.plan(Path.of("-")).mode()).isEqualTo(OutputFile.Mode.STANDARD_OUTPUT);
        OutputFile.writeString(Path.of("/dev/null"), "discarded");
        assertThat(Files.isRegularFile(Path.of("/dev/null"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void aFileWithOtherHardLinksIsRewrittenInPlaceSoEveryNameSeesIt() throws IOException {
        Path out = dir.resolve("report.txt");
        Files.writeString(out, "old");
        Path other = Files.createLink(dir.resolve("other-name.txt"), out);
        OutputFile.writeString(out, "new");
        assertThat(other).hasContent("new");
        assertThat(Files.isSameFile(out, other)).isTrue();
    }

    @Test
    void aMissingFolderOrADirectoryIsAClearErrorAndNothingIsCreated() {
        Path missing = dir.resolve("no/such/folder/report.txt");
        assertThatThrownBy(() -> OutputFile.writeString(missing, "x")).isInstanceOf(NoSuchFileException.class)
                .satisfies(e -> assertThat(OutputFile.describe(missing, (IOException) e))
                        .isEqualTo("cannot write " + missing + ": directory " + dir.resolve("no/such/folder") + " does not exist"));
        assertThat(dir.resolve("no")).doesNotExist();
        assertThatThrownBy(() -> OutputFile.check(dir)).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(OutputFile.describe(dir, (IOException) e)).endsWith(": is a directory"));
    }

    @Test
    void aReadOnlyFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("ro"));
        Path existing = Files.writeString(folder.resolve("existing.txt"), "old");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            boolean root = "root".equals(System.getProperty("user.name")); // root may write anyway
            Path fresh = folder.resolve("new.txt");
            if (root) {
                OutputFile.writeString(fresh, "root may");
                assertThat(fresh).hasContent("root may");
            } else {
                assertThatThrownBy(() -> OutputFile.writeString(fresh, "x")).isInstanceOf(AccessDeniedException.class)
                        .satisfies(e -> assertThat(OutputFile.describe(fresh, (IOException) e))
                                .isEqualTo("cannot write " + fresh + ": cannot create a file in " + folder));
                // a writable file in a folder we cannot add to: written in place, as asked
                OutputFile.writeString(existing, "new");
                assertThat(existing).hasContent("new");
            }
            try (var files = Files.list(folder)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .allMatch(n -> !n.startsWith(".jfrtriage-"), "no temp file left");
            }
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTempFile() throws IOException {
        Path out = Files.writeString(dir.resolve("report.txt"), "old");
        assertThatThrownBy(() -> OutputFile.write(out, o -> {
            o.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("the source broke");
        })).hasMessage("the source broke");
        assertThat(out).hasContent("old");
        assertThat(listing()).containsExactly("report.txt");
    }

    @Test
    void aReadOnlyFileSystemIsAClearError() {
        Path proc = Path.of("/proc/jfrtriage-test-report.txt");
        assertThatThrownBy(() -> OutputFile.writeString(proc, "x")).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(OutputFile.describe(proc, (IOException) e)).startsWith("cannot write " + proc + ": "));
    }

    private List<String> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The mode a new file gets under this process's umask, found the way any program would: by making one. */
    private String expectedNewFileMode() throws IOException {
        Path probe = Files.createDirectories(dir.resolve("probe-dir")).resolve("probe");
        Files.newOutputStream(probe).close();
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(probe));
        Files.delete(probe);
        Files.delete(probe.getParent());
        return mode;
    }
}
