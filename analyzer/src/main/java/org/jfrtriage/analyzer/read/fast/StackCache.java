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
 */
final class StackCache {
    private final LongIntMap stacksByBytes = new LongIntMap(4096);
    private final Map<Long, String[]> methodNames = new HashMap<>();
    private final Map<Long, Object> frameTypes = new HashMap<>();
    private long invalidations;

    int get(long bytesHash) {
        return stacksByBytes.get(bytesHash);
    }

    void put(long bytesHash, int stackId) {
        stacksByBytes.put(bytesHash, stackId);
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
        invalidations++;
    }

    long invalidations() {
        return invalidations;
    }
}
