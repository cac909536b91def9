package org.jfrtriage.analyzer.read.fast;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.jfrtriage.analyzer.table.LongIntMap;

/**
 * Stacks already resolved in earlier chunks, found again by the bytes of their constant-pool entry. A JVM keeps
 * its method and frame-type ids for its whole life, so a stack re-sent by a later chunk is byte-for-byte the same
 * entry: one hash of those bytes replaces decoding and interning every frame again.
 *
 * <p>Every chunk first checks that each method id it defines still names the same method; if one does not (a
 * file stitched from different JVMs), the cache is dropped and rebuilt from that chunk on.
 *
 * <p>Frames are found the same way, for the stacks that are new: by the bytes of a frame in a stack entry (its
 * method id, line, bytecode index and frame type; {@link ChunkBuffer#varintRun}). A recording has few distinct
 * frames (193 on the dense 500 MB benchmark, in the 3.3 M frames of its 55 k new stacks), so the table stays small
 * and a frame is one probe instead of four varints decoded and two lookups. Frames are keyed by bytes only while
 * the frame struct keeps its fields ({@link #frameStruct}).
 */
final class StackCache {
    private final LongIntMap stacksByBytes = new LongIntMap(4096);
    private final Map<Long, String[]> methodNames = new HashMap<>();
    private final Map<Long, Object> frameTypes = new HashMap<>();
    private long invalidations;

    /** Frames by their bytes (two words, see {@link ChunkBuffer#varintRun}): the sink's frame id and the frame's length. */
    private long[] frameLow = new long[256];
    private long[] frameHigh = new long[256];
    /** The sink's frame id + 1 (0: a free slot). */
    private int[] frameIds = new int[256];
    private byte[] frameLengths = new byte[256];
    private int frames;
    /** Beyond this many frames by bytes, new ones are looked up by their fields only: 256 k of them take 10 MB. */
    static final int MAX_FRAMES_BY_BYTES = 1 << 18;

    int get(long bytesHash) {
        return stacksByBytes.get(bytesHash);
    }

    void put(long bytesHash, int stackId) {
        stacksByBytes.put(bytesHash, stackId);
    }

    /**
     * The sink's frame id of the frame whose bytes are {@code low} and {@code high}, or {@link LongIntMap#MISSING};
     * its length in bytes is then {@link #frameLength}.
     */
    int frame(long low, long high) {
        int mask = frameIds.length - 1;
        for (int i = mix(low, high) & mask; ; i = (i + 1) & mask) {
            int id = frameIds[i];
            if (id == 0) {
                lastSlot = -1;
                return LongIntMap.MISSING;
            }
            if (frameLow[i] == low && frameHigh[i] == high) {
                lastSlot = i;
                return id - 1;
            }
        }
    }

    private int lastSlot = -1;
    /** The frame struct the frames by bytes were read with, and its fields in order: bytes mean fields only in it. */
    private Metadata.Type frameStruct;
    private String frameLayout;

    /**
     * Says which struct the next frames are read with: when its fields are not those the frames by bytes were read
     * with (a file stitched from different JVMs), those are dropped.
     */
    void frameStruct(Metadata.Type struct) {
        if (struct == frameStruct) {
            return;
        }
        StringBuilder layout = new StringBuilder();
        for (Metadata.Field f : struct.fields) {
            layout.append(f.name()).append(':').append(f.typeId()).append(f.constantPool() ? "c" : "")
                    .append(f.array() ? "[]" : "").append(';');
        }
        String fields = layout.toString();
        if (frameLayout != null && !frameLayout.equals(fields)) {
            dropFrames();
        }
        frameStruct = struct;
        frameLayout = fields;
    }

    private void dropFrames() {
        Arrays.fill(frameIds, 0);
        frames = 0;
    }

    /** The length in bytes of the frame {@link #frame} found last. */
    int frameLength() {
        return frameLengths[lastSlot];
    }

    /** Remembers the frame whose bytes are {@code low} and {@code high} ({@code length} bytes long). */
    void putFrame(long low, long high, int length, int frameId) {
        if (frames >= MAX_FRAMES_BY_BYTES) {
            return;
        }
        if (2 * (frames + 1) > frameIds.length) {
            growFrames();
        }
        int mask = frameIds.length - 1;
        int i = mix(low, high) & mask;
        while (frameIds[i] != 0) {
            if (frameLow[i] == low && frameHigh[i] == high) {
                return;
            }
            i = (i + 1) & mask;
        }
        frameLow[i] = low;
        frameHigh[i] = high;
        frameIds[i] = frameId + 1;
        frameLengths[i] = (byte) length;
        frames++;
    }

    private void growFrames() {
        long[] oldLow = frameLow;
        long[] oldHigh = frameHigh;
        int[] oldIds = frameIds;
        byte[] oldLengths = frameLengths;
        int n = oldIds.length * 2;
        frameLow = new long[n];
        frameHigh = new long[n];
        frameIds = new int[n];
        frameLengths = new byte[n];
        frames = 0;
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != 0) {
                putFrame(oldLow[i], oldHigh[i], oldLengths[i], oldIds[i] - 1);
            }
        }
    }

    private static int mix(long low, long high) {
        long h = (low ^ Long.rotateLeft(high, 31)) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Records what a chunk says method {@code id} is; drops the cache if an earlier chunk said otherwise. */
    void checkMethod(long id, String[] names) {
        String[] known = methodNames.put(id, names);
        if (known != null && !Arrays.equals(known, names)) {
            invalidate();
        }
    }

    void checkFrameType(long id, Object type) {
        Object known = frameTypes.put(id, type);
        if (known != null && !known.equals(type)) {
            invalidate();
        }
    }

    private void invalidate() {
        stacksByBytes.clear();
        dropFrames();
        invalidations++;
    }

    long invalidations() {
        return invalidations;
    }
}
