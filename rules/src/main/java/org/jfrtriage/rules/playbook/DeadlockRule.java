package org.jfrtriage.rules.playbook;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.profile.ContentionIntervals;
import org.jfrtriage.analyzer.profile.ContentionSite;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.ThreadDumps;
import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.LockHolder;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;
import org.jfrtriage.rules.model.Units;

/**
 * Step 1, who is stuck: threads that wait for each other forever. A deadlock writes no lock event — its waits never
 * end, and JFR writes a wait when it ends — so only thread dumps show it: the JVM's own "Found one Java-level
 * deadlock" section (monitors and {@code java.util.concurrent} locks alike), else a cycle of {@code waiting to lock}
 * and {@code locked} lines. Every thread and lock of the cycle is named, with the frames where each took one lock
 * and waits for the next.
 */
public final class DeadlockRule implements Rule {

    public static final String KIND = "deadlock";
    /** A deadlock is the incident: nothing in the JVM breaks it. Ranks above every measured finding. */
    static final int SCORE = 100;
    /** Threads named as blocked behind the cycle's locks. */
    private static final int BEHIND_ROWS = 10;
    /** Frames kept per thread of the cycle. */
    private static final int FRAME_LIMIT = 20;

    /**
     * Threads sampled waiting for a lock until the recording ended (wall-clock samples, no dump): how long the
     * longest of them had waited by then. Never more than a warning: without a dump the recording shows where
     * each thread waits, not which lock instance or who holds it, so no cycle is proven.
     */
    static final Threshold NEVER_ENDED_WAIT = new Threshold("deadlock.never-ended-wait",
            "how long threads had waited for a lock when the recording ended, in waits that never ended (wall-clock samples)",
            "s", 1, 5, 30,
            "a request may be waiting for a lock at the moment the recording stops; five seconds of a lock wait that never ends is a hang or a deadlock");

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHO_IS_STUCK,
            "Threads waiting for each other forever, named thread by thread from the recording's thread dumps; "
                    + "without dumps, threads whose lock wait never ended before the recording did (wall-clock samples)",
            List.of("jdk.ThreadDump"),
            List.of(NEVER_ENDED_WAIT),
            List.of("A deadlock is always critical (score " + SCORE + "): a cycle in a thread dump is taken at a safepoint, so it is a fact, not a measure, and the JVM never breaks it.",
                    "Deadlocked waits never end, so JFR writes no jdk.JavaMonitorEnter or jdk.ThreadPark event for them: only jdk.ThreadDump shows the cycle. A JFR recording without thread dumps cannot tell (its execution samples see only running threads); async-profiler records no dumps, but its wall-clock samples (event=wall) see the stuck threads.",
                    "Cycles come from the JVM's own deadlock section (monitors and ownable synchronizers); without it, from waiting-to-lock / locked lines of monitors.",
                    "Without a cycle in a dump, wall-clock samples (async-profiler wall) can still show threads waiting for a lock (a monitor enter, or a park in a lock synchronizer) from some moment to the end of the recording: a deadlock or a hang. That finding is at most a warning (deadlock.never-ended-wait) and says it is not proven: samples show where each thread waits, not which lock instance nor who holds it. Waits for conditions, queues and futures are never counted (a main thread awaiting its shutdown latch waits until the end by design)."));

    @Override
    public RuleSpec spec() {
        return SPEC;
    }

    /** One cycle, as first seen, and how often and how long the dumps kept showing it. */
    private static final class Cycle {
        final ThreadDumps.Deadlock deadlock;
        final ThreadDumps.Snapshot first;
        ThreadDumps.Snapshot last;
        int dumps;

        Cycle(ThreadDumps.Deadlock deadlock, ThreadDumps.Snapshot first) {
            this.deadlock = deadlock;
            this.first = first;
            this.last = first;
        }
    }

    @Override
    public Result evaluate(Profile profile) {
        ThreadDumps dumps = profile.threadDumps();
        long period = profile.sampledWaits().periodNanos();
        if (dumps.dumps() == 0 && period == 0) {
            String dumpPeriod = profile.info().setting("jdk.ThreadDump", "period");
            return new Result(List.of(), new Check(KIND, step(), Check.Status.NOT_APPLICABLE,
                    "no thread dumps in the recording" + (dumpPeriod.isEmpty() ? "" : " (jdk.ThreadDump period " + dumpPeriod + ")")
                            + ": deadlocked threads write no lock event, only a dump shows them; enable jdk.ThreadDump "
                            + "with a period (e.g. jdk.ThreadDump#period=10s), or take jcmd PID Thread.print "
                            + "(async-profiler: wall-clock samples, event=wall, show threads that never stop waiting)"));
        }
        Map<String, Cycle> cycles = new LinkedHashMap<>();
        for (ThreadDumps.Snapshot s : dumps.snapshots()) {
            for (ThreadDumps.Deadlock d : s.deadlocks()) {
                String key = key(d);
                Cycle c = cycles.computeIfAbsent(key, k -> new Cycle(d, s));
                c.last = s;
                c.dumps++;
            }
        }
        Sites sites = new Sites(profile);
        List<Finding> findings = new ArrayList<>();
        java.util.BitSet inCycles = new java.util.BitSet();
        for (Cycle c : cycles.values()) {
            findings.add(finding(profile, sites, c));
            c.deadlock.links().forEach(l -> inCycles.set(Math.max(0, l.thread())));
        }
        int cyclesFound = findings.size();
        Finding neverEnded = period == 0 ? null : neverEnded(profile, sites, inCycles, period);
        if (neverEnded != null) {
            findings.add(neverEnded);
        }
        // the oldest samples make room for newer ones past the kept ones' cap: the end, where a hang shows, is seen
        String fromSamples = period == 0 ? "" : String.format(java.util.Locale.ROOT,
                "%sno thread waited for a lock until the end of the recording in wall-clock samples every %s%s",
                dumps.dumps() == 0 ? "no thread dumps; " : "", Units.nanos(period),
                profile.sampledWaits().samplesNotKept() == 0 ? "" : String.format(java.util.Locale.ROOT,
                        " (kept from about %s into the recording on: a wait that began earlier is seen from then)",
                        HolderEvidence.samplesKeptFrom(profile)));
        Check check;
        if (findings.isEmpty()) {
            check = new Check(KIND, step(), Check.Status.OK,
                    dumps.dumps() == 0 ? fromSamples
                    : "no deadlock in " + Units.count(dumps.dumps(), "thread dump", "thread dumps")
                            + " — a dump shows only the moment it was taken"
                            + (period == 0 ? "" : "; " + fromSamples));
        } else {
            check = new Check(KIND, step(), Check.Status.FINDINGS, (cyclesFound > 0 ? Units.count(cyclesFound, "deadlock", "deadlocks") : "")
                    + (cyclesFound > 0 && neverEnded != null ? "; " : "")
                    + (neverEnded != null ? "threads waited for locks until the end of the recording (a deadlock or a hang)" : ""));
        }
        return new Result(findings, check);
    }

    private static String key(ThreadDumps.Deadlock d) {
        TreeSet<String> parts = new TreeSet<>();
        for (ThreadDumps.DeadlockLink l : d.links()) {
            parts.add(l.thread() + ">" + l.heldBy() + ":" + l.lockClass());
        }
        return String.join(",", parts);
    }

    private Finding finding(Profile profile, Sites sites, Cycle c) {
        List<ThreadDumps.DeadlockLink> links = c.deadlock.links();
        ThreadDumps.Snapshot s = c.last;
        List<List<Object>> rows = new ArrayList<>();
        List<String> story = new ArrayList<>();
        List<LockHolder> blockedBy = new ArrayList<>();
        TreeSet<String> lockClasses = new TreeSet<>();
        SiteRef site = SiteRef.UNKNOWN;
        int siteStack = StackTable.UNKNOWN;
        long stuckNanos = c.last.timeNanos() - c.first.timeNanos();
        boolean ownable = false;
        for (int i = 0; i < links.size(); i++) {
            ThreadDumps.DeadlockLink link = links.get(i);
            // what this thread holds: the lock the link before it waits for
            ThreadDumps.DeadlockLink before = links.get((i + links.size() - 1) % links.size());
            ThreadDumps.DumpedThread t = s.thread(link.thread());
            String name = sites.threadName(link.thread());
            String waitsFor = lockName(link.lockClass(), link.address());
            String holds = before.heldBy() == link.thread() ? lockName(before.lockClass(), before.address()) : "";
            String waitingAt = "";
            String takenAt = "";
            List<SiteRef> frames = List.of();
            if (t != null && t.stack() != StackTable.UNKNOWN) {
                List<Frame> stack = profile.stacks().frames(t.stack());
                frames = stack.stream().limit(FRAME_LIMIT).map(SiteRef::of).toList();
                ThreadDumps.LockLine waiting = t.waitingFor();
                waitingAt = applicationFrame(stack, waiting == null ? 0 : waiting.frame());
                ThreadDumps.LockLine held = before.heldBy() == link.thread() ? t.holding(before.address()) : null;
                takenAt = held == null || held.frame() < 0
                        ? (before.ownable() ? "not in the dump (a j.u.c. lock is not tied to a frame)" : "")
                        : applicationFrame(stack, held.frame());
                if (site == SiteRef.UNKNOWN) {
                    int siteFrame = profile.features().site(t.stack());
                    if (siteFrame >= 0) {
                        site = SiteRef.of(profile.stacks().frame(siteFrame));
                        siteStack = t.stack();
                    }
                }
            }
            ownable |= link.ownable();
            lockClasses.add(link.lockClass());
            rows.add(List.of(name, holds, takenAt, waitsFor, waitingAt, sites.threadName(link.heldBy())));
            story.add(name + " holds " + (holds.isEmpty() ? "a lock" : holds) + (takenAt.isEmpty() || takenAt.startsWith("not ") ? "" : " (taken in " + takenAt + ")")
                    + " and waits for " + waitsFor + (waitingAt.isEmpty() ? "" : " in " + waitingAt)
                    + ", held by " + sites.threadName(link.heldBy()));
            blockedBy.add(new LockHolder(sites.threadName(link.heldBy()), stuckNanos / 1_000_000L,
                    Math.round(1000.0 / links.size()) / 1000.0, link.ownable() ? "parked" : "blocked",
                    heldByFrames(profile, s, link.heldBy()), "thread-dump", 0, 0));
        }
        // other threads waiting for the cycle's locks: stuck too, behind it
        List<String> behind = new ArrayList<>();
        for (ThreadDumps.DumpedThread t : s.threads()) {
            ThreadDumps.LockLine w = t.waitingFor();
            if (w == null || links.stream().anyMatch(l -> l.thread() == t.thread())) {
                continue;
            }
            if (links.stream().anyMatch(l -> l.address() == w.address() && l.address() != 0)) {
                behind.add(sites.threadName(t.thread()));
            }
        }
        String subject = String.join(", ", lockClasses);
        List<String> names = links.stream().map(l -> sites.threadName(l.thread())).toList();
        String title = String.format("Deadlock: %s wait for each other forever on %s", join(names),
                lockClasses.stream().map(Sites::lockDisplayName).distinct().reduce((a, b) -> a + " and " + b).orElse("locks"))
                + (behind.isEmpty() ? "" : ", " + behind.size() + " more thread" + (behind.size() == 1 ? "" : "s") + " stuck behind them");
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.of("threads", "threads in the cycle", links.size(), "threads"));
        evidence.add(Evidence.text("cycle", "the cycle", String.join("; ", story)));
        evidence.add(Evidence.text("locks", "locks of the cycle", links.stream()
                .map(l -> lockName(l.lockClass(), l.address())).reduce((a, b) -> a + ", " + b).orElse("")));
        evidence.add(Evidence.of("dumpsShowingIt", "thread dumps showing it", c.dumps, ""));
        evidence.add(Evidence.text("firstSeenAt", "first seen in the dump at", instant(c.first.timeNanos())));
        if (c.dumps > 1) {
            evidence.add(Evidence.of("stuckAtLeastMs", "stuck at least (first to last dump)", stuckNanos / 1_000_000L, "ms"));
        }
        evidence.add(Evidence.text("reportedBy", "found by", c.deadlock.reportedByJvm()
                ? "the JVM's own deadlock detection in the thread dump" : "a cycle of waiting-to-lock / locked lines in the thread dump"));
        evidence.add(Evidence.of("threadsBehind", "other threads waiting for the cycle's locks", behind.size(), "threads"));
        List<EvidenceTable> tables = new ArrayList<>();
        tables.add(new EvidenceTable("The cycle: each thread holds a lock the next one waits for", List.of("thread",
                "holds", "took it in", "waits for", "waiting in", "which is held by"), rows));
        if (!behind.isEmpty()) {
            tables.add(new EvidenceTable("Threads stuck behind the deadlock", List.of("thread"),
                    behind.stream().limit(BEHIND_ROWS).map(b -> List.<Object>of(b)).toList()));
        }
        String recommendation = "These threads will never continue: the JVM does not break deadlocks. Take a thread dump "
                + "now (jcmd PID Thread.print -l) for the record and restart the service. Then make every code path take "
                + "these locks in one global order (e.g. by account id or name), or "
                + (ownable ? "use tryLock with a timeout and back off on failure; " : "replace the nested synchronized "
                        + "blocks with a single lock or ReentrantLock.tryLock with a timeout; ")
                + "the frames above show where each thread took its first lock and where it waits for the second.";
        return Finding.builder(KIND, step()).title(title).subject(subject).site(site)
                .stack(siteStack == StackTable.UNKNOWN ? List.of() : sites.stack(siteStack), siteStack)
                .evidence(evidence).tables(tables).blockedBy(blockedBy).recommendation(recommendation).score(SCORE)
                .build();
    }

    /**
     * Threads whose lock wait, rebuilt from wall-clock samples, never ended before the recording did — not in a
     * cycle a dump showed. One finding for them all: at most a warning, and it says what it cannot tell.
     */
    private Finding neverEnded(Profile profile, Sites sites, java.util.BitSet inCycles, long period) {
        JudgeableWaits judgeable = new JudgeableWaits(profile, sites);
        java.util.BitSet stuckSites = new java.util.BitSet();
        for (ContentionSite c : profile.contention()) {
            if (c.neverEnded() && c.category() == WaitCategory.LOCK && judgeable.admit(c)) {
                stuckSites.set(c.index());
            }
        }
        ContentionIntervals intervals = profile.intervals();
        long start = profile.info().startNanos();
        long end = profile.info().endNanos();
        List<int[]> stuck = new ArrayList<>(); // interval index
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < intervals.size(); i++) {
            int thread = intervals.thread(i);
            if (!stuckSites.get(intervals.site(i)) || thread < 0 || inCycles.get(thread) || judgeable.isHousekeepingThread(thread)) {
                continue;
            }
            stuck.add(new int[] {i});
            earliest = Math.min(earliest, intervals.start(i));
        }
        if (stuck.isEmpty()) {
            return null;
        }
        stuck.sort(java.util.Comparator.comparingLong((int[] a) -> intervals.start(a[0])).thenComparingInt(a -> intervals.thread(a[0])));
        double waitedSeconds = (end - earliest) / 1e9;
        Scores scores = new Scores();
        scores.judgeAtMost(NEVER_ENDED_WAIT, waitedSeconds, Scores.AT_MOST_WARNING);
        if (scores.score() < org.jfrtriage.rules.model.ScoreCurve.INFO_SCORE) {
            return null;
        }
        List<List<Object>> rows = new ArrayList<>();
        TreeSet<String> where = new TreeSet<>();
        List<String> names = new ArrayList<>();
        SiteRef site = SiteRef.UNKNOWN;
        int siteStack = StackTable.UNKNOWN;
        for (int[] a : stuck) {
            int i = a[0];
            ContentionSite c = profile.contention().get(intervals.site(i));
            String name = sites.threadName(intervals.thread(i));
            names.add(name);
            SiteRef s = sites.site(c.stack());
            if (site == SiteRef.UNKNOWN) {
                site = s;
                siteStack = c.stack();
            }
            String waitingIn = waitingIn(profile, c.stack());
            where.add(s.shortName());
            rows.add(List.of(name, waitingIn, lockKind(c), String.format(java.util.Locale.ROOT, "%.1f", (intervals.start(i) - start) / 1e9),
                    String.format(java.util.Locale.ROOT, "%.1f", (end - intervals.start(i)) / 1e9)));
        }
        String since = String.format(java.util.Locale.ROOT, "%.1f s", (earliest - start) / 1e9);
        String title = String.format(java.util.Locale.ROOT, "%s waited for a lock from %s to the end of the recording in %s — a deadlock "
                + "or a hang; a thread dump would tell", Units.count(stuck.size(), "thread", "threads"), since, String.join(", ", where));
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.of("threads", "threads waiting for a lock until the end", stuck.size(), "threads"));
        evidence.add(Evidence.of("neverEndedWaitS", "longest of those waits, to the end of the recording", waitedSeconds, "s"));
        evidence.add(Evidence.text("waitingSince", "the first began at", since + " into the recording"));
        evidence.add(Evidence.text("stuckThreads", "threads", join(names)));
        evidence.add(Evidence.text("waitSource", "where the waits come from", HolderEvidence.sampledNote(period)
                + "; a thread sampled in the same lock wait until its last sample, at the recording's end"
                + (profile.sampledWaits().samplesNotKept() == 0 ? "" : String.format(java.util.Locale.ROOT,
                        "; samples were kept from about %s into the recording on, so a wait seen from then may have begun earlier",
                        HolderEvidence.samplesKeptFrom(profile)))));
        evidence.add(Evidence.text("cycle", "the cycle", "unknown: wall-clock samples show where each thread waits, not which "
                + "lock instance nor who holds it, so whether the threads wait for each other (a deadlock) or for a "
                + "holder that is stuck elsewhere (a hang) cannot be told; a thread dump (jdk.ThreadDump) would tell"));
        List<EvidenceTable> tables = List.of(new EvidenceTable("Threads that never stopped waiting for a lock",
                List.of("thread", "waiting in", "lock", "since (s into the recording)", "waited to the end (s)"), rows));
        String recommendation = "Take a thread dump now (jcmd PID Thread.print -l): it names the lock each thread holds "
                + "and waits for, and the JVM's own deadlock detection prints any cycle. If these threads wait for each "
                + "other, make every code path take the locks in one global order, or use tryLock with a timeout; if "
                + "they wait behind a holder stuck elsewhere (a call without a timeout under the lock), bound that call. "
                + "Record with JFR thread dumps (jdk.ThreadDump#period=10s) so the next recording names the cycle.";
        return Finding.builder(KIND, step()).title(title).subject("").site(site)
                .stack(siteStack == StackTable.UNKNOWN ? List.of() : sites.stack(siteStack), siteStack)
                .evidence(evidence).tables(tables).recommendation(recommendation).thresholds(scores.judged())
                .score(scores.score()).build();
    }

    /** The wait's application frame with its line: where the thread waits for its lock. */
    private static String waitingIn(Profile profile, int stack) {
        List<Frame> frames = profile.stacks().frames(stack);
        return applicationFrame(frames, 0);
    }

    private static String lockKind(ContentionSite c) {
        if (c.kind() == org.jfrtriage.analyzer.event.ContentionKind.MONITOR_ENTER) {
            return "a monitor (synchronized)";
        }
        return c.lockClass().isEmpty() ? "parked" : Sites.lockDisplayName(c.lockClass());
    }

    private static List<SiteRef> heldByFrames(Profile profile, ThreadDumps.Snapshot s, int thread) {
        ThreadDumps.DumpedThread t = s.thread(thread);
        if (t == null || t.stack() == StackTable.UNKNOWN) {
            return List.of();
        }
        return profile.stacks().frames(t.stack()).stream().limit(FRAME_LIMIT).map(SiteRef::of).toList();
    }

    /** The first application frame at or outside {@code from} (where the code a person can change took or waits). */
    private static String applicationFrame(List<Frame> stack, int from) {
        for (int k = Math.max(0, from); k < stack.size(); k++) {
            if (stack.get(k).isApplicationCode()) {
                Frame f = stack.get(k);
                return f.shortMethod() + (f.line() >= 0 ? ":" + f.line() : "");
            }
        }
        return from < stack.size() && from >= 0 ? stack.get(from).shortMethod() : "";
    }

    private static String lockName(String lockClass, long address) {
        int dot = lockClass.lastIndexOf('.');
        String simple = dot < 0 ? lockClass : lockClass.substring(dot + 1);
        return (simple.isEmpty() ? "a lock" : simple) + (address == 0 ? "" : " <0x" + Long.toHexString(address) + ">");
    }

    private static String join(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static String instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
