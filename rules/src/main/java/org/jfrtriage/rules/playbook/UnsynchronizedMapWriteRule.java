package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.profile.MapWriteConcurrency;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.StackCounts;
import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.JudgedThreshold;
import org.jfrtriage.rules.model.ScoreCurve;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;
import org.jfrtriage.rules.model.Units;

/**
 * Step 3, which map: a plain {@code HashMap} written by several threads at once — the JVM twin of Go's
 * "concurrent map writes". JFR cannot see map identity, so the rule judges the traces such races leave: threads
 * sampled inside treeified-bin code ({@code HashMap$TreeNode}) of one site at the same moment, and threads that
 * spin there without end (a corrupted tree loops forever).
 */
public final class UnsynchronizedMapWriteRule implements Rule {

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

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHICH_MAP_OR_MEMORY,
            "HashMap written by several threads at once (corrupted trees, endless loops)",
            List.of("jdk.ExecutionSample"),
            List.of(COINCIDENT_TREE_WRITES, TREE_SPIN, COINCIDENT_WRITES, RACE_THROWABLES),
            List.of("Plain coincident HashMap writes alone are capped at info: threads filling their own maps at one site look the same in samples.",
                "unsynchronized-map-write.race-exceptions counts only with at least 10 coincident writes at the site (RACE_MIN_COINCIDENT_PAIRS): never on a single coincidence, and a CME of one thread changing a map it iterates has none.",
                "Race exceptions come from jdk.JavaExceptionThrow (off in JDK 17's default and profile settings, throttled to 300/s in JDK 25's profile) and from CPU samples caught inside their constructors; each such sample is at least one throwable.",
                "Coincidence means two threads sampled at the same site within 10 ms (ProfileBuilder.COINCIDENCE_WINDOW_NANOS)."));

    @Override
    public RuleSpec spec() {
        return SPEC;
    }

    @Override
    public Result evaluate(Profile profile) {
        StackCounts cpu = profile.cpuSamples();
        if (cpu.total() == 0) {
            return new Result(List.of(), new Check(KIND, step(), Check.Status.NOT_APPLICABLE,
                    "no CPU samples: enable jdk.ExecutionSample (settings=default has it; async-profiler: event=itimer)"));
        }
        Sites sites = new Sites(profile);
        Map<String, MapRaceThrowables.Seen> raceThrowables = MapRaceThrowables.byClass(profile);
        boolean exceptionEvents = profile.info().isEnabled("jdk.JavaExceptionThrow");
        List<Finding> findings = new ArrayList<>();
        for (MapWriteConcurrency m : profile.mapWrites()) {
            if (m.siteFrame() < 0) {
                continue;
            }
            int treeScore = COINCIDENT_TREE_WRITES.score(m.coincidentTreePairs());
            double spinMs = m.longestTreeSpinNanos() / 1e6;
            int spinScore = TREE_SPIN.score(spinMs);
            int plainScore = Math.min(ScoreCurve.WARNING_SCORE - 1, COINCIDENT_WRITES.score(m.coincidentPairs()));
            SiteRef site = SiteRef.of(sites.frame(m.siteFrame()));
            MapRaceThrowables.Seen race = raceThrowables.getOrDefault(site.className(), new MapRaceThrowables.Seen());
            boolean enoughWrites = m.coincidentPairs() >= RACE_MIN_COINCIDENT_PAIRS;
            long raceCount = enoughWrites ? race.total() : 0;
            int raceScore = RACE_THROWABLES.score(raceCount);
            int score = Math.max(Math.max(plainScore, raceScore), Math.max(treeScore, spinScore));
            if (ScoreCurve.severity(score) == Severity.OK) {
                continue;
            }
            int stack = representativeStack(profile, m.siteFrame());
            String raceNote = raceScore >= ScoreCurve.WARNING_SCORE && raceScore >= Math.max(treeScore, spinScore)
                    ? String.format("; %,d HashMap race exceptions in %s", race.total(), simpleClass(site.className()))
                    : "";
            String title = spinScore >= treeScore && spinScore >= raceScore && spinScore >= ScoreCurve.WARNING_SCORE
                    ? String.format("A thread spun %s inside a HashMap tree bin at %s: the map was corrupted by concurrent writes",
                            Units.millis(spinMs), site.shortName())
                    : m.coincidentPairs() > 0
                    ? String.format("%d threads write a HashMap at %s at the same moment (%d coincident samples)%s",
                            m.threadCount(), site.shortName(), m.coincidentPairs(), raceNote)
                    : String.format("%d threads write HashMap tree bins at %s (%s continuously in one bin)",
                            m.threadCount(), site.shortName(), Units.millis(spinMs));
            List<Evidence> evidence = new ArrayList<>(List.of(
                    Evidence.of("writeSamples", "CPU samples in HashMap writes", m.writeSamples(), "samples"),
                    Evidence.of("treeNodeSamples", "of them in treeified bins", m.treeNodeSamples(), "samples"),
                    Evidence.of("coincidentPairs", "moments two threads wrote together", m.coincidentPairs(), "pairs"),
                    Evidence.of("coincidentTreePairs", "of them inside tree bins", m.coincidentTreePairs(), "pairs"),
                    Evidence.of("longestTreeSpinMs", "longest continuous time in a tree bin", spinMs, "ms"),
                    Evidence.of("threads", "threads writing here", m.threadCount(), "threads")));
            evidence.add(Evidence.of("raceExceptions", "HashMap race exceptions thrown in " + simpleClass(site.className())
                    + " (events)", race.recorded, "throwables"));
            evidence.add(Evidence.of("raceExceptionSamples", "CPU samples inside their construction", race.sampled, "samples"));
            evidence.add(Evidence.text("corroboration", "what confirms a shared map", corroboration(race, exceptionEvents, enoughWrites)));
            String recommendation = "If the HashMap written at " + site.shortName() + " is shared between threads, "
                    + "it is a data race: entries get lost, trees get corrupted (ClassCastException: HashMap$Node "
                    + "cannot be cast to HashMap$TreeNode), iterators throw ConcurrentModificationException and "
                    + "threads can loop forever. Fix it one of three ways: replace it with a ConcurrentHashMap (merge/"
                    + "compute are then atomic per key); confine it to one thread (one owner that applies updates from a "
                    + "queue); or, for a map read far more than written, publish copies: build a new map, then swap a "
                    + "volatile reference (copy-on-write), never mutating the published one. If each thread fills its "
                    + "own map, this is harmless — but many colliding keys (tree bins) suggest a poor hashCode, and a "
                    + "single writer spending seconds in tree bins means the key's hashCode must be fixed.";
            findings.add(new Finding(Finding.idOf(KIND, site, "java.util.HashMap"), KIND, step(),
                    ScoreCurve.severity(score), score, title, "java.util.HashMap", site, sites.stack(stack), stack,
                    evidence, List.of(), recommendation, List.of(
                            new JudgedThreshold(COINCIDENT_TREE_WRITES, m.coincidentTreePairs(), treeScore),
                            new JudgedThreshold(TREE_SPIN, spinMs, spinScore),
                            new JudgedThreshold(COINCIDENT_WRITES, m.coincidentPairs(), plainScore),
                            new JudgedThreshold(RACE_THROWABLES, raceCount, raceScore))));
        }
        findings.sort(Comparator.comparingInt(Finding::score).reversed());
        Check check = findings.isEmpty()
                ? new Check(KIND, step(), Check.Status.OK, "no sign of a HashMap written by several threads at once")
                : new Check(KIND, step(), Check.Status.FINDINGS, findings.size() + " site(s) writing HashMaps concurrently");
        return new Result(findings, check);
    }

    /** What was and was not there to tell a shared map from per-thread maps, in words. */
    private static String corroboration(MapRaceThrowables.Seen race, boolean exceptionEvents, boolean enoughWrites) {
        String seen = race.total() == 0 ? "no ConcurrentModificationException or HashMap$TreeNode ClassCastException seen in this class"
                : String.format("%,d race exception(s) recorded, %,d CPU sample(s) inside their construction", race.recorded, race.sampled);
        String events = exceptionEvents ? "" : "; exceptions were not recorded (enable jdk.JavaExceptionThrow for a "
                + "short recording: a ConcurrentModificationException is an exception, not an Error)";
        String writes = enoughWrites ? "" : "; too few coincident writes (under " + RACE_MIN_COINCIDENT_PAIRS + ") to count them";
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
