package org.jfrtriage.analyzer.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import org.jfrtriage.analyzer.RecordingException;

/**
 * A recording as the readers see it: the file itself, or — for a gzip'd or zipped recording (a ticket's
 * attachment, JMC's and JDK 7/8's compressed dumps) — the recording inflated into a temporary directory this
 * object creates and {@link #close} deletes. Inflating streams through a small buffer, so memory stays what it
 * is for a plain file; the readers then map the inflated file chunk by chunk as usual.
 */
public final class InflatedRecording implements AutoCloseable {

    /** How a file was compressed, told by its first bytes. */
    public enum Compression {
        NONE, GZIP, ZIP;

        /** The name in reports: "none", "gzip", "zip". */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** gzip's two magic bytes (RFC 1952). */
    private static final int GZIP_MAGIC = 0x1f8b;
    /** "PK\3\4": a zip archive's local file header. */
    private static final int ZIP_MAGIC = 0x504b0304;
    private static final int COPY_BUFFER = 64 * 1024;
    /** Inflating stops rather than leave less than this free in the temporary directory's file system. */
    private static final long DISK_RESERVE_BYTES = 256L * 1024 * 1024;
    /** How often (in bytes written) the free space is checked. */
    private static final long DISK_CHECK_INTERVAL = 64L * 1024 * 1024;

    private final Path path;
    private final Compression compression;
    private final Path tempDirectory;
    private final List<String> notes;

    private InflatedRecording(Path path, Compression compression, Path tempDirectory, List<String> notes) {
        this.path = path;
        this.compression = compression;
        this.tempDirectory = tempDirectory;
        this.notes = List.copyOf(notes);
    }

    /** The file to read: {@code file} itself when it is not compressed. */
    public Path path() {
        return path;
    }

    public Compression compression() {
        return compression;
    }

    /** What a report should say about the inflation (e.g. which entry of a zip was read); usually empty. */
    public List<String> notes() {
        return notes;
    }

