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
 * Edits a recording in place so that one chunk's constant pools lack constants its events refer to: each chosen
 * entry's id is rewritten, in as many bytes, to an id no chunk of the file uses for that type. Sizes and offsets
 * stay as they are, so the file still reads; it is what JFR does to a thread that ends (or a class whose events
 * land) just as a new chunk starts, done to many.
 */
public final class PoolEdits {

    private PoolEdits() {
    }

    /** Renames every thread entry of chunk {@code chunkIndex}; returns how many entries were renamed. */
    public static int dropThreads(Path file, int chunkIndex) throws IOException, RecordingException {
        return drop(file, chunkIndex, "java.lang.Thread", false);
    }

    /**
     * Renames the class entries of chunk {@code chunkIndex} that no other constant refers to (a class with methods
     * in a stack stays, so frames keep their names): the classes only events name, such as array classes.
     */
    public static int dropClassesOnlyEventsName(Path file, int chunkIndex) throws IOException, RecordingException {
        return drop(file, chunkIndex, "java.lang.Class", true);
    }

    private static int drop(Path file, int chunkIndex, String typeName, boolean keepReferenced)
            throws IOException, RecordingException {
        byte[] bytes = Files.readAllBytes(file);
        ChunkLayout layout = ChunkLayout.read(file);
        Set<Long> used = new HashSet<>();
        for (ChunkLayout.Chunk chunk : layout.chunks()) {
            used.addAll(entries(bytes, chunk, typeName).keySet());
        }
        ChunkLayout.Chunk chunk = layout.chunks().get(chunkIndex);
        Set<Long> chosen = new HashSet<>(entries(bytes, chunk, typeName).keySet());
        if (keepReferenced) {
            chosen.removeAll(referencedByPools(bytes, chunk, typeName));
        }
        int renamed = 0;
        // an id written again in a later constant-pool event of the chunk shows once the later one is renamed
        while (true) {
            TreeMap<Long, Integer> left = entries(bytes, chunk, typeName);
            left.keySet().retainAll(chosen);
            if (left.isEmpty()) {
                break;
            }
            for (var entry : left.entrySet()) {
                long id = entry.getKey();
                int length = varintLength(id);
                int at = (int) chunk.position() + entry.getValue() - length;
                if (readVarLong(bytes, at) != id) {
                    throw new IllegalStateException(typeName + " " + id + " is not written as a shortest varint at byte " + at);
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

    private static ChunkIndex index(byte[] bytes, ChunkLayout.Chunk chunk) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, (int) chunk.position(), (int) chunk.declaredSize()).slice();
        ChunkIndex index = ChunkIndex.of(chunk, new ChunkBuffer(buffer), new Metadata.Cache(), null);
        if (index.failure() != null) {
            throw new IllegalStateException("chunk at " + chunk.position() + " does not index");
        }
        return index;
    }

    /** The entries of a type in a chunk: id → position of the entry's value, relative to the chunk. */
    private static TreeMap<Long, Integer> entries(byte[] bytes, ChunkLayout.Chunk chunk, String typeName) {
        ChunkIndex index = index(bytes, chunk);
        Metadata.Type type = index.metadata().type(typeName);
        TreeMap<Long, Integer> entries = new TreeMap<>();
        index.pools().forEach(type.id, (LongIntMap.Visitor) entries::put);
        return entries;
    }

    /** Ids of {@code typeName} that a constant of the chunk refers to in one of its own (non-array) fields. */
    private static Set<Long> referencedByPools(byte[] bytes, ChunkLayout.Chunk chunk, String typeName) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, (int) chunk.position(), (int) chunk.declaredSize()).slice();
        ChunkIndex index = index(bytes, chunk);
        Metadata.Type target = index.metadata().type(typeName);
        Set<Long> referenced = new HashSet<>();
        for (Metadata.Type type : index.metadata().types()) {
            if (type.fieldTypes == null || type.codes == null) {
                continue;
            }
            for (int i = 0; i < type.fields.size(); i++) {
                Metadata.Field field = type.fields.get(i);
                if (type.fieldTypes[i] != target || !field.constantPool() || field.array()) {
                    continue;
                }
                int f = i;
                index.pools().forEach(type.id, (id, position) -> {
                    ChunkBuffer in = new ChunkBuffer(buffer.duplicate());
                    in.position(position);
                    long[] longs = new long[type.fields.size()];
                    Values.readFields(in, type, longs, new String[longs.length]);
                    referenced.add(longs[f]);
                });
            }
        }
        return referenced;
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
