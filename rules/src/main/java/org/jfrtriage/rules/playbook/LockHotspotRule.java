package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.profile.ContentionSite;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.JudgedThreshold;
import org.jfrtriage.rules.model.ScoreCurve;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;
import org.jfrtriage.rules.model.Units;

/**
 * Step 2, which lock: monitors and {@code java.util.concurrent} locks ranked by total blocked time at the site a
 * person can change. Idle waits (pool workers, consumers, futures) are not contention and never rank here.
 */
public final class LockHotspotRule implements Rule {

    public static final String KIND = "lock-hotspot";

    static final Threshold BLOCKED_THREADS = new Threshold("lock-hotspot.blocked-threads",
            "threads blocked on average (blocked time / recording time)", "threads", 0.05, 0.25, 1.0,
            "one thread blocked all the time is a lost core of throughput; a quarter of one is already visible in latency");
    static final Threshold LONGEST_WAIT = new Threshold("lock-hotspot.longest-wait",
            "longest single wait for the lock", "ms", 200, 1000, 5000,
            "a request stalled for a second on one lock is a user-visible timeout even when it is rare");
    /** Owners shown in the evidence table. */
    private static final int OWNER_ROWS = 5;

    /** Blocked time of one (site, lock class), summed over its stacks. */
    private static final class Hotspot {
        final String lockClass;
        final ContentionKind kind;
        long nanos;
        long events;
        long maxNanos;
        final BitSet threads = new BitSet();
        final Map<Integer, Long> owners = new HashMap<>();
        ContentionSite heaviest;

