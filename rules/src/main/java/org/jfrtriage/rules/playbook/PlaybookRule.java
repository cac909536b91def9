package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.ScoreCurve;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.SiteRef;

/**
 * The skeleton every rule of the playbook stands on. It owns the evaluation all rules share, in this order:
 * <ol>
 * <li>not applicable: when the recording lacks the rule's events ({@link #cannotJudge}, by default none of the
 * spec's required events is enabled) the check says which events to enable, never OK;</li>
 * <li>for each of the rule's {@linkplain #candidates candidates}, the rule {@linkplain #measure measures} it against
 * its declared thresholds into {@link Scores}; a candidate scoring OK is dropped;</li>
 * <li>once all are measured, the rule {@linkplain #describe describes} the rest in its words; the skeleton adds kind, step, score,
 * severity and the judged thresholds, and sorts the findings by score;</li>
 * <li>the check: not applicable when the rule looked and could not judge ({@link #notJudged}, e.g. no stacks),
 * otherwise OK or FINDINGS with the rule's {@link #ok} or {@link #found} message.</li>
 * </ol>
 * Each rule keeps only its own: its candidates, its measures, its words. A whole rule (a real one needs evidence,
 * a recommendation and a test just below and above each limit in ThresholdContractTest):
 * <pre>{@code
 * public final class ExceptionStormRule extends PlaybookRule<ThrowSite> {
 *     static final Threshold RATE = new Threshold("exception-storm.rate", "exceptions thrown per second at one site",
 *             "1/s", 100, 1000, 10000, "a thrown exception costs a stack walk; thousands a second are CPU lost");
 *     public ExceptionStormRule() {
 *         super(new RuleSpec("exception-storm", Step.WHO_IS_STUCK, "Exceptions thrown per second by site",
 *                 List.of("jdk.JavaExceptionThrow"), List.of(RATE), List.of()),
 *                 "no exception events: enable jdk.JavaExceptionThrow (not in settings=default)");
 *     }
 *     protected List<ThrowSite> candidates(Evaluation e) { return e.profile().throwSites(); }
 *     protected void measure(ThrowSite t, Evaluation e, Scores scores) { scores.judge(RATE, t.count() / e.seconds()); }
 *     protected Finding.Builder describe(ThrowSite t, Evaluation e, Scores scores) {
 *         SiteRef site = e.sites().site(t.stack());
 *         return finding().title(site.shortName() + " throws " + t.exceptionClass()).subject(t.exceptionClass())
 *                 .site(site).stack(e.sites().stack(t.stack()), t.stack()).recommendation("Do not throw for control flow.");
 *     }
 *     protected String ok(Evaluation e, List<ThrowSite> all) { return "no site throws " + RATE.info() + "/s or more"; }
 *     protected String found(Evaluation e, List<Finding> found) { return Units.count(found.size(), "exception storm", "exception storms"); }
 * }
 * }</pre>
 * Rules are stateless and may evaluate several profiles at once: per-profile state lives in the candidates or in
 * the {@link Evaluation}.
 *
 * @param <C> what the rule judges one by one: a site, a lock, a map, or the whole recording
 */
public abstract class PlaybookRule<C> implements Rule {

    private final RuleSpec spec;
    private final String notApplicable;

    /**
     * @param notApplicable the check's message when the recording lacks the rule's events: which events or
     *                      settings to enable, e.g. "no lock events in the recording: enable … (settings=default has
     *                      them; async-profiler: event=lock)"
     */
    protected PlaybookRule(RuleSpec spec, String notApplicable) {
        this.spec = spec;
        this.notApplicable = notApplicable;
    }

    @Override
    public final RuleSpec spec() {
        return spec;
    }

    /** One profile being judged: the profile, its names for sites, and the wait filter of steps 1 and 2. */
    public static final class Evaluation {
        private final Profile profile;
        private final Sites sites;
        private JudgeableWaits waits;

        Evaluation(Profile profile) {
            this.profile = profile;
            this.sites = new Sites(profile);
        }

        public Profile profile() {
            return profile;
        }

        Sites sites() {
            return sites;
        }

        /** The recording's length in seconds, at least a millisecond: rates never divide by zero. */
        public double seconds() {
            return sites.seconds();
        }

        /** Which waits a rule may judge (created on first use; it counts what it left out). */
        JudgeableWaits waits() {
            if (waits == null) {
                waits = new JudgeableWaits(profile, sites);
            }
            return waits;
        }
    }

