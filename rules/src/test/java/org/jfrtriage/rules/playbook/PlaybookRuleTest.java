package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.JudgedThreshold;
import org.jfrtriage.rules.model.ScoreCurve;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;

/** The skeleton's shared evaluation, on a rule that is nothing but candidates, one measure and words. */
class PlaybookRuleTest {

    static final Threshold COUNT = new Threshold("test-rule.count", "things", "things", 10, 100, 1000, "a test");
    static final Threshold PEAK = new Threshold("test-rule.peak", "peak", "ms", 10, 100, 1000, "a test");

    /** Judges each number as a count; numbers above 5,000 are "not judged" (the check says so). */
    static class NumbersRule extends PlaybookRule<Double> {
        private final List<Double> numbers;

        NumbersRule(List<Double> numbers) {
            super(new RuleSpec("test-rule", Step.WHICH_LOCK, "numbers", List.of("jdk.Test"), List.of(COUNT, PEAK), List.of()),
                    "no test events: enable jdk.Test");
            this.numbers = numbers;
        }

        @Override
        protected List<Double> candidates(Evaluation e) {
            return numbers;
        }

        @Override
        protected void measure(Double n, Evaluation e, Scores scores) {
            scores.judge(COUNT, n);
            scores.judgeAtMost(PEAK, n, Scores.AT_MOST_WARNING);
        }

        @Override
        protected Finding.Builder describe(Double n, Evaluation e, Scores scores) {
            return finding().title(n + " things").subject("n" + n).evidence(Evidence.of("n", "n", n, ""));
        }

        @Override
        protected String ok(Evaluation e, List<Double> all) {
            return all.size() + " numbers, none notable";
        }

        @Override
        protected String found(Evaluation e, List<Finding> findings) {
            return findings.size() + " notable";
        }

        @Override
        protected String notJudged(Evaluation e, List<Double> all) {
            return all.stream().anyMatch(n -> n > 5000) ? "too large to judge" : null;
        }
    }

    private static Profile withTestEvents() {
        return new SyntheticProfile(10).enabled("jdk.Test").build();
    }

    @Test
    void withoutItsEventsTheRuleIsNotApplicableAndSaysWhatToEnable() {
        Rule.Result r = new NumbersRule(List.of(500.0)).evaluate(new SyntheticProfile(10).build());
        assertThat(r.findings()).isEmpty();
        assertThat(r.check()).isEqualTo(new Check("test-rule", Step.WHICH_LOCK, Check.Status.NOT_APPLICABLE,
                "no test events: enable jdk.Test"));
    }

