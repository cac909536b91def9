package org.jfrtriage.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One spelling per number, in every view (issue "on-call ergonomics": 13151.46 ms/s beside 13.15 threads). */
class NumbersTest {

    @Test
    void fractionsGetThreeSignificantDigitsAndThousandsSeparators() {
        assertThat(Numbers.withUnit(13151.46, "ms/s")).isEqualTo("13,151 ms/s");
        assertThat(Numbers.withUnit(13.15, "threads")).isEqualTo("13.2 threads");
        assertThat(Numbers.number(22976.41)).isEqualTo("22,976");
        assertThat(Numbers.number(962.4)).isEqualTo("962");
        assertThat(Numbers.number(7.9)).isEqualTo("7.9");
        assertThat(Numbers.number(7.90)).isEqualTo("7.9");
        assertThat(Numbers.number(1.05)).isEqualTo("1.05");
        assertThat(Numbers.number(0.123)).isEqualTo("0.12");
        assertThat(Numbers.number(0.0)).isEqualTo("0");
        assertThat(Numbers.number(-0.001)).isEqualTo("0");
        assertThat(Numbers.number(2.0)).isEqualTo("2");
    }

    @Test
    void integersAreGrouped() {
        assertThat(Numbers.number(1273L)).isEqualTo("1,273");
        assertThat(Numbers.number(1_204_000)).isEqualTo("1,204,000");
        assertThat(Numbers.withUnit(1273L, "")).isEqualTo("1,273");
    }

    @Test
    void aUnitAgreesWithItsNumber() {
        assertThat(Numbers.withUnit(1L, "threads")).isEqualTo("1 thread");
        assertThat(Numbers.withUnit(1.0, "threads")).isEqualTo("1 thread");
        assertThat(Numbers.withUnit(1.001, "threads blocked on average")).isEqualTo("1 thread blocked on average");
        assertThat(Numbers.withUnit(2L, "threads")).isEqualTo("2 threads");
        assertThat(Numbers.withUnit(0L, "samples")).isEqualTo("0 samples");
        assertThat(Numbers.withUnit(1.5, "threads")).isEqualTo("1.5 threads");
        // not nouns to singularize
        assertThat(Numbers.withUnit(1.0, "ms/s")).isEqualTo("1 ms/s");
        assertThat(Numbers.withUnit(1.0, "MB/s")).isEqualTo("1 MB/s");
        assertThat(Numbers.withUnit(1L, "class")).isEqualTo("1 class");
        assertThat(Numbers.count(1, "finding", "findings")).isEqualTo("1 finding");
        assertThat(Numbers.count(1204, "event", "events")).isEqualTo("1,204 events");
    }

    @Test
    void durationsSizesAndPercentagesReadAsInTitles() {
        assertThat(Numbers.withUnit(83437L, "ms")).isEqualTo("1.4 min");
        assertThat(Numbers.withUnit(112.1, "ms")).isEqualTo("112 ms");
        assertThat(Numbers.withUnit(1_125_471_032L, "bytes")).isEqualTo("1.0 GB");
        assertThat(Numbers.withUnit(96.04, "%")).isEqualTo("96%");
        assertThat(Numbers.withUnit(3.456, "%")).isEqualTo("3.46%");
        assertThat(Numbers.percentValue(12.6)).isEqualTo("13%");
        assertThat(Numbers.withUnit("java.util.concurrent", "")).isEqualTo("java.util.concurrent");
    }

    @Test
    void tableCellsUseTheSameFormatter() {
        assertThat(Numbers.cell(22976.41)).isEqualTo("22,976");
        assertThat(Numbers.cell(12L)).isEqualTo("12");
        assertThat(Numbers.cell("sweeper")).isEqualTo("sweeper");
    }
}
