package org.jfrtriage.rules.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

/**
 * Playbook step 4, did the fix work: every finding id present in either recording, its rate before and after,
 * and a verdict that treats a change within noise as {@link Verdict#UNCHANGED}.
 */
public record Comparison(Triage before, Triage after, List<FindingChange> changes) {

    /** Changes smaller than this are never called improved or regressed, however many events back them. */
    public static final double MIN_RELATIVE_CHANGE = 0.20;
    /** A difference must exceed this many combined standard errors (Poisson, from the event counts) to count. */
    public static final double NOISE_SIGMAS = 2.0;

    private static final List<Verdict> ORDER = List.of(Verdict.NEW, Verdict.REGRESSED, Verdict.RESOLVED,
            Verdict.IMPROVED, Verdict.UNCHANGED, Verdict.UNKNOWN);

    public Comparison {
        changes = List.copyOf(changes);
    }

    public static Comparison of(Triage before, Triage after) {
        Map<String, Finding> beforeById = byId(before);
        Map<String, Finding> afterById = byId(after);
        Map<String, Boolean> ids = new LinkedHashMap<>();
        beforeById.keySet().forEach(id -> ids.put(id, true));
        afterById.keySet().forEach(id -> ids.put(id, true));
        List<FindingChange> changes = new ArrayList<>();
        for (String id : ids.keySet()) {
            changes.add(change(id, beforeById.get(id), afterById.get(id), before, after));
        }
        // what a person checks first: what got worse, then what the fix addressed, then the rest
        changes.sort(Comparator.comparingInt((FindingChange c) -> ORDER.indexOf(c.verdict()))
                .thenComparing(Comparator.comparingInt((FindingChange c) -> c.shown().score()).reversed())
                .thenComparing(FindingChange::id));
        return new Comparison(before, after, changes);
    }

    /** Highest-scoring finding per id (a rule reports an id once; this guards against merges of equal ids). */
    private static Map<String, Finding> byId(Triage triage) {
        Map<String, Finding> byId = new LinkedHashMap<>();
        for (Finding f : triage.findings()) {
            byId.merge(f.id(), f, (a, b) -> a.score() >= b.score() ? a : b);
        }
        return byId;
    }

    private static FindingChange change(String id, Finding b, Finding a, Triage before, Triage after) {
        Finding shown = a != null ? a : b;
        Measure m = Measure.of(shown.kind());
        double bv = value(b, m);
        double av = value(a, m);
        double noise = noiseRatio(count(b, m), count(a, m));
        if (b != null && a == null) {
            if (notApplicable(after, shown.kind())) {
                return new FindingChange(id, shown.kind(), Verdict.UNKNOWN, b, null, m.label(), m.unit(), bv, av, noise,
                        "the after recording lacks the events " + shown.kind() + " needs");
            }
            return new FindingChange(id, shown.kind(), Verdict.RESOLVED, b, null, m.label(), m.unit(), bv, 0, noise,
                    "below the rule's info limit after the fix");
        }
        if (b == null) {
            if (notApplicable(before, shown.kind())) {
                return new FindingChange(id, shown.kind(), Verdict.UNKNOWN, null, a, m.label(), m.unit(), bv, av, noise,
                        "the before recording lacks the events " + shown.kind() + " needs");
            }
            return new FindingChange(id, shown.kind(), Verdict.NEW, null, a, m.label(), m.unit(), 0, av, noise,
                    "not present before");
        }
        double relative = bv == 0 ? (av == 0 ? 0 : 1) : (av - bv) / bv;
        double threshold = Math.max(MIN_RELATIVE_CHANGE, noise);
        Verdict verdict = relative <= -threshold ? Verdict.IMPROVED : relative >= threshold ? Verdict.REGRESSED : Verdict.UNCHANGED;
        String reason = String.format(Locale.ROOT, "%s %+.0f%% (changes under %.0f%% are noise here)", m.label(),
                relative * 100, threshold * 100);
        return new FindingChange(id, shown.kind(), verdict, b, a, m.label(), m.unit(), bv, av, noise, reason);
    }

    private static boolean notApplicable(Triage triage, String kind) {
        return triage.checks().stream().anyMatch(c -> c.rule().equals(kind) && c.status() == Check.Status.NOT_APPLICABLE);
    }

    private static double value(Finding f, Measure m) {
        if (f == null) {
            return 0;
        }
        if (m == Measure.SCORE) {
            return f.score();
        }
        Object v = f.evidence(m.evidenceKey());
        return v instanceof Number n ? n.doubleValue() : f.score();
    }

    private static long count(Finding f, Measure m) {
        if (f == null || m.countKey() == null) {
            return 0;
        }
        Object v = f.evidence(m.countKey());
        return v instanceof Number n ? n.longValue() : 0;
    }

