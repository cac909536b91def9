package org.jfrtriage.analyzer.read.fast;

import org.jfrtriage.analyzer.event.LongIntMap;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each constant-pool entry of a chunk starts, by type and id. Entries are decoded only when an event
 * refers to them; positions are ints into the chunk's buffer.
 */
final class ConstantPools {

    /** Bound on entries per pool event, so garbage cannot make us loop without limit. */
    private static final int MAX_ENTRIES = 50_000_000;

    private final Metadata metadata;
    private final Map<Long, LongIntMap> positions = new HashMap<>();
    /** Stack-trace entries: id → hash of the entry's bytes, computed while indexing (see {@link StackCache}). */
    private final long hashedType;
    private final LongIntMap hashIndex = new LongIntMap(1024);
    private long[] hashes = new long[1024];
    private int hashCount;

    ConstantPools(Metadata metadata) {
        this.metadata = metadata;
        Metadata.Type stackTrace = metadata.type("jdk.types.StackTrace");
        this.hashedType = stackTrace == null ? Long.MIN_VALUE : stackTrace.id;
    }

    /** Hash of the bytes of stack-trace entry {@code id}, or 0 if there is none. */
    long entryHash(long id) {
        int i = hashIndex.get(id);
        return i == LongIntMap.MISSING ? 0 : hashes[i];
    }

    /** Position of entry {@code id} of type {@code typeId}, or {@link LongIntMap#MISSING}. */
    int position(long typeId, long id) {
        LongIntMap pool = positions.get(typeId);
        return pool == null ? LongIntMap.MISSING : pool.get(id);
    }

    /** Every entry of a type: id and position. */
    void forEach(long typeId, LongIntMap.Visitor visitor) {
        LongIntMap pool = positions.get(typeId);
        if (pool != null) {
            pool.forEach(visitor);
        }
    }

    /**
     * Reads the constant-pool event at the buffer's position and indexes its entries.
     *
     * @return the event's delta to the previous constant-pool event (0 for the first)
     */
    long readEvent(ChunkBuffer in) {
        int start = in.position();
        in.readVarInt(); // size
        if (in.readVarLong() != 1) {
            throw new ChunkBuffer.Truncated(); // not a constant-pool event
        }
        in.readVarLong(); // start
        in.readVarLong(); // duration
        long delta = in.readVarLong();
        in.readVarInt(); // checkpoint type (flush, …)
        int poolCount = in.readVarInt();
        for (int p = 0; p < poolCount; p++) {
            long typeId = in.readVarLong();
            Metadata.Type type = metadata.type(typeId);
            if (type == null) {
                throw new ChunkBuffer.Truncated();
            }
            int count = in.readVarInt();
            if (count < 0 || count > MAX_ENTRIES) {
                throw new ChunkBuffer.Truncated();
            }
            LongIntMap pool = positions.computeIfAbsent(typeId, k -> new LongIntMap(Math.max(16, count)));
            boolean hashed = typeId == hashedType;
            for (int i = 0; i < count; i++) {
                long id = in.readVarLong();
                int entryStart = in.position();
                pool.put(id, entryStart);
                Values.skip(in, type, false, false);
                if (hashed) {
                    if (hashCount == hashes.length) {
                        hashes = java.util.Arrays.copyOf(hashes, hashCount * 2);
                    }
                    hashes[hashCount] = in.hash(entryStart, in.position());
                    hashIndex.put(id, hashCount++);
                }
            }
        }
        if (delta > 0 || start + delta < 0) {
            return 0; // deltas point backwards; anything else ends the chain
        }
        return delta;
    }
}
