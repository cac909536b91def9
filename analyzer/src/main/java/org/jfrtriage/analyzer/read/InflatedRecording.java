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
 *
 * <p>The inflating runs on a thread of its own from {@link #open}: {@link #path} waits for all of it, while the
 * fast reader reads each chunk as soon as it is there ({@link #awaitSize}), so a compressed recording takes about as
 * long as the longer of inflating and reading, not their sum.
 */
public final class InflatedRecording implements AutoCloseable, GrowingFile {

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
    /** Inflated bytes between two wake-ups of a reader waiting for them. */
    private static final long PUBLISH_BYTES = 1L << 20;
    /** How often (in bytes written) the free space is checked. */
    private static final long DISK_CHECK_INTERVAL = 64L * 1024 * 1024;

    private final Path path;
    private final Compression compression;
    private final Path tempDirectory;
    /** The inflating thread; null for a file that is not compressed. */
    private final Thread inflater;
    /** Bytes of {@link #path} written so far (all of them for a plain file); guarded by {@code this}. */
    private long written;
    /** The inflating is over: every byte written, or {@link #failure} says why not; guarded by {@code this}. */
    private boolean finished;
    private RecordingException failure;
    private List<String> notes = List.of();
    /** Set by {@link #close}: the inflating thread stops at its next buffer. */
    private volatile boolean closed;

    private InflatedRecording(Path path) throws RecordingException {
        this.path = path;
        this.compression = Compression.NONE;
        this.tempDirectory = null;
        this.inflater = null;
        this.finished = true;
        try {
            this.written = Files.size(path);
        } catch (IOException e) {
            throw new RecordingException(path + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private InflatedRecording(Path source, Path target, Compression compression, Path tempDirectory) {
        this.path = target;
        this.compression = compression;
        this.tempDirectory = tempDirectory;
        this.inflater = new Thread(() -> inflate(source), "jfrtriage-inflate");
        this.inflater.setDaemon(true);
    }

    /** The whole file to read, once inflated: {@code file} itself when it is not compressed. */
    public Path path() throws RecordingException {
        awaitSize(Long.MAX_VALUE);
        return path;
    }

    /** The file being inflated (or the file itself), whatever of it is there yet: for {@link #awaitSize}'s readers. */
    public Path growingPath() {
        return path;
    }

    public Compression compression() {
        return compression;
    }

    /**
     * What a report should say about the inflation (e.g. which entry of a zip was read); usually empty. Known once
     * it is all inflated: waits for that.
     */
    public List<String> notes() throws RecordingException {
        awaitSize(Long.MAX_VALUE);
        synchronized (this) {
            return notes;
        }
    }

    /**
     * Waits until the file holds at least {@code bytes} bytes or is all inflated, and returns its size then.
     *
     * @throws RecordingException the inflating failed (damaged or cut compressed data, a full disk), or this
     *                            thread was interrupted while it waited
     */
    @Override
    public synchronized long awaitSize(long bytes) throws RecordingException {
        while (written < bytes && !finished) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RecordingException(path + ": interrupted while it was inflated", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return written;
    }

    private synchronized void wrote(long total) {
        written = total;
        notifyAll();
    }

    private synchronized void finish(RecordingException why, List<String> said) {
        failure = why;
        notes = List.copyOf(said);
        finished = true;
        notifyAll();
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

    /** The most a compressed file is assumed to inflate to, per byte, when it does not say (JFR gzips 4–10 fold). */
    static final long ASSUMED_RATIO = 10;

    /**
     * About how many bytes {@code file} is once inflated, erring high: its size when it is not compressed; for gzip
     * the larger of what its trailer says (the last member's size, modulo 4 GB) and {@link #ASSUMED_RATIO} times its
     * size; for zip that many times its size.
     */
    public static long inflatedSize(Path file) throws RecordingException {
        Compression compression = compressionOf(file);
        long size;
        try {
            size = Files.size(file);
            if (compression == Compression.NONE) {
                return size;
            }
            long assumed = size * ASSUMED_RATIO;
            if (compression == Compression.ZIP || size < 4) {
                return assumed;
            }
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
                java.nio.ByteBuffer trailer = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                channel.read(trailer, size - 4);
                return Math.max(assumed, trailer.getInt(0) & 0xffffffffL);
            }
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * {@code file} ready to read: inflated into a temporary directory when it is compressed, on a thread of its own
     * that this returns without waiting for.
     */
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
            return new InflatedRecording(file);
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
        try {
            Files.createFile(target); // there before open returns: a reader waits for its bytes, not for the file
        } catch (IOException e) {
            deleteQuietly(target, dir);
            throw new RecordingException(file + ": is " + compression.label() + "-compressed, and no temporary file "
                    + "could be made to inflate it (" + e.getMessage() + ")", e);
        }
        InflatedRecording recording = new InflatedRecording(file, target, compression, dir);
        recording.inflater.start();
        return recording;
    }

    /** The inflating thread's work: {@code file} into {@link #path}, then {@link #finish}. */
    private void inflate(Path file) {
        List<String> said = new ArrayList<>();
        RecordingException why = null;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), COPY_BUFFER)) {
            if (compression == Compression.GZIP) {
                // a concatenation of gzip members (what `cat a.gz b.gz` makes) inflates to the concatenated chunks
                try (InputStream in = new GZIPInputStream(raw, COPY_BUFFER)) {
                    copy(in, file);
                }
            } else {
                try (ZipInputStream in = new ZipInputStream(raw)) {
                    ZipEntry entry = firstRecordingEntry(in, file);
                    copy(in, file);
                    int others = 0;
                    for (ZipEntry e = in.getNextEntry(); e != null && !closed; e = in.getNextEntry()) {
                        if (!e.isDirectory()) {
                            others++;
                        }
                    }
                    if (others > 0) {
                        said.add(String.format("the zip file holds %d more file(s); only %s was analyzed", others,
                                entry.getName()));
                    }
                }
            }
        } catch (RecordingException e) {
            why = e;
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            why = new RecordingException(file + ": is " + compression.label() + "-compressed but cannot be inflated: "
                    + "the compressed data is damaged or cut", e);
        } catch (IOException | RuntimeException e) {
            why = new RecordingException(file + ": is " + compression.label() + "-compressed but cannot be inflated ("
                    + e.getMessage() + ")", e);
        } catch (OutOfMemoryError e) {
            why = new RecordingException(file + ": is " + compression.label() + "-compressed but cannot be inflated "
                    + "(out of memory)", e);
        }
        if (closed && why == null) {
            why = new RecordingException(file + ": its inflating was stopped");
        }
        finish(why, said);
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

    private void copy(InputStream in, Path source) throws IOException, RecordingException {
        byte[] buffer = new byte[COPY_BUFFER];
        long total = 0;
        long published = 0;
        long nextCheck = 0;
        java.nio.file.FileStore store = Files.getFileStore(path.getParent());
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
            for (int n = in.read(buffer); n >= 0 && !closed; n = in.read(buffer)) {
                if (total >= nextCheck) {
                    if (store.getUsableSpace() < DISK_RESERVE_BYTES) {
                        throw new RecordingException(String.format("%s: inflating it would fill the disk of the "
                                + "temporary directory (%,d bytes inflated so far); free space there or set "
                                + "-Djava.io.tmpdir", source, total));
                    }
                    nextCheck = total + DISK_CHECK_INTERVAL;
                }
                out.write(buffer, 0, n);
                total += n;
                if (total - published >= PUBLISH_BYTES) {
                    wrote(total); // a reader waiting for a chunk's bytes sees them now
                    published = total;
                }
            }
        }
        wrote(total);
    }

    /** Deletes the inflated copy and its directory, once the inflating thread (stopped first) is done. */
    @Override
    public void close() {
        if (tempDirectory != null) {
            closed = true;
            boolean interrupted = false;
            while (inflater.isAlive()) {
                try {
                    inflater.join();
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: the file is deleted next
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
