package org.jfrtriage.analyzer.read.fast;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over one chunk's bytes. JFR integers are LEB128 varints (7 bits a byte, low bits first); strings
 * carry an encoding byte. Reading past the end throws {@link Truncated}, which the reader treats as the end of
 * the readable data, not as an error.
 */
final class ChunkBuffer {

    /** String encodings (JFR format 2.x). */
    static final byte STRING_NULL = 0;
    static final byte STRING_EMPTY = 1;
    static final byte STRING_CONSTANT_POOL = 2;
    static final byte STRING_UTF8 = 3;
    static final byte STRING_CHAR_ARRAY = 4;
    static final byte STRING_LATIN1 = 5;

    /** Thrown when data ends mid-value: a cut file, or garbage that claims more bytes than exist. */
    static final class Truncated extends RuntimeException {
        Truncated() {
            super("data ends inside a value", null, false, false);
        }
    }

    private final ByteBuffer buffer;
    private final int limit;
    private int position;

    ChunkBuffer(ByteBuffer buffer) {
        // little-endian words: the first byte in the file is the lowest byte of a word read with getLong
        this.buffer = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.limit = buffer.limit();
    }

    int position() {
        return position;
    }

    void position(int newPosition) {
        if (newPosition < 0 || newPosition > limit) {
            throw new Truncated();
        }
        position = newPosition;
    }

    int limit() {
        return limit;
    }

    byte readByte() {
        if (position >= limit) {
            throw new Truncated();
        }
        return buffer.get(position++);
    }

    long readVarLong() {
        int p = position;
        if (p <= limit - MAX_VARINT_BYTES) {
            // the usual case, far from the end: decode from one little-endian word, no check per byte
            long word = buffer.getLong(p);
            if ((word & 0x80) == 0) {
                position = p + 1;
                return word & 0x7f;
            }
            long ends = ~word & TOP_BITS;
            if (ends != 0) {
                int bytes = (Long.numberOfTrailingZeros(ends) >>> 3) + 1;
                position = p + bytes;
                return sevenBitGroups(word & -1L >>> (Long.SIZE - (bytes << 3)));
            }
            // nine bytes: eight of seven bits, then one of eight. The JVM writes "none" as Long.MIN_VALUE (an
            // untimed park's timeout and deadline), so the frequent park events carry one or two of these.
            position = p + MAX_VARINT_BYTES;
            return sevenBitGroups(word) | (long) (buffer.get(p + Long.BYTES) & 0xff) << 56;
        }
        return readVarLongSlowly();
    }

    /**
     * Moves to the event at {@code p} and reads its size and type id when each is one byte — the frequent events are
     * shorter than 128 bytes and their type ids below 128 — from one word: {@code type << 8 | size}, the cursor after
     * them. Otherwise -1, the cursor at {@code p}, nothing read: the caller reads them as two varints. The two
     * {@link #readVarLong} calls it saves per event each read a word of their own through the buffer's checks.
     */
    int oneByteEventHeader(int p) {
        if (p >= 0 && p <= limit - Long.BYTES) {
            int header = (int) buffer.getLong(p) & 0xffff;
            if ((header & 0x8080) == 0) {
                position = p + 2;
                return header;
            }
        }
        position(p);
        return -1;
    }

    /**
     * Reads {@code count} varints into {@code into}: {@link #readVarLong} with the position kept in a local, for the
     * fields of the frequent events, which are integers and constant-pool ids only.
     */
    void readVarLongs(long[] into, int count) {
        int p = position;
        int fast = limit - MAX_VARINT_BYTES;
        for (int i = 0; i < count; i++) {
            if (p > fast) {
                position = p;
                into[i] = readVarLong(); // near the end: byte by byte, throwing where the data ends
                p = position;
                continue;
            }
            long word = buffer.getLong(p);
            if ((word & 0x80) == 0) {
                into[i] = word & 0x7f;
                p++;
                continue;
            }
            long ends = ~word & TOP_BITS;
            if (ends != 0) {
                int bytes = (Long.numberOfTrailingZeros(ends) >>> 3) + 1;
                into[i] = sevenBitGroups(word & -1L >>> (Long.SIZE - (bytes << 3)));
                p += bytes;
            } else {
                into[i] = sevenBitGroups(word) | (long) (buffer.get(p + Long.BYTES) & 0xff) << 56;
                p += MAX_VARINT_BYTES;
            }
        }
        position = p;
    }

