package org.jfrtriage.analyzer.read.fast;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.jfrtriage.analyzer.table.LongIntMap;

/**
 * Where each constant-pool entry of a chunk starts, by type and id. Entries are decoded only when an event
 * refers to them; positions are ints into the chunk's buffer.
 *
 * <p>Each entry gets a dense slot per type. For stack traces — most of a chunk's constant-pool bytes — the slot
 * also holds a hash of the entry's bytes, computed while indexing (see {@link StackCache}), and the reader keeps
 * the sink's stack id per slot, so an event's stack costs one lookup.
 */
final class ConstantPools {

    /** Bound on entries per pool event, so garbage cannot make us loop without limit. */
    private static final int MAX_ENTRIES = 50_000_000;
    private static final int MAX_INITIAL_CAPACITY = 1 << 16;
    /** Event type id of the constant-pool event. */
    private static final long CONSTANT_POOL_EVENT = 1;

    /** The entries of one type: id → slot, and per slot where the entry starts (and for stacks its bytes' hash). */
    static final class Pool {
        private final Metadata.Type type;
        private final LongIntMap slots;
        private int[] positions;
        private long[] hashes;
        private int size;
        private long minId = Long.MAX_VALUE;
        private long maxId = Long.MIN_VALUE;
        /**
         * id − minId → slot + 1 (0: none), when the ids are dense enough (the JDK numbers stack traces and most
         * other entries from a counter): one array read instead of a hash probe per event. Built on the first
         * lookup after the last entry was added.
         */
        private int[] direct;
        private boolean directTried;

        Pool(Metadata.Type type, int capacity, boolean hashed) {
            this.type = type;
            slots = new LongIntMap(capacity);
            positions = new int[Math.max(16, capacity)];
            hashes = hashed ? new long[positions.length] : null;
        }

        /** The slot of entry {@code id}, or {@link LongIntMap#MISSING}. */
        int slot(long id) {
            if (!directTried) {
                buildDirect();
            }
            if (direct != null) {
                long i = id - minId;
                if (i < 0 || i >= direct.length) {
                    return LongIntMap.MISSING;
                }
                int v = direct[(int) i];
                return v == 0 ? LongIntMap.MISSING : v - 1;
            }
            return slots.get(id);
        }

        /** Dense when the id range is at most a few times the entries: bounded memory, no hashing. */
        private void buildDirect() {
            directTried = true;
            direct = null;
            if (size == 0 || maxId - minId >= 4L * size + 1024 || maxId - minId >= Integer.MAX_VALUE - 1) {
                return;
            }
            int[] table = new int[(int) (maxId - minId + 1)];
            slots.forEach((id, slot) -> table[(int) (id - minId)] = slot + 1);
            direct = table;
        }

        int position(int slot) {
            return positions[slot];
        }

        /** Hash of the bytes of the entry in {@code slot} (stack traces only). */
        long hash(int slot) {
            return hashes[slot];
        }

        /** One past the highest slot. */
        int size() {
            return size;
        }

        private void add(long id, int position, ChunkBuffer in) {
            directTried = false; // a lookup table built before this entry would miss it
            direct = null;
            minId = Math.min(minId, id);
            maxId = Math.max(maxId, id);
            int known = slots.get(id);
            int slot = known;
            if (known == LongIntMap.MISSING) { // else an earlier pool event repeats it: the one read last wins, as in the JDK
                if (size == positions.length) {
                    positions = Arrays.copyOf(positions, size * 2);
                    if (hashes != null) {
                        hashes = Arrays.copyOf(hashes, size * 2);
                    }
                }
                slot = size++;
                slots.put(id, slot);
            }
            positions[slot] = position;
            Values.skipEntry(in, type);
            if (hashes != null) {
                hashes[slot] = in.hash(position, in.position());
            }
        }
    }

    private final Metadata metadata;
    private final Map<Long, Pool> pools = new HashMap<>();
    private final long stackTraceType;

    ConstantPools(Metadata metadata) {
        this.metadata = metadata;
        Metadata.Type stackTrace = metadata.type("jdk.types.StackTrace");
        this.stackTraceType = stackTrace == null ? Long.MIN_VALUE : stackTrace.id;
    }

    /** The entries of type {@code typeId}, or null if the chunk has none. */
    Pool pool(long typeId) {
        return pools.get(typeId);
    }

    /** Position of entry {@code id} of type {@code typeId}, or {@link LongIntMap#MISSING}. */
    int position(long typeId, long id) {
        Pool pool = pools.get(typeId);
        if (pool == null) {
            return LongIntMap.MISSING;
        }
        int slot = pool.slot(id);
        return slot == LongIntMap.MISSING ? LongIntMap.MISSING : pool.position(slot);
    }

    /** Every entry of a type: id and position. */
    void forEach(long typeId, LongIntMap.Visitor visitor) {
        Pool pool = pools.get(typeId);
        if (pool != null) {
            pool.slots.forEach((id, slot) -> visitor.visit(id, pool.position(slot)));
        }
    }

    /** Constant-pool events whose pools did not end where the event's size says it ends. */
    int misfitEvents() {
        return misfitEvents;
    }

    private int misfitEvents;

    /**
     * Reads the constant-pool event at the buffer's position and indexes its entries.
     *
     * @return the event's delta to the previous constant-pool event (0 for the first)
     */
    long readEvent(ChunkBuffer in) {
        int start = in.position();
        int size = in.readVarInt();
        if (in.readVarLong() != CONSTANT_POOL_EVENT) {
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
            if (count < 0 || count > MAX_ENTRIES || count > in.limit() - in.position()) { // an id is a byte at least
                throw new ChunkBuffer.Truncated();
            }
            Pool pool = pools.get(typeId);
            if (pool == null) {
                // sized for this event's entries, within reason: garbage may claim millions
                pool = new Pool(type, Math.min(count, MAX_INITIAL_CAPACITY), typeId == stackTraceType);
                pools.put(typeId, pool);
            }
            for (int i = 0; i < count; i++) {
                long id = in.readVarLong();
                pool.add(id, in.position(), in);
            }
        }
        if (in.position() != start + size) {
            misfitEvents++; // its pools end before or after its bytes do: counts or entries were damaged
        }
        if (delta > 0 || start + delta < 0) {
            return 0; // deltas point backwards; anything else ends the chain
        }
        return delta;
    }
}
