package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

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
    void submitFailuresAreAFindingOfTheirOwn() {
        SyntheticProfile p = new SyntheticProfile(30).cpus(2, 0).javaVersion("25.0.1+8");
        int site = p.stack("java.lang.VirtualThread.submitRunContinuation", "java.lang.VirtualThread.start", "com.acme.Server.accept");
        for (int i = 0; i < 4; i++) {
            p.submitFailed(T0 + i * SECOND, "v" + i, site, "java.util.concurrent.RejectedExecutionException: shut down");
        }
        Rule.Result r = new VirtualThreadPinningRule().evaluate(p.build());
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.title()).contains("refused 4 virtual thread(s)");
            assertThat(f.evidence("submitFailure")).asString().contains("RejectedExecutionException");
        });
    }
}
