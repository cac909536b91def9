package org.jfrtriage.analyzer.read.fast;

import java.util.ArrayList;
import java.util.List;

import org.jfrtriage.analyzer.read.ChunkLayout;

/**
 * A chunk's metadata and constant-pool index — what its events are decoded with — or, when it has none, the
 * chunk's state saying why. Built the same way on the read-ahead thread and inline: {@link #of}.
 */
record ChunkIndex(Metadata metadata, ConstantPools pools, ChunkState failure) {

    /** Event type ids of the two structural events inside a chunk. */
    static final long METADATA_EVENT = 0;
    static final long CONSTANT_POOL_EVENT = 1;

    /**
     * Indexes {@code chunk}: a complete one from the offsets its header gives; a cut one from the metadata and
     * constant pools written in its readable part, or else {@code previous} (type ids are stable within a
     * recording). Reading ahead only complete chunks are indexed, so {@code previous} is then not needed.
     */
    static ChunkIndex of(ChunkLayout.Chunk chunk, ChunkBuffer in, Metadata.Cache metadataCache, Metadata previous) {
        return chunk.complete() ? complete(chunk, in, metadataCache) : cut(chunk, in, previous);
    }

    private static ChunkIndex complete(ChunkLayout.Chunk chunk, ChunkBuffer in, Metadata.Cache metadataCache) {
        try {
            in.position((int) chunk.metadataOffset());
            Metadata metadata = metadataCache.read(in);
            ConstantPools pools = new ConstantPools(metadata);
            long offset = chunk.constantPoolOffset();
            while (true) {
                in.position((int) offset);
                long delta = pools.readEvent(in);
                if (delta == 0) {
                    break;
                }
                offset += delta;
            }
            return new ChunkIndex(metadata, pools, null);
        } catch (RuntimeException e) { // Truncated, or any other sign of damaged metadata or pools
            return new ChunkIndex(null, null, ChunkState.damaged(String.format(
                    "chunk at byte %d has damaged metadata or constant pools; it was skipped", chunk.position())));
        }
    }

    private static ChunkIndex cut(ChunkLayout.Chunk chunk, ChunkBuffer in, Metadata previous) {
        List<Integer> inlinePools = new ArrayList<>();
        int lastMetadata = -1;
        int position = ChunkLayout.HEADER_SIZE;
        try {
            while (position < in.limit()) {
                in.position(position);
                int size = in.readVarInt();
                long type = in.readVarLong();
                if (size <= 0 || position + size > in.limit()) {
                    break;
                }
                if (type == METADATA_EVENT) {
                    lastMetadata = position;
                } else if (type == CONSTANT_POOL_EVENT) {
                    inlinePools.add(position);
                }
                position += size;
            }
        } catch (ChunkBuffer.Truncated e) {
            // the scan stops at the cut
        }
        Metadata metadata = null;
        if (lastMetadata >= 0) {
            try {
                in.position(lastMetadata);
                metadata = Metadata.read(in);
            } catch (ChunkBuffer.Truncated e) {
                metadata = null;
            }
        }
        if (metadata == null) {
            metadata = previous;
        }
        if (metadata == null) {
            return new ChunkIndex(null, null, ChunkState.cut(String.format("recording is truncated: its last chunk (at "
                    + "byte %,d, %,d bytes) was cut or was still being written and holds no readable metadata; none of "
                    + "its events could be decoded", chunk.position(), in.limit())));
        }
        ConstantPools pools = new ConstantPools(metadata);
        for (int poolPosition : inlinePools) {
            try {
                in.position(poolPosition);
                pools.readEvent(in);
            } catch (ChunkBuffer.Truncated e) {
                break;
            }
        }
        return new ChunkIndex(metadata, pools, null);
    }
}