    @Override
    public final Result evaluate(Profile profile) {
        String cannot = cannotJudge(profile);
        if (cannot != null) {
            return new Result(List.of(), check(Check.Status.NOT_APPLICABLE, cannot));
        }
        Evaluation e = new Evaluation(profile);
        List<C> candidates = candidates(e);
        List<C> judged = new ArrayList<>();
        List<Scores> judgedScores = new ArrayList<>();
        for (C candidate : candidates) {
            Scores scores = new Scores();
            measure(candidate, e, scores);
            if (scores.severity() != Severity.OK) {
                judged.add(candidate);
                judgedScores.add(scores);
            }
        }
        if (!judged.isEmpty()) {
            beforeDescribe(judged, e);
        }
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < judged.size(); i++) {
            Scores scores = judgedScores.get(i);
            findings.add(describe(judged.get(i), e, scores).score(scores.score()).thresholds(scores.judged()).build());
        }
        findings.sort(Comparator.comparingInt(Finding::score).reversed());
        String notJudged = notJudged(e, candidates);
        Check check = notJudged != null ? check(Check.Status.NOT_APPLICABLE, notJudged)
                : findings.isEmpty() ? check(Check.Status.OK, ok(e, candidates))
                : check(Check.Status.FINDINGS, found(e, findings));
        return new Result(findings, check);
    }

    /**
     * Why this profile cannot be judged at all, naming the events or settings to enable; null when it can. By
     * default: none of the spec's required events is in the recording.
     */
    protected String cannotJudge(Profile profile) {
        return requiredEvents().stream().noneMatch(profile.info()::isEnabled) ? notApplicable() : null;
    }

    /** The message given to the constructor: what to enable. */
    protected final String notApplicable() {
        return notApplicable;
    }

    /** Everything the rule judges, each on its own (the order breaks ties between equal scores). */
    protected abstract List<C> candidates(Evaluation e);

    /** Judges one candidate: a {@code scores.judge(threshold, measure)} for each declared threshold it has. */
    protected abstract void measure(C candidate, Evaluation e, Scores scores);

    /**
     * Called once, after every candidate was measured and before the first is described, with those that scored
     * above OK (in candidate order, as they will be described): e.g. to say which lock holders the findings will ask
     * for ({@link org.jfrtriage.analyzer.profile.LockHolders#expect}). Nothing by default.
     */
    protected void beforeDescribe(List<C> judged, Evaluation e) {
    }

    /**
     * The words of a finding for a candidate that scored above OK: title, subject, site, stack, evidence, tables,
     * recommendation — on {@link #finding()}. Score, severity and judged thresholds are added after.
     */
    protected abstract Finding.Builder describe(C candidate, Evaluation e, Scores scores);

    /** The check's message when nothing scored: what was looked at. */
    protected abstract String ok(Evaluation e, List<C> candidates);

    /** The check's message when something scored: usually how many, {@code Units.count(findings.size(), "pileup", "pileups")}. */
    protected abstract String found(Evaluation e, List<Finding> findings);

    /**
     * Why the rule looked but could not judge (every wait lacked a stack trace), making the check not applicable
     * instead of OK; null when it could. Called after all candidates were judged.
     */
    protected String notJudged(Evaluation e, List<C> candidates) {
        return null;
    }

    /** A new finding of this rule's kind and step. */
    protected final Finding.Builder finding() {
        return Finding.builder(kind(), step());
    }

    private Check check(Check.Status status, String message) {
        return new Check(kind(), step(), status, message);
    }

    /**
     * A finding built on a recording the reader distrusts (cut, damaged, implausible) says so in its own evidence,
     * so it carries the doubt wherever it is shown or exported alone (a CSV row, a metric, a diff line).
     */
    public static Finding distrusted(Finding f, Profile profile) {
        List<String> warnings = profile.info().warnings();
        if (warnings.isEmpty()) {
            return f;
        }
        return f.toBuilder().evidence(Evidence.text("readWarnings", "read from a recording the reader distrusts",
                org.jfrtriage.rules.model.Units.count(warnings.size(), "warning", "warnings") + " about the recording" + (profile.info().complete() ? "" : ", which is incomplete")
                        + ": " + warnings.get(0))).build();
    }

    /**
     * A finding that names no code to change or no threads (a damaged recording lost them) is no page at 3 a.m.:
     * whatever its numbers, it stays at most {@code info}, and says why.
     */
    public static Finding plausible(Finding f) {
        if (f.severity().compareTo(Severity.INFO) <= 0) {
            return f;
        }
        // a GC finding may have no allocation site and still be sound; a finding that names "(unknown)" is not
        String why = f.site() == SiteRef.UNKNOWN && f.title().contains(SiteRef.UNKNOWN.shortName())
                ? "the recording does not show the code that caused it"
                : f.evidence("threads") instanceof Number n && n.longValue() == 0 ? "the recording does not show which threads"
                : null;
        if (why == null) {
            return f;
        }
        return f.toBuilder().score(Math.min(f.score(), ScoreCurve.WARNING_SCORE - 1))
                .evidence(Evidence.text("severityCapped", "severity capped at info", why)).build();
    }
}
