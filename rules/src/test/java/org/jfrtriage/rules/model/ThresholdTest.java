package org.jfrtriage.rules.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdTest {
    private static final Threshold T = new Threshold("test.measure", "a measure", "ms", 10, 100, 1000, "test");

    @Test
    void limitsMustBeStrictlyOrderedAndPositive() {
        assertThatThrownBy(() -> new Threshold("zero", "z", "", 0, 5, 20, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("zero: limits must satisfy 0 < info < warning < critical");
        assertThatThrownBy(() -> new Threshold("flat-low", "f", "", 5, 5, 20, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Threshold("flat-high", "f", "", 5, 20, 20, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Threshold("ok", "o", "", 0.001, 0.002, 0.003, "").critical()).isEqualTo(0.003);
    }

    @Test
    void theCurveBetweenAndBeyondTheLimits() {
        assertThat(T.score(5)).isEqualTo(12); // linear below info: 25 * 5 / 10
        assertThat(T.score(Math.sqrt(10 * 100))).isEqualTo(37); // halfway, on a log scale, from info to warning
        assertThat(T.score(Math.sqrt(100 * 1000))).isEqualTo(62); // halfway from warning to critical
        assertThat(T.score(2000)).isEqualTo(87); // 75 + 25 * (1 - 1000 / 2000)
        assertThat(T.score(4000)).isEqualTo(93);
        assertThat(ScoreCurve.severity(24)).isEqualTo(Severity.OK);
        assertThat(ScoreCurve.severity(25)).isEqualTo(Severity.INFO);
        assertThat(ScoreCurve.severity(49)).isEqualTo(Severity.INFO);
        assertThat(ScoreCurve.severity(50)).isEqualTo(Severity.WARNING);
        assertThat(ScoreCurve.severity(74)).isEqualTo(Severity.WARNING);
        assertThat(ScoreCurve.severity(75)).isEqualTo(Severity.CRITICAL);
    }
}
