package org.jfrtriage.jmh;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.jfrtriage.analyzer.table.LongIntMap;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.ProfileBuilder;
import org.jfrtriage.analyzer.read.JdkRecordingReader;
import org.jfrtriage.analyzer.read.fast.FastJfrReader;

/**
 * A whole committed sample recording read into a profile, by our reader on one thread and by the
 * {@code jdk.jfr.consumer} reference (the baseline), in the same run; and the id map every event goes through,
 * next to {@code HashMap<Long, Integer>}. Run from the repository root (the recording path is relative to it):
 * {@code java -jar jmh/target/benchmarks.jar ReaderBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReaderBenchmark {
    @Param({"sample-recordings/recordings/SyncMapHotspot-jdk17-default.jfr",
            "sample-recordings/recordings/UnsizedHashMapPerRequest-jdk25-profile.jfr"})
    public String recording;

    @Benchmark
    public Profile fastReader() throws Exception {
        ProfileBuilder builder = new ProfileBuilder("bench");
        FastJfrReader.singleThreaded().read(Path.of(recording), builder);
        return builder.build();
    }

    /** Baseline: the JDK's parser feeding the same builder. */
    @Benchmark
    public Profile jdkReader() throws Exception {
        ProfileBuilder builder = new ProfileBuilder("bench");
        new JdkRecordingReader().read(Path.of(recording), builder);
        return builder.build();
    }

    /** Id lookups: our open-addressing map against boxed HashMap, 64 K hits among 64 K keys. */
    @State(Scope.Thread)
    public static class Ids {
        final LongIntMap ours = new LongIntMap();
        final java.util.HashMap<Long, Integer> boxed = new java.util.HashMap<>();
        final long[] keys = new long[1 << 16];

        public Ids() {
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < keys.length; i++) {
                keys[i] = 1_000_000L + random.nextInt(1 << 22);
                ours.put(keys[i], i);
                boxed.put(keys[i], i);
            }
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long longIntMapGet(Ids ids) {
        long sum = 0;
        for (long k : ids.keys) {
            sum += ids.ours.get(k);
        }
        return sum;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long hashMapGet(Ids ids) {
        long sum = 0;
        for (long k : ids.keys) {
            sum += ids.boxed.get(k);
        }
        return sum;
    }
}
