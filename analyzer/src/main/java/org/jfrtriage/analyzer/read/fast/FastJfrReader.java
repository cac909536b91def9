package org.jfrtriage.analyzer.read.fast;

import org.jfrtriage.analyzer.event.LongIntMap;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.read.ChunkHeaderCheck;
import org.jfrtriage.analyzer.read.ChunkLayout;
import org.jfrtriage.analyzer.read.EventCensus;
import org.jfrtriage.analyzer.read.RecordingReader;

/**
 * Our streaming JFR reader: chunk by chunk, memory-mapped, metadata-driven. Events the analysis does not use are
 * skipped by their size without decoding; the rest become the same records {@code JdkRecordingReader} makes.
 * Memory is one chunk's constant-pool index plus what the sink keeps.
 *
 * <p>A cut last chunk is read as far as it goes, with the metadata and constant pools found in its readable
 * part (or the previous chunk's metadata: type ids are stable within a recording).
 */
public final class FastJfrReader implements RecordingReader {

    /** Event type ids of the two structural events inside a chunk. */
    private static final long METADATA_EVENT = 0;
    /** Size, type, start, duration, id or delta, and a count: a metadata or constant-pool event is never shorter. */
    private static final int MIN_POOL_OR_METADATA_BYTES = 6;
    private static final long CONSTANT_POOL_EVENT = 1;
    private static final int HEADER_SIZE = 68;
    /** Event type ids below this are looked up in arrays. */
    private static final int DIRECT_TYPES = 4096;

    /** Chunks whose constant pools are indexed ahead on a second thread; 0 reads on the caller's thread only. */
    private final int chunksIndexedAhead;

    /** Indexes the next chunks' constant pools on a second thread while the current chunk's events are read. */
    public FastJfrReader() {
        this(LOOKAHEAD);
    }

    private FastJfrReader(int chunksIndexedAhead) {
        this.chunksIndexedAhead = chunksIndexedAhead;
    }

    /** Reads everything on the calling thread: for a machine with one core, or to measure the reader alone. */
    public static FastJfrReader singleThreaded() {
        return new FastJfrReader(0);
    }

