package org.jfrtriage.analyzer.profile;

import java.util.Arrays;
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

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.table.LongIntMap;

/**
 * A monitor wait charged to its lock's owner at its site ({@link ContentionSite#add}): {@code indexed}, the site's
 * owners past the eighth found by thread id in an array, next to its baseline {@code mapped}, the same site code with
 * the per-site {@link LongIntMap} it used before (copied here). Waits of 64 threads over many sites in random order,
 * as a convoy's owner changes from wait to wait; scores are microseconds per 64 K waits.
 *
 * <p>{@code mvn -B -ntp -q -DskipTests package -pl jmh -am && java -jar jmh/target/benchmarks.jar OwnerSlotsBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OwnerSlotsBenchmark {
    static final int COUNT = 1 << 16;
    static final int THREADS = 64;

    /** Sites waited at: few (all in cache) or as many as the dense benchmark file's monitor stacks. */
    @Param({"16", "20000"})
    public int sites;

    private ContentionSite[] indexed;
    private MappedOwners[] mapped;
    private int[] siteOf;
    private int[] ownerOf;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        indexed = new ContentionSite[sites];
        mapped = new MappedOwners[sites];
        for (int s = 0; s < sites; s++) {
            indexed[s] = new ContentionSite(s, ContentionKind.MONITOR_ENTER, "java.lang.Object", s, WaitCategory.LOCK);
            mapped[s] = new MappedOwners();
            for (int t = 0; t < THREADS; t++) { // every owner known: the steady state of a long recording
                indexed[s].add(1, t, (t * 7 + s) % THREADS);
                mapped[s].add((t * 7 + s) % THREADS, 1);
            }
        }
        siteOf = new int[COUNT];
        ownerOf = new int[COUNT];
        for (int i = 0; i < COUNT; i++) {
            siteOf[i] = random.nextInt(sites);
            ownerOf[i] = random.nextInt(THREADS);
        }
    }

    @Benchmark
    public long indexed() {
        for (int i = 0; i < COUNT; i++) {
            indexed[siteOf[i]].add(1_000, 1, ownerOf[i]);
        }
        return indexed[0].events();
    }

    /** Baseline: the site's owners past the eighth in a {@link LongIntMap} of its own. */
    @Benchmark
    public long mapped() {
        long n = 0;
        for (int i = 0; i < COUNT; i++) {
            mapped[siteOf[i]].add(ownerOf[i], 1_000);
            n++;
        }
        return n + mapped[0].ownerCount;
    }

    /** ContentionSite's owner totals as they were: scanned up to eight owners, then a map from owner to slot. */
    static final class MappedOwners {
        private long events;
        private long totalNanos;
        private int[] owners = new int[2];
        private long[] ownerTotals = new long[2];
        private int ownerCount;
        private LongIntMap ownerSlots;

        void add(int owner, long nanos) {
            events++;
            totalNanos += nanos;
            int slot = ownerSlot(owner); // may grow the arrays: look them up after
            ownerTotals[slot] += nanos;
        }

        private int ownerSlot(int owner) {
            if (ownerSlots != null) {
                int slot = ownerSlots.get(owner);
                if (slot != LongIntMap.MISSING) {
                    return slot;
                }
            } else {
                for (int i = 0; i < ownerCount; i++) {
                    if (owners[i] == owner) {
                        return i;
                    }
                }
            }
            if (ownerCount == owners.length) {
                owners = Arrays.copyOf(owners, ownerCount * 2);
                ownerTotals = Arrays.copyOf(ownerTotals, ownerCount * 2);
            }
            int slot = ownerCount++;
            owners[slot] = owner;
            if (ownerSlots != null) {
                ownerSlots.put(owner, slot);
            } else if (ownerCount > 8) {
                ownerSlots = new LongIntMap(ownerCount * 2);
                for (int i = 0; i < ownerCount; i++) {
                    ownerSlots.put(owners[i], i);
                }
            }
            return slot;
        }
    }
}