    /** The compression of {@code file}, from its first bytes. */
    public static Compression compressionOf(Path file) throws RecordingException {
        byte[] start = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(start, 0, start.length);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RecordingException(file + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new RecordingException(file + ": permission denied");
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (n >= 2 && ((start[0] & 0xff) << 8 | (start[1] & 0xff)) == GZIP_MAGIC) {
            return Compression.GZIP;
        }
        if (n >= 4 && java.nio.ByteBuffer.wrap(start).getInt() == ZIP_MAGIC) {
            return Compression.ZIP;
        }
        return Compression.NONE;
    }

    /** {@code file} ready to read: inflated into a temporary directory when it is compressed. */
    public static InflatedRecording open(Path file) throws RecordingException {
        return open(file, null);
    }

    /**
     * {@code file} ready to read, inflated when it is compressed into a new directory inside {@code parent} (the
     * system's temporary directory when null).
     */
    static InflatedRecording open(Path file, Path parent) throws RecordingException {
        Compression compression = compressionOf(file);
        if (compression == Compression.NONE) {
            return new InflatedRecording(file, compression, null, List.of());
        }
        Path dir;
        try {
            dir = parent == null ? Files.createTempDirectory("jfrtriage-inflate-")
                    : Files.createTempDirectory(parent, "jfrtriage-inflate-");
        } catch (IOException e) {
            throw new RecordingException(file + ": is " + compression.label() + "-compressed, and no temporary directory "
                    + "could be made to inflate it (" + e.getMessage() + ")", e);
        }
        Path target = dir.resolve("recording.jfr");
        // a run interrupted with Ctrl-C still removes them (files first: deleteOnExit runs in reverse order)
        dir.toFile().deleteOnExit();
        target.toFile().deleteOnExit();
        List<String> notes = new ArrayList<>();
        boolean done = false;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), COPY_BUFFER)) {
            if (compression == Compression.GZIP) {
                // a concatenation of gzip members (what `cat a.gz b.gz` makes) inflates to the concatenated chunks
                try (InputStream in = new GZIPInputStream(raw, COPY_BUFFER)) {
                    copy(in, target, file);
                }
            } else {
                try (ZipInputStream in = new ZipInputStream(raw)) {
                    ZipEntry entry = firstRecordingEntry(in, file);
                    copy(in, target, file);
                    int others = 0;
                    for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        if (!e.isDirectory()) {
                            others++;
                        }
                    }
                    if (others > 0) {
                        notes.add(String.format("the zip file holds %d more file(s); only %s was analyzed", others,
                                entry.getName()));
                    }
                }
            }
            done = true;
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new RecordingException(file + ": is " + compression.label() + "-compressed but cannot be inflated: "
                    + "the compressed data is damaged or cut", e);
        } catch (IOException e) {
            throw new RecordingException(file + ": is " + compression.label() + "-compressed but cannot be inflated ("
                    + e.getMessage() + ")", e);
        } finally {
            if (!done) {
                deleteQuietly(target, dir);
            }
        }
        return new InflatedRecording(target, compression, dir, notes);
    }

    /**
     * Checks that {@code file} starts like a recording we read, inflating no more than its first bytes: what an
     * upload is checked with before it is kept.
     *
     * @throws RecordingException it is not one, with the same message {@code analyze} would give
     */
    public static void probe(Path file) throws RecordingException {
        Compression compression = compressionOf(file);
        if (compression == Compression.NONE) {
            if (!isFormat09(file)) {
                ChunkLayout.read(file); // format 0.9 has no 2.x chunk headers; read.v0.V0Reader checks it as it reads
            }
            return;
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), COPY_BUFFER)) {
            byte[] start;
            if (compression == Compression.GZIP) {
                try (InputStream in = new GZIPInputStream(raw, COPY_BUFFER)) {
                    start = in.readNBytes(ChunkLayout.HEADER_PREFIX);
                }
            } else {
                try (ZipInputStream in = new ZipInputStream(raw)) {
                    firstRecordingEntry(in, file);
                    start = in.readNBytes(ChunkLayout.HEADER_PREFIX);
                }
            }
            ChunkLayout.checkStart(file, java.nio.ByteBuffer.wrap(start), start.length);
        } catch (ZipException | java.io.EOFException e) {
            throw new RecordingException(file + ": is " + compression.label() + "-compressed but cannot be inflated: "
                    + "the compressed data is damaged or cut", e);
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isFormat09(Path file) throws RecordingException {
        try (InputStream in = Files.newInputStream(file)) {
            return org.jfrtriage.analyzer.read.v0.V0Reader.isV0(java.nio.ByteBuffer.wrap(in.readNBytes(ChunkLayout.HEADER_PREFIX)));
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Positions {@code in} at the entry to read: the first file in the archive (a zip streamed reads forward only). */
    private static ZipEntry firstRecordingEntry(ZipInputStream in, Path file) throws IOException, RecordingException {
        for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            if (!e.isDirectory()) {
                return e;
            }
        }
        throw new RecordingException(file + ": is a zip file with no file in it, not a recording");
    }

    private static void copy(InputStream in, Path target, Path source) throws IOException, RecordingException {
        byte[] buffer = new byte[COPY_BUFFER];
        long written = 0;
        long nextCheck = 0;
        java.nio.file.FileStore store = Files.getFileStore(target.getParent());
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (written >= nextCheck) {
                    if (store.getUsableSpace() < DISK_RESERVE_BYTES) {
                        throw new RecordingException(String.format("%s: inflating it would fill the disk of the "
                                + "temporary directory (%,d bytes inflated so far); free space there or set "
                                + "-Djava.io.tmpdir", source, written));
                    }
                    nextCheck = written + DISK_CHECK_INTERVAL;
                }
                out.write(buffer, 0, n);
                written += n;
            }
        }
    }

    /** Deletes the inflated copy and its directory; nothing for a file that was not compressed. */
    @Override
    public void close() {
        if (tempDirectory != null) {
            deleteQuietly(path, tempDirectory);
        }
    }

    private static void deleteQuietly(Path file, Path dir) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // deleteOnExit removes them when the JVM exits
        }
    }
}
