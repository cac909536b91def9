package org.jfrtriage.rules.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void millisPickTheirUnitAtEachBoundary() {
        assertThat(Units.millis(90_000)).isEqualTo("1.5 min");
        assertThat(Units.millis(60_000)).isEqualTo("1.0 min");
        assertThat(Units.millis(59_999)).isEqualTo("60 s");
        assertThat(Units.millis(10_000)).isEqualTo("10 s");
        assertThat(Units.millis(9_999)).isEqualTo("10.0 s");
        assertThat(Units.millis(1_500)).isEqualTo("1.5 s");
        assertThat(Units.millis(1_000)).isEqualTo("1.0 s");
        assertThat(Units.millis(999)).isEqualTo("999 ms");
        assertThat(Units.millis(10)).isEqualTo("10 ms");
        assertThat(Units.millis(9.94)).isEqualTo("9.9 ms");
        assertThat(Units.millis(0)).isEqualTo("0.0 ms");
    }

    @Test
    void countsAreGroupedAndTheirNounAgrees() {
        assertThat(Units.count(1, "thread", "threads")).isEqualTo("1 thread");
        assertThat(Units.count(0, "thread", "threads")).isEqualTo("0 threads");
        assertThat(Units.count(2, "thread", "threads")).isEqualTo("2 threads");
        assertThat(Units.count(2400, "event", "events")).isEqualTo("2,400 events");
        assertThat(Units.count(-1, "event", "events")).isEqualTo("-1 events");
        assertThat(Units.grouped(1_234_567)).isEqualTo("1,234,567");
        assertThat(Units.grouped(999)).isEqualTo("999");
    }

    @Test
    void aFigureTwoDecimalsCannotShowIsZeroWhateverItsSign() {
        assertThat(Units.format(-1e-13, "")).isEqualTo("0");
        assertThat(Units.format(-0.0049, "")).isEqualTo("0");
        assertThat(Units.format(0.0049, "")).isEqualTo("0");
        assertThat(Units.format(-0.006, "")).isEqualTo("-0.01");
        assertThat(Units.format(0.25, "")).isEqualTo("0.25");
        assertThat(Units.format(-0.5, "threads")).isEqualTo("-0.50 threads");
        assertThat(Units.format(3.0, "")).isEqualTo("3");
    }

    @Test
    void nanosReadAsMillis() {
        assertThat(Units.nanos(1_500_000_000L)).isEqualTo("1.5 s");
        assertThat(Units.nanos(1_240_000L)).isEqualTo("1.2 ms");
        assertThat(Units.nanos(250_000_000L)).isEqualTo("250 ms");
    }

    @Test
    void bytesStepBy1024UpToTerabytes() {
        assertThat(Units.bytes(0)).isEqualTo("0 B");
        assertThat(Units.bytes(1023)).isEqualTo("1023 B");
        assertThat(Units.bytes(1024)).isEqualTo("1.0 KB");
        assertThat(Units.bytes(1536)).isEqualTo("1.5 KB");
        assertThat(Units.bytes(3 * 1024 * 1024)).isEqualTo("3.0 MB");
        assertThat(Units.bytes(5.0 * (1L << 40))).isEqualTo("5.0 TB");
        assertThat(Units.bytes(1L << 50)).isEqualTo("1024.0 TB");
    }

    @Test
    void percentKeepsADecimalBelowTen() {
        assertThat(Units.percent(0.12)).isEqualTo("12%");
        assertThat(Units.percent(0.10)).isEqualTo("10%");
        assertThat(Units.percent(0.0999)).isEqualTo("10.0%");
        assertThat(Units.percent(0.05)).isEqualTo("5.0%");
        assertThat(Units.percent(0.00123)).isEqualTo("0.1%");
        assertThat(Units.percent(0)).isEqualTo("0%");
    }

    @Test
    void formatByUnit() {
        assertThat(Units.format(1_500.0, "ms")).isEqualTo("1.5 s");
        assertThat(Units.format(2_048L, "bytes")).isEqualTo("2.0 KB");
        assertThat(Units.format(12.345, "%")).isEqualTo("12.3%");
        assertThat(Units.format(1_234_567L, "")).isEqualTo("1,234,567");
        assertThat(Units.format(12, "threads")).isEqualTo("12 threads");
        assertThat(Units.format(2.0, "")).isEqualTo("2");
        assertThat(Units.format(-3.0, "")).isEqualTo("-3");
        assertThat(Units.format(2.5, "MB/s")).isEqualTo("2.50 MB/s");
        assertThat(Units.format(1e15, "")).isEqualTo("1000000000000000.00");
        assertThat(Units.format("monitor", "ms")).isEqualTo("monitor");
        assertThat(Units.format(null, "")).isEqualTo("null");
    }

    @Test
    void labels() {
        assertThat(Severity.CRITICAL.label()).isEqualTo("critical");
        assertThat(Severity.OK.label()).isEqualTo("ok");
        assertThat(Check.Status.NOT_APPLICABLE.label()).isEqualTo("not-applicable");
        assertThat(Check.Status.FINDINGS.label()).isEqualTo("findings");
        assertThat(Check.Status.OK.label()).isEqualTo("ok");
        assertThat(Step.WHICH_LOCK.number()).isEqualTo(2);
        assertThat(Step.DID_THE_FIX_WORK.number()).isEqualTo(4);
        assertThat(Step.WHO_IS_STUCK.question()).isEqualTo("Who is stuck?");
    }

    @Test
    void siteRefNames() {
        SiteRef site = new SiteRef("com.acme.PriceBook", "quote", 42);
        assertThat(site.toString()).isEqualTo("com.acme.PriceBook.quote:42");
        assertThat(new SiteRef("com.acme.PriceBook", "quote", 0).toString()).isEqualTo("com.acme.PriceBook.quote:0");
        assertThat(new SiteRef("com.acme.PriceBook", "quote", -1).toString()).isEqualTo("com.acme.PriceBook.quote");
        assertThat(site.shortName()).isEqualTo("PriceBook.quote");
        assertThat(new SiteRef("PriceBook", "quote", 1).shortName()).isEqualTo("PriceBook.quote");
        assertThat(new SiteRef("", "libc_read", -1).shortName()).isEqualTo("libc_read");
        assertThat(SiteRef.UNKNOWN.qualifiedMethod()).isEqualTo("(unknown)");
    }
}
