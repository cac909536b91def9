package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.ThreadLifecycle;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;
import org.jfrtriage.rules.model.Units;

/**
 * Step 3: threads that are started and never end. The live thread count over the later half of the recording
 * ({@code jdk.JavaThreadStatistics}, a least-squares slope, so a pool that warmed up early and then stayed flat is
 * no leak), and the threads started in that half and still alive at its end by the code that started them
 * ({@code jdk.ThreadStart}'s stack, {@code jdk.ThreadEnd}).
 */
public final class ThreadLeakRule extends PlaybookRule<ThreadLeakRule.Growth> {

    public static final String KIND = "thread-leak";

    static final Threshold GROWTH = new Threshold("thread-leak.growth-rate",
            "live threads added per minute: least-squares slope of jdk.JavaThreadStatistics' active count over the later "
                    + "half of the recording", "/min", 6, 60, 600,
            "each platform thread holds a stack (1 MB reserved by default) and a kernel task; a container's task limit "
                    + "is a few thousand to tens of thousands: 6/min reaches it in about a day, 60/min in hours, 600/min in minutes "
                    + "(OutOfMemoryError: unable to create native thread)");
    static final Threshold NEVER_ENDED = new Threshold("thread-leak.never-ended",
            "threads started at one site in the later half of the recording and still alive at its end, per minute of that half",
            "/min", 6, 60, 600,
            "the same limits as the growth rate, counted by creating site from jdk.ThreadStart/jdk.ThreadEnd: threads a "
                    + "site keeps starting and never ends are the leak, whoever else starts threads");
    /**
     * The growth a finding needs, in threads, over the half judged (the slope times its length, or the threads a site
     * left alive): a few threads come and go in any JVM (compiler threads, a pool growing to its size).
     */
    static final int MIN_THREADS = 10;
    /** Readings the slope needs in the half judged. */
    static final int MIN_READINGS = 4;
    private static final int ROWS = 5;

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHICH_MAP_OR_MEMORY,
            "Live threads growing through the recording without levelling off, by the code that starts them",
            List.of("jdk.JavaThreadStatistics", "jdk.ThreadStart"),
            List.of(GROWTH, NEVER_ENDED),
            List.of("Only the later half of the recording is judged: threads started while the application or its pools warm up "
                            + "level off, a leak does not.",
                    "A finding needs at least 10 threads of growth in that half (MIN_THREADS), and the slope at least 4 readings "
                            + "(MIN_READINGS; jdk.JavaThreadStatistics is recorded every second by settings=default).",
                    "Growth that levels off in the last quarter (the live count gains less than half of what the slope predicts "
                            + "there, or a site started fewer than a quarter of its surviving threads there) is a pool filling up, not a leak.",
                    "Creating sites come from jdk.ThreadStart's stack trace (the code that called Thread.start; settings=default "
                            + "records it) and need jdk.ThreadEnd to tell which threads ended; format 0.9 (JDK 7/8) records no stack."));

    /** The recording's thread growth: the rule's one candidate. */
    record Growth(double slopePerMinute, double fitted, double r2, int readings, double windowSeconds, long firstActive,
                  long lastActive, long peak, double startedPerMinute, List<Site> sites, boolean levelled) {
        Site top() {
            return sites.isEmpty() ? null : sites.get(0);
        }
    }

    /** Threads started at one site in the later half, and how many of those alive were started in the last quarter. */
    record Site(SiteRef site, int stack, int started, int alive, double alivePerMinute, int aliveLastQuarter) {
        /** The site kept starting threads that stay: at least half its share of them in the last quarter. */
        boolean keepsGrowing() {
            return aliveLastQuarter >= alive / 4.0;
        }
    }

    public ThreadLeakRule() {
        super(SPEC, "no thread counts: enable jdk.JavaThreadStatistics (settings=default has it, every second) and "
                + "jdk.ThreadStart/jdk.ThreadEnd with stack traces (settings=default has them)");
    }

    @Override
    protected String cannotJudge(Profile profile) {
        ThreadLifecycle l = profile.threadLifecycle();
        return l.readings().length < 2 * MIN_READINGS && l.starts() == 0 ? notApplicable() : null;
    }

    @Override
    protected List<Growth> candidates(Evaluation e) {
        Profile profile = e.profile();
        ThreadLifecycle life = profile.threadLifecycle();
        ThreadLifecycle.Reading[] all = life.readings();
        long start = profile.info().startNanos();
        long end = profile.info().endNanos();
        if (all.length >= 2) {
            start = Math.min(start, all[0].timeNanos());
            end = Math.max(end, all[all.length - 1].timeNanos());
        }
        long middle = start + (end - start) / 2;
        long quarter = middle + (end - middle) / 2;
        double halfSeconds = Math.max(1e-3, (end - middle) / 1e9);
        // the fit over the readings of the later half
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        long firstActive = -1;
        long lastActive = -1;
        long peak = 0;
        double firstT = Double.NaN;
        double lastT = Double.NaN;
        long quarterActive = -1;
        double quarterT = Double.NaN;
        for (ThreadLifecycle.Reading r : all) {
            peak = Math.max(peak, Math.max(r.peak(), r.active()));
            if (r.timeNanos() < middle) {
                continue;
            }
            double x = (r.timeNanos() - middle) / 1e9;
            double y = r.active();
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            syy += y * y;
            if (firstActive < 0) {
                firstActive = r.active();
                firstT = x;
            }
            lastActive = r.active();
            lastT = x;
            if (quarterActive < 0 && r.timeNanos() >= quarter) {
                quarterActive = r.active();
                quarterT = x;
            }
        }
        double slope = 0;
        double r2 = 0;
        double window = 0;
        double varX = n * sxx - sx * sx;
        if (n >= MIN_READINGS && varX > 0) {
            slope = (n * sxy - sx * sy) / varX; // threads per second
            double varY = n * syy - sy * sy;
            r2 = varY > 0 ? Math.pow(n * sxy - sx * sy, 2) / (varX * varY) : 0;
            window = lastT - firstT;
        }
        double fitted = slope * window;
        // a pool filling up in the later half stops growing: the last quarter must keep half the fitted pace
        boolean levelled = slope > 0 && quarterActive >= 0 && lastT > quarterT
                && lastActive - quarterActive < 0.5 * slope * (lastT - quarterT);
        double started = 0;
        if (all.length >= 2 && all[all.length - 1].accumulated() > 0) {
            double span = (all[all.length - 1].timeNanos() - all[0].timeNanos()) / 60e9;
            started = span > 0 ? (all[all.length - 1].accumulated() - all[0].accumulated()) / span : 0;
        }
        return List.of(new Growth(slope * 60, fitted, r2, (int) n, window, firstActive, lastActive, peak, started,
                sites(life, middle, quarter, halfSeconds, e.sites()), levelled));
    }

    private static List<Site> sites(ThreadLifecycle life, long middle, long quarter, double halfSeconds, Sites sites) {
        Map<String, int[]> bySite = new HashMap<>();
        Map<Integer, ThreadLifecycle.Starts> late = life.startsSince(quarter);
        Map<String, Integer> stacks = new HashMap<>();
        for (ThreadLifecycle.Starts s : life.startsSince(middle).values()) {
            String key = s.stack() == StackTable.UNKNOWN ? "" : sites.siteKey(s.stack());
            int[] c = bySite.computeIfAbsent(key, k -> new int[3]);
            c[0] += s.started();
            c[1] += s.alive();
            c[2] += late.containsKey(s.stack()) ? late.get(s.stack()).alive() : 0;
            stacks.merge(key, s.stack(), Math::min); // the lowest stack id: the same whatever the order
        }
        List<Site> result = new ArrayList<>();
        bySite.forEach((key, c) -> {
            int stack = stacks.get(key);
            SiteRef site = stack == StackTable.UNKNOWN ? SiteRef.UNKNOWN : sites.site(stack);
            result.add(new Site(site, stack, c[0], c[1], c[1] / (halfSeconds / 60), c[2]));
        });
        result.sort(Comparator.comparingInt(Site::alive).reversed().thenComparing(s -> s.site().qualifiedMethod()));
        return result;
    }

    @Override
    protected void measure(Growth g, Evaluation e, Scores scores) {
        boolean growing = growing(g);
        scores.judgeAtMost(GROWTH, growing ? g.slopePerMinute() : 0, growing ? Scores.UNCAPPED : Scores.NOT_COUNTED);
        Site top = g.top();
        boolean counted = top != null && top.alive() >= MIN_THREADS && top.site() != SiteRef.UNKNOWN && top.keepsGrowing()
                && !g.levelled();
        scores.judgeAtMost(NEVER_ENDED, counted ? top.alivePerMinute() : 0, counted ? Scores.UNCAPPED : Scores.NOT_COUNTED);
    }

    /** Whether the live count's growth is judged: enough of it, and not levelling off. */
    private static boolean growing(Growth g) {
        return g.fitted() >= MIN_THREADS && !g.levelled();
    }

    @Override
    protected String ok(Evaluation e, List<Growth> candidates) {
        Growth g = candidates.get(0);
        if (g.readings() < MIN_READINGS) {
            return String.format("no site left %d or more threads started in the later half alive", MIN_THREADS);
        }
        return String.format("live threads %s → %s over the later half (%s/min fitted); no site left %d threads alive",
                Units.grouped(g.firstActive()), Units.grouped(g.lastActive()), Units.format(g.slopePerMinute(), ""), MIN_THREADS);
    }

    @Override
    protected String found(Evaluation e, List<Finding> findings) {
        return findings.get(0).title();
    }

    @Override
    protected Finding.Builder describe(Growth g, Evaluation e, Scores scores) {
        Site top = g.top();
        boolean named = top != null && top.alive() > 0 && top.site() != SiteRef.UNKNOWN;
        SiteRef site = named ? top.site() : SiteRef.UNKNOWN;
        Finding.Builder f = finding().title(title(g, top, named)).subject("threads").site(site)
                .stack(named && top.stack() >= 0 ? e.sites().stack(top.stack()) : List.of(), named ? Math.max(0, top.stack()) : 0);
        if (g.readings() >= MIN_READINGS) {
            f.evidence(Evidence.of("growthPerMinute", "live threads added per minute (fitted, later half)", g.slopePerMinute(), "/min"))
                    .evidence(Evidence.of("fittedGrowth", "growth over the later half (fitted)", g.fitted(), "threads"))
                    .evidence(Evidence.of("fitR2", "fit R²", g.r2(), ""))
                    .evidence(Evidence.of("liveThreads", "live threads at the end", g.lastActive(), "threads"))
                    .evidence(Evidence.of("peakThreads", "peak live threads", g.peak(), "threads"));
        }
        if (g.startedPerMinute() > 0) {
            f.evidence(Evidence.of("startedPerMinute", "threads started per minute (whole recording)", g.startedPerMinute(), "/min"));
        }
        if (top != null) {
            f.evidence(Evidence.of("neverEndedPerMinute", "threads from the top site never ended, per minute", top.alivePerMinute(), "/min"))
                    .evidence(Evidence.of("threads", "threads from the top site still alive", top.alive(), "threads"));
            List<List<Object>> rows = new ArrayList<>();
            for (Site s : g.sites().subList(0, Math.min(ROWS, g.sites().size()))) {
                rows.add(List.of(s.site().shortName(), s.started(), s.alive()));
            }
            f.table(new EvidenceTable("Threads started in the later half, by the code that started them (jdk.ThreadStart)",
                    List.of("started at", "started", "still alive"), rows));
        }
        return f.recommendation(advice(site, named));
    }

    /**
     * The title says what the numbers show: growth of the live count only when it was judged and the count ended
     * higher than it began; otherwise the threads a site started and never ended, which a flat live count can hide
     * (other threads ended meanwhile). A finding is judged on one or the other: without growth the site is named.
     */
    private static String title(Growth g, Site top, boolean named) {
        if (!growing(g)) {
            return String.format("%s started at %s in the later half of the recording never ended (%s/min)",
                    Units.count(top.alive(), "thread", "threads"), top.site().shortName(),
                    Units.grouped(Math.round(top.alivePerMinute())));
        }
        String pace = Units.grouped(Math.round(g.slopePerMinute())) + "/min";
        String growth = g.lastActive() > g.firstActive()
                ? String.format("Live threads grew from %s to %s in the later half of the recording (%s, not levelling off)",
                        Units.grouped(g.firstActive()), Units.grouped(g.lastActive()), pace)
                : String.format("Live threads trended up %s in the later half of the recording (fitted, not levelling off), "
                        + "ending at %s", pace, Units.grouped(g.lastActive()));
        return growth + (named ? String.format("; %s of the threads started at %s never ended",
                Units.grouped(top.alive()), top.site().shortName()) : "");
    }

    private static String advice(SiteRef site, boolean named) {
        String at = named ? site.shortName() : "the code that starts them (record jdk.ThreadStart with stack traces to see it)";
        return "Threads are started and never end: " + at + " creates them. An executor created per request or per task "
                + "must be shut down (try-with-resources on JDK 19+, or shutdown() in a finally block) — better, share one "
                + "bounded pool (a fixed size, a bounded queue and a rejection policy) created once. Name the pool's threads "
                + "(a ThreadFactory) so a thread dump shows who owns them, and watch the live thread count: the JVM fails "
                + "with 'unable to create native thread' when the container's task limit is reached.";
    }
}