    /**
     * The bytes of the next {@code count} varints as a key, without moving the cursor: puts the 16 bytes from the
     * cursor into {@code words} with every byte after the {@code count}-th byte whose top bit is clear zeroed, and
     * returns that byte's end (1–16), or -1 when there are fewer such bytes in the 16 or the chunk ends sooner.
     *
     * <p>Equal keys mean equal varints: which bytes a key keeps is decided by the bytes it keeps, so two keys that
     * are equal kept the same bytes, which hold the same {@code count} varints from the start. The end is where the
     * {@code count}-th varint ends only when none of them takes nine bytes (the ninth byte of a varint ends it
     * whatever its top bit); a caller keeps the real length with what it learned from the key.
     */
    int varintRun(int count, long[] words) {
        int p = position;
        if (p > limit - 2 * Long.BYTES) {
            return -1;
        }
        long low = buffer.getLong(p);
        long high = buffer.getLong(p + Long.BYTES);
        long ends = ~low & TOP_BITS;
        int inLow = Long.bitCount(ends);
        if (inLow >= count) {
            for (int i = 1; i < count; i++) {
                ends &= ends - 1;
            }
            int bytes = (Long.numberOfTrailingZeros(ends) >>> 3) + 1;
            words[0] = low & -1L >>> (Long.SIZE - (bytes << 3));
            words[1] = 0;
            return bytes;
        }
        ends = ~high & TOP_BITS;
        int left = count - inLow;
        if (Long.bitCount(ends) < left) {
            return -1;
        }
        for (int i = 1; i < left; i++) {
            ends &= ends - 1;
        }
        int bytes = (Long.numberOfTrailingZeros(ends) >>> 3) + 1;
        words[0] = low;
        words[1] = high & -1L >>> (Long.SIZE - (bytes << 3));
        return Long.BYTES + bytes;
    }

    /**
     * The value of up to eight varint bytes in a little-endian word, continuation bits and all: the seven-bit
     * groups packed pairwise, then in fours, then in eights (small enough for the JIT to inline where it is hot).
     */
    private static long sevenBitGroups(long word) {
        long x = word & 0x7f7f_7f7f_7f7f_7f7fL;
        x = (x & 0x007f_007f_007f_007fL) | (x >>> 1 & 0x3f80_3f80_3f80_3f80L);
        x = (x & 0x0000_3fff_0000_3fffL) | (x >>> 2 & 0x0fff_c000_0fff_c000L);
        return (x & 0x0000_0000_0fff_ffffL) | (x >>> 4 & 0x00ff_ffff_f000_0000L);
    }

    /** Byte by byte: near the end of the chunk. */
    private long readVarLongSlowly() {
        long result = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            byte b = readByte();
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        return result | (long) (readByte() & 0xff) << 56; // the ninth byte carries 8 bits
    }

    /**
     * Skips {@code count} varints: a byte ends a varint when its top bit is clear, or when it is the ninth.
     *
     * <p>Stack-trace entries are most of a chunk's constant-pool bytes and are skipped this way while indexing, so
     * this reads eight bytes at a time and counts their clear top bits. A varint of nine bytes (a value of 2^56 or
     * more, or a negative one: rare in a stack frame, but a park's "no deadline" is one) is found by its run of eight
     * continuation bytes, and the words go on after its ninth byte.
     */
    void skipVarInts(int count) {
        int p = position;
        int remaining = count;
        int run = 0; // continuation bytes of the varint in progress
        while (remaining > 0 && p <= limit - Long.BYTES) {
            long ends = ~buffer.getLong(p) & TOP_BITS;
            int leading = Long.numberOfTrailingZeros(ends) >>> 3; // continuation bytes before the first end (8: none)
            if (run + leading >= MAX_VARINT_BYTES - 1) {
                // a nine-byte varint: its ninth byte ends it, whatever its top bit
                p += MAX_VARINT_BYTES - run;
                if (p > limit) {
                    throw new Truncated(); // its ninth byte is past the end
                }
                run = 0;
                remaining--;
                continue;
            }
            int ends8 = Long.bitCount(ends);
            if (ends8 < remaining) {
                remaining -= ends8;
                run = Long.numberOfLeadingZeros(ends) >>> 3; // continuation bytes after the last end
                p += Long.BYTES;
            } else {
                for (int i = 1; i < remaining; i++) {
                    ends &= ends - 1; // drop the first end in file order
                }
                position = p + (Long.numberOfTrailingZeros(ends) >>> 3) + 1;
                return;
            }
        }
        int bytesInValue = run;
        while (remaining > 0) {
            if (p >= limit) {
                throw new Truncated();
            }
            if (buffer.get(p++) >= 0 || ++bytesInValue == MAX_VARINT_BYTES) {
                remaining--;
                bytesInValue = 0;
            }
        }
        position = p;
    }

