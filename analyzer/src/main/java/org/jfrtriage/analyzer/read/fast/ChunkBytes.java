package org.jfrtriage.analyzer.read.fast;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

import org.jfrtriage.analyzer.read.ChunkLayout;

/**
 * Where a chunk's bytes are while it is read: copied into one of a few direct buffers that are reused from chunk to
 * chunk, or memory-mapped when the chunk is larger than {@link #COPY_LIMIT}.
 *
 * <p>Why copy: reading a chunk through a fresh mapping touches every page of it for the first time, and on the
 * benchmark machine a pass over 500 MB mapped took ~0.4 s of CPU where reading the same bytes into a reused 16 MB
 * buffer and passing over it took ~0.1–0.15 s (the kernel copies page-cache pages in bulk; loads from a fresh
 * mapping stall page by page). The copy is made by the thread that indexes the chunk ahead, so the reader's thread
 * only reads warm memory.
 *
 * <p>Thread-safe: the indexing thread loads, the reading thread releases. A buffer is reused only once released,
 * and {@link #close} frees the buffers once no thread uses them.
 */
final class ChunkBytes implements AutoCloseable {

    /** Chunks up to this size are copied (JDK chunks are ~12–20 MB); larger ones are mapped. */
    static final long COPY_LIMIT = 32L << 20;

    private final FileChannel channel;
    private final long copyLimit;
    /** The size new copy buffers get at least: the recording's largest chunk that is copied. */
    private final long bufferSize;
    /** New buffers are a quarter larger than asked ({@link #sizedAsChunksCome}). */
    private final boolean slack;
    /** Released copy buffers, ready for the next chunk. */
    private final List<ByteBuffer> free = new ArrayList<>();
    /** Every copy buffer made: freed on close. */
    private final List<ByteBuffer> made = new ArrayList<>();

    /** For the chunks of {@code layout}: copy buffers as large as its largest copied chunk, made once. */
    ChunkBytes(FileChannel channel, ChunkLayout layout) {
        this(channel, COPY_LIMIT, layout.chunks().stream().mapToLong(ChunkLayout.Chunk::availableSize)
                .filter(size -> size <= COPY_LIMIT).max().orElse(0));
    }

    ChunkBytes(FileChannel channel, long copyLimit, long bufferSize) {
        this(channel, copyLimit, bufferSize, false);
    }

    private ChunkBytes(FileChannel channel, long copyLimit, long bufferSize, boolean slack) {
        this.channel = channel;
        this.copyLimit = copyLimit;
        this.bufferSize = bufferSize;
        this.slack = slack;
    }

    /**
     * For chunks whose sizes are not known ahead (a file being inflated): a new buffer is a quarter larger than the
     * chunk that needs it, so chunks of about one size (a JDK recording's) share the first ones made.
     */
    static ChunkBytes sizedAsChunksCome(FileChannel channel) {
        return new ChunkBytes(channel, COPY_LIMIT, 0, true);
    }

    /** The available bytes of {@code chunk}, at position 0 with the chunk's size as limit. */
    ByteBuffer load(ChunkLayout.Chunk chunk) throws IOException {
        long size = chunk.availableSize();
        ByteBuffer buffer = size <= copyLimit ? copyBuffer((int) size) : null;
        if (buffer == null) {
            return channel.map(FileChannel.MapMode.READ_ONLY, chunk.position(), size);
        }
        buffer.clear().limit((int) size);
        long position = chunk.position();
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                release(buffer);
                throw new EOFException("the file ended inside a chunk it had held when its layout was read");
            }
            position += n;
        }
        return buffer.flip();
    }

    /** Gives back a buffer {@link #load} returned, once no one reads it any more. */
    void release(ByteBuffer buffer) {
        synchronized (this) {
            for (ByteBuffer b : made) {
                if (b == buffer) { // by identity: a buffer's equals compares its contents
                    free.add(buffer);
                    return;
                }
            }
        }
        Unmapper.unmap(buffer); // a mapping
    }

    /**
     * A free buffer of at least {@code size} bytes, or a new one; null when direct memory is short (map instead). A
     * new buffer is as large as the recording's largest copied chunk, so a recording's buffers are made once (each new
     * page costs its first touch); one larger than that replaces the free buffers too small for it, so no more buffers
     * are kept than are in use at once.
     */
    private synchronized ByteBuffer copyBuffer(int size) {
        int best = -1;
        for (int i = 0; i < free.size(); i++) {
            int capacity = free.get(i).capacity();
            if (capacity >= size && (best < 0 || capacity < free.get(best).capacity())) {
                best = i;
            }
        }
        if (best >= 0) {
            return free.remove(best);
        }
        for (ByteBuffer small : free) {
            made.removeIf(b -> b == small);
            Unmapper.unmap(small);
        }
        free.clear();
        ByteBuffer buffer;
        try {
            long wanted = slack ? Math.min(copyLimit, size + size / 4L) : Math.min(copyLimit, bufferSize);
            buffer = ByteBuffer.allocateDirect((int) Math.max(size, wanted));
        } catch (OutOfMemoryError e) {
            return null; // the JVM's direct-memory limit (-XX:MaxDirectMemorySize, by default the heap's size)
        }
        made.add(buffer);
        return buffer;
    }

    /** The copy buffers kept, in use or free. */
    synchronized int buffersKept() {
        return made.size();
    }

    /** Frees the copy buffers. Only when no thread reads or loads any more. */
    @Override
    public synchronized void close() {
        for (ByteBuffer b : made) {
            Unmapper.unmap(b);
        }
        made.clear();
        free.clear();
    }
}
