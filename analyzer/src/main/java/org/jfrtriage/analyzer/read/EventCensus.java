package org.jfrtriage.analyzer.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events per type as {@code jfr summary} counts them: every event record in the chunks, by the type its header
 * names, without decoding it. {@code jdk.jfr.consumer.RecordingFile} silently drops some events (other producers'
 * types whose layout it misreads, e.g. WebLogic's in JDK 9 recordings), so {@code --engine jdk} counts this way
 * rather than by the events it was given; the fast reader counts the same records in its own loop.
 */
public final class EventCensus {

    /** The two structural records every chunk has; {@code jfr summary} lists them, they are not events. */
    private static final long METADATA_RECORD = 0;
    private static final long CONSTANT_POOL_RECORD = 1;
    /** A chunk's event records are walked through a window of this many bytes. */
    private static final int WINDOW = 1 << 20;

    private EventCensus() {
    }

    /** What the census found: counts by event name, and events of a type no metadata describes. */
    public record Counts(Map<String, Long> byName, long undescribed) {
    }

    /** The sentence for events of undescribed types; the same from both readers. */
    public static String undescribedWarning(long events) {
        return String.format("%,d event(s) of a type the recording's metadata does not describe were skipped "
                + "(the JVM wrote them without describing them, as a crashing JVM may)", events);
    }

    /** Counts the events of the complete chunks of {@code file}, naming type ids with {@code names}. */
    static Counts count(Path file, ChunkLayout layout, Map<Long, String> names) throws IOException {
        Map<Long, long[]> byId = new HashMap<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (ChunkLayout.Chunk chunk : layout.chunks()) {
                if (chunk.complete()) {
                    countChunk(channel, chunk.position(), chunk.declaredSize(), byId);
                }
            }
        }
        Map<String, Long> byName = new TreeMap<>();
        long undescribed = 0;
        for (Map.Entry<Long, long[]> e : byId.entrySet()) {
            String name = names.get(e.getKey());
            if (name == null) {
                undescribed += e.getValue()[0];
            } else {
                byName.merge(name, e.getValue()[0], Long::sum);
            }
        }
        return new Counts(byName, undescribed);
    }

    private static void countChunk(FileChannel channel, long chunkStart, long chunkSize, Map<Long, long[]> byId)
            throws IOException {
        ByteBuffer window = ByteBuffer.allocate(WINDOW);
        long position = ChunkLayout.HEADER_SIZE;
        while (position < chunkSize) {
            // a record header is two varints, at most 9 bytes each
            window.clear();
            window.limit((int) Math.min(WINDOW, chunkSize - position));
            long windowStart = position;
            while (window.hasRemaining() && channel.read(window, chunkStart + windowStart + window.position()) > 0) {
                // fill the window
            }
            window.flip();
            int offset = 0;
            while (true) {
                if (window.limit() - offset < 20 && windowStart + window.limit() < chunkSize) {
                    break; // refill from here so the header is whole
                }
                window.position(offset);
                long size = varint(window);
                long type = varint(window);
                if (size <= 0 || windowStart + offset + size > chunkSize) {
                    return; // damage: what was counted stands
                }
                if (type != METADATA_RECORD && type != CONSTANT_POOL_RECORD) {
                    byId.computeIfAbsent(type, t -> new long[1])[0]++;
                }
                position = windowStart + offset + size;
                if (position >= chunkSize) {
                    return;
                }
                if (position >= windowStart + window.limit()) {
                    break; // the next record starts past this window
                }
                offset = (int) (position - windowStart);
            }
        }
    }

    /** A JFR varint: up to 8 bytes of 7 bits, then one of 8; or -1 where the window ends first. */
    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            if (!in.hasRemaining()) {
                return -1;
            }
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        return in.hasRemaining() ? value | (long) (in.get() & 0xff) << 56 : -1;
    }
}
