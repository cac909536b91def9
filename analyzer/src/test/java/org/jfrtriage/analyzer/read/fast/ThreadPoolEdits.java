package org.jfrtriage.analyzer.read.fast;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.read.ChunkLayout;
import org.jfrtriage.analyzer.table.LongIntMap;

/**
 * Edits a recording in place so that one chunk's constant pools lack every thread its events refer to: each
 * thread entry's id is rewritten, in as many bytes, to an id no chunk of the file uses. Sizes and offsets stay as
 * they are, so the file still reads; what JFR does to a thread that ends as a new chunk starts, done to all.
 */
public final class ThreadPoolEdits {

    private ThreadPoolEdits() {
    }

    /** Renames the thread entries of chunk {@code chunkIndex}; returns how many entries were renamed. */
    public static int dropThreads(Path file, int chunkIndex) throws IOException, RecordingException {
        byte[] bytes = Files.readAllBytes(file);
        ChunkLayout layout = ChunkLayout.read(file);
        Set<Long> used = new HashSet<>();
        for (ChunkLayout.Chunk chunk : layout.chunks()) {
            used.addAll(threadEntries(bytes, chunk).keySet());
        }
        ChunkLayout.Chunk chunk = layout.chunks().get(chunkIndex);
        Set<Long> original = new HashSet<>(threadEntries(bytes, chunk).keySet());
        int renamed = 0;
        // an id written again in a later constant-pool event of the chunk shows once the later one is renamed
        while (true) {
            TreeMap<Long, Integer> left = threadEntries(bytes, chunk);
            left.keySet().retainAll(original);
            if (left.isEmpty()) {
                break;
            }
            for (var entry : left.entrySet()) {
                long id = entry.getKey();
                int length = varintLength(id);
                int at = (int) chunk.position() + entry.getValue() - length;
                if (readVarLong(bytes, at) != id) {
                    throw new IllegalStateException("thread " + id + " is not written as a shortest varint at byte " + at);
                }
                long fresh = freshId(used, length);
                used.add(fresh);
                writeVarLong(bytes, at, fresh);
                renamed++;
            }
        }
        Files.write(file, bytes);
        return renamed;
    }

    /** The thread entries of a chunk: id → position of the entry's value, relative to the chunk. */
    private static TreeMap<Long, Integer> threadEntries(byte[] bytes, ChunkLayout.Chunk chunk) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, (int) chunk.position(), (int) chunk.declaredSize()).slice();
        ChunkIndex index = ChunkIndex.of(chunk, new ChunkBuffer(buffer), new Metadata.Cache(), null);
        if (index.failure() != null) {
            throw new IllegalStateException("chunk at " + chunk.position() + " does not index");
        }
        Metadata.Type thread = index.metadata().type("java.lang.Thread");
        TreeMap<Long, Integer> entries = new TreeMap<>();
        index.pools().forEach(thread.id, (LongIntMap.Visitor) entries::put);
        return entries;
    }

    private static long freshId(Set<Long> used, int length) {
        long from = length == 1 ? 1 : 1L << (7 * (length - 1));
        for (long id = from; id < 1L << (7 * length); id++) {
            if (!used.contains(id)) {
                return id;
            }
        }
        throw new IllegalStateException("no free id of " + length + " bytes");
    }

    private static int varintLength(long id) {
        int length = 1;
        while (id >>> (7 * length) != 0 && length < 9) {
            length++;
        }
        return length;
    }

    private static long readVarLong(byte[] bytes, int at) {
        long value = 0;
        for (int i = 0; i < 9; i++) {
            int b = bytes[at + i] & 0xff;
            if (i == 8) {
                return value | (long) b << 56;
            }
            value |= (long) (b & 0x7f) << (7 * i);
            if (b < 0x80) {
                return value;
            }
        }
        return value;
    }

    private static void writeVarLong(byte[] bytes, int at, long value) {
        int length = varintLength(value);
        for (int i = 0; i < length; i++) {
            int group = (int) (value >>> (7 * i)) & 0x7f;
            bytes[at + i] = (byte) (i < length - 1 ? group | 0x80 : group);
        }
    }
}
