package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
    /** Plain (untreeified) coincident writes are shown, never scored above info: per-thread maps look the same. */
    static final Threshold COINCIDENT_WRITES = new Threshold("unsynchronized-map-write.coincident-writes",
            "moments two threads were sampled inside HashMap writes at one site", "pairs", 20, 200, 2000,
            "only a hint: threads filling their own maps at one site produce the same samples");

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHICH_MAP_OR_MEMORY,
            "HashMap written by several threads at once (corrupted trees, endless loops)",
            List.of("jdk.ExecutionSample"),
            List.of(COINCIDENT_TREE_WRITES, TREE_SPIN, COINCIDENT_WRITES),
            List.of("Plain coincident HashMap writes are capped at info: threads filling their own maps at one site look the same in samples.",
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
        List<Finding> findings = new ArrayList<>();
        for (MapWriteConcurrency m : profile.mapWrites()) {
            if (m.siteFrame() < 0) {
                continue;
            }
            int treeScore = COINCIDENT_TREE_WRITES.score(m.coincidentTreePairs());
            double spinMs = m.longestTreeSpinNanos() / 1e6;
            int spinScore = TREE_SPIN.score(spinMs);
            int plainScore = Math.min(ScoreCurve.WARNING_SCORE - 1, COINCIDENT_WRITES.score(m.coincidentPairs()));
            int score = Math.max(plainScore, Math.max(treeScore, spinScore));
            if (ScoreCurve.severity(score) == Severity.OK) {
                continue;
            }
            SiteRef site = SiteRef.of(sites.frame(m.siteFrame()));
            int stack = representativeStack(profile, m.siteFrame());
            String title = spinScore >= treeScore && spinScore >= ScoreCurve.WARNING_SCORE
                    ? String.format("A thread spun %s inside a HashMap tree bin at %s: the map was corrupted by concurrent writes",
                            Units.millis(spinMs), site.shortName())
                    : m.coincidentPairs() > 0
                    ? String.format("%d threads write a HashMap at %s at the same moment (%d coincident samples)",
                            m.threadCount(), site.shortName(), m.coincidentPairs())
                    : String.format("%d threads write HashMap tree bins at %s (%s continuously in one bin)",
                            m.threadCount(), site.shortName(), Units.millis(spinMs));
            List<Evidence> evidence = List.of(
                    Evidence.of("writeSamples", "CPU samples in HashMap writes", m.writeSamples(), "samples"),
                    Evidence.of("treeNodeSamples", "of them in treeified bins", m.treeNodeSamples(), "samples"),
                    Evidence.of("coincidentPairs", "moments two threads wrote together", m.coincidentPairs(), "pairs"),
                    Evidence.of("coincidentTreePairs", "of them inside tree bins", m.coincidentTreePairs(), "pairs"),
                    Evidence.of("longestTreeSpinMs", "longest continuous time in a tree bin", spinMs, "ms"),
                    Evidence.of("threads", "threads writing here", m.threadCount(), "threads"));
            String recommendation = "If the HashMap written at " + site.shortName() + " is shared between threads, "
                    + "it is a data race: entries get lost, trees get corrupted (ClassCastException: HashMap$Node "
                    + "cannot be cast to HashMap$TreeNode) and threads can loop forever. Replace it with a "
                    + "ConcurrentHashMap (or confine it to one thread). If each thread fills its own map, this is "
                    + "harmless — but many colliding keys (tree bins) suggest a poor hashCode, and a single writer spending "
                    + "seconds in tree bins means the key's hashCode must be fixed.";
            findings.add(new Finding(Finding.idOf(KIND, site, "java.util.HashMap"), KIND, step(),
                    ScoreCurve.severity(score), score, title, "java.util.HashMap", site, sites.stack(stack), stack,
                    evidence, List.of(), recommendation, List.of(
                            new JudgedThreshold(COINCIDENT_TREE_WRITES, m.coincidentTreePairs(), treeScore),
                            new JudgedThreshold(TREE_SPIN, spinMs, spinScore),
                            new JudgedThreshold(COINCIDENT_WRITES, m.coincidentPairs(), plainScore))));
        }
        findings.sort(Comparator.comparingInt(Finding::score).reversed());
        Check check = findings.isEmpty()
                ? new Check(KIND, step(), Check.Status.OK, "no sign of a HashMap written by several threads at once")
                : new Check(KIND, step(), Check.Status.FINDINGS, findings.size() + " site(s) writing HashMaps concurrently");
        return new Result(findings, check);
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
