package org.jfrtriage.analyzer.read.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Varints as JFR writes them (LEB128, at most nine bytes, the ninth carrying eight bits), read by the word-at-a-time
 * paths and by the byte-by-byte paths they fall back to near the end of a chunk and for nine-byte values.
 */
class ChunkBufferTest {

    /** JFR's encoding: seven bits a byte, low bits first; after eight bytes the ninth holds the top eight bits. */
    private static void writeVarLong(ByteArrayOutputStream out, long value) {
        long v = value;
        for (int i = 0; i < 8; i++) {
            if ((v & ~0x7FL) == 0) {
                out.write((int) v);
                return;
            }
            out.write((int) (v & 0x7F | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Values of every encoded length, 1 to 9 bytes, and the edges between lengths. */
    private static long[] values(Random random, int n) {
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            int bits = random.nextInt(65);
            long v = bits == 64 ? random.nextLong() : bits == 0 ? 0 : random.nextLong() >>> (64 - bits);
            if (random.nextInt(10) == 0) {
                v = (1L << (7 * (1 + random.nextInt(8)))) - random.nextInt(2); // 2^7k and 2^7k - 1
            } else if (random.nextInt(10) == 0) {
                v = random.nextBoolean() ? Long.MIN_VALUE : -1; // a park's "no timeout": nine bytes
            }
            values[i] = v;
        }
        return values;
    }

    private static ChunkBuffer buffer(byte[] bytes) {
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        return new ChunkBuffer(direct);
    }

    @Test
    void readsEveryLengthUpToTheLastByte() {
        Random random = new Random(1);
        for (int round = 0; round < 200; round++) {
            long[] values = values(random, 1 + random.nextInt(50));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (long v : values) {
                writeVarLong(out, v);
            }
            ChunkBuffer in = buffer(out.toByteArray());
            for (long v : values) {
                assertThat(in.readVarLong()).isEqualTo(v);
            }
            assertThat(in.position()).isEqualTo(in.limit());
            assertThatThrownBy(in::readVarLong).isInstanceOf(ChunkBuffer.Truncated.class);
        }
    }

    @Test
    void readsManyAtOnceAsOneByOneUpToTheLastByte() {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            long[] values = values(random, 1 + random.nextInt(50));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (long v : values) {
                writeVarLong(out, v);
            }
            ChunkBuffer in = buffer(out.toByteArray());
            long[] read = new long[values.length];
            int first = random.nextInt(values.length + 1);
            in.readVarLongs(read, first);
            for (int i = first; i < values.length; i++) {
                read[i] = in.readVarLong();
            }
            assertThat(read).containsExactly(values);
            assertThat(in.position()).isEqualTo(in.limit());
            assertThatThrownBy(() -> in.readVarLongs(new long[1], 1)).isInstanceOf(ChunkBuffer.Truncated.class);
        }
    }

    @Test
    void readsAnEventHeaderFromOneWordOnlyWhenBothVarintsAreOneByte() {
        Random random = new Random(6);
        for (int round = 0; round < 2_000; round++) {
            long size = random.nextBoolean() ? random.nextInt(128) : random.nextInt(1 << 16);
            long type = random.nextBoolean() ? random.nextInt(128) : random.nextInt(1 << 16);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int lead = random.nextInt(4);
            out.writeBytes(new byte[lead]);
            writeVarLong(out, size);
            writeVarLong(out, type);
            byte[] tail = new byte[random.nextInt(10)]; // sometimes fewer than eight bytes from the header on
            random.nextBytes(tail);
            out.writeBytes(tail);
            ChunkBuffer in = buffer(out.toByteArray());
            int header = in.oneByteEventHeader(lead);
            if (header >= 0) {
                assertThat(size).isLessThan(128);
                assertThat(type).isLessThan(128);
                assertThat(header & 0xff).isEqualTo(size);
                assertThat(header >>> 8).isEqualTo(type);
                assertThat(in.position()).isEqualTo(lead + 2);
            } else {
                // the caller reads the two varints from where the header begins
                assertThat(in.position()).isEqualTo(lead);
                assertThat(in.readVarInt()).isEqualTo(size);
                assertThat(in.readVarLong()).isEqualTo(type);
                boolean oneByteEach = size < 128 && type < 128;
                assertThat(oneByteEach && lead + Long.BYTES <= out.size()).isFalse();
            }
        }
    }

    @Test
    void skipsExactlyTheCountedVarints() {
        Random random = new Random(2);
        for (int round = 0; round < 500; round++) {
            // mostly small values as in stack frames, sometimes nine-byte ones
            long[] values = random.nextInt(4) == 0 ? values(random, 1 + random.nextInt(300)) : new long[1 + random.nextInt(300)];
            if (values[0] == 0 && values.length > 1) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = random.nextInt(1 << (7 * (1 + random.nextInt(3))));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int[] ends = new int[values.length + 1];
            for (int i = 0; i < values.length; i++) {
                writeVarLong(out, values[i]);
                ends[i + 1] = out.size();
            }
            out.write(0x55); // a byte after the varints, not to be consumed
            byte[] bytes = out.toByteArray();
            int skipped = random.nextInt(values.length + 1);
            ChunkBuffer in = buffer(bytes);
            in.skipVarInts(skipped);
            assertThat(in.position()).as("after skipping %d of %d", skipped, values.length).isEqualTo(ends[skipped]);
            if (skipped < values.length) {
                assertThat(in.readVarLong()).isEqualTo(values[skipped]);
            }
        }
    }

    @Test
    void aNineByteVarintCutAtTheEndIsTruncation() {
        for (int before = 0; before < 10; before++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < before; i++) {
                out.write(1);
            }
            for (int i = 0; i < 8; i++) {
                out.write(0x80); // eight continuation bytes: the ninth is missing
            }
            ChunkBuffer in = buffer(out.toByteArray());
            int skipped = before;
            assertThatThrownBy(() -> in.skipVarInts(skipped + 1)).isInstanceOf(ChunkBuffer.Truncated.class);
            ChunkBuffer again = buffer(out.toByteArray());
            again.skipVarInts(before);
            assertThat(again.position()).isEqualTo(before);
        }
    }

    @Test
    void skippingPastTheEndIsTruncation() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            writeVarLong(out, 300);
        }
        ChunkBuffer in = buffer(out.toByteArray());
        assertThatThrownBy(() -> in.skipVarInts(21)).isInstanceOf(ChunkBuffer.Truncated.class);
    }

    /**
     * A frame's bytes as a key ({@link ChunkBuffer#varintRun}): equal keys hold equal varints, the cursor stays, and
     * without a nine-byte varint the key ends where the last varint does. Small values collide often on purpose.
     */
    @Test
    void equalVarintRunsMeanEqualVarints() {
        Random random = new Random(7);
        java.util.Map<java.util.List<Long>, long[]> byKey = new java.util.HashMap<>();
        int keyed = 0;
        for (int round = 0; round < 20_000; round++) {
            int count = 1 + random.nextInt(4);
            long[] values = new long[count];
            for (int i = 0; i < count; i++) {
                values[i] = random.nextInt(4) == 0 ? values(random, 1)[0] : random.nextInt(1 << (1 + random.nextInt(20)));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (long v : values) {
                writeVarLong(out, v);
            }
            int length = out.size();
            byte[] tail = new byte[random.nextInt(24)];
            random.nextBytes(tail);
            out.writeBytes(tail);
            ChunkBuffer in = buffer(out.toByteArray());
            long[] words = new long[2];
            int keyBytes = in.varintRun(count, words);
            assertThat(in.position()).isZero();
            if (keyBytes < 0) {
                continue;
            }
            keyed++;
            boolean nineBytes = false;
            for (long v : values) {
                nineBytes |= (v >>> 56) != 0;
            }
            if (!nineBytes) {
                assertThat(keyBytes).isEqualTo(length);
            }
            assertThat(keyBytes).isGreaterThanOrEqualTo(length);
            long[] read = new long[count];
            in.readVarLongs(read, count);
            long[] known = byKey.putIfAbsent(java.util.List.of((long) count, words[0], words[1]), read);
            if (known != null) {
                assertThat(read).isEqualTo(known);
            }
        }
        assertThat(keyed).isGreaterThan(10_000);
        assertThat(byKey.size()).isLessThan(keyed); // keys did meet again
    }
}
