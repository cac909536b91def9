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

/**
 * The reader's innermost loops on JFR-like varints (mostly one- and two-byte ids and line numbers, some eight-byte
 * timestamps), each next to the byte-at-a-time loop it replaced, measured in the same run:
 * {@code readVarLong} (every decoded field) and {@code skipVarInts} (stack-trace constant-pool entries, skipped
 * while indexing). Scores are nanoseconds per 64 K varints. {@code shape=parks} is the fields of {@code jdk.ThreadPark}
 * events as JDK 17 writes an untimed park: start, duration, thread, stack, class, then "no timeout" and "no deadline"
 * as {@code Long.MIN_VALUE} (nine bytes each), then the blocker's address.
 *
 * {@code eventHeaders*}: park-sized events walked by their size and type id ({@code EventDispatch.scan}), 8 K per op.
 *
 * <p>{@code java -jar jmh/target/benchmarks.jar VarintBenchmark} (build with {@code mvn -o -q package -pl jmh -am
 * -DskipTests}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VarintBenchmark {
    static final int COUNT = 1 << 16;

    /** {@code stacks}: constant-pool ids, line numbers and some ticks; {@code parks}: park events' fields. */
    @Param({"stacks", "parks"})
    public String shape;

    private ByteBuffer bytes;
    private int length;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        ByteBuffer b = ByteBuffer.allocate(COUNT * 9 + 16);
        for (int i = 0; i < COUNT; i++) {
            long v = shape.equals("parks") ? parkField(random, i % 8) : stackField(random);
            int groups = 0; // JFR's varints: at most eight bytes of seven bits, then a ninth of eight
            while ((v & ~0x7FL) != 0 && groups < 8) {
                b.put((byte) ((v & 0x7F) | 0x80));
                v >>>= 7;
                groups++;
            }
            b.put((byte) v);
        }
        length = b.position();
        bytes = b;
        events = ByteBuffer.allocate(EVENTS * 64 + 16);
        for (int i = 0; i < EVENTS; i++) { // park-sized events (a size and a type id of one byte each), filler fields
            int size = 30 + random.nextInt(30);
            events.put((byte) size);
            events.put((byte) (random.nextInt(8) == 0 ? 20 : 90));
            for (int k = 2; k < size; k++) {
                events.put((byte) random.nextInt(128));
            }
        }
        eventsLength = events.position();
    }

    /** Events walked by their headers, 8 K of them, whatever the {@code shape}. */
    static final int EVENTS = 1 << 13;
    private ByteBuffer events;
    private int eventsLength;

    /** An event's size and type id read from one word ({@code EventDispatch.scan}), the varints where they are longer. */
    @Benchmark
    public long eventHeadersOneWord() {
        ChunkBuffer in = new ChunkBuffer(events.duplicate().limit(eventsLength));
        long sum = 0;
        int position = 0;
        while (position < eventsLength) {
            int header = in.oneByteEventHeader(position);
            int size = header >= 0 ? header & 0xff : in.readVarInt();
            long type = header >= 0 ? header >>> 8 : in.readVarLong();
            sum += type;
            position += size;
        }
        return sum;
    }

    /** Baseline: the two varints read one by one, as the scan did before. */
    @Benchmark
    public long eventHeadersTwoVarints() {
        ChunkBuffer in = new ChunkBuffer(events.duplicate().limit(eventsLength));
        long sum = 0;
        int position = 0;
        while (position < eventsLength) {
            in.position(position);
            int size = in.readVarInt();
            long type = in.readVarLong();
            sum += type;
            position += size;
        }
        return sum;
    }

    private static long stackField(Random random) {
        int kind = random.nextInt(100);
        return kind < 55 ? random.nextInt(128) // type ids, small fields
                : kind < 85 ? random.nextInt(1 << 14) // method ids, line numbers
                : kind < 95 ? random.nextInt(1 << 21) // stack and thread ids
                : 1_000_000_000_000L + random.nextInt(1 << 30); // ticks
    }

    private static long parkField(Random random, int field) {
        switch (field) {
            case 0: return 1_000_000_000_000L + random.nextInt(1 << 30); // start ticks
            case 1: return random.nextInt(1 << 20); // duration ticks
            case 2: return 1 + random.nextInt(64); // thread id
            case 3: return random.nextInt(1 << 14); // stack id
            case 4: return 1 + random.nextInt(200); // class id
            case 5: case 6: return Long.MIN_VALUE; // no timeout, no deadline
            default: return 0x7f00_0000_0000L + random.nextInt(1 << 24); // address
        }
    }

    @Benchmark
    public long readVarLong() {
        ChunkBuffer in = new ChunkBuffer(bytes.duplicate().limit(length + 16));
        long sum = 0;
        for (int i = 0; i < COUNT; i++) {
            sum += in.readVarLong();
        }
        return sum;
    }

    /** Eight at a time, as an event's fields are read. */
    @Benchmark
    public long readVarLongs() {
        ChunkBuffer in = new ChunkBuffer(bytes.duplicate().limit(length + 16));
        long[] fields = new long[8];
        long sum = 0;
        for (int i = 0; i < COUNT; i += 8) {
            in.readVarLongs(fields, 8);
            sum += fields[0] + fields[7];
        }
        return sum;
    }

    /** Baseline: one byte at a time with a bounds check each. */
    @Benchmark
    public long readVarLongByteLoop() {
        ByteBuffer in = bytes.duplicate();
        in.position(0);
        long sum = 0;
        for (int i = 0; i < COUNT; i++) {
            long result = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = in.get();
                if (shift == 56) {
                    result |= (long) (b & 0xff) << 56;
                    break;
                }
                result |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    break;
                }
            }
            sum += result;
        }
        return sum;
    }

    @Benchmark
    public int skipVarInts() {
        ChunkBuffer in = new ChunkBuffer(bytes.duplicate().limit(length + 16));
        in.skipVarInts(COUNT);
        return in.position();
    }

    /** Baseline: count ends of varints byte by byte. */
    @Benchmark
    public int skipVarIntsByteLoop() {
        ByteBuffer in = bytes.duplicate();
        int p = 0;
        int remaining = COUNT;
        int inValue = 0;
        while (remaining > 0) {
            byte b = in.get(p++);
            if (b >= 0 || ++inValue == 9) {
                remaining--;
                inValue = 0;
            }
        }
        return p;
    }
}
