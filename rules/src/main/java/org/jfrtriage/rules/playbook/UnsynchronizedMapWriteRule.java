package org.jfrtriage.rules.playbook;

import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.profile.MapWriteConcurrency;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.StackCounts;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Limit;
import org.jfrtriage.rules.model.ScoreCurve;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;
import org.jfrtriage.rules.model.Units;

/**
 * Step 3, which map: a plain {@code HashMap} written by several threads at once — the JVM twin of Go's
 * "concurrent map writes". JFR cannot see map identity, so the rule judges the traces such races leave: threads
 * sampled inside treeified-bin code ({@code HashMap$TreeNode}) of one site at the same moment, and threads that
 * spin there without end (a corrupted tree loops forever). Plain (untreeified) coincident writes look the same as
 * threads filling maps of their own, so they rank higher only beside the exceptions a racing HashMap throws in the
 * writing class ({@link MapRaceThrowables}).
 */
public final class UnsynchronizedMapWriteRule extends PlaybookRule<UnsynchronizedMapWriteRule.Site> {

    public static final String KIND = "unsynchronized-map-write";

    static final Threshold COINCIDENT_TREE_WRITES = new Threshold("unsynchronized-map-write.coincident-tree-writes",
            "moments two threads were sampled inside HashMap$TreeNode writes at one site", "pairs", 2, 5, 20,
            "treeified bins are rebalanced on write; two writers at once corrupt the tree (lost entries, "
                    + "ClassCastException, endless loops)");
    static final Threshold TREE_SPIN = new Threshold("unsynchronized-map-write.tree-spin",
            "longest time one thread was seen continuously inside HashMap$TreeNode", "ms", 250, 1000, 3000,
            "tree operations take microseconds; a thread inside one for seconds is looping in a corrupted tree");
    /** Plain (untreeified) coincident writes alone are shown, never scored above info: per-thread maps look the same. */
    static final Threshold COINCIDENT_WRITES = new Threshold("unsynchronized-map-write.coincident-writes",
            "moments two threads were sampled inside HashMap writes at one site", "pairs", 20, 200, 2000,
            "only a hint: threads filling their own maps at one site produce the same samples");
    /**
     * What tells a shared map from per-thread maps: the exceptions only a racing HashMap throws, in the class that
     * writes it — judged only beside at least {@link #RACE_MIN_COINCIDENT_PAIRS} coincident writes there.
     */
    static final Threshold RACE_THROWABLES = new Threshold("unsynchronized-map-write.race-exceptions",
            "ConcurrentModificationException from HashMap code and HashMap$TreeNode ClassCastException thrown in "
                    + "the writing site's class, with 10+ coincident writes at the site", "throwables", 1, 3, 300,
            "one CME can be one thread changing a map it iterates; several beside writes of several threads at the "
                    + "same moment are the race itself; hundreds are requests failing");
    /**
     * Coincident writes a site needs before race exceptions count for it: never a single coincidence (threads
     * meeting once by chance), and a CME of one thread changing a map it iterates has none at all.
     */
    static final int RACE_MIN_COINCIDENT_PAIRS = 10;

