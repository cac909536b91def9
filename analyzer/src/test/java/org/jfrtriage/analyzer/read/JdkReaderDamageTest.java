package org.jfrtriage.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.profile.Profile;

/** {@code --engine jdk} on damaged and cut files: one line for what jdk.jfr cannot read, whole chunks of a cut file. */
class JdkReaderDamageTest {

    private static final Path SAMPLE = Path.of(System.getProperty("jfrtriage.root", "../.."))
            .resolve("sample-recordings/recordings/SyncMapHotspot-jdk17-default.jfr");

    @TempDir
    Path dir;

    /**
     * A constant pool that declares no entries is what makes jdk.jfr throw {@code InternalError("Pool … must
     * contain at least one element")}; it must become a {@link RecordingException} (exit 3), not a stack trace.
     */
    @Test
    void anInternalErrorOfTheJdkParserIsARecordingItCannotRead() throws Exception {
        byte[] bytes = Files.readAllBytes(SAMPLE);
        int count = firstPoolCountOffset(bytes);
        assertThat(bytes[count]).as("a one-byte pool count").isBetween((byte) 1, (byte) 127);
        bytes[count] = 0;
        Path damaged = dir.resolve("empty-pool.jfr");
        Files.write(damaged, bytes);
        assertThatThrownBy(() -> new Analyzer(Analyzer.Engine.JDK).analyze(damaged))
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith(damaged + ": the JDK's parser (--engine jdk) cannot read this recording")
                .hasMessageNotContaining("Pool");
    }

    /**
     * The heap running out while jdk.jfr reads (the 500 MB park-heavy benchmark file at -Xmx512m) is not damage: it
     * reaches the command's handler as itself ("out of memory … run with -Xmx2g or use --engine fast"), where it was
     * once reported as damaged constant pools.
     */
    @Test
    void runningOutOfMemoryIsNotReportedAsDamage() {
        RecordingSink recording = new RecordingSink();
        EventSink sink = (EventSink) Proxy.newProxyInstance(EventSink.class.getClassLoader(),
                new Class<?>[] {EventSink.class}, (proxy, method, args) -> {
                    if (method.getName().equals("onExecutionSample")) {
                        throw new OutOfMemoryError("Java heap space");
                    }
                    try {
                        return method.invoke(recording, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        assertThatThrownBy(() -> new JdkRecordingReader().read(SAMPLE, sink))
                .isInstanceOf(OutOfMemoryError.class)
                .hasMessage("Java heap space");
    }

    @Test
    void aCutMultiChunkFileGivesTheJdkReaderItsWholeChunks() throws Exception {
        Path source = JmcCorpus.file("flush_metadata.jfr");
        byte[] bytes = Files.readAllBytes(source);
        Path cut = dir.resolve("cut.jfr");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 1000));
        ChunkLayout layout = ChunkLayout.read(cut);
        assertThat(layout.chunks()).hasSize(2);
        Profile fast = new Analyzer(Analyzer.Engine.FAST).analyze(cut);
        Profile jdk = new Analyzer(Analyzer.Engine.JDK).analyze(cut);
        assertThat(jdk.info().complete()).isFalse();
        assertThat(jdk.info().bytesRead()).isEqualTo(layout.completeBytes());
        long events = jdk.info().eventCounts().values().stream().mapToLong(Long::longValue).sum();
        assertThat(events).as("events of the first, whole chunk").isGreaterThan(1000);
        assertThat(jdk.info().warnings()).containsExactly(String.format(
                "recording is incomplete: %d of %d bytes are in complete chunks; the rest was not analyzed",
                layout.completeBytes(), bytes.length - 1000));
        // the fast reader reads the cut chunk as far as it goes, so it has at least as many of every type
        jdk.info().eventCounts().forEach((type, n) ->
                assertThat(fast.info().eventCounts().getOrDefault(type, 0L)).as(type).isGreaterThanOrEqualTo(n));
    }

    /** The position of the first pool's entry count in the first chunk's first constant-pool event. */
    private static int firstPoolCountOffset(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position((int) in.getLong(16)); // the chunk header's constant-pool offset
        varint(in); // size
        assertThat(varint(in)).as("constant-pool event type").isEqualTo(1);
        varint(in); // start
        varint(in); // duration
        varint(in); // delta to the next constant-pool event
        varint(in); // checkpoint type
        assertThat(varint(in)).as("pools in the event").isPositive();
        varint(in); // type id
        return in.position();
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 56; shift += 7) { // 8 bytes of 7 bits, then one of 8
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        return value | (long) (in.get() & 0xff) << 56;
    }
}
