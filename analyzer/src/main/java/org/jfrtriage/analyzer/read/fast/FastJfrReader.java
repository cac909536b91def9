package org.jfrtriage.analyzer.read.fast;

import java.io.IOException;
import java.nio.ByteBuffer;
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
import java.util.concurrent.TimeUnit;

import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.read.ChunkFeed;
import org.jfrtriage.analyzer.read.ChunkLayout;
import org.jfrtriage.analyzer.read.EventCensus;
import org.jfrtriage.analyzer.read.GrowingFile;
import org.jfrtriage.analyzer.read.RecordingReader;

/**
 * Our streaming JFR reader: chunk by chunk (copied into reused buffers, or mapped when large; {@link ChunkBytes}),
 * metadata-driven. Events the analysis does not use are
 * skipped by their size without decoding; the rest become the same records {@code JdkRecordingReader} makes.
 * Memory is one chunk's constant-pool index plus what the sink keeps.
 *
 * <p>A chunk's life: it is {@linkplain ChunkIndex indexed} (metadata and constant pools; ahead on a second thread
 * for complete chunks, else inline), its events are walked by one {@link EventDispatch}, and what came of it is a
 * {@link ChunkState} — complete, cut or damaged, with why. The read summary is made of those states.
 *
 * <p>A cut last chunk is read as far as it goes, with the metadata and constant pools found in its readable
 * part (or the previous chunk's metadata: type ids are stable within a recording).
 */
public final class FastJfrReader implements RecordingReader {

    /** Chunks whose constant pools are indexed ahead on a second thread; 0 reads on the caller's thread only. */
    private final int chunksIndexedAhead;

