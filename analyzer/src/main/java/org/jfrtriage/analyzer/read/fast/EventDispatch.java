package org.jfrtriage.analyzer.read.fast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.event.AllocationSample;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.table.LongIntMap;

/**
 * One chunk's event dispatch: which decoder and handler each event type id goes to (from the chunk's metadata
 * and the immutable {@link EventDecoders} table), the fewest bytes each type's event can take, the events counted
 * by type, and where the walk got to. {@link #scan} is the reader's hot loop.
 */
final class EventDispatch {

    /** Event type ids below this are looked up in arrays. */
    static final int DIRECT_TYPES = 4096;
    /** Size, type, start, duration, id or delta, and a count: a metadata or constant-pool event is never shorter. */
    private static final int MIN_POOL_OR_METADATA_BYTES = 6;

    private final EventSink sink;
    private final ChunkReader reader;
    /** Names of the chunk's event types by id. */
    final Map<Long, String> eventNames = new HashMap<>();
    private final LongIntMap decoderIndex = new LongIntMap(256);
    /** Each decoder and its handler, by the number {@link #decoderIndex} gives: arrays, read once per event. */
    private final EventDecoders.Decoded[] decoders;
    private final EventDecoders.Handler[] handlers;
    /** Event type ids are small: most lookups index an array instead of hashing. */
    private final int[] directDecoder = new int[DIRECT_TYPES];
    /** The fewest bytes an event of each (small) type id can take in this chunk. */
    private final int[] minimumEventBytes = new int[DIRECT_TYPES];
    /** Events by type id: small ids in an array, any other in a map (never seen from the JDK or async-profiler). */
    private final long[] typeCounts = new long[DIRECT_TYPES];
    private final Map<Long, Long> otherCounts = new HashMap<>();
    /** What the sink answered last about each source of allocations ({@link EventSink#wantsAllocations}). */
    private final boolean[] allocationsWanted = new boolean[ALLOCATION_SOURCES.length];

    /** Where {@link #scan} got to: the next event's position, the events counted before it, and overruns. */
    int position = org.jfrtriage.analyzer.read.ChunkLayout.HEADER_SIZE;
    long events;
    long overruns;
    /** Whether an event type's name says async-profiler wrote the chunk. */
    boolean asyncProfiler;

    /**
     * The dispatch for a chunk described by {@code metadata}: a decoder for every event type the table handles and
     * the sink still wants, continuing each type's last stack from {@code lastDecoders} (and recording its own).
     */
    EventDispatch(Metadata metadata, ChunkReader reader, EventSink sink, Map<Long, EventDecoders.Decoded> lastDecoders) {
        this.sink = sink;
        this.reader = reader;
        List<EventDecoders.Decoded> decoders = new ArrayList<>();
        List<EventDecoders.Handler> handlers = new ArrayList<>();
        for (Metadata.Type type : metadata.types()) {
            if ("jdk.jfr.Event".equals(type.superType)) {
                eventNames.put(type.id, type.name);
                if (type.name.startsWith("profiler.")) {
                    asyncProfiler = true;
                }
                String canonical = org.jfrtriage.analyzer.event.EventNames.canonical(type.name);
                EventDecoders.Handler handler = EventDecoders.handler(canonical);
                if (handler != null && !EventDecoders.unwanted(canonical, sink)) {
                    decoderIndex.put(type.id, decoders.size());
                    EventDecoders.Decoded decoded = new EventDecoders.Decoded(type, lastDecoders.get(type.id));
                    lastDecoders.put(type.id, decoded);
                    decoders.add(decoded);
                    handlers.add(handler);
                }
            }
        }
        this.decoders = decoders.toArray(new EventDecoders.Decoded[0]);
        this.handlers = handlers.toArray(new EventDecoders.Handler[0]);
        // every field takes a byte at least: an event shorter than its type's fields has a damaged size
        for (Metadata.Type type : metadata.types()) {
            if (eventNames.containsKey(type.id) && type.id >= 0 && type.id < DIRECT_TYPES && type.fieldTypes != null) {
                minimumEventBytes[(int) type.id] = 2 + type.fieldTypes.length; // size, type id, one per field
            }
        }
        Arrays.fill(directDecoder, LongIntMap.MISSING);
        Arrays.fill(allocationsWanted, true);
        decoderIndex.forEach((type, d) -> {
            if (type >= 0 && type < DIRECT_TYPES) {
                directDecoder[(int) type] = d;
            }
        });
    }

