package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

class CpuSaturationRuleTest {

    private static Rule.Result evaluate(SyntheticProfile p) {
        return new CpuSaturationRule().evaluate(p.build());
    }

    /** Ten jdk.CPULoad readings: the JVM {@code jvm} and the machine {@code machine} (shares of the machine). */
    private static SyntheticProfile loaded(int hardware, double effective, double jvm, double machine) {
        SyntheticProfile p = new SyntheticProfile(10).cpus(hardware, effective);
        for (int i = 0; i < 10; i++) {
            p.cpuLoad(T0 + i * SECOND, jvm * 0.9, jvm * 0.1, machine);
        }
        return p;
    }

    @Test
    void withoutCpuLoadTheRuleSaysWhatToEnable() {
        Rule.Result r = evaluate(new SyntheticProfile(10));
        assertThat(r.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(r.check().message()).isEqualTo("no CPU load readings: enable jdk.CPULoad (settings=default has it, every second)");
    }

    @Test
    void aBusyHealthyServiceIsOk() {
        Rule.Result r = evaluate(loaded(2, 0, 0.40, 0.41));
        assertThat(r.findings()).isEmpty();
        assertThat(r.check().message()).isEqualTo("the JVM used 40% of 2 CPUs on average (machine 41%)");
    }

    @Test
    void aSaturatedJvmNamesTheHotMethodsTheSiteAndTheThreads() {
        SyntheticProfile p = loaded(2, 0, 0.97, 0.98);
        int price = p.stack("java.lang.Math.exp", "com.acme.Pricer.payoff", "com.acme.Pricer.price", "com.acme.Worker.run");
        int loop = p.stack("com.acme.Pricer.price", "com.acme.Worker.run");
        int json = p.stack("com.acme.Json.write", "com.acme.Worker.run");
        p.cpu(T0, "pricing-1", price, 60).cpu(T0, "pricing-2", loop, 30).cpu(T0, "pricing-2", json, 10);
        p.threadCpuLoad(T0, "pricing-1", 0.45, 0.02).threadCpuLoad(T0, "pricing-2", 0.40, 0.01).threadCpuLoad(T0, "idle", 0.0, 0.0);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.title()).isEqualTo("The JVM kept 97% of 2 CPUs busy on average (machine 98%); 60% of CPU samples at Pricer.payoff");
        assertThat(f.site().qualifiedMethod()).isEqualTo("com.acme.Pricer.payoff");
        assertThat(f.id()).isEqualTo("cpu-saturation|com.acme.Pricer.payoff|cpu");
        assertThat(f.tables().get(0).rows()).containsExactly(List.of("java.lang.Math.exp", 60L, "60%"),
                List.of("com.acme.Pricer.price", 30L, "30%"), List.of("com.acme.Json.write", 10L, "10%"));
        assertThat(f.tables().get(1).rows().get(0)).isEqualTo(List.of("com.acme.Worker.run", 100L, "100%"));
        assertThat(f.tables().get(1).rows().get(1)).isEqualTo(List.of("com.acme.Pricer.price", 90L, "90%"));
        assertThat(f.tables().get(1).rows().get(2)).isEqualTo(List.of("com.acme.Pricer.payoff", 60L, "60%"));
        assertThat(f.tables().get(2).rows()).containsExactly(List.of("Pricer.payoff", 60L, "60%"), List.of("Pricer.price", 30L, "30%"),
                List.of("Json.write", 10L, "10%"));
        assertThat(f.tables().get(3).rows()).containsExactly(List.of("pricing-1", "0.94"), List.of("pricing-2", "0.82"), List.of("idle", "0.00"));
        assertThat(f.evidence("threads")).isEqualTo(2L);
        assertThat(f.recommendation()).contains("Make Pricer.payoff do less").contains("Do not add threads");
    }

    @Test
    void aContainersShareIsOfItsOwnCpus() {
        // 24% of an 8-CPU machine is 96% of a 2-CPU container
        Finding f = evaluate(loaded(8, 2, 0.24, 0.30)).findings().get(0);
        assertThat(f.evidence("jvmCpuPercent")).isEqualTo(96.0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.title()).isEqualTo("The JVM kept 96% of 2 CPUs busy on average (machine 30%)");
    }

    @Test
    void aMachineBusyWithOtherProcessesIsAtMostInfo() {
        Finding f = evaluate(loaded(2, 0, 0.15, 1.0)).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.title()).isEqualTo("The machine was 100% busy on average: other processes than this JVM used 85% of its CPUs, this JVM 15%");
        assertThat(f.recommendation()).startsWith("Other processes than this JVM");
        // the same machine, busy with this JVM: critical
        assertThat(evaluate(loaded(2, 0, 0.995, 1.0)).findings().get(0).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void throttlingIsNamedWhenItOutweighsTheAverage() {
        SyntheticProfile p = loaded(2, 0, 0.30, 0.30);
        p.throttling(T0, 0, 0, 0).throttling(T0 + 10 * SECOND, 100, 60, 3 * SECOND);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.title()).isEqualTo("The container was CPU-throttled in 60% of its periods (3.0 s throttled)");
        assertThat(f.recommendation()).contains("ActiveProcessorCount");
    }
}