        Hotspot(String lockClass, ContentionKind kind) {
            this.lockClass = lockClass;
            this.kind = kind;
        }
    }

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHICH_LOCK,
            "Monitors and java.util.concurrent locks ranked by total blocked time at the calling site",
            List.of("jdk.JavaMonitorEnter", "jdk.ThreadPark"),
            List.of(BLOCKED_THREADS, LONGEST_WAIT),
            List.of("Only LOCK waits rank: monitors, ReentrantLock, read/write locks, semaphores, StampedLock. Conditions, futures, latches and idle parking do not.",
                "A single long wait alone is at most a warning: critical takes lock-hotspot.blocked-threads at its critical limit (blocking sustained over the recording).",
                "Blocked time is what JFR recorded: waits shorter than the recording threshold (20 ms default, 10 ms profile) are not in it.",
                "Waits without a stack trace, waits whose stack has no application frame and waits of the JVM's own threads (Common-Cleaner, Reference Handler, JFR, RMI, …) are never judged; the check says how much was left out, and is not applicable when no wait had a stack."));

    @Override
    public RuleSpec spec() {
        return SPEC;
    }

    @Override
    public Result evaluate(Profile profile) {
        if (requiredEvents().stream().noneMatch(profile.info()::isEnabled)) {
            return new Result(List.of(), new Check(KIND, step(), Check.Status.NOT_APPLICABLE,
                    "no lock events in the recording: enable jdk.JavaMonitorEnter and jdk.ThreadPark "
                            + "(settings=default has them; async-profiler: event=lock)"));
        }
        Sites sites = new Sites(profile);
        JudgeableWaits judgeable = new JudgeableWaits(profile, sites);
        Map<String, Hotspot> hotspots = new LinkedHashMap<>();
        for (ContentionSite c : profile.contention()) {
            if (c.category() != WaitCategory.LOCK || !judgeable.admit(c)) {
                continue;
            }
            String key = sites.siteKey(c.stack()) + "|" + c.lockClass();
            Hotspot h = hotspots.computeIfAbsent(key, k -> new Hotspot(c.lockClass(), c.kind()));
            h.nanos += c.totalNanos();
            h.events += c.events();
            h.maxNanos = Math.max(h.maxNanos, c.maxNanos());
            h.threads.or(c.threads());
            c.ownerNanos().forEach((owner, ns) -> h.owners.merge(owner, ns, Long::sum));
            if (h.heaviest == null || c.totalNanos() > h.heaviest.totalNanos()) {
                h.heaviest = c;
            }
        }
        double seconds = sites.seconds();
        List<Finding> findings = new ArrayList<>();
        for (Hotspot h : hotspots.values()) {
            double avgBlocked = h.nanos / 1e9 / seconds;
            double maxMs = h.maxNanos / 1e6;
            int blockedScore = BLOCKED_THREADS.score(avgBlocked);
            // one long wait is a timeout worth a warning; critical takes blocking sustained over the recording
            int longestScore = ScoreCurve.atMostWarning(LONGEST_WAIT.score(maxMs));
            int score = Math.max(blockedScore, longestScore);
            if (ScoreCurve.severity(score) == org.jfrtriage.rules.model.Severity.OK) {
                continue;
            }
            findings.add(finding(h, sites, seconds, avgBlocked, score,
                    List.of(new JudgedThreshold(BLOCKED_THREADS, avgBlocked, blockedScore),
                            new JudgedThreshold(LONGEST_WAIT, maxMs, longestScore))));
        }
        findings.sort(Comparator.comparingInt(Finding::score).reversed());
        long lockEvents = profile.contention().stream().filter(c -> c.category() == WaitCategory.LOCK)
                .mapToLong(ContentionSite::events).sum();
        String threshold = profile.info().setting("jdk.JavaMonitorEnter", "threshold");
        Check check;
        if (hotspots.isEmpty() && judgeable.stacklessEvents() > 0) {
            check = new Check(KIND, step(), Check.Status.NOT_APPLICABLE, "the lock events carry no stack traces ("
                    + judgeable.stacklessEvents() + " events): enable stackTrace for jdk.JavaMonitorEnter and "
                    + "jdk.ThreadPark (settings=default has it)");
        } else if (findings.isEmpty()) {
            check = new Check(KIND, step(), Check.Status.OK, String.format(
                    "no lock with notable blocked time (%,d blocking events%s)", lockEvents,
                    threshold.isEmpty() ? "" : ", recorded above " + threshold) + judgeable.leftOut());
        } else {
            check = new Check(KIND, step(), Check.Status.FINDINGS, findings.size() + " contended lock(s)"
                    + judgeable.leftOut());
        }
        return new Result(findings, check);
    }

    private Finding finding(Hotspot h, Sites sites, double seconds, double avgBlocked, int score,
                            List<JudgedThreshold> judged) {
        int stack = h.heaviest.stack();
        SiteRef site = sites.site(stack);
        boolean monitor = h.kind == ContentionKind.MONITOR_ENTER;
        String lockName = Sites.lockDisplayName(h.lockClass);
        int threads = h.threads.cardinality();
        String title = String.format("%d thread%s blocked %s in total on %s at %s", threads, threads == 1 ? "" : "s",
                Units.nanos(h.nanos), lockName, site.shortName());
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.of("blockedMs", "blocked time", h.nanos / 1_000_000L, "ms"));
        evidence.add(Evidence.of("events", "blocking events", h.events, ""));
        evidence.add(Evidence.of("threads", "threads blocked", threads, "threads"));
        evidence.add(Evidence.of("blockedMsPerSecond", "blocked time per second of recording", h.nanos / 1e6 / seconds, "ms/s"));
        evidence.add(Evidence.of("avgBlockedThreads", "threads blocked on average", avgBlocked, "threads"));
        evidence.add(Evidence.of("maxBlockedMs", "longest wait", h.maxNanos / 1e6, "ms"));
        evidence.add(Evidence.text("lockType", "lock type", monitor ? "monitor" : "java.util.concurrent"));
        List<EvidenceTable> tables = new ArrayList<>();
        Map.Entry<Integer, Long> topOwner = h.owners.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(null);
        if (topOwner != null) {
            evidence.add(Evidence.text("topOwner", "lock held most by", sites.threadName(topOwner.getKey())));
            evidence.add(Evidence.of("topOwnerShare", "share of blocked time behind that owner",
                    100.0 * topOwner.getValue() / h.nanos, "%"));
            List<List<Object>> rows = new ArrayList<>();
            h.owners.entrySet().stream().sorted(Map.Entry.<Integer, Long>comparingByValue().reversed()).limit(OWNER_ROWS)
                    .forEach(e -> rows.add(List.of(sites.threadName(e.getKey()), e.getValue() / 1_000_000L,
                            Units.percent((double) e.getValue() / h.nanos))));
            tables.add(new EvidenceTable("Who held the lock while others waited", List.of("owner thread", "blocked ms", "share"), rows));
        }
        String recommendation = LockAdvice.forLock(h.lockClass, monitor, site, h.maxNanos, sites.stack(stack))
                + (topOwner == null ? "" : " The lock was held mostly by " + sites.threadName(topOwner.getKey())
                        + ": look at what that thread does inside the critical section.");
        return new Finding(Finding.idOf(KIND, site, h.lockClass), KIND, step(), ScoreCurve.severity(score), score, title,
                h.lockClass, site, sites.stack(stack), stack, evidence, tables, recommendation, judged);
    }
}
