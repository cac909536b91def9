package org.jfrtriage.analyzer.read.fast;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.jfrtriage.analyzer.table.LongIntMap;

/**
 * The frames of new stacks, each a sink frame id from its four varints (method id, line, bytecode index, frame type as
 * the JDK writes a {@code jdk.types.StackFrame}): {@code byBytes}, the frame's bytes looked up whole in
 * {@link StackCache} ({@link ChunkBuffer#varintRun}), next to its baseline {@code byFields}, the four varints decoded
 * ({@link ChunkBuffer#readVarLongs}) and the two lookups {@code ChunkReader.frameId} made before (the chunk's index of
 * the method id, then the frame by method, line and type). Every frame is known, as nearly all are on the dense 500 MB
 * benchmark (3,341,685 of 3,341,878 frames of its new stacks). Scores are microseconds per 64 K frames.
 *
 * <p>{@code mvn -B -ntp -q -DskipTests package -pl jmh -am && java -jar jmh/target/benchmarks.jar FrameBytesBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameBytesBenchmark {
    static final int COUNT = 1 << 16;

    /** Distinct frames the stacks are made of: 193 on the dense benchmark file; more for a larger application. */
    @Param({"200", "5000"})
    public int distinct;

    private ByteBuffer bytes;
    private int length;
    private final StackCache cache = new StackCache();
    private final LongIntMap localMethods = new LongIntMap(1024);
    private final LongIntMap frames = new LongIntMap(4096);

    @Setup
    public void setUp() {
        Random random = new Random(42);
        long[][] known = new long[distinct][];
        for (int f = 0; f < distinct; f++) {
            // the JDK's method ids: a class's trace id shifted left by 16, or'd with the method's number
            long method = (long) (1000 + random.nextInt(Math.max(1, distinct / 4))) << 16 | random.nextInt(40);
            known[f] = new long[] {method, random.nextInt(3000), random.nextInt(400), random.nextInt(4)};
        }
        ByteBuffer b = ByteBuffer.allocate(COUNT * 40 + 16);
        long[] one = new long[2];
        for (int i = 0; i < COUNT; i++) {
            long[] frame = known[random.nextInt(distinct)];
            int from = b.position();
            for (long v : frame) {
                while ((v & ~0x7FL) != 0) {
                    b.put((byte) ((v & 0x7F) | 0x80));
                    v >>>= 7;
                }
                b.put((byte) v);
            }
            int id = (int) (frame[0] * 31 + frame[1] * 7 + frame[3]) & 0xFFFFF;
            ChunkBuffer in = new ChunkBuffer(b.duplicate().flip().limit(b.position() + 16 > b.capacity()
                    ? b.position() : b.position() + 16));
            in.position(from);
            int keyBytes = in.varintRun(4, one);
            if (keyBytes > 0) {
                cache.putFrame(one[0], one[1], b.position() - from, id);
            }
            int method = localMethods.get(frame[0]);
            if (method == LongIntMap.MISSING) {
                method = localMethods.size();
                localMethods.put(frame[0], method);
            }
            frames.put((long) method << 32 | (frame[1] & 0xFFFFFF) << 8 | frame[3], id);
        }
        length = b.position();
        bytes = b;
    }

    @Benchmark
    public long byBytes() {
        ChunkBuffer in = new ChunkBuffer(bytes.duplicate().limit(length + 16));
        long[] words = new long[2];
        long[] fields = new long[4];
        long sum = 0;
        for (int i = 0; i < COUNT; i++) {
            int keyBytes = in.varintRun(4, words);
            int id = keyBytes > 0 ? cache.frame(words[0], words[1]) : LongIntMap.MISSING;
            if (id != LongIntMap.MISSING) {
                in.position(in.position() + cache.frameLength());
            } else {
                in.readVarLongs(fields, 4);
            }
            sum += id;
        }
        return sum;
    }

    /** Baseline: the fields decoded, then the method's index and the frame looked up. */
    @Benchmark
    public long byFields() {
        ChunkBuffer in = new ChunkBuffer(bytes.duplicate().limit(length + 16));
        long[] fields = new long[4];
        long sum = 0;
        for (int i = 0; i < COUNT; i++) {
            in.readVarLongs(fields, 4);
            int method = localMethods.get(fields[0]);
            long key = (long) method << 32 | (fields[1] & 0xFFFFFF) << 8 | (fields[3] & 0xFF);
            sum += frames.get(key);
        }
        return sum;
    }
}