    /**
     * Walks the chunk's events from {@link #position}, decoding those with a decoder and counting all. The hot
     * loop, kept apart from the per-chunk setup and summary so the JIT compiles it once, small, and a rarely taken
     * branch in the summary never sends it back to the interpreter. A complete chunk whose events run past its end
     * throws {@link ChunkBuffer.Truncated}; a cut one stops at the cut.
     */
    void scan(ChunkBuffer in, boolean completeChunk) {
        int[] direct = directDecoder;
        int[] minimum = minimumEventBytes;
        long[] counts = typeCounts;
        int position = this.position;
        int end = in.limit();
        while (position < end) {
            int header = in.oneByteEventHeader(position);
            int size = header >= 0 ? header & 0xff : in.readVarInt();
            if (size <= 0 || position + size > end) {
                if (completeChunk) {
                    throw new ChunkBuffer.Truncated();
                }
                break; // the cut
            }
            long type = header >= 0 ? header >>> 8 : in.readVarLong();
            if (type != ChunkIndex.METADATA_EVENT && type != ChunkIndex.CONSTANT_POOL_EVENT) {
                if (type >= 0 && type < DIRECT_TYPES && size < minimum[(int) type]) {
                    overruns++; // shorter than its fields can be
                }
                int d = type >= 0 && type < DIRECT_TYPES ? direct[(int) type] : decoderIndex.get(type);
                if (d != LongIntMap.MISSING) {
                    decode(d, in);
                    if (in.position() > position + size) {
                        overruns++; // its fields run past its size: the size or the fields are damaged
                    }
                }
                // counted once decoded: a cut event is not an event
                if (type >= 0 && type < DIRECT_TYPES) {
                    counts[(int) type]++;
                } else {
                    otherCounts.merge(type, 1L, Long::sum);
                }
                events++;
            } else if (size < MIN_POOL_OR_METADATA_BYTES) {
                overruns++; // a metadata or constant-pool event holds more than this
            }
            position += size;
            this.position = position;
        }
    }

    /** Decodes the event at the buffer's position with decoder {@code d} and hands it on. */
    private void decode(int d, ChunkBuffer in) {
        EventDecoders.Decoded decoded = decoders[d];
        int direct = decoded.direct;
        if (direct != EventDecoders.Decoded.BY_HANDLER) { // its fields are varints: read in one call
            in.readVarLongs(decoded.longs, decoded.fieldsToRead);
            if (direct == EventDecoders.Decoded.PARK) {
                EventDecoders.park(decoded, reader, sink);
            } else {
                EventDecoders.monitorEnter(decoded, reader, sink);
            }
            return;
        }
        Values.readFields(in, decoded.type, decoded.longs, decoded.strings, decoded.fieldsToRead);
        handlers[d].handle(decoded, reader, sink, eventNames);
        if (decoded.changesInterest && allocationInterestChanged()) {
            // the sink may have stopped wanting a kind of event (TLAB allocations, once sampled allocations
            // arrived): from the next event on those are skipped by their size, at the same event as
            // JdkRecordingReader stops converting them
            for (EventDecoders.Decoded decoder : decoders) {
                long id = decoder.type.id;
                int active = id >= 0 && id < DIRECT_TYPES ? directDecoder[(int) id] : decoderIndex.get(id);
                if (active != LongIntMap.MISSING && decoder.allocationSource != null
                        && !sink.wantsAllocations(decoder.allocationSource)) {
                    decoderIndex.put(id, LongIntMap.MISSING);
                    if (id >= 0 && id < DIRECT_TYPES) {
                        directDecoder[(int) id] = LongIntMap.MISSING;
                    }
                }
            }
        }
    }

    /**
     * Whether the sink's answer about some source of allocations changed since the last look: only then may a
     * decoder have become unwanted. Events that may change it come by the million (every allocation sample), the
     * change itself once.
     */
    private boolean allocationInterestChanged() {
        boolean changed = false;
        for (AllocationSample.Source source : ALLOCATION_SOURCES) {
            boolean wanted = sink.wantsAllocations(source);
            if (wanted != allocationsWanted[source.ordinal()]) {
                allocationsWanted[source.ordinal()] = wanted;
                changed = true;
            }
        }
        return changed;
    }

    private static final AllocationSample.Source[] ALLOCATION_SOURCES = AllocationSample.Source.values();

    /** The events counted, by type id (small ids first, in order, then the others). */
    Map<Long, Long> countsByType() {
        for (int t = 0; t < typeCounts.length; t++) {
            if (typeCounts[t] > 0) {
                otherCounts.merge((long) t, typeCounts[t], Long::sum);
            }
        }
        return otherCounts;
    }
}
