package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

class ExceptionStormRuleTest {
    private static final String NFE = "java.lang.NumberFormatException";
    private static final String[] PARSE = {"java.lang.NumberFormatException.<init>", "java.lang.Long.parseLong",
            "com.acme.QuoteParser.parse", "com.acme.Handler.handle"};

    private static Rule.Result evaluate(SyntheticProfile p) {
        return new ExceptionStormRule().evaluate(p.build());
    }

    /** jdk.ExceptionStatistics readings 10 s apart that count {@code perSecond} throwables a second. */
    private static SyntheticProfile counting(long perSecond) {
        return new SyntheticProfile(10).throwableCount(T0, 50).throwableCount(T0 + 10 * SECOND, 50 + perSecond * 10);
    }

    @Test
    void withoutACountOfThrowablesTheRuleSaysWhatToEnable() {
        Rule.Result r = evaluate(new SyntheticProfile(10));
        assertThat(r.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(r.check().message()).contains("enable jdk.ExceptionStatistics");
        // throttled exception events (JDK 25's profile) undercount: they name classes, never the rate
        SyntheticProfile throttled = new SyntheticProfile(10).setting("jdk.JavaExceptionThrow", "throttle", "300/s");
        throttled.throwable(T0, "h", NFE, "", throttled.stack(PARSE), false);
        assertThat(evaluate(throttled).check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
    }

    @Test
    void aRateBelowTheInfoLimitIsOk() {
        Rule.Result r = evaluate(counting(999));
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().message()).isEqualTo("999 throwables/s on average (jdk.ExceptionStatistics); below 1,000/s");
    }

    @Test
    void aStormIsNamedByItsClassAndThrowSiteFromTheEvents() {
        SyntheticProfile p = counting(6_000);
        int parse = p.stack(PARSE);
        int io = p.stack("java.io.IOException.<init>", "com.acme.Client.call");
        for (int i = 0; i < 90; i++) {
            p.throwable(T0 + i * MS, "handler-" + (i % 2), NFE, "For input string: \"N/A\"", parse, false);
        }
        for (int i = 0; i < 10; i++) {
            p.throwable(T0 + i * MS, "client", "java.io.IOException", "", io, false);
        }
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.title()).isEqualTo("6,000 throwables created per second: mostly java.lang.NumberFormatException at "
                + "QuoteParser.parse (90% of those recorded)");
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.QuoteParser.parse");
        assertThat(f.id()).isEqualTo("exception-storm|com.acme.QuoteParser.parse|java.lang.NumberFormatException");
        assertThat(f.evidence("threads")).isEqualTo(2L);
        assertThat(f.evidence("message")).isEqualTo("For input string: \"N/A\"");
        assertThat(f.tables().get(0).rows()).containsExactly(
                List.of(NFE, "QuoteParser.parse", 90L, "90%", 2),
                List.of("java.io.IOException", "Client.call", 10L, "10%", 1));
        assertThat(f.recommendation()).contains("QuoteParser.parse").contains("writableStackTrace=false");
    }

    @Test
    void mostlyOnlyForMoreThanHalfOfTheThrowables() {
        // 50 of 100 recorded at one site: the most common, not "mostly"
        SyntheticProfile p = counting(6_000);
        int parse = p.stack(PARSE);
        int io = p.stack("java.io.IOException.<init>", "com.acme.Client.call");
        int cast = p.stack("java.lang.ClassCastException.<init>", "com.acme.Codec.decode");
        for (int i = 0; i < 50; i++) {
            p.throwable(T0 + i * MS, "handler", NFE, "", parse, false);
        }
        for (int i = 0; i < 30; i++) {
            p.throwable(T0 + i * MS, "client", "java.io.IOException", "", io, false);
        }
        for (int i = 0; i < 20; i++) {
            p.throwable(T0 + i * MS, "codec", "java.lang.ClassCastException", "", cast, false);
        }
        assertThat(evaluate(p).findings().get(0).title()).isEqualTo("6,000 throwables created per second: the most common, "
                + "java.lang.NumberFormatException at QuoteParser.parse (50% of those recorded)");
        // ten more at that site are more than half (60 of 110)
        for (int i = 0; i < 10; i++) {
            p.throwable(T0 + (60 + i) * MS, "handler", NFE, "", parse, false);
        }
        assertThat(evaluate(p).findings().get(0).title()).isEqualTo("6,000 throwables created per second: mostly "
                + "java.lang.NumberFormatException at QuoteParser.parse (55% of those recorded)");
    }

