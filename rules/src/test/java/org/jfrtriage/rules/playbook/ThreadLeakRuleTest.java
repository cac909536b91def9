package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

class ThreadLeakRuleTest {

    private static final String[] CREATOR = {"java.lang.Thread.start", "java.util.concurrent.ThreadPoolExecutor.addWorker",
            "java.util.concurrent.ThreadPoolExecutor.execute", "com.acme.OrderService.quote", "com.acme.Handler.handle"};

    @Test
    void aPoolThatWarmsUpAndLevelsOffIsNoLeak() {
        // 200 threads started in the first 20 s of a 60 s recording, then flat
        SyntheticProfile p = new SyntheticProfile(60);
        int site = p.stack(CREATOR);
        for (int s = 0; s <= 60; s++) {
            long live = 20 + Math.min(200, s * 10);
            p.threadStatistics(T0 + s * SECOND, live, live);
        }
        for (int t = 0; t < 200; t++) {
            p.threadStart(T0 + t * 100_000_000L, "worker-" + t, "main", site);
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().status()).isEqualTo(Check.Status.OK);
        assertThat(r.check().message()).contains("220 → 220");
    }

    @Test
    void aPoolFillingUpInTheLaterHalfAndLevellingOffIsNoLeak() {
        // 60 s: flat at 20 until 30 s, 10 threads a second from one site until 45 s (150 threads that stay), then flat
        SyntheticProfile p = new SyntheticProfile(60);
        int site = p.stack(CREATOR);
        for (int s = 0; s <= 60; s++) {
            long live = 20 + 10L * Math.max(0, Math.min(15, s - 30));
            p.threadStatistics(T0 + s * SECOND, live, live);
        }
        for (int t = 0; t < 150; t++) {
            p.threadStart(T0 + 30 * SECOND + t * 100_000_000L, "worker-" + t, "main", site);
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().status()).isEqualTo(Check.Status.OK);
    }

    @Test
    void threadsStartedAndNeverEndedAreNamedAtTheCodeThatStartsThem() {
        // 5 threads a second for 60 s, from one site, none ending; another site starts and ends its threads
        SyntheticProfile p = new SyntheticProfile(60);
        int leak = p.stack(CREATOR);
        int churn = p.stack("java.lang.Thread.start", "com.acme.Batch.run");
        int n = 0;
        for (int s = 0; s <= 60; s++) {
            p.threadStatistics(T0 + s * SECOND, 30 + 5L * s, 30 + 7L * s);
            for (int k = 0; k < 5 && s < 60; k++) {
                p.threadStart(T0 + s * SECOND + k * 100_000_000L, "pool-" + n++ + "-thread-1", "handler", leak);
            }
            if (s < 60) {
                p.threadStart(T0 + s * SECOND, "batch-" + s, "main", churn).threadEnd(T0 + s * SECOND + 500_000_000L, "batch-" + s);
            }
        }
        Rule.Result r = new ThreadLeakRule().evaluate(p.build());
        assertThat(r.findings()).hasSize(1);
        Finding f = r.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING); // 300/min: past warning (60/min), below critical (600/min)
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.OrderService.quote");
        assertThat(f.title()).contains("from 180 to 330").contains("300/min").contains("150 of the threads started at OrderService.quote never ended");
        assertThat(((Number) f.evidence("growthPerMinute")).doubleValue()).isCloseTo(300, org.assertj.core.data.Offset.offset(0.5));
        assertThat(f.recommendation()).contains("shut down").contains("bounded pool").contains("ThreadFactory");
    }

    @Test
    void withoutThreadEventsItCannotJudgeAndSaysWhatToEnable() {
        Rule.Result r = new ThreadLeakRule().evaluate(new SyntheticProfile(60).build());
        assertThat(r.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(r.check().message()).contains("jdk.JavaThreadStatistics").contains("jdk.ThreadStart");
    }
}
