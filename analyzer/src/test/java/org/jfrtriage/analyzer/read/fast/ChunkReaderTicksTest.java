package org.jfrtriage.analyzer.read.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Ticks that are nanoseconds skip the division only where it would have given the count itself. */
class ChunkReaderTicksTest {

    private static final double NANOSECOND_TICK = 1_000_000_000L / 1e9;

    @Test
    void countsFromMinus2Pow53To2Pow53AreTheirOwnDivisionByOne() {
        long limit = 1L << 53;
        for (long ticks : new long[] {0, 1, -1, 1_000_000_000L, limit - 1, -limit, -limit + 1}) {
            assertThat(ChunkReader.exactAsDouble(ticks)).as("%d", ticks).isTrue();
            assertThat((long) (ticks / NANOSECOND_TICK)).isEqualTo(ticks);
        }
    }

    @Test
    void largerCountsAndLongMinValueGoThroughTheDivision() {
        long limit = 1L << 53;
        for (long ticks : new long[] {limit, limit + 1, -limit - 1, 1L << 54, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1}) {
            assertThat(ChunkReader.exactAsDouble(ticks)).as("%d", ticks).isFalse();
        }
    }

    @Test
    void whereverTheDivisionIsSkippedItWouldHaveGivenTheSameCount() {
        Random random = new Random(16);
        for (int i = 0; i < 1_000_000; i++) {
            long ticks = random.nextLong() >> random.nextInt(64);
            if (ChunkReader.exactAsDouble(ticks)) {
                assertThat((long) (ticks / NANOSECOND_TICK)).as("%d", ticks).isEqualTo(ticks);
            }
        }
    }
}