    /** The top bit of each byte of a word. */
    private static final long TOP_BITS = 0x8080808080808080L;

    /** A 64-bit hash of the bytes in [from, to), read eight at a time. Never 0. */
    long hash(int from, int to) {
        long h = 0x9E3779B97F4A7C15L ^ (to - from);
        int p = from;
        for (; p + 8 <= to; p += 8) {
            h = Long.rotateLeft((h ^ buffer.getLong(p)) * 0xBF58476D1CE4E5B9L, 31);
        }
        for (; p < to; p++) {
            h = (h ^ (buffer.get(p) & 0xff)) * 0x100000001B3L;
        }
        h ^= h >>> 29;
        return h == 0 ? 1 : h;
    }

    /** A JFR varint is at most 9 bytes: 8 of 7 bits and a last one of 8. */
    private static final int MAX_VARINT_BYTES = 9;

    int readVarInt() {
        return (int) readVarLong();
    }

    float readFloat() {
        return Float.intBitsToFloat((int) readFixed(4));
    }

    double readDouble() {
        return Double.longBitsToDouble(readFixed(8));
    }

    private long readFixed(int bytes) {
        if (position + bytes > limit) {
            throw new Truncated();
        }
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = value << 8 | (buffer.get(position++) & 0xff);
        }
        return value;
    }

    void skip(int bytes) {
        position(position + bytes);
    }

    /**
     * Reads a string. A constant-pool reference returns {@code null} and leaves its id in {@link #lastStringRef};
     * callers that need the text resolve it.
     */
    String readString() {
        byte encoding = readByte();
        switch (encoding) {
            case STRING_NULL:
                return null;
            case STRING_EMPTY:
                return "";
            case STRING_CONSTANT_POOL:
                lastStringRef = readVarLong();
                return null;
            case STRING_UTF8: {
                int length = checkedLength(readVarInt());
                byte[] bytes = scratch(length);
                buffer.get(position, bytes, 0, length);
                position += length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case STRING_CHAR_ARRAY: {
                int length = checkedLength(readVarInt());
                char[] chars = new char[length];
                for (int i = 0; i < length; i++) {
                    chars[i] = (char) readVarInt();
                }
                return new String(chars);
            }
            case STRING_LATIN1: {
                int length = checkedLength(readVarInt());
                byte[] bytes = scratch(length);
                buffer.get(position, bytes, 0, length);
                position += length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            default:
                throw new Truncated(); // not a string encoding: the data is damaged
        }
    }

    /** Skips a string without building it. */
    void skipString() {
        byte encoding = readByte();
        switch (encoding) {
            case STRING_NULL:
            case STRING_EMPTY:
                return;
            case STRING_CONSTANT_POOL:
                readVarLong();
                return;
            case STRING_UTF8:
            case STRING_LATIN1:
                skip(checkedLength(readVarInt()));
                return;
            case STRING_CHAR_ARRAY: {
                int length = checkedLength(readVarInt());
                for (int i = 0; i < length; i++) {
                    readVarInt();
                }
                return;
            }
            default:
                throw new Truncated();
        }
    }

    private byte[] scratch = new byte[256];

    /** A reusable buffer for string bytes: strings are copied out of it, so one per cursor is enough. */
    private byte[] scratch(int length) {
        if (length > scratch.length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        return scratch;
    }

    /** The constant-pool id of the last string read with encoding 2, valid right after that read. */
    long lastStringRef = -1;

    private int checkedLength(int length) {
        if (length < 0 || length > limit - position) {
            throw new Truncated();
        }
        return length;
    }
}
