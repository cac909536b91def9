package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import java.util.List;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.SiteRef;

class VirtualThreadPinningRuleTest {

    private static final String[] PARK = {"java.lang.VirtualThread.parkOnCarrierThread", "java.lang.VirtualThread.parkNanos",
            "java.lang.Thread.sleep"};

    private static int stack(SyntheticProfile p, String... below) {
        String[] frames = new String[PARK.length + below.length];
        System.arraycopy(PARK, 0, frames, 0, PARK.length);
        System.arraycopy(below, 0, frames, PARK.length, below.length);
        return p.stack(frames);
    }

    @Test
    void aJvmBeforeJdk21HasNoVirtualThreadsToPin() {
        Rule.Result r = new VirtualThreadPinningRule().evaluate(new SyntheticProfile(10).javaVersion("17.0.15+6").build());
        assertThat(r.check().status()).isEqualTo(Check.Status.OK);
        assertThat(r.check().message()).contains("17.0.15+6").contains("no virtual threads");
        Rule.Result eight = new VirtualThreadPinningRule().evaluate(new SyntheticProfile(10).javaVersion("1.8.0_144").build());
        assertThat(eight.check().message()).contains("no virtual threads");
    }

    @Test
    void aJdk25RecordingWithoutTheEventSaysWhichToEnable() {
        Rule.Result r = new VirtualThreadPinningRule().evaluate(new SyntheticProfile(10).javaVersion("25.0.1+8").build());
        assertThat(r.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(r.check().message()).contains("jdk.VirtualThreadPinned");
        Rule.Result none = new VirtualThreadPinningRule().evaluate(new SyntheticProfile(10).javaVersion("25.0.1+8")
                .enabled("jdk.VirtualThreadPinned").build());
        assertThat(none.check().status()).isEqualTo(Check.Status.OK);
    }

    @Test
    void aPinUnderANativeFrameIsNamedWithItsReasonAndCarriersStarveWhenAllArePinned() {
        // 2 carriers, 60 s: two virtual threads pinned 25 ms of every 50 ms each, at the same moments
        SyntheticProfile p = new SyntheticProfile(60).cpus(2, 0).javaVersion("25.0.1+8");
        int site = stack(p, "com.acme.RateBook.rateOf", "com.acme.RateBook.compare", "jdk.internal.foreign.abi.UpcallStub.invoke",
                "com.acme.RateBook.sortBook", "com.acme.Handler.handle");
        for (int i = 0; i < 1200; i++) {
            long at = T0 + i * 50 * MS;
            p.pinned(at, 25 * MS, "v" + (2 * i), "carrier-1", site, "LockSupport.park", "Native or VM frame on stack");
            p.pinned(at, 25 * MS, "v" + (2 * i + 1), "carrier-2", site, "LockSupport.park", "Native or VM frame on stack");
        }
        Rule.Result r = new VirtualThreadPinningRule().evaluate(p.build());
        assertThat(r.findings()).hasSize(2);
        Finding pinned = r.findings().stream().filter(f -> f.subject().equals("carrier")).findFirst().orElseThrow();
        assertThat(pinned.severity()).isEqualTo(Severity.CRITICAL); // 50% of the carriers' time, 2400/min
        assertThat(pinned.site().qualifiedMethod()).isEqualTo("com.acme.RateBook.rateOf");
        assertThat(pinned.title()).contains("50%").contains("Native or VM frame on stack");
        assertThat(pinned.evidence("blockingOperation")).isEqualTo("LockSupport.park");
        assertThat(pinned.recommendation()).contains("native frame").contains("upcall");
        Finding starved = r.findings().stream().filter(f -> f.subject().equals("carriers")).findFirst().orElseThrow();
        assertThat(starved.severity()).isEqualTo(Severity.CRITICAL); // both carriers pinned half of the time
        assertThat(((Number) starved.evidence("allPinnedPercent")).doubleValue()).isCloseTo(50, org.assertj.core.data.Offset.offset(0.01));
        assertThat(starved.title()).contains("Every carrier (2)").contains("RateBook.rateOf");
        // exact numbers: 2400 pins of 25 ms in 60 s on 2 carriers
        assertThat(pinned.title()).isEqualTo("Virtual threads stayed pinned to their carriers at RateBook.rateOf for 50% of the "
                + "carriers' time (2,400 events, 2,400/min): Native or VM frame on stack");
        assertThat(number(pinned, "pinnedSharePercent")).isCloseTo(50, EXACT);
        assertThat(number(pinned, "pinnedPerMinute")).isCloseTo(2400, EXACT);
        assertThat(number(pinned, "events")).isCloseTo(2400, EXACT);
        assertThat(number(pinned, "longestMs")).isCloseTo(25, EXACT);
        assertThat(number(pinned, "threads")).isCloseTo(2400, EXACT);
        assertThat(number(pinned, "carriers")).isCloseTo(2, EXACT);
        assertThat(pinned.evidence("pinnedReason")).isEqualTo("Native or VM frame on stack");
        assertThat(pinned.stack()).extracting(SiteRef::qualifiedMethod).contains("com.acme.RateBook.rateOf");
        assertThat(starved.title()).isEqualTo("Every carrier (2) was pinned at once for 50% of the recording: no other virtual "
                + "thread could run; the most pinned time is at RateBook.rateOf");
        assertThat(number(starved, "peakPinned")).isCloseTo(2, EXACT);
        assertThat(number(starved, "submitFailures")).isCloseTo(0, EXACT);
        assertThat(starved.evidence("submitFailure")).isNull();
        assertThat(starved.tables()).isEmpty();
        assertThat(r.check().message()).isEqualTo(r.findings().get(0).title());
    }

    private static final Offset<Double> EXACT = Offset.offset(1e-9);

    private static double number(Finding f, String key) {
        return ((Number) f.evidence(key)).doubleValue();
    }

    @Test
    void jdk20IsBeforeVirtualThreadsJdk21AndAnUnknownVersionNeedTheEvents() {
        Rule.Result twenty = new VirtualThreadPinningRule().evaluate(new SyntheticProfile(10).javaVersion("20.0.2+9").build());
        assertThat(twenty.check().status()).isEqualTo(Check.Status.OK);
        assertThat(twenty.check().message()).isEqualTo("the JVM (Java 20.0.2+9) " + VirtualThreadPinningRule.NO_VIRTUAL_THREADS);
        Rule.Result first = new VirtualThreadPinningRule().evaluate(new SyntheticProfile(10).javaVersion("21.0.5+11").build());
        assertThat(first.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        Rule.Result unknown = new VirtualThreadPinningRule().evaluate(new SyntheticProfile(10).javaVersion("").build());
        assertThat(unknown.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
    }

    @Test
    void theOkMessageSaysWhetherPinsWereSeenBelowTheLimits() {
        Rule.Result none = new VirtualThreadPinningRule().evaluate(new SyntheticProfile(10).javaVersion("25.0.1+8")
                .enabled("jdk.VirtualThreadPinned").build());
        assertThat(none.check().message()).isEqualTo("no virtual thread was pinned above the recording's threshold, no submit failed");
        // 3 pins of 25 ms in 60 s on 8 carriers: 3/min, 0.016% of the carriers' time
        SyntheticProfile p = new SyntheticProfile(60).cpus(8, 0).javaVersion("25.0.1+8");
        int site = stack(p, "com.acme.Ledger.post");
        for (int i = 0; i < 3; i++) {
            p.pinned(T0 + i * 10 * SECOND, 25 * MS, "v" + i, "carrier-1", site, "LockSupport.park", "Native or VM frame on stack");
        }
        Rule.Result few = new VirtualThreadPinningRule().evaluate(p.build());
        assertThat(few.findings()).isEmpty();
        assertThat(few.check().message()).isEqualTo("3 pinned events, below 1% of the carriers' time and 6/min at any site");
    }

    @Test
    void withoutCpuInformationTheCarriersAreThoseTheEventsName() {
        // 30 s, 300 pins of 30 ms on 3 carriers the events name
        SyntheticProfile p = new SyntheticProfile(30).javaVersion("25.0.1+8");
        int site = stack(p, "com.acme.Ledger.post");
        for (int i = 0; i < 300; i++) {
            p.pinned(T0 + i * 100 * MS, 30 * MS, "v" + i, "carrier-" + (i % 3), site, "LockSupport.park", "Native or VM frame on stack");
        }
        Finding f = new VirtualThreadPinningRule().evaluate(p.build()).findings().get(0);
        assertThat(number(f, "carriers")).isCloseTo(3, EXACT);
        assertThat(number(f, "pinnedSharePercent")).isCloseTo(10, EXACT); // 9 s pinned of 3 × 30 s
        assertThat(number(f, "pinnedPerMinute")).isCloseTo(600, EXACT); // 300 in half a minute
    }

    @Test
    void aSiteIsJudgedOnItsShareOfTheCarriersTime() {
        // 60 s, 2 carriers, 6 pins of 5 s: 25% of the carriers' time (warning) at only 6/min (info)
        SyntheticProfile p = new SyntheticProfile(60).cpus(2, 0).javaVersion("25.0.1+8");
        int site = stack(p, "com.acme.Ledger.post");
        for (int i = 0; i < 6; i++) {
            p.pinned(T0 + i * 10 * SECOND, 5 * SECOND, "v" + i, "carrier-1", site, "", "Native or VM frame on stack");
        }
        Finding f = new VirtualThreadPinningRule().evaluate(p.build()).findings().get(0);
        assertThat(number(f, "pinnedSharePercent")).isCloseTo(25, EXACT);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void aSiteIsJudgedOnHowOftenItPins() {
        // 60 s, 8 carriers, 120 pins of 20 ms: 120/min (warning) for 0.5% of the carriers' time (below info)
        SyntheticProfile p = new SyntheticProfile(60).cpus(8, 0).javaVersion("25.0.1+8");
        int site = stack(p, "com.acme.Ledger.post");
        for (int i = 0; i < 120; i++) {
            p.pinned(T0 + i * 500 * MS, 20 * MS, "v" + i, "carrier-1", site, "", "Native or VM frame on stack");
        }
        Finding f = new VirtualThreadPinningRule().evaluate(p.build()).findings().get(0);
        assertThat(number(f, "pinnedPerMinute")).isCloseTo(120, EXACT);
        assertThat(number(f, "pinnedSharePercent")).isCloseTo(0.5, EXACT);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void onJdk24APinWithoutAReasonIsNotAdvisedToUpgrade() {
        SyntheticProfile p = new SyntheticProfile(60).cpus(4, 0).javaVersion("24.0.1+9");
        int sync = stack(p, "com.acme.Ledger.post", "com.acme.Handler.handle");
        for (int i = 0; i < 600; i++) {
            p.pinned(T0 + i * 100 * MS, 30 * MS, "v" + i, null, sync, "", "");
        }
        Finding f = new VirtualThreadPinningRule().evaluate(p.build()).findings().get(0);
        assertThat(f.recommendation()).startsWith("A virtual thread blocks at Ledger.post while pinned").contains("ReentrantLock")
                .doesNotContain("upgrade");
        assertThat(f.evidence("pinnedReason")).isNull();
        assertThat(f.evidence("blockingOperation")).isNull();
        assertThat(f.title()).endsWith("(600 events, 600/min)");
    }

    @Test
    void aPinWithoutAStackIsAdvisedAtThePinnedCode() {
        SyntheticProfile p = new SyntheticProfile(60).cpus(4, 0).javaVersion("21.0.5+11");
        for (int i = 0; i < 600; i++) {
            p.pinned(T0 + i * 100 * MS, 30 * MS, "v" + i, null, org.jfrtriage.analyzer.table.StackTable.UNKNOWN, "", "");
        }
        Finding f = new VirtualThreadPinningRule().evaluate(p.build()).findings().get(0);
        assertThat(f.site()).isEqualTo(SiteRef.UNKNOWN);
        assertThat(f.stack()).isEmpty();
        assertThat(f.recommendation()).startsWith("A virtual thread blocks at the pinned code while pinned");
    }

    @Test
    void theStackPinnedLongestSpeaksForItsSite() {
        // two stacks reaching Ledger.post from different callers: the second one pins 40 ms, the first 30 ms
        SyntheticProfile p = new SyntheticProfile(60).cpus(4, 0).javaVersion("25.0.1+8");
        int shorter = stack(p, "com.acme.Ledger.post", "com.acme.Batch.run");
        int longer = stack(p, "com.acme.Ledger.post", "com.acme.Handler.handle");
        for (int i = 0; i < 300; i++) {
            p.pinned(T0 + i * 200 * MS, 30 * MS, "v" + i, null, shorter, "", "");
            p.pinned(T0 + i * 200 * MS + 100 * MS, 40 * MS, "w" + i, null, longer, "", "");
        }
        Finding f = new VirtualThreadPinningRule().evaluate(p.build()).findings().get(0);
        assertThat(f.title()).contains("at Ledger.post").contains("(600 events, 600/min)");
        assertThat(number(f, "longestMs")).isCloseTo(40, EXACT);
        assertThat(f.stackId()).isEqualTo(longer);
        assertThat(f.stack()).extracting(SiteRef::qualifiedMethod).contains("com.acme.Handler.handle");
    }

    @Test
    void whenSitesTieTheStarvationFindingNamesTheFirstByName() {
        // 2 carriers, two sites pinning one carrier each at the same moments for the same time
        SyntheticProfile p = new SyntheticProfile(60).cpus(2, 0).javaVersion("25.0.1+8");
        int zip = stack(p, "com.acme.Zip.read");
        int audit = stack(p, "com.acme.Audit.flush");
        for (int i = 0; i < 600; i++) {
            p.pinned(T0 + i * 100 * MS, 30 * MS, "z" + i, "carrier-1", zip, "", "Native or VM frame on stack");
            p.pinned(T0 + i * 100 * MS, 30 * MS, "a" + i, "carrier-2", audit, "", "Native or VM frame on stack");
        }
        Rule.Result r = new VirtualThreadPinningRule().evaluate(p.build());
        Finding starved = r.findings().stream().filter(f -> f.subject().equals("carriers")).findFirst().orElseThrow();
        assertThat(starved.title()).endsWith("; the most pinned time is at Audit.flush");
        assertThat(number(starved, "allPinnedPercent")).isCloseTo(30, EXACT);
    }

    @Test
    void submitFailuresWithEveryCarrierPinnedOnePercentOfTheTimeAreTitledAsStarvation() {
        // 60 s, 2 carriers both pinned for 600 ms (1% of the recording: ALL_PINNED's info limit), one submit failure
        SyntheticProfile p = new SyntheticProfile(60).cpus(2, 0).javaVersion("25.0.1+8");
        int site = stack(p, "com.acme.Ledger.post");
        p.pinned(T0 + 10 * SECOND, 600 * MS, "v1", "carrier-1", site, "", "Native or VM frame on stack");
        p.pinned(T0 + 10 * SECOND, 600 * MS, "v2", "carrier-2", site, "", "Native or VM frame on stack");
        p.submitFailed(T0 + 20 * SECOND, "v3", site, "java.util.concurrent.RejectedExecutionException");
        Rule.Result r = new VirtualThreadPinningRule().evaluate(p.build());
        Finding starved = r.findings().stream().filter(f -> f.subject().equals("carriers")).findFirst().orElseThrow();
        assertThat(starved.title()).isEqualTo("Every carrier (2) was pinned at once for 1.0% of the recording: no other virtual "
                + "thread could run; the most pinned time is at Ledger.post; the scheduler refused 1 virtual thread");
    }

    @Test
    void onJdk21APinWithoutAReasonIsAdvisedAsSynchronizedAndAClassInitializerIsNamed() {
        SyntheticProfile p = new SyntheticProfile(60).cpus(4, 0).javaVersion("21.0.5+11");
        int sync = stack(p, "com.acme.Ledger.post", "com.acme.Handler.handle");
        int clinit = stack(p, "com.acme.Config.<clinit>", "com.acme.Handler.handle");
        for (int i = 0; i < 600; i++) {
            p.pinned(T0 + i * 100 * MS, 30 * MS, "v" + i, null, sync, "", "");
        }
        for (int i = 0; i < 120; i++) {
            p.pinned(T0 + i * 500 * MS + 50 * MS, 40 * MS, "w" + i, null, clinit, "", "");
        }
        Rule.Result r = new VirtualThreadPinningRule().evaluate(p.build());
        Finding ledger = r.findings().stream().filter(f -> f.site().qualifiedMethod().equals("com.acme.Ledger.post")).findFirst().orElseThrow();
        assertThat(ledger.recommendation()).contains("ReentrantLock").contains("upgrade to JDK 24+");
        Finding config = r.findings().stream().filter(f -> f.site().qualifiedMethod().startsWith("com.acme.Config")).findFirst().orElseThrow();
        assertThat(config.title()).contains("inside a class initializer");
        assertThat(config.recommendation()).contains("static initializers");
        assertThat(r.findings()).noneMatch(f -> f.subject().equals("carriers")); // never all 4 carriers pinned at once
    }

    @Test
    void oneSubmitFailureAndOnePinnedEventAreSaidInTheSingular() {
        SyntheticProfile p = new SyntheticProfile(30).cpus(2, 0).javaVersion("25.0.1+8");
        int site = stack(p, "com.acme.Ledger.post");
        p.submitFailed(T0, "v0", site, "java.util.concurrent.RejectedExecutionException");
        p.pinned(T0 + SECOND, 25 * MS, "v1", "carrier-1", site, "", "");
        Rule.Result r = new VirtualThreadPinningRule().evaluate(p.build());
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.title())
                .isEqualTo("The virtual-thread scheduler refused 1 virtual thread (jdk.VirtualThreadSubmitFailed)"));
        SyntheticProfile one = new SyntheticProfile(600).cpus(4, 0).javaVersion("25.0.1+8");
        one.pinned(T0 + SECOND, 25 * MS, "v1", "carrier-1", stack(one, "com.acme.Ledger.post"), "", "");
        assertThat(new VirtualThreadPinningRule().evaluate(one.build()).check().message())
                .isEqualTo("1 pinned event, below 1% of the carriers' time and 6/min at any site");
    }

    @Test
    void submitFailuresAreAFindingOfTheirOwn() {
        SyntheticProfile p = new SyntheticProfile(30).cpus(2, 0).javaVersion("25.0.1+8");
        int site = p.stack("java.lang.VirtualThread.submitRunContinuation", "java.lang.VirtualThread.start", "com.acme.Server.accept");
        for (int i = 0; i < 4; i++) {
            p.submitFailed(T0 + i * SECOND, "v" + i, site, "java.util.concurrent.RejectedExecutionException: shut down");
        }
        p.submitFailed(T0 + 5 * SECOND, "v5", org.jfrtriage.analyzer.table.StackTable.UNKNOWN, "java.util.concurrent.RejectedExecutionException");
        Rule.Result r = new VirtualThreadPinningRule().evaluate(p.build());
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.title()).isEqualTo("The virtual-thread scheduler refused 5 virtual threads (jdk.VirtualThreadSubmitFailed)");
            assertThat(f.evidence("submitFailure")).asString().contains("RejectedExecutionException");
            assertThat(f.tables().get(0).rows()).containsExactly(List.of("Server.accept", 4L), List.of("(unknown)", 1L));
        });
    }
}
