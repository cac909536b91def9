package org.jfrtriage.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.ScoreCurve;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.playbook.AllocationPressureRule;
import org.jfrtriage.rules.playbook.CpuSaturationRule;
import org.jfrtriage.rules.playbook.ExceptionStormRule;
import org.jfrtriage.rules.playbook.GcPressureRule;
import org.jfrtriage.rules.playbook.LockHotspotRule;
import org.jfrtriage.rules.playbook.MapResizeChurnRule;
import org.jfrtriage.rules.playbook.ThreadPileupRule;
import org.jfrtriage.rules.playbook.UnsynchronizedMapWriteRule;

/** Runs every rule on a profile and ranks the findings: rank 1 is the most likely root cause. */
public final class Playbook {

    private final List<Rule> rules;

    public Playbook(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The standard playbook, in step order. */
    public static Playbook standard() {
        return new Playbook(List.of(new ThreadPileupRule(), new CpuSaturationRule(), new ExceptionStormRule(),
                new LockHotspotRule(), new MapResizeChurnRule(), new UnsynchronizedMapWriteRule(),
                new AllocationPressureRule(), new GcPressureRule()));
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * Evaluates every rule and ranks the findings. Rules only read the profile, so they run side by side: the
     * caller and up to one thread per further core take the next rule not yet started, and the results are
     * collected in playbook order, so the triage is the same however the rules were scheduled. A rule that
     * throws makes the run throw that exception, as if the rules had run one after another.
     */
    public Triage run(Profile profile) {
        Rule.Result[] results = new Rule.Result[rules.size()];
        Throwable[] failures = new Throwable[rules.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < rules.size(); i = next.getAndIncrement()) {
                try {
                    results[i] = rules.get(i).evaluate(profile);
                } catch (RuntimeException | Error e) { // an OutOfMemoryError too, to reach the caller's handler
                    failures[i] = e;
                }
            }
        };
        int helpers = Math.min(Runtime.getRuntime().availableProcessors(), rules.size()) - 1;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < helpers; t++) {
            Thread thread = new Thread(work, "jfrtriage-rules-" + t);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        work.run();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the rules ran", e);
            }
        }
        List<Finding> findings = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            if (failures[i] instanceof RuntimeException e) {
                throw e;
            }
            if (failures[i] instanceof Error e) {
                throw e;
            }
            results[i].findings().forEach(f -> findings.add(plausible(distrusted(f, profile))));
            checks.add(results[i].check());
        }
        // by score; ties go to the earlier playbook step (the symptom a person sees first), then by id for stability
        findings.sort(Comparator.comparingInt(Finding::score).reversed()
                .thenComparing(f -> f.step().number())
                .thenComparing(Finding::id));
        return new Triage(profile, findings, checks);
    }

    /**
     * A finding built on a recording the reader distrusts (cut, damaged, implausible) says so in its own evidence,
     * so it carries the doubt wherever it is shown or exported alone (a CSV row, a metric, a diff line).
     */
    static Finding distrusted(Finding f, Profile profile) {
        List<String> warnings = profile.info().warnings();
        if (warnings.isEmpty()) {
            return f;
        }
        List<Evidence> evidence = new ArrayList<>(f.evidence());
        evidence.add(Evidence.text("readWarnings", "read from a recording the reader distrusts",
                warnings.size() + " warning(s) about the recording" + (profile.info().complete() ? "" : ", which is incomplete")
                        + ": " + warnings.get(0)));
        return new Finding(f.id(), f.kind(), f.step(), f.severity(), f.score(), f.title(), f.subject(), f.site(),
                f.stack(), f.stackId(), evidence, f.tables(), f.recommendation(), f.thresholds());
    }

    /**
     * A finding that names no code to change or no threads (a damaged recording lost them) is no page at 3 a.m.: whatever its numbers, it stays at most {@code info}, and says why.
     */
    static Finding plausible(Finding f) {
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
        int score = Math.min(f.score(), ScoreCurve.WARNING_SCORE - 1);
        List<Evidence> evidence = new ArrayList<>(f.evidence());
        evidence.add(Evidence.text("severityCapped", "severity capped at info", why));
        return new Finding(f.id(), f.kind(), f.step(), ScoreCurve.severity(score), score, f.title(), f.subject(),
                f.site(), f.stack(), f.stackId(), evidence, f.tables(), f.recommendation(), f.thresholds());
    }
}
