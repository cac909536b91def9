package org.jfrtriage.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.playbook.GcPressureRule;
import org.jfrtriage.rules.playbook.LockHotspotRule;
import org.jfrtriage.rules.playbook.ThreadPileupRule;

class PlaybookTest {
    private static final Profile PROFILE = new SyntheticProfile(10).build();

    /** A rule that returns fixed findings. */
    private static Rule fixed(String kind, Step step, Finding... findings) {
        RuleSpec spec = new RuleSpec(kind, step, "test rule " + kind, List.of("jdk.Test"), List.of(), List.of("a note"));
        return new Rule() {
            @Override
            public RuleSpec spec() {
                return spec;
            }

            @Override
            public Result evaluate(Profile profile) {
                return new Result(List.of(findings), new Check(kind, step, Check.Status.FINDINGS, kind + " ran"));
            }
        };
    }

    private static Finding finding(String kind, Step step, int score, String method) {
        SiteRef site = new SiteRef("com.acme.X", method, 1);
        return new Finding(Finding.idOf(kind, site, ""), kind, step, Severity.INFO, score, method, "", site, List.of(), 0,
                List.of(), List.of(), "", List.of(), List.of());
    }

    /** A rule that reads the lock-holder analysis, or not. */
    private static Rule holders(String kind, boolean uses) {
        Rule plain = fixed(kind, Step.WHICH_LOCK);
        return new Rule() {
            @Override
            public RuleSpec spec() {
                return plain.spec();
            }

            @Override
            public Result evaluate(Profile profile) {
                return plain.evaluate(profile);
            }

            @Override
            public boolean usesLockHolders() {
                return uses;
            }
        };
    }

    @Test
    void oneRuleThatReadsLockHoldersStartsFirstTheOthersThatDoLastAndResultsKeepPlaybookOrder() {
        List<Rule> rules = List.of(holders("a", false), holders("pileup", true), holders("b", false),
                holders("hotspot", true), holders("c", false), holders("third", true), holders("d", false));
        assertThat(Playbook.runOrder(rules)).containsExactly(1, 0, 2, 4, 6, 3, 5);
        assertThat(Playbook.runOrder(List.of(holders("a", false), holders("b", false)))).containsExactly(0, 1);
        // with lock waits the lock holders are made second, beside the first rule that reads them
        assertThat(Playbook.taskOrder(rules, true)).containsExactly(1, Playbook.MAKE_LOCK_HOLDERS, 0, 2, 4, 6, 3, 5);
        assertThat(Playbook.taskOrder(rules, false)).containsExactly(1, 0, 2, 4, 6, 3, 5);
        assertThat(Playbook.taskOrder(List.of(holders("a", false), holders("b", false)), true)).containsExactly(0, 1);
        Triage triage = new Playbook(rules).run(PROFILE);
        assertThat(triage.checks()).extracting(Check::rule)
                .containsExactly("a", "pileup", "b", "hotspot", "c", "third", "d");
        // the standard playbook: the pileup rule starts first, the lock-hotspot rule last
        List<Rule> standard = Playbook.standard().rules();
        int[] order = Playbook.runOrder(standard);
        assertThat(standard.get(order[0]).kind()).isEqualTo(ThreadPileupRule.KIND);
        assertThat(standard.get(order[order.length - 1]).kind()).isEqualTo(LockHotspotRule.KIND);
    }

    @Test
    void findingsRankByScoreThenEarlierStepThenIdAndChecksKeepPlaybookOrder() {
        Playbook playbook = new Playbook(List.of(
                fixed("memory", Step.WHICH_MAP_OR_MEMORY, finding("memory", Step.WHICH_MAP_OR_MEMORY, 40, "b"),
                        finding("memory", Step.WHICH_MAP_OR_MEMORY, 90, "top")),
                fixed("stuck", Step.WHO_IS_STUCK, finding("stuck", Step.WHO_IS_STUCK, 40, "z")),
                fixed("lock", Step.WHICH_LOCK, finding("lock", Step.WHICH_LOCK, 40, "a"), finding("lock", Step.WHICH_LOCK, 40, "c"))));
        Triage triage = playbook.run(PROFILE);
        assertThat(triage.findings()).extracting(Finding::title).containsExactly("top", "z", "a", "c", "b");
        assertThat(triage.checks()).extracting(Check::rule).containsExactly("memory", "stuck", "lock");
        assertThat(triage.profile()).isSameAs(PROFILE);
        assertThat(playbook.rules()).extracting(Rule::kind).containsExactly("memory", "stuck", "lock");
    }

