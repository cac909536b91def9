package org.jfrtriage.analyzer.read.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import org.jfrtriage.analyzer.read.ChunkLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chunk's bytes, copied into reused buffers or mapped: the same bytes either way, and no more buffers than in use. */
class ChunkBytesTest {

    @TempDir
    Path dir;

    private static ChunkLayout.Chunk chunk(long position, long size) {
        return new ChunkLayout.Chunk(position, size, size, 2, 0, 0, 0, 0, 0, 0, 1, 0, true);
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    @Test
    void copiesEachChunkExactlyAndReusesReleasedBuffers() throws IOException {
        byte[] file = new byte[16 << 20];
        new Random(7).nextBytes(file);
        Path path = Files.write(dir.resolve("r.jfr"), file);
        // chunks of different sizes, some outgrowing the buffers made for the earlier ones
        int[] sizes = {2_000_000, 1_800_000, 3_500_000, 1_000_000, 2_000_000, 3_900_000, 500_000};
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
             ChunkBytes bytes = new ChunkBytes(channel, 10 << 20, 1 << 20)) {
            long position = 0;
            ByteBuffer previous = null;
            java.util.Set<ByteBuffer> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (int size : sizes) {
                // as the reader does: the next chunk is loaded before the current one is released
                ByteBuffer current = bytes.load(chunk(position, size));
                assertThat(current.position()).isZero();
                assertThat(bytesOf(current)).isEqualTo(java.util.Arrays.copyOfRange(file, (int) position, (int) position + size));
                seen.add(current);
                if (previous != null) {
                    assertThat(current).isNotSameAs(previous); // never a buffer still in use
                    bytes.release(previous);
                }
                // two in use at a time: never more than two kept (one too small for a chunk is dropped)
                assertThat(bytes.buffersKept()).isLessThanOrEqualTo(2);
                previous = current;
                position += size;
            }
            assertThat(seen).as("buffers reused").hasSizeLessThan(sizes.length);
        }
    }

    @Test
    void buffersAsLargeAsTheLargestChunkAreMadeOnce() throws IOException {
        Path path = Files.write(dir.resolve("even.jfr"), new byte[8 << 20]);
        int[] sizes = {1_000_000, 1_500_000, 900_000, 1_500_000, 1_200_000, 1_100_000};
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
             ChunkBytes bytes = new ChunkBytes(channel, 10 << 20, 1_500_000)) {
            java.util.Set<ByteBuffer> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            ByteBuffer previous = null;
            long position = 0;
            for (int size : sizes) {
                ByteBuffer current = bytes.load(chunk(position, size));
                seen.add(current);
                if (previous != null) {
                    bytes.release(previous);
                }
                previous = current;
                position += size;
            }
            assertThat(seen).hasSize(2);
        }
    }

    @Test
    void mapsAChunkAboveTheCopyLimit() throws IOException {
        byte[] file = new byte[300_000];
        new Random(8).nextBytes(file);
        Path path = Files.write(dir.resolve("big.jfr"), file);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
             ChunkBytes bytes = new ChunkBytes(channel, 100_000, 100_000)) {
            ByteBuffer mapped = bytes.load(chunk(1_000, 250_000));
            assertThat(bytes.buffersKept()).as("mapped, not copied").isZero();
            assertThat(bytesOf(mapped)).isEqualTo(java.util.Arrays.copyOfRange(file, 1_000, 251_000));
            bytes.release(mapped);
        }
    }

    @Test
    void aFileShorterThanItsLayoutIsAnEndOfFileAndTheNextChunkStillLoads() throws IOException {
        Path path = Files.write(dir.resolve("short.jfr"), new byte[50_000]);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
             ChunkBytes bytes = new ChunkBytes(channel, 200_000, 10_000)) {
            // the file was cut after its layout was read
            assertThatThrownBy(() -> bytes.load(chunk(10_000, 60_000))).isInstanceOf(EOFException.class);
            ByteBuffer next = bytes.load(chunk(0, 40_000));
            assertThat(next.remaining()).isEqualTo(40_000);
            bytes.release(next);
            assertThat(bytes.buffersKept()).isEqualTo(1); // the failed load gave its buffer back for this one
        }
    }
}
