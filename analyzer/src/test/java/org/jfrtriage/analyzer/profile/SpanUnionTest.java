package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The union of spans, made in the arrays it is given, against the union of the spans sorted as objects. */
class SpanUnionTest {

    private static SpanUnion union(long... bounds) {
        int n = bounds.length / 2;
        long[] starts = new long[n];
        long[] ends = new long[n];
        for (int k = 0; k < n; k++) {
            starts[k] = bounds[2 * k];
            ends[k] = bounds[2 * k + 1];
        }
        return SpanUnion.of(starts, ends, 0, n, new long[n]);
    }

    @Test
    void overlappingAndTouchingSpansAreOneApartOnesStayApart() {
        SpanUnion u = union(50, 60, 10, 20, 15, 30, 30, 35, 40, 45);
        assertThat(u).isEqualTo(SpanUnion.ofOrdered(10, 35, 40, 45, 50, 60));
        assertThat(u.size()).isEqualTo(3);
        assertThat(u.from(1)).isEqualTo(40);
        assertThat(u.to(1)).isEqualTo(45);
        assertThat(u.totalNanos()).isEqualTo(25 + 5 + 10);
        assertThat(u).hasToString("[[10, 35), [40, 45), [50, 60)]");
    }

    @Test
    void aSpanInsideAnotherAddsNothing() {
        assertThat(union(0, 100, 10, 20, 30, 40)).isEqualTo(SpanUnion.ofOrdered(0, 100));
    }

    @Test
    void noSpansIsEmpty() {
        SpanUnion u = union();
        assertThat(u.isEmpty()).isTrue();
        assertThat(u.size()).isZero();
        assertThat(u.totalNanos()).isZero();
        assertThat(u).isSameAs(SpanUnion.EMPTY);
    }

    @Test
    void onlyTheRangeAskedForIsMadeAndTheRestOfTheArraysIsLeft() {
        long[] starts = {-1, 7, 1, 3, -1};
        long[] ends = {-2, 9, 4, 5, -2};
        SpanUnion u = SpanUnion.of(starts, ends, 1, 4, new long[3]);
        assertThat(u).isEqualTo(SpanUnion.ofOrdered(1, 5, 7, 9));
        assertThat(starts[0]).isEqualTo(-1);
        assertThat(starts[4]).isEqualTo(-1);
        assertThat(ends[0]).isEqualTo(-2);
        assertThat(ends[4]).isEqualTo(-2);
    }

    @Test
    void randomSpansGiveTheUnionOfTheSpansSortedAsObjects() {
        Random random = new Random(16);
        for (int round = 0; round < 500; round++) {
            int n = 1 + random.nextInt(200);
            long[] bounds = new long[2 * n];
            for (int k = 0; k < n; k++) {
                long from = random.nextInt(10_000);
                bounds[2 * k] = from;
                bounds[2 * k + 1] = from + random.nextInt(round % 2 == 0 ? 30 : 300);
            }
            assertThat(union(bounds)).as("round %d", round).isEqualTo(expected(bounds));
        }
    }

    @Test
    void spansNotApartAndInOrderAreRefused() {
        assertThatThrownBy(() -> SpanUnion.ofOrdered(10, 20, 15, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpanUnion.ofOrdered(10)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The union the slow way: spans sorted by start, each merged into the last when it starts by its end. */
    private static SpanUnion expected(long[] bounds) {
        List<long[]> spans = new ArrayList<>();
        for (int k = 0; k < bounds.length; k += 2) {
            spans.add(new long[] {bounds[k], bounds[k + 1]});
        }
        spans.sort(Comparator.comparingLong(s -> s[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] s : spans) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && s[0] <= last[1]) {
                last[1] = Math.max(last[1], s[1]);
            } else {
                out.add(s.clone());
            }
        }
        return SpanUnion.ofOrdered(out.stream().flatMapToLong(Arrays::stream).toArray());
    }
}