    @Test
    void theStandardPlaybookIsInStepOrderAndItsRulesDescribeThemselves() {
        List<Rule> rules = Playbook.standard().rules();
        assertThat(rules).extracting(Rule::kind).containsExactly("thread-pileup", "deadlock", "cpu-saturation", "io-wait",
                "safepoint-pause", "exception-storm", "vthread-pinning", "lock-hotspot", "map-resize-churn",
                "unsynchronized-map-write", "allocation-pressure", "gc-pressure", "thread-leak");
        assertThat(rules).extracting(r -> r.step().number()).isSorted();
        for (Rule rule : rules) {
            assertThat(rule.kind()).isEqualTo(rule.spec().kind());
            assertThat(rule.step()).isNotNull().isEqualTo(rule.spec().step());
            assertThat(rule.description()).isNotBlank().isEqualTo(rule.spec().description());
            // JFR's events, and async-profiler's wall-clock samples (the waits they show count for the lock rules)
            assertThat(rule.requiredEvents()).isNotEmpty().allSatisfy(e -> assertThat(e).matches("jdk\\..*|profiler\\.WallClockSample"));
            assertThat(rule.thresholds()).isEqualTo(rule.spec().thresholds());
            // every rule has a threshold (a deadlock in a dump is a fact, but a wait that never ended is a measure)
            assertThat(rule.thresholds()).as(rule.kind()).isNotEmpty();
            assertThat(rule.notes()).isNotEmpty().isEqualTo(rule.spec().notes());
        }
        assertThat(new LockHotspotRule().kind()).isEqualTo(LockHotspotRule.KIND);
        assertThat(new ThreadPileupRule().step()).isEqualTo(Step.WHO_IS_STUCK);
        assertThat(new GcPressureRule().requiredEvents()).containsExactly("jdk.GarbageCollection");
    }

    @Test
    void aFailingRuleFailsTheRunWithItsOwnExceptionTheEarliestFirst() {
        IllegalStateException first = new IllegalStateException("first");
        OutOfMemoryError second = new OutOfMemoryError("second");
        Playbook playbook = new Playbook(List.of(fixed("ok", Step.WHO_IS_STUCK), failing(first), failing(second)));
        assertThatThrownBy(() -> playbook.run(PROFILE)).isSameAs(first);
        assertThatThrownBy(() -> new Playbook(List.of(fixed("ok", Step.WHO_IS_STUCK), failing(second))).run(PROFILE)).isSameAs(second);
    }

    private static Rule failing(Throwable t) {
        return new Rule() {
            @Override
            public RuleSpec spec() {
                return new RuleSpec("failing", Step.WHICH_LOCK, "", List.of(), List.of(), List.of());
            }

            @Override
            public Result evaluate(Profile profile) {
                if (t instanceof RuntimeException e) {
                    throw e;
                }
                throw (Error) t;
            }
        };
    }

    /**
     * Two rules that can only finish together: each waits for the other to start. They finish only if the playbook
     * really runs them side by side, on the caller and a daemon helper thread. (The bound on the wait only keeps a
     * broken playbook from hanging the build.)
     */
    @Test
    void rulesRunSideBySideOnTheCallerAndDaemonHelpers() {
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores");
        CountDownLatch started = new CountDownLatch(2);
        Map<String, Thread> ranOn = new ConcurrentHashMap<>();
        Map<String, Boolean> met = new ConcurrentHashMap<>();
        Rule[] rules = new Rule[2];
        for (int i = 0; i < 2; i++) {
            String kind = "rendezvous-" + i;
            rules[i] = new Rule() {
                @Override
                public RuleSpec spec() {
                    return new RuleSpec(kind, Step.WHICH_LOCK, "", List.of(), List.of(), List.of());
                }

                @Override
                public Result evaluate(Profile profile) {
                    ranOn.put(kind, Thread.currentThread());
                    started.countDown();
                    try {
                        met.put(kind, started.await(30, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Result(List.of(), new Check(kind, Step.WHICH_LOCK, Check.Status.OK, ""));
                }
            };
        }
        Triage triage = new Playbook(List.of(rules)).run(PROFILE);
        assertThat(met).containsEntry("rendezvous-0", true).containsEntry("rendezvous-1", true);
        assertThat(triage.checks()).extracting(Check::rule).containsExactly("rendezvous-0", "rendezvous-1");
        assertThat(ranOn.values()).contains(Thread.currentThread());
        Thread helper = ranOn.values().stream().filter(t -> t != Thread.currentThread()).findFirst().orElseThrow();
        assertThat(helper.isDaemon()).isTrue();
        assertThat(helper.getName()).isEqualTo("jfrtriage-rules-0");
    }

    /**
     * The caller is interrupted while a helper still runs a rule: the helper's rule holds until released, and the
     * caller's rule interrupts the caller once the helper is inside its rule, so the caller's join is interrupted.
     */
    @Test
    void anInterruptedCallerGetsAnExceptionAndKeepsItsInterruptFlag() {
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs a helper thread to join");
        Thread caller = Thread.currentThread();
        CountDownLatch helperInside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Rule[] rules = new Rule[2];
        for (int i = 0; i < 2; i++) {
            String kind = "r" + i;
            rules[i] = new Rule() {
                @Override
                public RuleSpec spec() {
                    return new RuleSpec(kind, Step.WHICH_LOCK, "", List.of(), List.of(), List.of());
                }

                @Override
                public Result evaluate(Profile profile) {
                    try {
                        if (Thread.currentThread() == caller) {
                            helperInside.await(30, TimeUnit.SECONDS);
                            caller.interrupt();
                        } else {
                            helperInside.countDown();
                            release.await(30, TimeUnit.SECONDS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Result(List.of(), new Check(kind, Step.WHICH_LOCK, Check.Status.OK, ""));
                }
            };
        }
        try {
            assertThatThrownBy(() -> new Playbook(List.of(rules)).run(PROFILE)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("interrupted while the rules ran").hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted(); // leave the test thread as it was
            release.countDown();
        }
    }
}
