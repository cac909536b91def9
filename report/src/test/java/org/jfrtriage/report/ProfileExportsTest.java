package org.jfrtriage.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The pprof export's reading of JFR's sampling period (the whole export is read back from real recordings in the
 * CLI's ExportFormatsTest).
 */
class ProfileExportsTest {

    @Test
    void aSamplingPeriodIsReadInEachUnitJfrWrites() {
        assertThat(ProfileExports.nanos("20 ms")).isEqualTo(20_000_000L);
        assertThat(ProfileExports.nanos("10ms")).isEqualTo(10_000_000L);
        assertThat(ProfileExports.nanos(" 1 s ")).isEqualTo(1_000_000_000L);
        assertThat(ProfileExports.nanos("500 us")).isEqualTo(500_000L);
        assertThat(ProfileExports.nanos("999 ns")).isEqualTo(999L);
    }

    @Test
    void anythingElseIsNoPeriodRatherThanAGuess() {
        assertThat(ProfileExports.nanos(null)).isZero();
        assertThat(ProfileExports.nanos("")).isZero();
        assertThat(ProfileExports.nanos("off")).isZero();
        assertThat(ProfileExports.nanos("1 min")).isZero();
        assertThat(ProfileExports.nanos("everyChunk")).isZero();
        assertThat(ProfileExports.nanos("-20 ms")).isZero();
    }
}