    @Test
    void withoutThrowableEventsCpuSamplesInsideConstructorsNameTheClass() {
        SyntheticProfile p = counting(25_000);
        int sampled = p.stack("java.lang.Throwable.fillInStackTrace", "java.lang.Throwable.<init>", "java.lang.Exception.<init>",
                "java.lang.RuntimeException.<init>", "java.lang.IllegalArgumentException.<init>", "java.lang.NumberFormatException.<init>",
                "java.lang.Long.parseLong", "com.acme.QuoteParser.parse");
        p.cpu(T0, "handler-1", sampled, 30).cpu(T0, "handler-1", p.stack("com.acme.QuoteParser.parse"), 100);
        // errors alone (JDK 17's settings) are the JDK's own linkage errors, not the storm
        p.throwable(T0, "main", "java.lang.NoSuchMethodError", "", p.stack("java.lang.NoSuchMethodError.<init>",
                "java.lang.invoke.MethodHandleNatives.linkMethod"), true);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.title()).endsWith("mostly java.lang.NumberFormatException at QuoteParser.parse (100% of those sampled)");
        assertThat(f.evidence("breakdownSource")).isEqualTo("CPU samples inside throwable constructors");
        assertThat(f.evidence("threads")).isNull(); // samples do not count threads: never a claim of zero
    }

    @Test
    void concurrentModificationExceptionsAreLinkedToTheMapWrittenInTheirClass() {
        SyntheticProfile p = counting(50_000);
        int write = p.stack("java.util.HashMap.putVal", "java.util.HashMap.put", "com.acme.Ledger.receive");
        for (int i = 0; i < UnsynchronizedMapWriteRule.RACE_MIN_COINCIDENT_PAIRS; i++) {
            p.cpu(T0 + i * 20 * MS, "w-1", write, 1).cpu(T0 + i * 20 * MS + MS, "w-2", write, 1);
        }
        int iterate = p.stack("java.util.ConcurrentModificationException.<init>", "java.util.HashMap$HashIterator.nextNode",
                "com.acme.Ledger.total");
        p.throwable(T0, "reporter", "java.util.ConcurrentModificationException", "", iterate, false);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.evidence("linkedFinding")).isEqualTo("unsynchronized-map-write at Ledger.receive");
        // the map finding names the cause: the storm it throws is at most a warning
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.score()).isEqualTo(74);
        assertThat(f.recommendation()).startsWith("The java.util.ConcurrentModificationExceptions come from a HashMap changed by "
                + "several threads at once (unsynchronized-map-write at Ledger.receive)");
        // a CME from a list is not a map race
        SyntheticProfile list = counting(2_000);
        list.throwable(T0, "x", "java.util.ConcurrentModificationException", "",
                list.stack("java.util.ConcurrentModificationException.<init>", "java.util.ArrayList$Itr.next", "com.acme.Ledger.total"), false);
        assertThat(evaluate(list).findings().get(0).evidence("linkedFinding")).isNull();
    }

    @Test
    void aStormWithoutEventsOrSamplesSaysWhatWouldNameIt() {
        Finding f = evaluate(counting(30_000)).findings().get(0);
        assertThat(f.title()).isEqualTo("30,000 throwables created per second; the recording does not say which "
                + "(enable jdk.JavaExceptionThrow for a short recording)");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    }
}
