package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.profile.ContentionSite;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;
import org.jfrtriage.rules.model.Units;

/**
 * Step 2, which lock: monitors and {@code java.util.concurrent} locks ranked by total blocked time at the site a
 * person can change. Idle waits (pool workers, consumers, futures) are not contention and never rank here.
 */
public final class LockHotspotRule extends PlaybookRule<LockHotspotRule.Hotspot> {

    public static final String KIND = "lock-hotspot";

    static final Threshold BLOCKED_THREADS = new Threshold("lock-hotspot.blocked-threads",
            "threads blocked on average (blocked time / recording time)", "threads", 0.05, 0.25, 1.0,
            "one thread blocked all the time is a lost core of throughput; a quarter of one is already visible in latency");
    static final Threshold LONGEST_WAIT = new Threshold("lock-hotspot.longest-wait",
            "longest single wait for the lock", "ms", 200, 1000, 5000,
            "a request stalled for a second on one lock is a user-visible timeout even when it is rare");

    /** Blocked time of one (site, lock class), summed over its stacks. */
    static final class Hotspot {
        final String lockClass;
        final ContentionKind kind;
        long nanos;
        long events;
        long maxNanos;
        final BitSet threads = new BitSet();
        /** The contention sites ({@link ContentionSite#index()}) this hotspot sums. */
        final BitSet sites = new BitSet();
        ContentionSite heaviest;

