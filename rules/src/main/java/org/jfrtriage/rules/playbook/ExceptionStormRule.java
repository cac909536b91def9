package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.profile.MapWriteConcurrency;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.StackCounts;
import org.jfrtriage.analyzer.profile.ThrowableTable;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.ScoreCurve;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;
import org.jfrtriage.rules.model.Units;

/**
 * Step 1: an exception storm — throwables created per second over the whole JVM ({@code jdk.ExceptionStatistics}),
 * broken down by class and throw site from throwable events ({@code jdk.JavaExceptionThrow}, else
 * {@code jdk.JavaErrorThrow}) or, where the recording has no such events, from CPU samples caught inside throwable
 * constructors. A {@code ConcurrentModificationException} or {@code HashMap$TreeNode} cast is named as the trace
 * of the map written without a lock.
 */
public final class ExceptionStormRule extends PlaybookRule<ExceptionStormRule.Storm> {

    public static final String KIND = "exception-storm";

    static final Threshold RATE = new Threshold("exception-storm.rate",
            "throwables created per second, whole JVM, averaged over the recording", "/s", 1000, 5000, 20000,
            "each throwable fills in its stack trace (microseconds, more with deep stacks) and most are logged: "
                    + "thousands a second cost CPU and hide real errors; JMC's Exceptions rule starts at 5000/s");
    private static final int ROWS = 8;
    private static final String THROWABLE_INIT = "java.lang.Throwable.<init>";

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHO_IS_STUCK,
            "Throwables per second, by class and throw site",
            List.of("jdk.ExceptionStatistics", "jdk.JavaExceptionThrow"),
            List.of(RATE),
            List.of("The rate comes from jdk.ExceptionStatistics (the JVM counts every throwable; settings=default has it); without it, "
                            + "from jdk.JavaExceptionThrow events when they are not throttled.",
                    "Classes and sites come from jdk.JavaExceptionThrow (off in JDK 17's settings, 300/s in JDK 25's profile), else "
                            + "CPU samples inside Throwable.<init>: shares, not counts. jdk.JavaErrorThrow alone (errors only) is not used: the JDK's own linkage errors would name a storm of exceptions.",
                    "A ConcurrentModificationException from HashMap code or a HashMap$TreeNode ClassCastException is linked to "
                            + "the unsynchronized-map-write finding of the class that threw it; a storm mostly of those is at most a warning: the map finding names the cause."));

    public ExceptionStormRule() {
        super(SPEC, "no count of throwables: enable jdk.ExceptionStatistics (settings=default has it, every second) "
                + "or jdk.JavaExceptionThrow; async-profiler recordings have neither — record with JFR as well");
    }

    /** Throwables of one class thrown at one site: recorded events, or CPU samples inside their construction. */
    static final class Group {
        final String throwableClass;
        final SiteRef site;
        final int stack;
        long weight;
        int threads;
        String message = "";
        boolean race;

        Group(String throwableClass, SiteRef site, int stack) {
            this.throwableClass = throwableClass;
            this.site = site;
            this.stack = stack;
        }
    }

    /** The recording's throwables: the rule's one candidate. */
    record Storm(double rate, String rateSource, List<Group> groups, boolean fromEvents, String linked) {
        Group top() {
            return groups.isEmpty() ? null : groups.get(0);
        }

        /** A storm mostly of the exceptions a racing HashMap throws, in a class whose map finding names the cause. */
        boolean mapRace() {
            return top() != null && top().race && !linked.isEmpty();
        }
    }

    @Override
    protected String cannotJudge(Profile profile) {
        return rate(profile) == null ? notApplicable() : null;
    }

    /** The rate and what counted it, or null when the recording cannot tell. */
    private static Object[] rate(Profile profile) {
        ThrowableTable throwables = profile.throwables();
        String throttle = profile.info().setting("jdk.JavaExceptionThrow", "throttle");
        boolean throttled = !throttle.isEmpty() && !throttle.startsWith("off");
        if (throwables.statisticsReadings() >= 2 && throwables.statisticsSpanNanos() > 0) {
            return new Object[] {throwables.countedBetweenReadings() / (throwables.statisticsSpanNanos() / 1e9), "jdk.ExceptionStatistics"};
        }
        if (profile.info().isEnabled("jdk.JavaExceptionThrow") && !throttled) {
            return new Object[] {throwables.recorded() / new Sites(profile).seconds(), "jdk.JavaExceptionThrow"};
        }
        return null;
    }

    @Override
    protected List<Storm> candidates(Evaluation e) {
        Profile profile = e.profile();
        Object[] rate = rate(profile);
        List<Group> groups = groups(profile, e.sites());
        boolean fromEvents = profile.throwables().recorded() > 0 && profile.info().isEnabled("jdk.JavaExceptionThrow");
        return List.of(new Storm((Double) rate[0], (String) rate[1], groups, fromEvents, linkedMapSites(profile, e.sites(), groups)));
    }

    @Override
    protected void measure(Storm s, Evaluation e, Scores scores) {
        // a storm of the map race's exceptions is its symptom: the unsynchronized-map-write finding names the cause
        scores.judgeAtMost(RATE, s.rate(), s.mapRace() ? Scores.AT_MOST_WARNING : Scores.UNCAPPED);
    }

    @Override
    protected String ok(Evaluation e, List<Storm> candidates) {
        Storm s = candidates.get(0);
        return String.format("%s throwables/s on average (%s); below %s/s", Units.format(Math.round(s.rate()), ""),
                s.rateSource(), Units.format((long) RATE.info(), ""));
    }

    @Override
    protected String found(Evaluation e, List<Finding> findings) {
        return findings.get(0).title();
    }

    @Override
    protected Finding.Builder describe(Storm s, Evaluation e, Scores scores) {
        List<Group> groups = s.groups();
        long totalWeight = groups.stream().mapToLong(g -> g.weight).sum();
        boolean fromEvents = s.fromEvents();
        String breakdown = fromEvents ? "jdk.JavaExceptionThrow" : totalWeight > 0 ? "CPU samples inside throwable constructors" : "none";
        Group top = s.top();
        SiteRef site = top == null ? SiteRef.UNKNOWN : top.site;
        String subject = top == null ? "" : top.throwableClass;
        String what = top == null ? "; the recording does not say which (enable jdk.JavaExceptionThrow for a short recording)"
                : String.format(": %s %s at %s (%s of those %s)",
                        // "mostly" only for more than half of them
                        2 * top.weight > totalWeight ? "mostly" : "the most common,", top.throwableClass, top.site.shortName(),
                        Units.percent((double) top.weight / totalWeight), fromEvents ? "recorded" : "sampled");
        String title = String.format("%s throwables created per second%s", Units.format(Math.round(s.rate()), ""), what);
        int stack = top == null ? 0 : top.stack;
        Finding.Builder f = finding().title(title).subject(subject).site(site)
                .stack(top == null ? List.of() : e.sites().stack(stack), stack)
                .evidence(Evidence.of("throwablesPerSecond", "throwables created per second", s.rate(), "/s"))
                .evidence(Evidence.text("rateSource", "counted by", s.rateSource()))
                .evidence(Evidence.text("breakdownSource", "classes and sites from", breakdown));
        if (top != null) {
            f.evidence(Evidence.of("topShare", "share of the top class at its site", 100.0 * top.weight / totalWeight, "%"));
            if (top.threads > 0) { // CPU samples do not say how many threads threw
                f.evidence(Evidence.of("threads", "threads throwing it (at one stack)", top.threads, "threads"));
            }
            if (!top.message.isEmpty()) {
                f.evidence(Evidence.text("message", "its first message", top.message));
            }
        }
        if (!s.linked().isEmpty()) {
            f.evidence(Evidence.text("linkedFinding", "the same race as", s.linked()));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Group g : groups.subList(0, Math.min(ROWS, groups.size()))) {
            rows.add(List.of(g.throwableClass, g.site.shortName(), g.weight, Units.percent((double) g.weight / totalWeight), g.threads));
        }
        if (!rows.isEmpty()) {
            f.table(new EvidenceTable("Throwables by class and throw site (" + breakdown + ")",
                    List.of("class", "thrown at", fromEvents ? "recorded" : "samples", "share", "threads"), rows));
        }
        if (s.mapRace() && RATE.score(s.rate()) >= ScoreCurve.CRITICAL_SCORE) {
            f.evidence(Evidence.text("severityCapped", "at most a warning", "the throwables are the trace of " + s.linked()
                    + ", which names the cause"));
        }
        return f.recommendation(advice(top, s.linked()));
    }

    /** Throw sites by weight, heaviest first: from throwable events where recorded, else from CPU samples. */
    private static List<Group> groups(Profile profile, Sites sites) {
        Map<String, Group> byKey = new HashMap<>();
        StackTable stacks = profile.stacks();
        // errors alone (jdk.JavaErrorThrow) are not the storm's make-up: the JDK's own linkage errors would name it
        if (profile.throwables().recorded() > 0 && profile.info().isEnabled("jdk.JavaExceptionThrow")) {
            for (ThrowableTable.Row row : profile.throwables().rows()) {
                SiteRef site = sites.site(row.stack());
                String key = row.throwableClass() + "|" + site.qualifiedMethod();
                Group g = byKey.computeIfAbsent(key, k -> new Group(row.throwableClass(), site, row.stack()));
                g.weight += row.count();
                g.threads = Math.max(g.threads, row.threadCount());
                if (g.message.isEmpty()) {
                    g.message = row.message();
                }
                g.race |= MapRaceThrowables.isRace(row.throwableClass(), row.message(), row.stack(), stacks);
            }
        } else {
            StackCounts cpu = profile.cpuSamples();
            for (int s = 0; s < cpu.limit(); s++) {
                long n = cpu.get(s);
                String thrown = n > 0 ? constructedThrowable(stacks, s) : null;
                if (thrown != null) {
                    SiteRef site = sites.site(s);
                    int stack = s;
                    Group g = byKey.computeIfAbsent(thrown + "|" + site.qualifiedMethod(), k -> new Group(thrown, site, stack));
                    g.weight += n;
                    g.race |= MapRaceThrowables.isRace(thrown, "", s, stacks);
                }
            }
        }
        List<Group> groups = new ArrayList<>(byKey.values());
        groups.sort(Comparator.comparingLong((Group g) -> g.weight).reversed()
                .thenComparing(g -> g.throwableClass).thenComparing(g -> g.site.qualifiedMethod()));
        return groups;
    }

    /**
     * The class being constructed when a CPU sample caught a throwable's constructor: the outermost of the
     * {@code <init>} frames above {@code Throwable.<init>} (the subclass constructors call up the chain), or null.
     */
    static String constructedThrowable(StackTable stacks, int stack) {
        int[] frames = stacks.frameIds(stack);
        int i = 0;
        // fillInStackTrace and its native part (async-profiler shows it) may be above the constructors
        while (i < frames.length && i < MapRaceThrowables.CONSTRUCTOR_DEPTH && !stacks.frame(frames[i]).methodName().equals("<init>")) {
            i++;
        }
        boolean throwable = false;
        String outermost = null;
        for (; i < frames.length && stacks.frame(frames[i]).methodName().equals("<init>"); i++) {
            throwable |= stacks.frame(frames[i]).qualifiedMethod().equals(THROWABLE_INIT);
            outermost = stacks.frame(frames[i]).className();
        }
        return throwable ? outermost : null;
    }

    /** The unsynchronized-map-write sites in the classes that threw the race throwables, or empty. */
    private static String linkedMapSites(Profile profile, Sites sites, List<Group> groups) {
        List<String> linked = new ArrayList<>();
        for (Group g : groups) {
            if (!g.race) {
                continue;
            }
            for (MapWriteConcurrency m : profile.mapWrites()) {
                // the pairs that let the map rule count race exceptions: its finding then exists
                if (m.siteFrame() >= 0 && m.coincidentPairs() >= UnsynchronizedMapWriteRule.RACE_MIN_COINCIDENT_PAIRS) {
                    SiteRef writer = SiteRef.of(sites.frame(m.siteFrame()));
                    String name = UnsynchronizedMapWriteRule.KIND + " at " + writer.shortName();
                    if (writer.className().equals(g.site.className()) && !linked.contains(name)) {
                        linked.add(name);
                    }
                }
            }
        }
        return String.join(", ", linked);
    }

    private static String advice(Group top, String linked) {
        if (top != null && top.race) {
            return "The " + top.throwableClass + "s come from a HashMap changed by several threads at once"
                    + (linked.isEmpty() ? "" : " (" + linked + ")") + ": fix the map (ConcurrentHashMap, one owning "
                    + "thread, or copy-on-write publication) and they stop; catching them only hides lost updates.";
        }
        String at = top == null ? "the throwing code (record once with jdk.JavaExceptionThrow enabled to find it)" : top.site.shortName();
        return "Find why " + at + " throws so often: exceptions used for control flow (parsing input that is often "
                + "invalid, probing for a missing key or class) should become a check before the call; a failure "
                + "repeated for every request (a down dependency, a bad configuration) needs its cause fixed or a circuit "
                + "breaker. Where a throwable must stay, reuse a preallocated one or construct it without a stack trace "
                + "(the 4-argument Throwable constructor with writableStackTrace=false), and log it once, not per request.";
    }
}
