package org.jfrtriage.collector;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes to a path a person named, as what that path is. The tool runs as root on production hosts, so it must
 * never replace something it did not create:
 * <ul>
 *   <li>a regular file, or a path that does not exist yet: written to a temp file in the same directory, then
 *       renamed over it atomically (readers never see half a report), keeping an existing file's permissions
 *       and, where allowed, its owner;</li>
 *   <li>a symbolic link: its target is written, by the same rules (the link stays a link);</li>
 *   <li>a device, a FIFO, a socket, {@code /dev/stdout} or anything reached through {@code /proc} (whose links
 *       name no path, e.g. {@code pipe:[123]}): opened and written in place, no temp file, no rename;</li>
 *   <li>a regular file with other hard links, or one in a directory this process cannot create files in:
 *       written in place too, so the other names keep seeing it;</li>
 *   <li>{@code -}: standard output.</li>
 * </ul>
 * Parent directories are never created, and the only file ever removed is the temp file this class made.
 */
public final class OutputFile {

    /** The name a person gives to mean standard output. */
    public static final String STDOUT = "-";
    /** Longest symbolic link chain followed, as the kernel's own limit (ELOOP after 40). */
    private static final int MAX_LINK_HOPS = 40;
    private static final int BUFFER_BYTES = 64 * 1024;

    /** Produces the bytes to write; called once. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** How a named path will be written. */
    enum Mode {
        STANDARD_OUTPUT, ATOMIC_REPLACE, IN_PLACE
    }

    /** Where and how a named path is written: {@code path} is the file actually opened or replaced. */
    record Plan(Mode mode, Path path, PosixFileAttributes existing) {
    }

    private OutputFile() {
    }

    /** Writes {@code text} as UTF-8 to {@code named}; see the class comment for what "to" means. */
    public static void writeString(Path named, String text) throws IOException {
        write(named, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes what {@code content} produces to {@code named}; see the class comment for what "to" means. */
    public static void write(Path named, Content content) throws IOException {
        Plan plan = plan(named);
        switch (plan.mode()) {
            case STANDARD_OUTPUT -> {
                // not closed: stdout belongs to the process
                OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), BUFFER_BYTES);
                content.writeTo(out);
                out.flush();
            }
            case IN_PLACE -> writeInPlace(plan, content);
            case ATOMIC_REPLACE -> replaceAtomically(plan, content);
            default -> throw new IllegalStateException(plan.mode().toString());
        }
    }

    /**
     * Fails as {@link #write} would before writing anything: the folder is missing, the path is a directory, or
     * a link chain loops. Lets a command refuse a bad path before it records or reads for minutes.
     */
    public static void check(Path named) throws IOException {
        plan(named);
    }

    /** Decides how {@code named} is written, following symbolic links; fails for directories and missing parents. */
    static Plan plan(Path named) throws IOException {
        if (named.toString().equals(STDOUT)) {
            return new Plan(Mode.STANDARD_OUTPUT, null, null);
        }
        Path path = named.toAbsolutePath();
        for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
            if (path.startsWith("/proc")) {
                // /proc's links (/proc/self/fd/1 behind /dev/stdout) point at open files, not at paths: write
                // through the name the person gave, in place
                return new Plan(Mode.IN_PLACE, named.toAbsolutePath(), null);
            }
            PosixFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                Path dir = path.getParent();
                if (dir == null || !Files.isDirectory(dir)) {
                    throw new NoSuchFileException(named.toString(), null, "directory " + dir + " does not exist");
                }
                return new Plan(Mode.ATOMIC_REPLACE, path, null);
            }
            if (attributes.isSymbolicLink()) {
                path = path.resolveSibling(Files.readSymbolicLink(path));
                continue;
            }
            if (attributes.isDirectory()) {
                throw new FileSystemException(named.toString(), null, "is a directory");
            }
            if (!attributes.isRegularFile()) {
                return new Plan(Mode.IN_PLACE, path, attributes); // a device, FIFO or socket
            }
            if (linkCount(path) > 1) {
                return new Plan(Mode.IN_PLACE, path, attributes);
            }
            return new Plan(Mode.ATOMIC_REPLACE, path, attributes);
        }
        throw new FileSystemException(named.toString(), null, "too many levels of symbolic links");
    }

    private static int linkCount(Path path) {
        try {
            return ((Number) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1; // no unix view: nothing to keep linked
        }
    }

    private static void writeInPlace(Plan plan, Content content) throws IOException {
        OpenOption[] options = plan.existing() != null && plan.existing().isRegularFile()
                ? new OpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING}
                // a device, FIFO or /proc link: no truncation, no creation; writing is all that is asked
                : new OpenOption[] {StandardOpenOption.WRITE};
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(plan.path(), options), BUFFER_BYTES)) {
            content.writeTo(out);
        }
    }

    private static void replaceAtomically(Plan plan, Content content) throws IOException {
        Path target = plan.path();
        Path tmp = target.resolveSibling(".jfrtriage-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        FileChannel channel;
        try {
            // CREATE_NEW without attributes: the file gets 0666 less the umask, as any new file would
            channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            if (plan.existing() != null && Files.isWritable(target)) {
                // a writable file in a directory we may not add to: the person asked for this file, so write it
                writeInPlace(plan, content);
                return;
            }
            throw new AccessDeniedException(target.toString(), null, "cannot create a file in " + target.getParent());
        }
        boolean moved = false;
        try {
            try (OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            if (plan.existing() != null) {
                keepAttributes(tmp, plan.existing());
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            channel.close();
            if (!moved) {
                Files.deleteIfExists(tmp); // ours
            }
        }
    }

    /** The replacement keeps the replaced file's permissions, and its owner and group where this user may set them. */
    private static void keepAttributes(Path tmp, PosixFileAttributes existing) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        view.setPermissions(existing.permissions());
        try {
            PosixFileAttributes mine = view.readAttributes();
            if (!mine.owner().equals(existing.owner())) {
                view.setOwner(existing.owner());
            }
            if (!mine.group().equals(existing.group())) {
                view.setGroup(existing.group());
            }
        } catch (IOException e) {
            // only root may give a file away; an ordinary user's replacement is theirs, as with any editor
        }
    }

    /** One line for a person: what could not be written, and why, without exception class names. */
    public static String describe(Path named, IOException e) {
        String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (reason == null) {
            reason = e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof NoSuchFileException ? "no such file or directory"
                    : e.getClass().getSimpleName();
        }
        return "cannot write " + named + ": " + reason;
    }
}
