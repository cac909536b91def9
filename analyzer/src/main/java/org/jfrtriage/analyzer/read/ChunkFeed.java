package org.jfrtriage.analyzer.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.event.EventSink;

/**
 * A recording's chunks for a reader, checked ({@link ChunkHeaderCheck}), in file order: all known at once for a file
 * that is all there, or each as soon as its bytes are for a file still being written ({@link GrowingFile}: a
 * compressed recording being inflated), so reading overlaps inflating. Either way the reader sees the same chunks,
 * warnings and spans, in the same order, that the whole file's layout gives:
 * <ul>
 *   <li>a chunk's impossible tick rate is replaced by the first complete chunk's plausible one — an earlier chunk's,
 *       or, when none before it has one, the whole file's (waited for);</li>
 *   <li>the whole layout tells the sink every believable chunk span before any event; a growing file tells each
 *       chunk's before that chunk's events, which leaves the profile the same as long as the first chunk's span is
 *       told first (it starts the timeline) — when the first chunk's span cannot be told, the whole file is waited
 *       for and every span told before any event, as for a whole file.</li>
 * </ul>
 *
 * <p>Thread-safe: the chunk-indexing thread may wait for a chunk's bytes while the reading thread takes the chunks
 * already known.
 */
public final class ChunkFeed {

    private final Path file;
    /** Null when the file is all there. */
    private final GrowingFile growing;
    private final FileChannel channel;
    private final long latestStart = ChunkHeaderCheck.latestStart();
    /** The chunks known so far, checked: read without a lock, added under {@link #parsing}. */
    private final List<ChunkLayout.Chunk> checked = new CopyOnWriteArrayList<>();
    private final Object parsing = new Object();
    /** As their headers were read; guarded by {@link #parsing}. */
    private final List<ChunkLayout.Chunk> headers = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final ByteBuffer header = ByteBuffer.allocate(ChunkLayout.HEADER_SIZE).order(ByteOrder.BIG_ENDIAN);
    private long nextPosition;
    /** Set once the last chunk is known, with the file's size; guarded by {@link #parsing}. */
    private ChunkLayout whole;
    /** Every believable span has been told to the sink (read by the reading thread only). */
    private boolean spansTold;

    private ChunkFeed(Path file, GrowingFile growing, FileChannel channel) {
        this.file = file;
        this.growing = growing;
        this.channel = channel;
    }

    /** The chunks of a file that is all there, its spans told to {@code sink} at once. */
    public static ChunkFeed whole(Path file, EventSink sink) throws RecordingException {
        ChunkHeaderCheck.Result result = ChunkHeaderCheck.check(ChunkLayout.read(file));
        ChunkFeed feed = new ChunkFeed(file, null, null);
        feed.checked.addAll(result.layout().chunks());
        feed.warnings.addAll(result.warnings());
        feed.whole = result.layout();
        ChunkHeaderCheck.reportSpans(result.layout(), sink);
        feed.spansTold = true;
        return feed;
    }

    /** The chunks of {@code file} as {@code growing} writes it, their headers read through {@code channel}. */
    public static ChunkFeed growing(Path file, GrowingFile growing, FileChannel channel) {
        return new ChunkFeed(file, growing, channel);
    }

    /**
     * Chunk {@code i}, checked, waiting for its bytes when the file is still being written (all of them for a
     * complete chunk; the rest of the file for the last, cut one); null past the last chunk.
     */
    public ChunkLayout.Chunk get(int i) throws RecordingException {
        if (i < checked.size()) {
            return checked.get(i);
        }
        synchronized (parsing) {
            while (checked.size() <= i && whole == null) {
                next();
            }
            return i < checked.size() ? checked.get(i) : null;
        }
    }

    /** Before chunk {@code i}'s events are read (by the reading thread, in order): its span told to the sink. */
    public void beforeEvents(int i, EventSink sink) throws RecordingException {
        if (spansTold) {
            return;
        }
        if (ChunkHeaderCheck.reportSpan(get(i), latestStart, sink) || i > 0) {
            return;
        }
        // the first chunk's span cannot be told: every later one is, before any event, as for a whole file
        ChunkHeaderCheck.reportSpans(layout(), sink);
        spansTold = true;
    }

    /** All the chunks and the file's size, waiting for the end of the file. */
    public ChunkLayout layout() throws RecordingException {
        synchronized (parsing) {
            while (whole == null) {
                next();
            }
            return whole;
        }
    }

    /** What the headers say is distrusted, in chunk order, and what follows the last chunk: waits for all of it. */
    public List<String> warnings() throws RecordingException {
        synchronized (parsing) {
            layout();
            return List.copyOf(warnings);
        }
    }

    /** Reads the next chunk's header, waiting for its bytes; or finds the end. Under {@link #parsing}. */
    private void next() throws RecordingException {
        long position = nextPosition;
        long size = growing.awaitSize(position + ChunkLayout.HEADER_SIZE);
        if (position >= size) {
            end(size);
            return;
        }
        int read = readHeader(position, size);
        ChunkLayout.Chunk chunk = ChunkLayout.parse(file, header, read, position, size, headers.isEmpty());
        if (chunk == null) {
            end(growing.awaitSize(Long.MAX_VALUE)); // garbage after the last chunk
            return;
        }
        long finished = read == ChunkLayout.HEADER_SIZE ? ChunkLayout.completeUpTo(header) : 0;
        if (!chunk.complete() && finished > 0) {
            size = growing.awaitSize(position + finished);
            chunk = ChunkLayout.parse(file, header, read, position, size, headers.isEmpty());
        }
        if (!chunk.complete()) {
            // in progress or cut: the last chunk, all the rest of the file
            size = growing.awaitSize(Long.MAX_VALUE);
            chunk = ChunkLayout.parse(file, header, read, position, size, headers.isEmpty());
        }
        headers.add(chunk);
        long rate = ChunkHeaderCheck.FALLBACK_TICKS_PER_SECOND;
        if (ChunkHeaderCheck.needsRate(chunk)) {
            boolean earlier = headers.stream().anyMatch(c -> c.complete() && ChunkHeaderCheck.plausibleRate(c.ticksPerSecond()));
            rate = ChunkHeaderCheck.firstPlausibleRate(earlier ? headers : restOfFile());
        }
        checked.add(ChunkHeaderCheck.check(chunk, rate, latestStart, warnings));
        if (chunk.complete()) {
            nextPosition = position + chunk.declaredSize();
        } else {
            end(size);
        }
    }

    /** The whole file's chunks, once it is all there: for a rate only a later chunk may give. */
    private List<ChunkLayout.Chunk> restOfFile() throws RecordingException {
        growing.awaitSize(Long.MAX_VALUE);
        return ChunkLayout.read(file).chunks();
    }

    private void end(long size) throws RecordingException {
        if (headers.isEmpty()) {
            ChunkLayout.read(file); // what a whole file says: empty, or not a recording
            throw new RecordingException(file + ": not a flight recording (the file is empty)");
        }
        whole = new ChunkLayout(size, List.copyOf(checked));
        warnings.addAll(ChunkHeaderCheck.joins(new ChunkLayout(size, List.copyOf(headers))));
        warnings.addAll(ChunkHeaderCheck.trailing(whole));
    }

    private int readHeader(long position, long size) throws RecordingException {
        header.clear();
        header.limit((int) Math.min(ChunkLayout.HEADER_SIZE, size - position));
        try {
            int read = ChunkLayout.readFully(channel, header, position);
            header.clear();
            return read;
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