        Hotspot(String lockClass, ContentionKind kind) {
            this.lockClass = lockClass;
            this.kind = kind;
        }
    }

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHICH_LOCK,
            "Monitors and java.util.concurrent locks ranked by total blocked time at the calling site",
            List.of("jdk.JavaMonitorEnter", "jdk.ThreadPark", "profiler.WallClockSample"),
            List.of(BLOCKED_THREADS, LONGEST_WAIT),
            List.of("Only LOCK waits rank: monitors, ReentrantLock, read/write locks, semaphores, StampedLock. Conditions, futures, latches and idle parking do not.",
                "A single long wait alone is at most a warning: critical takes lock-hotspot.blocked-threads at its critical limit (blocking sustained over the recording).",
                "Blocked time is what JFR recorded: waits shorter than the recording threshold (20 ms default, 10 ms profile) are not in it.",
                "Wall-clock samples (async-profiler event=wall) count too: a thread sampled at least " + org.jfrtriage.analyzer.profile.SampledWaits.MIN_RUN_SAMPLES_PUBLIC + " times in a row in a monitor enter, a park or Object.wait at one site (no two samples more than 2.5 sampling periods apart) waited there from its first such sample to its last; waits a recorded event already covers are not counted twice, a wait still going at the end of the recording is left to the deadlock rule, and the evidence says the waits were rebuilt from samples and their resolution.",
                "Waits without a stack trace, waits whose stack has no application frame and waits of the JVM's own threads (Common-Cleaner, Reference Handler, JFR, RMI, …) are never judged; the check says how much was left out, and is not applicable when no wait had a stack."));

    public LockHotspotRule() {
        super(SPEC, "no lock events in the recording: enable jdk.JavaMonitorEnter and jdk.ThreadPark "
                + "(settings=default has them; async-profiler: event=lock, or wall-clock samples with event=wall)");
    }

    @Override
    public boolean usesLockHolders() {
        return true; // the holders of each lock it reports (HolderEvidence)
    }

    @Override
    protected List<Hotspot> candidates(Evaluation e) {
        Sites sites = e.sites();
        JudgeableWaits judgeable = e.waits();
        Map<String, Hotspot> hotspots = new LinkedHashMap<>();
        for (ContentionSite c : e.profile().contention()) {
            if (c.neverEnded() || c.category() != WaitCategory.LOCK || !judgeable.admit(c)) {
                continue;
            }
            String key = sites.siteKey(c.stack()) + "|" + c.lockClass();
            Hotspot h = hotspots.computeIfAbsent(key, k -> new Hotspot(c.lockClass(), c.kind()));
            h.nanos += c.totalNanos();
            h.events += c.events();
            h.maxNanos = Math.max(h.maxNanos, c.maxNanos());
            h.threads.or(c.threads());
            h.sites.set(c.index());
            if (h.heaviest == null || c.totalNanos() > h.heaviest.totalNanos()) {
                h.heaviest = c;
            }
        }
        return new ArrayList<>(hotspots.values());
    }

    @Override
    protected void measure(Hotspot h, Evaluation e, Scores scores) {
        scores.judge(BLOCKED_THREADS, avgBlocked(h, e));
        // one long wait is a timeout worth a warning; critical takes blocking sustained over the recording
        scores.judgeAtMost(LONGEST_WAIT, h.maxNanos / 1e6, Scores.AT_MOST_WARNING);
    }

    private static double avgBlocked(Hotspot h, Evaluation e) {
        return h.nanos / 1e9 / e.seconds();
    }

    @Override
    protected String notJudged(Evaluation e, List<Hotspot> hotspots) {
        return e.waits().stackless(hotspots.isEmpty(), "lock events", "jdk.JavaMonitorEnter and jdk.ThreadPark");
    }

    @Override
    protected String ok(Evaluation e, List<Hotspot> hotspots) {
        Profile profile = e.profile();
        long lockEvents = profile.contention().stream().filter(c -> c.category() == WaitCategory.LOCK)
                .mapToLong(ContentionSite::events).sum();
        String threshold = profile.info().setting("jdk.JavaMonitorEnter", "threshold");
        return String.format("no lock with notable blocked time (%,d blocking events%s)", lockEvents,
                threshold.isEmpty() ? "" : ", recorded above " + threshold) + e.waits().leftOut();
    }

    @Override
    protected String found(Evaluation e, List<Finding> findings) {
        return Units.count(findings.size(), "contended lock", "contended locks") + e.waits().leftOut();
    }

    /** Each reported lock's holders (one answer per set of sites), made on both rule threads when two ask at once. */
    @Override
    protected void beforeDescribe(List<Hotspot> judged, Evaluation e) {
        e.profile().lockHolders().expect(judged.stream().map(h -> h.sites).toList());
    }

    @Override
    protected Finding.Builder describe(Hotspot h, Evaluation e, Scores scores) {
        Sites sites = e.sites();
        double seconds = e.seconds();
        double avgBlocked = avgBlocked(h, e);
        int stack = h.heaviest.stack();
        SiteRef site = sites.site(stack);
        boolean monitor = h.kind == ContentionKind.MONITOR_ENTER;
        String lockName = Sites.lockDisplayName(h.lockClass);
        int threads = h.threads.cardinality();
        boolean carriers = h.threads.stream().anyMatch(e.profile().lockHolders()::carrier);
        String title = carriers
                ? String.format("Virtual threads blocked %s in total on %s at %s (recorded under %d carrier thread%s)",
                        Units.nanos(h.nanos), lockName, site.shortName(), threads, threads == 1 ? "" : "s")
                : String.format("%d thread%s blocked %s in total on %s at %s", threads, threads == 1 ? "" : "s",
                        Units.nanos(h.nanos), lockName, site.shortName());
        Finding.Builder finding = finding().title(title).subject(h.lockClass).site(site).stack(sites.stack(stack), stack)
                .evidence(Evidence.of("blockedMs", "blocked time", h.nanos / 1_000_000L, "ms"))
                .evidence(Evidence.of("events", "blocking events", h.events, ""))
                .evidence(Evidence.of("threads", "threads blocked", threads, "threads"))
                .evidence(Evidence.of("blockedMsPerSecond", "blocked time per second of recording", h.nanos / 1e6 / seconds, "ms/s"))
                .evidence(Evidence.of("avgBlockedThreads", "threads blocked on average", avgBlocked, "threads"))
                .evidence(Evidence.of("maxBlockedMs", "longest wait", h.maxNanos / 1e6, "ms"))
                .evidence(Evidence.text("lockType", "lock type", monitor ? "monitor" : "java.util.concurrent"));
        HolderEvidence holders = HolderEvidence.of(e.profile(), sites, h.sites, threads, h.lockClass);
        Evidence source = HolderEvidence.waitSource(e.profile(), h.sites);
        if (source != null) {
            finding.evidence(source);
        }
        return finding.evidence(holders.evidence).tables(holders.tables).blockedBy(holders.holders)
                .recommendation(LockAdvice.forLock(h.lockClass, monitor, site, h.maxNanos, sites.stack(stack))
                        + (holders.advice.isEmpty() ? "" : " " + holders.advice));
    }
}