    /** Loads and indexes the next chunk on a second thread while the current chunk's events are read. */
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
        read(file, null, sink);
    }

    /**
     * Reads {@code file} while {@code growing} (null when the file is all there) says how much of it is there: each
     * chunk as soon as its bytes are, so a recording being inflated is read while it is.
     */
    public void read(Path file, GrowingFile growing, EventSink sink) throws RecordingException {
        Session session = new Session(sink);
        List<ChunkState> states = new ArrayList<>();
        ChunkFeed whole = growing == null ? ChunkFeed.whole(file, sink) : null; // a file that is no recording fails here
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ChunkFeed feed = whole != null ? whole : ChunkFeed.growing(file, growing, channel);
            try (ChunkBytes bytes = growing == null ? new ChunkBytes(channel, feed.layout()) : ChunkBytes.sizedAsChunksCome(channel)) {
                ExecutorService indexer = chunksIndexedAhead == 0 ? null : Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "jfrtriage-chunk-index");
                    t.setDaemon(true);
                    return t;
                });
                try {
                    readChunks(feed, bytes, indexer, session, states);
                } finally {
                    if (indexer != null) {
                        stop(indexer); // before the buffers it may still be filling are freed
                    }
                }
            }
            finish(feed, session, states);
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static void finish(ChunkFeed feed, Session session, List<ChunkState> states) throws RecordingException {
        ChunkLayout layout = feed.layout();
        List<String> warnings = new ArrayList<>(feed.warnings());
        boolean complete = layout.isComplete();
        long bytesRead = 0;
        for (ChunkState state : states) {
            warnings.addAll(state.warnings());
            complete &= state.complete();
            bytesRead += state.bytesRead();
        }
        if (session.undescribedEvents > 0) {
            warnings.add(EventCensus.undescribedWarning(session.undescribedEvents));
        }
        session.sink.onFinish(new EventSink.ReadSummary(session.producer, complete, Math.min(bytesRead, layout.fileSize()),
                layout.fileSize(), (int) layout.chunks().stream().filter(ChunkLayout.Chunk::complete).count(),
                List.copyOf(warnings), session.counts));
    }

    private void readChunks(ChunkFeed feed, ChunkBytes bytes, ExecutorService indexer, Session session,
                            List<ChunkState> states) throws IOException, RecordingException {
        Map<Integer, Future<Indexed>> ahead = new HashMap<>();
        for (int i = 0; ; i++) {
            // load and index the next chunks on a second core while this one's events are read (for a file being
            // inflated, that thread waits for their bytes)
            for (int j = i + 1; indexer != null && j <= i + chunksIndexedAhead; j++) {
                int next = j;
                if (!ahead.containsKey(next)) {
                    ahead.put(next, indexer.submit(() -> {
                        ChunkLayout.Chunk chunk = feed.get(next);
                        if (chunk == null || !chunk.complete() || chunk.availableSize() > Integer.MAX_VALUE) {
                            return null; // read on this thread, as it comes
                        }
                        ByteBuffer buffer = bytes.load(chunk);
                        return new Indexed(buffer,
                                ChunkIndex.of(chunk, new ChunkBuffer(buffer.duplicate()), session.metadataCache, null));
                    }));
                }
            }
            ChunkLayout.Chunk chunk = feed.get(i);
            if (chunk == null) {
                return;
            }
            feed.beforeEvents(i, session.sink);
            if (chunk.availableSize() > Integer.MAX_VALUE) {
                states.add(ChunkState.damaged("a chunk of " + chunk.availableSize() + " bytes is larger than 2 GB and was skipped"));
                continue;
            }
            Future<Indexed> indexed = ahead.remove(i);
            Indexed loaded = indexed == null ? null : await(indexed);
            if (loaded != null) {
                states.add(session.read(chunk, new ChunkBuffer(loaded.buffer().duplicate()), loaded.index()));
                bytes.release(loaded.buffer());
            } else {
                ByteBuffer buffer = bytes.load(chunk);
                ChunkBuffer in = new ChunkBuffer(buffer);
                states.add(session.read(chunk, in, ChunkIndex.of(chunk, in, session.metadataCache, session.lastMetadata)));
                bytes.release(buffer);
            }
        }
    }

    /** Stops the indexing thread and waits for it: a task it was running may still be filling a buffer. */
    private static void stop(ExecutorService indexer) {
        indexer.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (indexer.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // finish waiting: the buffers are freed next
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lost references that make a chunk's reading incomplete: at least this many, and this share of its events. */
    static final long MIN_LOST_REFERENCES = 100;
    static final long LOST_REFERENCES_PERCENT = 1;

    /** How far past its chunk's end an event may start, at least, before the header's duration is distrusted. */
    static final long HEADER_CLOCK_SLACK_NANOS = 1_000_000_000L;

    /**
     * Chunks loaded and indexed ahead of the one being read: each holds its bytes and its constant-pool index. One
     * read as fast as two on both benchmark shapes (7 December) and keeps one chunk buffer fewer.
     */
    private static final int LOOKAHEAD = 1;

    private static Indexed await(Future<Indexed> future) throws IOException, RecordingException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io; // the file could not be read: said as for the chunks read on this thread
            }
            if (e.getCause() instanceof RecordingException r) {
                throw r; // the file being inflated will not be finished: said as the inflating says it
            }
            throw new IllegalStateException("indexing a chunk failed", e.getCause());
        }
    }

    /** A complete chunk loaded and indexed ahead on the second thread. */
    private record Indexed(ByteBuffer buffer, ChunkIndex index) {
    }

    /** What lasts from chunk to chunk: the sink, event counts, the producer, caches, each type's last stack. */
    private static final class Session {
        final EventSink sink;
        final Map<String, Long> counts = new TreeMap<>();
        String producer = "jdk";
        /** Events whose type id no metadata describes (a crashing JVM's last chunk has some): skipped, not counted. */
        long undescribedEvents;
        Metadata lastMetadata;
        final StackCache stackCache = new StackCache();
        /** One instance per class name for the whole recording ({@link ChunkReader#className}). */
        final Map<String, String> classNames = new HashMap<>();
        final Metadata.Cache metadataCache = new Metadata.Cache();
        /** Each event type's decoder in the latest chunk: the next chunk continues its last stack. */
        final Map<Long, EventDecoders.Decoded> lastDecoders = new HashMap<>();

        Session(EventSink sink) {
            this.sink = sink;
        }

        /** Reads the events of an indexed chunk (or says why its index failed). */
        ChunkState read(ChunkLayout.Chunk chunk, ChunkBuffer in, ChunkIndex index) {
            if (index.failure() != null) {
                return index.failure();
            }
            lastMetadata = index.metadata();
            return readEvents(chunk, in, index.metadata(), index.pools());
        }

        private ChunkState readEvents(ChunkLayout.Chunk chunk, ChunkBuffer in, Metadata metadata, ConstantPools pools) {
            ChunkState.Builder state = new ChunkState.Builder();
            ChunkReader reader = new ChunkReader(in, metadata, pools, sink, chunk.startNanos(), chunk.startTicks(),
                    chunk.ticksPerSecond(), stackCache, classNames);
            EventDispatch dispatch = new EventDispatch(metadata, reader, sink, lastDecoders);
            if (dispatch.asyncProfiler) {
                producer = "async-profiler";
            }
            try {
                dispatch.scan(in, chunk.complete());
            } catch (ChunkBuffer.Truncated e) {
                int position = dispatch.position;
                state.damaged(String.format("chunk at byte %,d is damaged or cut at offset %,d of %,d; %,d events before it "
                        + "were read", chunk.position(), position < 0 || position > in.limit() ? (long) in.limit() : position,
                        Math.max(chunk.declaredSize(), in.limit()), dispatch.events));
            }
            int position = dispatch.position;
            long events = dispatch.events;
            if (!chunk.complete()) {
                state.cut(String.format("recording is truncated: its last chunk (at byte %,d) was cut or was still "
                        + "being written; %,d of its %,d bytes held whole events, %,d events were read from them",
                        chunk.position(), Math.min(position, in.limit()), in.limit(), events));
            }
            state.bytesRead(Math.min(position, in.limit()));
            // like `jfr summary`, events of a type the metadata does not describe are not counted: they are said
            dispatch.countsByType().forEach((type, n) -> {
                String name = dispatch.eventNames.get(type);
                if (name != null) {
                    counts.merge(name, n, Long::sum);
                } else {
                    undescribedEvents += n;
                }
            });
            distrustLostReferences(chunk, reader, pools, events, state);
            distrustHeaderClock(chunk, reader, state);
            if (dispatch.overruns > 0) {
                state.damaged(String.format("chunk at byte %,d: %,d events are shorter than their fields (their sizes "
                        + "are damaged); what was read from them may be wrong", chunk.position(), dispatch.overruns));
            }
            return state.build();
        }

        /**
         * No event starts after its chunk ends: when events do, by more than {@link #HEADER_CLOCK_SLACK_NANOS},
         * the header's duration is wrong and the events' span is reported instead.
         */
        private void distrustHeaderClock(ChunkLayout.Chunk chunk, ChunkReader reader, ChunkState.Builder state) {
            long headerEnd = chunk.startNanos() + Math.max(0, chunk.durationNanos());
            // real JDK chunks have events a little past their header's end (seen: 13% of an 85 s chunk, jdk15.jfr)
            long slack = Math.max(HEADER_CLOCK_SLACK_NANOS, chunk.durationNanos() / 4);
            boolean zeroWithEvents = chunk.durationNanos() == 0 && reader.latestNanos() > headerEnd;
            if (!chunk.complete() || reader.latestNanos() == Long.MIN_VALUE
                    || reader.latestNanos() <= headerEnd + slack && !zeroWithEvents || chunk.durationNanos() < 0) {
                return; // cut chunks have no duration; impossible ones were reported by ChunkHeaderCheck
            }
            state.note(String.format(java.util.Locale.ROOT, "chunk at byte %,d: its events run %.1f s past the end "
                    + "its header gives (a duration of %.3f s); the events' own span is used", chunk.position(),
                    (reader.latestNanos() - headerEnd) / 1e9, chunk.durationNanos() / 1e9));
            sink.onChunk(chunk.startNanos(), reader.latestNanos());
        }

        /** Events that refer to stack traces or threads their chunk's constant pools do not hold lost those. */
        private void distrustLostReferences(ChunkLayout.Chunk chunk, ChunkReader reader, ConstantPools pools, long events,
                                            ChunkState.Builder state) {
            if (pools.misfitEvents() > 0) {
                state.damaged(String.format("chunk at byte %,d: %d constant-pool event(s) do not fill their declared "
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
            state.damaged(String.format("chunk at byte %,d: its constant pools lack what its events refer to — the "
                    + "stack traces of %,d events and the threads of %,d events are lost, so their sites and threads "
                    + "are unknown", chunk.position(), reader.missingStacks(), reader.missingThreads()));
        }
    }
}