    @Test
    void candidatesScoringOkAreDroppedAndTheRestAreSortedWithTheirJudgedThresholds() {
        Rule.Result r = new NumbersRule(List.of(1.0, 20.0, 2000.0, 9.0)).evaluate(withTestEvents());
        assertThat(r.findings()).extracting(Finding::title).containsExactly("2000.0 things", "20.0 things");
        Finding top = r.findings().get(0);
        assertThat(top.kind()).isEqualTo("test-rule");
        assertThat(top.step()).isEqualTo(Step.WHICH_LOCK);
        assertThat(top.score()).isEqualTo(COUNT.score(2000));
        assertThat(top.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(top.id()).isEqualTo(Finding.idOf("test-rule", SiteRef.UNKNOWN, "n2000.0"));
        assertThat(top.thresholds()).containsExactly(new JudgedThreshold(COUNT, 2000, COUNT.score(2000)),
                new JudgedThreshold(PEAK, 2000, ScoreCurve.CRITICAL_SCORE - 1));
        assertThat(r.check()).isEqualTo(new Check("test-rule", Step.WHICH_LOCK, Check.Status.FINDINGS, "2 notable"));
    }

    @Test
    void everyCandidateIsMeasuredBeforeTheFirstIsDescribedAndTheHookSeesThoseToDescribeInOrder() {
        List<String> calls = new java.util.ArrayList<>();
        NumbersRule rule = new NumbersRule(List.of(20.0, 1.0, 2000.0)) {
            @Override
            protected void measure(Double n, Evaluation e, Scores scores) {
                calls.add("measure " + n);
                super.measure(n, e, scores);
            }

            @Override
            protected void beforeDescribe(List<Double> judged, Evaluation e) {
                calls.add("before " + judged);
            }

            @Override
            protected Finding.Builder describe(Double n, Evaluation e, Scores scores) {
                calls.add("describe " + n);
                return super.describe(n, e, scores);
            }
        };
        rule.evaluate(withTestEvents());
        assertThat(calls).containsExactly("measure 20.0", "measure 1.0", "measure 2000.0", "before [20.0, 2000.0]",
                "describe 20.0", "describe 2000.0");
        calls.clear();
        new NumbersRule(List.of(1.0)) {
            @Override
            protected void beforeDescribe(List<Double> judged, Evaluation e) {
                calls.add("before " + judged);
            }
        }.evaluate(withTestEvents());
        assertThat(calls).isEmpty(); // nothing to describe: not called
    }

    @Test
    void nothingNotableIsOkWithTheRulesMessageAndNotJudgedIsNotApplicable() {
        assertThat(new NumbersRule(List.of(1.0, 9.0)).evaluate(withTestEvents()).check())
                .isEqualTo(new Check("test-rule", Step.WHICH_LOCK, Check.Status.OK, "2 numbers, none notable"));
        Rule.Result r = new NumbersRule(List.of(9000.0)).evaluate(withTestEvents());
        assertThat(r.check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
        assertThat(r.check().message()).isEqualTo("too large to judge");
    }

    @Test
    void scoresAreTheHighestTermAndCapsApply() {
        Scores scores = new Scores();
        assertThat(scores.score()).isZero();
        assertThat(scores.severity()).isEqualTo(Severity.OK);
        assertThat(scores.judgeAtMost(COUNT, 5000, Scores.AT_MOST_INFO)).isEqualTo(ScoreCurve.WARNING_SCORE - 1);
        assertThat(scores.judgeAtMost(PEAK, 5000, Scores.NOT_COUNTED)).isZero();
        assertThat(scores.score()).isEqualTo(ScoreCurve.WARNING_SCORE - 1);
        assertThat(scores.score(PEAK)).isZero();
        assertThat(scores.score(COUNT)).isEqualTo(ScoreCurve.WARNING_SCORE - 1);
        assertThat(scores.score(new Threshold("x.y", "", "u", 1, 2, 3, ""))).isZero();
        assertThat(scores.judge(PEAK, 2000)).isEqualTo(PEAK.score(2000));
        assertThat(scores.score()).isEqualTo(PEAK.score(2000));
        assertThat(scores.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(scores.judged()).extracting(JudgedThreshold::measure).containsExactly(5000.0, 5000.0, 2000.0);
    }

    @Test
    void theFindingBuilderNamesWhatTheConstructorTookByPosition() {
        SiteRef site = new SiteRef("com.acme.Store", "put", 12);
        Finding built = Finding.builder("lock-hotspot", Step.WHICH_LOCK).title("t").subject("s").site(site)
                .stack(List.of(site), 7).evidence(Evidence.text("k", "l", "v")).recommendation("r").score(60)
                .thresholds(List.of(new JudgedThreshold(COUNT, 150, 60))).build();
        Finding positional = new Finding(Finding.idOf("lock-hotspot", site, "s"), "lock-hotspot", Step.WHICH_LOCK,
                Severity.WARNING, 60, "t", "s", site, List.of(site), 7, List.of(Evidence.text("k", "l", "v")), List.of(),
                "r", List.of(new JudgedThreshold(COUNT, 150, 60)), List.of());
        assertThat(built).isEqualTo(positional);
        assertThat(built.toBuilder().build()).isEqualTo(built);
        assertThat(built.toBuilder().id("other").build().id()).isEqualTo("other");
        assertThat(built.toBuilder().score(10).build().severity()).isEqualTo(Severity.OK);
    }
}