    /** What counts as "at the same moment" for coincident writes (fixed where the profile measures it). */
    static final Limit COINCIDENCE_WINDOW = new Limit("unsynchronized-map-write.coincidence-window",
            "two threads sampled writing at one site this close together count as writing at the same moment",
            MapWriteConcurrency.COINCIDENCE_WINDOW_NANOS / 1e6, "ms",
            "the JDK samples threads in rounds within microseconds, but async-profiler's itimer signals each thread "
                    + "on its own CPU clock, so concurrent writers' samples land up to one interval apart");
    /** What counts as one continuous spin in a tree bin (fixed where the profile measures it). */
    static final Limit TREE_SPIN_GAP = new Limit("unsynchronized-map-write.tree-spin-gap",
            "samples of one thread inside HashMap$TreeNode at one site closer than this are one continuous spin",
            MapWriteConcurrency.TREE_SPIN_GAP_NANOS / 1e6, "ms",
            "threads are sampled every 10–20 ms: one not sampled for a second may have left the bin, so a spin is not "
                    + "claimed continuous across such a gap (a sample elsewhere ends it too)");

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHICH_MAP_OR_MEMORY,
            "HashMap written by several threads at once (corrupted trees, endless loops)",
            List.of("jdk.ExecutionSample"),
            List.of(COINCIDENT_TREE_WRITES, TREE_SPIN, COINCIDENT_WRITES, RACE_THROWABLES),
            List.of(COINCIDENCE_WINDOW, TREE_SPIN_GAP),
            List.of("Plain coincident HashMap writes alone are capped at info: threads filling their own maps at one site look the same in samples.",
                "unsynchronized-map-write.race-exceptions counts only with at least 10 coincident writes at the site (RACE_MIN_COINCIDENT_PAIRS): never on a single coincidence, and a CME of one thread changing a map it iterates has none.",
                "Race exceptions come from jdk.JavaExceptionThrow (off in JDK 17's default and profile settings, throttled to 300/s in JDK 25's profile) and from CPU samples caught inside their constructors; each such sample is at least one throwable."));

    /** One writing site, with the race exceptions thrown in its class and whether exceptions were recorded at all. */
    record Site(MapWriteConcurrency writes, MapRaceThrowables.Seen race, boolean exceptionEvents) {
        boolean enoughWrites() {
            return writes.coincidentPairs() >= RACE_MIN_COINCIDENT_PAIRS;
        }
    }

    public UnsynchronizedMapWriteRule() {
        super(SPEC, "no CPU samples: enable jdk.ExecutionSample (settings=default has it; async-profiler: event=itimer)");
    }

    @Override
    protected String cannotJudge(Profile profile) {
        return profile.cpuSamples().total() == 0 ? notApplicable() : null;
    }

    @Override
    protected List<Site> candidates(Evaluation e) {
        Map<String, MapRaceThrowables.Seen> race = MapRaceThrowables.byClass(e.profile());
        boolean exceptionEvents = e.profile().info().isEnabled("jdk.JavaExceptionThrow");
        return e.profile().mapWrites().stream().filter(m -> m.siteFrame() >= 0)
                .map(m -> new Site(m, race.getOrDefault(e.sites().frame(m.siteFrame()).className(), new MapRaceThrowables.Seen()),
                        exceptionEvents))
                .toList();
    }

    @Override
    protected void measure(Site s, Evaluation e, Scores scores) {
        MapWriteConcurrency m = s.writes();
        scores.judge(COINCIDENT_TREE_WRITES, m.coincidentTreePairs());
        scores.judge(TREE_SPIN, m.longestTreeSpinNanos() / 1e6);
        scores.judgeAtMost(COINCIDENT_WRITES, m.coincidentPairs(), Scores.AT_MOST_INFO);
        scores.judge(RACE_THROWABLES, s.enoughWrites() ? s.race().total() : 0);
    }

    @Override
    protected String ok(Evaluation e, List<Site> candidates) {
        return "no sign of a HashMap written by several threads at once";
    }

    @Override
    protected String found(Evaluation e, List<Finding> findings) {
        return Units.count(findings.size(), "site", "sites") + " writing HashMaps concurrently";
    }

    @Override
    protected Finding.Builder describe(Site s, Evaluation e, Scores scores) {
        MapWriteConcurrency m = s.writes();
        MapRaceThrowables.Seen race = s.race();
        Sites sites = e.sites();
        double spinMs = m.longestTreeSpinNanos() / 1e6;
        int spinScore = scores.score(TREE_SPIN);
        int treeScore = scores.score(COINCIDENT_TREE_WRITES);
        int raceScore = scores.score(RACE_THROWABLES);
        SiteRef site = SiteRef.of(sites.frame(m.siteFrame()));
        int stack = representativeStack(e.profile(), m.siteFrame());
        String raceNote = raceScore >= ScoreCurve.WARNING_SCORE && raceScore >= Math.max(treeScore, spinScore)
                ? String.format("; %s in %s", Units.count(race.total(), "HashMap race exception", "HashMap race exceptions"),
                        simpleClass(site.className()))
                : "";
        String title = spinScore >= treeScore && spinScore >= raceScore && spinScore >= ScoreCurve.WARNING_SCORE
                ? String.format("A thread spun %s inside a HashMap tree bin at %s: the map was corrupted by concurrent writes",
                        Units.millis(spinMs), site.shortName())
                : m.coincidentPairs() > 0
                ? String.format("%s a HashMap at %s at the same moment (%s)%s",
                        Units.count(m.threadCount(), "thread writes", "threads write"), site.shortName(),
                        Units.count(m.coincidentPairs(), "coincident sample", "coincident samples"), raceNote)
                : String.format("%s HashMap tree bins at %s (%s continuously in one bin)",
                        Units.count(m.threadCount(), "thread writes", "threads write"), site.shortName(), Units.millis(spinMs));
        return finding().title(title).subject("java.util.HashMap").site(site).stack(sites.stack(stack), stack)
                .evidence(Evidence.of("writeSamples", "CPU samples in HashMap writes", m.writeSamples(), "samples"))
                .evidence(Evidence.of("treeNodeSamples", "of them in treeified bins", m.treeNodeSamples(), "samples"))
                .evidence(Evidence.of("coincidentPairs", "moments two threads wrote together", m.coincidentPairs(), "pairs"))
                .evidence(Evidence.of("coincidentTreePairs", "of them inside tree bins", m.coincidentTreePairs(), "pairs"))
                .evidence(Evidence.of("longestTreeSpinMs", "longest continuous time in a tree bin", spinMs, "ms"))
                .evidence(Evidence.of("threads", "threads writing here", m.threadCount(), "threads"))
                .evidence(Evidence.of("raceExceptions", "HashMap race exceptions thrown in " + simpleClass(site.className())
                        + " (events)", race.recorded, "throwables"))
                .evidence(Evidence.of("raceExceptionSamples", "CPU samples inside their construction", race.sampled, "samples"))
                .evidence(Evidence.text("corroboration", "what confirms a shared map", corroboration(s)))
                .recommendation("If the HashMap written at " + site.shortName() + " is shared between threads, "
                        + "it is a data race: entries get lost, trees get corrupted (ClassCastException: HashMap$Node "
                        + "cannot be cast to HashMap$TreeNode), iterators throw ConcurrentModificationException and "
                        + "threads can loop forever. Fix it one of three ways: replace it with a ConcurrentHashMap (merge/"
                        + "compute are then atomic per key); confine it to one thread (one owner that applies updates from a "
                        + "queue); or, for a map read far more than written, publish copies: build a new map, then swap a "
                        + "volatile reference (copy-on-write), never mutating the published one. If each thread fills its "
                        + "own map, this is harmless — but many colliding keys (tree bins) suggest a poor hashCode, and a "
                        + "single writer spending seconds in tree bins means the key's hashCode must be fixed.");
    }

    /** What was and was not there to tell a shared map from per-thread maps, in words. */
    private static String corroboration(Site s) {
        MapRaceThrowables.Seen race = s.race();
        String seen = race.total() == 0 ? "no ConcurrentModificationException or HashMap$TreeNode ClassCastException seen in this class"
                : Units.count(race.recorded, "race exception", "race exceptions") + " recorded, "
                        + Units.count(race.sampled, "CPU sample", "CPU samples") + " inside their construction";
        String events = s.exceptionEvents() ? "" : "; exceptions were not recorded (enable jdk.JavaExceptionThrow for a "
                + "short recording: a ConcurrentModificationException is an exception, not an Error)";
        String writes = s.enoughWrites() ? "" : "; too few coincident writes (under " + RACE_MIN_COINCIDENT_PAIRS + ") to count them";
        return seen + events + writes;
    }

    private static String simpleClass(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(dot + 1);
    }

    /** The stack with the most CPU samples whose site is this frame. */
    private static int representativeStack(Profile profile, int siteFrame) {
        StackCounts cpu = profile.cpuSamples();
        int best = 0;
        long bestSamples = -1;
        for (int s = 0; s < cpu.limit(); s++) {
            long n = cpu.get(s);
            if (n > 0 && n > bestSamples && profile.features().site(s) == siteFrame) {
                best = s;
                bestSamples = n;
            }
        }
        return best;
    }
}
