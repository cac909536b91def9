package org.jfrtriage.analyzer.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.jfrtriage.analyzer.RecordingException;

/**
 * The chunk headers of a recording file, read without decoding any event: where each chunk starts, how long it
 * says it is, and whether it is complete. A JFR file is a sequence of self-contained chunks.
 */
public record ChunkLayout(long fileSize, List<Chunk> chunks) {

    /** "FLR\0" */
    static final int MAGIC = 0x464c5200;
    /** Bytes in a chunk header (JFR formats 1 and 2): where a chunk's first event starts. Declared here only. */
    public static final int HEADER_SIZE = 68;
    static final int OFFSET_VERSION = 4;
    static final int OFFSET_SIZE = 8;
    static final int OFFSET_CONSTANT_POOLS = 16;
    static final int OFFSET_METADATA = 24;
    static final int OFFSET_START_NANOS = 32;
    static final int OFFSET_DURATION_NANOS = 40;
    static final int OFFSET_START_TICKS = 48;
    static final int OFFSET_TICKS_PER_SECOND = 56;
    /**
     * The JVM's generation byte: 0 once the chunk is finished; while it writes the chunk (its repository file of a
     * running or killed JVM) it is the flush generation, 255 while the header itself is being rewritten.
     */
    static final int OFFSET_FILE_STATE = 64;
    static final int OFFSET_FLAGS = 67;
    /** Major versions we understand: 1 (JDK 11–13? never written by 17+) and 2 (JDK 14+ and async-profiler). */
    static final int MIN_MAJOR = 1;
    static final int MAX_MAJOR = 2;

    /**
     * One chunk.
     *
     * @param declaredSize the size the header gives; for a chunk still being written it is only the size at the
     *                     JVM's last flush (68, the bare header, before the first one)
     * @param availableSize the bytes that are there: the declared size for a complete chunk, else all the rest of
     *                      the file, since a cut or in-progress chunk is always the last one
     * @param complete the chunk is finished (file state 0), its size, metadata and constant-pool offsets are set
     *                 and its bytes are all there
     */
    public record Chunk(long position, long declaredSize, long availableSize, int major, int minor,
                        long constantPoolOffset, long metadataOffset, long startNanos, long durationNanos,
                        long startTicks, long ticksPerSecond, int flags, boolean complete) {
    }

    public boolean isComplete() {
        return !chunks.isEmpty() && chunks.stream().allMatch(Chunk::complete);
    }

    /** Bytes that belong to complete chunks. */
    public long completeBytes() {
        return chunks.stream().filter(Chunk::complete).mapToLong(Chunk::declaredSize).sum();
    }

    /** Bytes that tell a recording and its format: the magic and the version. */
    public static final int HEADER_PREFIX = 8;

    /**
     * Fails with a readable message unless {@code start} (the first {@code read} bytes of a file, or of what a
     * compressed file inflates to) begins a recording in a format we read.
     */
    static void checkStart(Path file, ByteBuffer start, int read) throws RecordingException {
        if (read < HEADER_PREFIX || start.getInt(0) != MAGIC) {
            if (InflatedRecording.compressionOf(file) != InflatedRecording.Compression.NONE) {
                throw new RecordingException(file + ": is compressed, and what it inflates to is not a flight recording"
                        + " (no JFR magic bytes at the start)");
            }
            throw new RecordingException(file + ": not a flight recording (no JFR magic bytes at the start)");
        }
        int major = start.getShort(OFFSET_VERSION) & 0xffff;
        int minor = start.getShort(OFFSET_VERSION + 2) & 0xffff;
        if (major == 0 && minor == 9) {
            return; // read by read.v0.V0Reader
        }
        if (major < MIN_MAJOR || major > MAX_MAJOR) {
            throw new RecordingException(file + ": unsupported JFR format version " + major + "." + minor);
        }
    }

    /** Reads the chunk headers of {@code file}; fails with a readable message when it is not a recording. */
    public static ChunkLayout read(Path file) throws RecordingException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            List<Chunk> chunks = new ArrayList<>();
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.BIG_ENDIAN);
            long position = 0;
            while (position < size) {
                header.clear();
                int read = readFully(channel, header, position);
                Chunk chunk = parse(file, header, read, position, size, chunks.isEmpty());
                if (chunk == null) {
                    break; // garbage after the last chunk: keep what we have
                }
                chunks.add(chunk);
                if (!chunk.complete()) {
                    break; // an in-progress or cut chunk is always the last one we can place
                }
                position += chunk.declaredSize();
            }
            if (chunks.isEmpty()) {
                throw new RecordingException(file + ": not a flight recording (the file is empty)");
            }
            return new ChunkLayout(size, List.copyOf(chunks));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RecordingException(file + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new RecordingException(file + ": permission denied");
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The chunk whose header is at {@code position} of a file of {@code size} bytes, from the {@code read} bytes of
     * the header in {@code header}; null when they are not a chunk header (garbage after the last chunk).
     *
     * @param first it is the file's first chunk: bytes that are no chunk header there are not a recording
     * @throws RecordingException the file is not a recording, or not in a format this reader reads
     */
    static Chunk parse(Path file, ByteBuffer header, int read, long position, long size, boolean first)
            throws RecordingException {
        if (read < HEADER_PREFIX || header.getInt(0) != MAGIC) {
            if (first) {
                checkStart(file, header, read);
            }
            return null;
        }
        int major = header.getShort(OFFSET_VERSION) & 0xffff;
        int minor = header.getShort(OFFSET_VERSION + 2) & 0xffff;
        if (major < MIN_MAJOR || major > MAX_MAJOR) {
            checkStart(file, header, read);
            throw new RecordingException(file + ": format 0.9 (Oracle JDK 7/8 or JRockit) is read by the "
                    + "format 0.9 reader, not this one");
        }
        if (read < HEADER_SIZE) {
            return new Chunk(position, 0, size - position, major, minor, 0, 0, 0, 0, 0, 0, 0, false);
        }
        long declared = header.getLong(OFFSET_SIZE);
        boolean isComplete = completeUpTo(header) > 0 && position + declared <= size;
        long available = isComplete ? declared : size - position;
        return new Chunk(position, declared, available, major, minor, header.getLong(OFFSET_CONSTANT_POOLS),
                header.getLong(OFFSET_METADATA), header.getLong(OFFSET_START_NANOS),
                header.getLong(OFFSET_DURATION_NANOS), header.getLong(OFFSET_START_TICKS),
                header.getLong(OFFSET_TICKS_PER_SECOND), header.get(OFFSET_FLAGS) & 0xff, isComplete);
    }

    /**
     * The size a whole header says its chunk has when it says the chunk is finished (its size, metadata and
     * constant-pool offsets set); 0 when the chunk is in progress or its header is impossible. A chunk is
     * complete when that many bytes are there.
     */
    static long completeUpTo(ByteBuffer header) {
        long declared = header.getLong(OFFSET_SIZE);
        boolean finished = header.get(OFFSET_FILE_STATE) == 0;
        return finished && declared >= HEADER_SIZE && header.getLong(OFFSET_CONSTANT_POOLS) > 0
                && header.getLong(OFFSET_METADATA) > 0 ? declared : 0;
    }

    static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