    /**
     * Relative standard error of a ratio of two Poisson counts, times {@link #NOISE_SIGMAS}: with 25 events on
     * each side a change must exceed 57% to count; with 1,000 on each side the 20% floor applies.
     */
    static double noiseRatio(long beforeCount, long afterCount) {
        if (beforeCount <= 0 || afterCount <= 0) {
            return MIN_RELATIVE_CHANGE;
        }
        return NOISE_SIGMAS * Math.sqrt(1.0 / beforeCount + 1.0 / afterCount);
    }

    public List<FindingChange> changes(Verdict verdict) {
        return changes.stream().filter(c -> c.verdict() == verdict).toList();
    }

    /**
     * True when every warning or critical finding of the before recording is gone or below warning after, and
     * nothing of warning or critical severity is new or worse.
     */
    public boolean fixWorked() {
        boolean problemsBefore = changes.stream().anyMatch(c -> c.before() != null && serious(c.before()));
        boolean stillBad = changes.stream().anyMatch(c -> c.after() != null && serious(c.after())
                && c.verdict() != Verdict.UNKNOWN);
        return problemsBefore && !stillBad;
    }

    /**
     * Warning or critical, and able to decide a verdict. Allocation pressure and CPU saturation are never decisive:
     * a fix that lets the work run (a lock that stops serializing it) raises allocation and CPU use with the
     * throughput; the GC finding judges what allocation costs, and a CPU that became busy is said beside the verdict.
     */
    private static boolean serious(Finding f) {
        return (f.severity() == Severity.WARNING || f.severity() == Severity.CRITICAL) && !usage(f.kind());
    }

    private static boolean severe(Finding f) {
        return f != null && (f.severity() == Severity.WARNING || f.severity() == Severity.CRITICAL);
    }

    /** Findings that measure how much of a resource the work used, not where it is stuck. */
    private static boolean usage(String kind) {
        return kind.equals("allocation-pressure") || kind.equals("cpu-saturation");
    }

    /** The one line a person reads first. */
    public String verdict() {
        List<FindingChange> seriousBefore = changes.stream().filter(c -> c.before() != null && serious(c.before())).toList();
        List<FindingChange> worse = changes.stream().filter(c -> (c.verdict() == Verdict.NEW
                || c.verdict() == Verdict.REGRESSED) && serious(c.after())).toList();
        List<FindingChange> better = seriousBefore.stream()
                .filter(c -> c.verdict() == Verdict.RESOLVED || c.verdict() == Verdict.IMPROVED).toList();
        List<FindingChange> remaining = seriousBefore.stream()
                .filter(c -> c.after() != null && serious(c.after()) && c.verdict() != Verdict.REGRESSED).toList();
        if (seriousBefore.isEmpty() && worse.isEmpty()) {
            List<String> usage = changes.stream().filter(c -> usage(c.kind()) && (severe(c.before()) || severe(c.after())))
                    .map(c -> describe(c.kind())).distinct().toList();
            return usage.isEmpty() ? "nothing to fix: neither recording has a warning or critical finding"
                    : "nothing stuck to fix: the only warning or critical findings measure resource use ("
                            + String.join(", ", usage) + "), which does not say whether a fix worked";
        }
        if (!worse.isEmpty()) {
            return (better.isEmpty() ? "the fix did not work: " : "the fix moved the problem: " + list(better) + "; but ")
                    + list(worse);
        }
        if (better.isEmpty()) {
            return "no measurable change: " + list(remaining.isEmpty() ? seriousBefore : remaining) + busierCpu();
        }
        if (!remaining.isEmpty()) {
            return "the fix helped: " + list(better) + "; still " + remaining.stream()
                    .map(c -> c.after().severity().label() + ": " + describe(c.kind()) + " at " + c.shown().site().shortName())
                    .collect(Collectors.joining("; ")) + busierCpu();
        }
        return "the fix worked: " + list(better) + "; no new hotspot" + busierCpu();
    }

    /** The CPU saturation that came or grew with the fix, said after the verdict: busy is not stuck. */
    private String busierCpu() {
        List<FindingChange> cpu = changes.stream().filter(c -> c.kind().equals("cpu-saturation") && c.after() != null
                && (c.verdict() == Verdict.NEW || c.verdict() == Verdict.REGRESSED)
                && severe(c.after())).toList();
        return cpu.isEmpty() ? "" : "; CPU use rose (" + list(cpu) + "): expected when a lock stops serializing the "
                + "work — compare throughput, and the hot methods of the after recording";
    }

    private static String list(List<FindingChange> changes) {
        return changes.stream().map(c -> describe(c.kind()) + " at " + c.shown().site().shortName() + " " + c.verdict().label())
                .collect(Collectors.joining("; "));
    }

    private static String describe(String kind) {
        return kind.replace('-', ' ');
    }
}
