package org.jfrtriage.rules.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ScoreCurveTest {
    private static final Threshold T = new Threshold("test.measure", "a measure", "ms", 10, 100, 1000, "test");

    @Test
    void limitsMapToTheirScoresAndSeverities() {
        assertThat(T.score(10)).isEqualTo(25);
        assertThat(T.score(100)).isEqualTo(50);
        assertThat(T.score(1000)).isEqualTo(75);
        assertThat(ScoreCurve.severity(T.score(9.99))).isEqualTo(Severity.OK);
        assertThat(ScoreCurve.severity(T.score(10))).isEqualTo(Severity.INFO);
        assertThat(ScoreCurve.severity(T.score(99.9))).isEqualTo(Severity.INFO);
        assertThat(ScoreCurve.severity(T.score(100))).isEqualTo(Severity.WARNING);
        assertThat(ScoreCurve.severity(T.score(999))).isEqualTo(Severity.WARNING);
        assertThat(ScoreCurve.severity(T.score(1000))).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void zeroNegativeAndNaNScoreZero() {
        assertThat(T.score(0)).isZero();
        assertThat(T.score(-5)).isZero();
        assertThat(T.score(Double.NaN)).isZero();
    }

    @Test
    void monotoneAndBoundedForRandomMeasuresAndLimits() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            double info = 0.001 + random.nextDouble() * 100;
            double warning = info * (1.01 + random.nextDouble() * 20);
            double critical = warning * (1.01 + random.nextDouble() * 20);
            Threshold t = new Threshold("random", "r", "", info, warning, critical, "property test");
            double a = random.nextDouble() * critical * 3;
            double b = a + random.nextDouble() * critical;
            assertThat(t.score(a)).isBetween(0, 100).isLessThanOrEqualTo(t.score(b));
            assertThat(t.score(Double.MAX_VALUE)).isEqualTo(100);
        }
    }

    @Test
    void limitsMustBeOrdered() {
        assertThatThrownBy(() -> new Threshold("bad", "b", "", 10, 5, 20, "unordered"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad");
    }
}