    @Override
    public void read(Path file, EventSink sink) throws RecordingException {
        ChunkHeaderCheck.Result checked = ChunkHeaderCheck.check(ChunkLayout.read(file));
        ChunkLayout layout = checked.layout();
        Session session = new Session(sink);
        session.warnings.addAll(checked.warnings());
        ChunkHeaderCheck.reportSpans(layout, sink);
        ExecutorService indexer = chunksIndexedAhead == 0 ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jfrtriage-chunk-index");
            t.setDaemon(true);
            return t;
        });
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            List<ChunkLayout.Chunk> chunks = layout.chunks();
            Map<Integer, Future<Prepared>> ahead = new HashMap<>();
            for (int i = 0; i < chunks.size(); i++) {
                // index the constant pools of the next chunks on a second core while this one's events are read
                for (int j = i + 1; indexer != null && j < chunks.size() && j <= i + chunksIndexedAhead; j++) {
                    ChunkLayout.Chunk next = chunks.get(j);
                    if (!ahead.containsKey(j) && next.complete() && next.availableSize() <= Integer.MAX_VALUE) {
                        MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, next.position(), next.availableSize());
                        ahead.put(j, indexer.submit(() -> Prepared.of(next, buffer, session.metadataCache)));
                    }
                }
                ChunkLayout.Chunk chunk = chunks.get(i);
                if (chunk.availableSize() > Integer.MAX_VALUE) {
                    session.warnings.add("a chunk of " + chunk.availableSize() + " bytes is larger than 2 GB and was skipped");
                    session.complete = false;
                    continue;
                }
                Future<Prepared> prepared = ahead.remove(i);
                if (prepared != null) {
                    Prepared p = await(prepared);
                    session.readPrepared(p);
                    Unmapper.unmap(p.buffer());
                } else {
                    MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, chunk.position(), chunk.availableSize());
                    session.readChunk(chunk, new ChunkBuffer(buffer));
                    Unmapper.unmap(buffer);
                }
                session.bytesRead += session.chunkBytesRead;
            }
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read (" + e.getMessage() + ")", e);
        } finally {
            if (indexer != null) {
                indexer.shutdownNow();
            }
        }
        if (!layout.isComplete()) {
            session.complete = false;
        }
        if (session.undescribedEvents > 0) {
            session.warnings.add(EventCensus.undescribedWarning(session.undescribedEvents));
        }
        sink.onFinish(new EventSink.ReadSummary(session.producer, session.complete,
                Math.min(session.bytesRead, layout.fileSize()), layout.fileSize(),
                (int) layout.chunks().stream().filter(ChunkLayout.Chunk::complete).count(),
                List.copyOf(session.warnings), session.counts));
    }

    /** Lost references that make a chunk's reading incomplete: at least this many, and this share of its events. */
    static final long MIN_LOST_REFERENCES = 100;
    static final long LOST_REFERENCES_PERCENT = 1;

    /** How far past its chunk's end an event may start, at least, before the header's duration is distrusted. */
    static final long HEADER_CLOCK_SLACK_NANOS = 1_000_000_000L;

    /** Chunks indexed ahead of the one being read: bounded, since each holds its constant-pool index. */
    private static final int LOOKAHEAD = 2;

    private static Prepared await(Future<Prepared> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("indexing a chunk failed", e.getCause());
        }
    }

    /** A complete chunk with its metadata read and its constant pools indexed, or the reason it could not be. */
    private record Prepared(ChunkLayout.Chunk chunk, java.nio.ByteBuffer buffer, Metadata metadata, ConstantPools pools,
                            String failure) {

        static Prepared of(ChunkLayout.Chunk chunk, java.nio.ByteBuffer buffer, Metadata.Cache metadataCache) {
            ChunkBuffer in = new ChunkBuffer(buffer.duplicate());
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
                return new Prepared(chunk, buffer, metadata, pools, null);
            } catch (RuntimeException e) { // Truncated, or any other sign of damaged metadata or pools
                return new Prepared(chunk, buffer, null, null, String.format(
                        "chunk at byte %d has damaged metadata or constant pools; it was skipped", chunk.position()));
            }
        }
    }

    private static final class Session {
        final EventSink sink;
        final List<String> warnings = new ArrayList<>();
        final Map<String, Long> counts = new TreeMap<>();
        String producer = "jdk";
        boolean complete = true;
        /** Events whose type id no metadata describes (a crashing JVM's last chunk has some): skipped, not counted. */
        long undescribedEvents;
        long bytesRead;
        long chunkBytesRead;
        Metadata lastMetadata;
        final StackCache stackCache = new StackCache();
        final Metadata.Cache metadataCache = new Metadata.Cache();
        /** The fewest bytes an event of each (small) type id can take in the chunk being read. */
        int[] minimumEventBytes = new int[0];
        /** Each event type's decoder in the latest chunk: the next chunk continues its last stack. */
        final Map<Long, EventDecoders.Decoded> lastDecoders = new HashMap<>();

        Session(EventSink sink) {
            this.sink = sink;
        }

        void readPrepared(Prepared prepared) {
            chunkBytesRead = 0;
            if (prepared.failure() != null) {
                warnings.add(prepared.failure());
                complete = false;
                return;
            }
            this.lastMetadata = prepared.metadata();
            readEvents(prepared.chunk(), new ChunkBuffer(prepared.buffer().duplicate()), prepared.metadata(), prepared.pools());
        }

        void readChunk(ChunkLayout.Chunk chunk, ChunkBuffer in) {
            chunkBytesRead = 0;
            Metadata metadata = null;
            ConstantPools pools;
            List<Integer> inlinePools = new ArrayList<>();
            if (chunk.complete()) {
                try {
                    in.position((int) chunk.metadataOffset());
                    metadata = metadataCache.read(in);
                    pools = new ConstantPools(metadata);
                    long offset = chunk.constantPoolOffset();
                    while (true) {
                        in.position((int) offset);
                        long delta = pools.readEvent(in);
                        if (delta == 0) {
                            break;
                        }
                        offset += delta;
                    }
                } catch (RuntimeException e) { // Truncated, or any other sign of damaged metadata or pools
                    warnings.add(String.format("chunk at byte %d has damaged metadata or constant pools; it was skipped",
                            chunk.position()));
                    complete = false;
                    return;
                }
            } else {
                // a cut chunk: find the metadata and constant pools written in its readable part
                int lastMetadata = -1;
                int position = HEADER_SIZE;
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
                if (lastMetadata >= 0) {
                    try {
                        in.position(lastMetadata);
                        metadata = Metadata.read(in);
                    } catch (ChunkBuffer.Truncated e) {
                        metadata = null;
                    }
                }
                if (metadata == null) {
                    metadata = this.lastMetadata;
                }
                if (metadata == null) {
                    warnings.add(String.format("recording is truncated: its last chunk (at byte %,d, %,d bytes) was cut "
                            + "or was still being written and holds no readable metadata; none of its events could be "
                            + "decoded", chunk.position(), in.limit()));
                    complete = false;
                    return;
                }
                pools = new ConstantPools(metadata);
                for (int poolPosition : inlinePools) {
                    try {
                        in.position(poolPosition);
                        pools.readEvent(in);
                    } catch (ChunkBuffer.Truncated e) {
                        break;
                    }
                }
            }
            this.lastMetadata = metadata;
            readEvents(chunk, in, metadata, pools);
        }

        private void readEvents(ChunkLayout.Chunk chunk, ChunkBuffer in, Metadata metadata, ConstantPools pools) {
            Map<Long, String> eventNames = new HashMap<>();
            LongIntMap decoderIndex = new LongIntMap(256);
            List<EventDecoders.Decoded> decoders = new ArrayList<>();
            List<EventDecoders.Handler> handlers = new ArrayList<>();
            for (Metadata.Type type : metadata.types()) {
                if ("jdk.jfr.Event".equals(type.superType)) {
                    eventNames.put(type.id, type.name);
                    if (type.name.startsWith("profiler.")) {
                        producer = "async-profiler";
                    }
                    String canonical = org.jfrtriage.analyzer.event.EventNames.canonical(type.name);
                    EventDecoders.Handler handler = EventDecoders.HANDLERS.get(canonical);
                    if (handler != null && !EventDecoders.unwanted(canonical, sink)) {
                        decoderIndex.put(type.id, decoders.size());
                        EventDecoders.Decoded decoded = new EventDecoders.Decoded(type, lastDecoders.get(type.id));
                        lastDecoders.put(type.id, decoded);
                        decoders.add(decoded);
                        handlers.add(handler);
                    }
                }
            }
            // every field takes a byte at least: an event shorter than its type's fields has a damaged size
            minimumEventBytes = new int[DIRECT_TYPES];
            for (Metadata.Type type : metadata.types()) {
                if (eventNames.containsKey(type.id) && type.id >= 0 && type.id < DIRECT_TYPES && type.fieldTypes != null) {
                    minimumEventBytes[(int) type.id] = 2 + type.fieldTypes.length; // size, type id, one per field
                }
            }
            // event type ids are small: most lookups index an array instead of hashing
            int[] directDecoder = new int[DIRECT_TYPES];
            java.util.Arrays.fill(directDecoder, LongIntMap.MISSING);
            decoderIndex.forEach((type, d) -> {
                if (type >= 0 && type < DIRECT_TYPES) {
                    directDecoder[(int) type] = d;
                }
            });
            ChunkReader reader = new ChunkReader(in, metadata, pools, sink, chunk.startNanos(), chunk.startTicks(),
                    chunk.ticksPerSecond(), stackCache);
            // events by type id: small ids in an array, any other in a map (never seen from the JDK or async-profiler)
            long[] typeCounts = new long[DIRECT_TYPES];
            Map<Long, Long> otherCounts = new HashMap<>();
            Cursor cursor = new Cursor();
            cursor.position = HEADER_SIZE;
            int position;
            long events;
            try {
                scan(chunk.complete(), in, cursor, decoders, handlers, reader, eventNames, decoderIndex, directDecoder,
                        typeCounts, otherCounts);
                position = cursor.position;
                events = cursor.events;
            } catch (ChunkBuffer.Truncated e) {
                position = cursor.position;
                events = cursor.events;
                complete = false;
                warnings.add(String.format("chunk at byte %,d is damaged or cut at offset %,d of %,d; %,d events before it "
                        + "were read", chunk.position(), position < 0 || position > in.limit() ? (long) in.limit() : position,
                        Math.max(chunk.declaredSize(), in.limit()), events));
            }
            if (!chunk.complete()) {
                warnings.add(String.format("recording is truncated: its last chunk (at byte %,d) was cut or was still "
                        + "being written; %,d of its %,d bytes held whole events, %,d events were read from them",
                        chunk.position(), Math.min(position, in.limit()), in.limit(), events));
            }
            chunkBytesRead = Math.min(position, in.limit());
            for (int t = 0; t < typeCounts.length; t++) {
                if (typeCounts[t] > 0) {
                    otherCounts.merge((long) t, typeCounts[t], Long::sum);
                }
            }
            // like `jfr summary`, events of a type the metadata does not describe are not counted: they are said
            otherCounts.forEach((type, n) -> {
                String name = eventNames.get(type);
                if (name != null) {
                    counts.merge(name, n, Long::sum);
                } else {
                    undescribedEvents += n;
                }
            });
            distrustLostReferences(chunk, reader, pools, events);
            distrustHeaderClock(chunk, reader);
            if (cursor.overruns > 0) {
                complete = false;
                warnings.add(String.format("chunk at byte %,d: %,d events are shorter than their fields (their sizes "
                        + "are damaged); what was read from them may be wrong", chunk.position(), cursor.overruns));
            }
        }

        /**
         * No event starts after its chunk ends: when events do, by more than {@link #HEADER_CLOCK_SLACK_NANOS},
         * the header's duration is wrong and the events' span is reported instead.
         */
        private void distrustHeaderClock(ChunkLayout.Chunk chunk, ChunkReader reader) {
            long headerEnd = chunk.startNanos() + Math.max(0, chunk.durationNanos());
            // real JDK chunks have events a little past their header's end (seen: 13% of an 85 s chunk, jdk15.jfr)
            long slack = Math.max(HEADER_CLOCK_SLACK_NANOS, chunk.durationNanos() / 4);
            boolean zeroWithEvents = chunk.durationNanos() == 0 && reader.latestNanos() > headerEnd;
            if (!chunk.complete() || reader.latestNanos() == Long.MIN_VALUE
                    || reader.latestNanos() <= headerEnd + slack && !zeroWithEvents || chunk.durationNanos() < 0) {
                return; // cut chunks have no duration; impossible ones were reported by ChunkHeaderCheck
            }
            warnings.add(String.format(java.util.Locale.ROOT, "chunk at byte %,d: its events run %.1f s past the end "
                    + "its header gives (a duration of %.3f s); the events' own span is used", chunk.position(),
                    (reader.latestNanos() - headerEnd) / 1e9, chunk.durationNanos() / 1e9));
            sink.onChunk(chunk.startNanos(), reader.latestNanos());
        }

        /** Events that refer to stack traces or threads their chunk's constant pools do not hold lost those. */
        private void distrustLostReferences(ChunkLayout.Chunk chunk, ChunkReader reader, ConstantPools pools, long events) {
            if (pools.misfitEvents() > 0) {
                complete = false;
                warnings.add(String.format("chunk at byte %,d: %d constant-pool event(s) do not fill their declared "
                        + "size — their counts or entries are damaged, and constants may be lost", chunk.position(),
                        pools.misfitEvents()));
            }
            long lost = Math.max(reader.missingStacks(), reader.missingThreads());
            if (lost == 0) {
                return;
            }
            // sound JDK recordings refer to a few constants they never wrote (JMC's test files; a handful of
            // events around a chunk rotation — jdk.jfr cannot resolve them either): only past a share of the
            // chunk's events is it lost data, said, and the reading incomplete
            if (lost < MIN_LOST_REFERENCES || lost * 100 < events * LOST_REFERENCES_PERCENT) {
                return;
            }
            complete = false;
            warnings.add(String.format("chunk at byte %,d: its constant pools lack what its events refer to — the "
                    + "stack traces of %,d events and the threads of %,d events are lost, so their sites and threads "
                    + "are unknown", chunk.position(), reader.missingStacks(), reader.missingThreads()));
        }

        /** Where {@link #scan} got to: the next event's position and the events counted before it. */
        private static final class Cursor {
            int position;
            long events;
            long overruns;
        }

        /**
         * Walks a chunk's events from the cursor, decoding those with a decoder and counting all. The hot loop,
         * kept apart from the per-chunk setup and summary so the JIT compiles it once, small, and a rarely taken
         * branch in the summary never sends it back to the interpreter.
         */
        private void scan(boolean completeChunk, ChunkBuffer in, Cursor cursor, List<EventDecoders.Decoded> decoders,
                          List<EventDecoders.Handler> handlers, ChunkReader reader, Map<Long, String> eventNames,
                          LongIntMap decoderIndex, int[] directDecoder, long[] typeCounts, Map<Long, Long> otherCounts) {
            int position = cursor.position;
            int end = in.limit();
            while (position < end) {
                in.position(position);
                int size = in.readVarInt();
                if (size <= 0 || position + size > end) {
                    if (completeChunk) {
                        throw new ChunkBuffer.Truncated();
                    }
                    break; // the cut
                }
                long type = in.readVarLong();
                if (type != METADATA_EVENT && type != CONSTANT_POOL_EVENT) {
                    if (type >= 0 && type < DIRECT_TYPES && size < minimumEventBytes[(int) type]) {
                        cursor.overruns++; // shorter than its fields can be
                    }
                    int d = type >= 0 && type < DIRECT_TYPES ? directDecoder[(int) type] : decoderIndex.get(type);
                    if (d != LongIntMap.MISSING) {
                        decode(d, decoders, handlers, reader, eventNames, decoderIndex, directDecoder, in);
                        if (in.position() > position + size) {
                            cursor.overruns++; // its fields run past its size: the size or the fields are damaged
                        }
                    }
                    // counted once decoded: a cut event is not an event
                    if (type >= 0 && type < DIRECT_TYPES) {
                        typeCounts[(int) type]++;
                    } else {
                        otherCounts.merge(type, 1L, Long::sum);
                    }
                    cursor.events++;
                } else if (size < MIN_POOL_OR_METADATA_BYTES) {
                    cursor.overruns++; // a metadata or constant-pool event holds more than this
                }
                position += size;
                cursor.position = position;
            }
        }

        /** Decodes the event at the buffer's position with decoder {@code d} and hands it on. */
        private void decode(int d, List<EventDecoders.Decoded> decoders, List<EventDecoders.Handler> handlers,
                            ChunkReader reader, Map<Long, String> eventNames, LongIntMap decoderIndex,
                            int[] directDecoder, ChunkBuffer in) {
            EventDecoders.Decoded decoded = decoders.get(d);
            Values.readFields(in, decoded.type, decoded.longs, decoded.strings, decoded.fieldsToRead);
            handlers.get(d).handle(decoded, reader, sink, eventNames);
            if (decoded.changesInterest) {
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
    }
}
