package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jfrtriage.analyzer.event.SafepointPhase;
import org.jfrtriage.analyzer.event.VmOperation;
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
 * Step 1: every Java thread stopped, and not for GC — long VM operations at safepoints ({@code jdk.ExecuteVMOperation}:
 * thread dumps, deoptimization, biased-lock revocation on JDK 8–14, heap dumps, class redefinition) and a long time
 * to reach the safepoint ({@code jdk.SafepointBegin}: a thread in a long counted loop or a big array copy holds everyone
 * else stopped). GC operations are the gc-pressure rule's: they are named, never counted here.
 */
public final class SafepointPauseRule extends PlaybookRule<SafepointPauseRule.Stops> {

    public static final String KIND = "safepoint-pause";

    static final Threshold STOPPED_SHARE = new Threshold("safepoint-pause.stopped-share",
            "share of wall time every thread was stopped for non-GC VM operations or on the way to a safepoint", "%",
            1, 3, 10,
            "a healthy JVM stops well under 0.1% of the time outside GC; each stop freezes every request in flight, "
                    + "so 3% is tail latency for everyone and 10% sustained is an outage of its own");
    /** One safepoint is one moment: at most a warning. */
    static final Threshold TIME_TO_SAFEPOINT = new Threshold("safepoint-pause.time-to-safepoint",
            "longest time from a safepoint's request until every thread stopped (with its cleanup)", "ms", 20, 100, 500,
            "threads normally reach a safepoint in well under a millisecond; tens of ms means one thread runs long "
                    + "without a poll (counted loop, large array copy, JNI) while all others already wait");
    /** One operation is one moment: at most a warning. */
    static final Threshold LONGEST_OPERATION = new Threshold("safepoint-pause.longest-operation",
            "longest non-GC VM operation at a safepoint", "ms", 50, 200, 1000,
            "every thread is stopped for the whole operation: one longer than a request's budget (a heap dump, a thread "
                    + "dump of thousands of threads) times out every request in flight");
    private static final int ROWS = 8;
    /**
     * The share is of the recording, or of this window when the recording is shorter: one 40 ms stop in a 1 s
     * recording is not 4% of a service's time.
     */
    static final long MIN_WINDOW_NANOS = 10_000_000_000L;
    /** Fewer non-GC stops than this are a moment, not a pattern: the share is then at most a warning. */
    static final int MIN_STOPS_FOR_CRITICAL = 5;
    /** Marks an operation a JFR thread asked for: shown, never counted. */
    static final String RECORDER = " (by JFR)";

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHO_IS_STUCK,
            "Time stopped at safepoints outside GC: VM operations and time to safepoint",
            List.of("jdk.ExecuteVMOperation", "jdk.SafepointBegin"),
            List.of(STOPPED_SHARE, TIME_TO_SAFEPOINT, LONGEST_OPERATION),
            List.of("GC operations (G1CollectForAllocation, ParallelGCFailedAllocation, CMS/Shenandoah/Z pauses, GenCollect…) "
                            + "are named in the table but counted by gc-pressure, never here; time to safepoint counts for every "
                            + "safepoint, GC's included (jdk.GarbageCollection's pauses do not contain it). Operations a JFR thread "
                            + "asked for (the recorder's own jdk.ThreadDump, jdk.ObjectCount's heap histogram) are shown, not counted.",
                    "safepoint-pause.stopped-share is of the recording, or of 10 s when it is shorter; with fewer than 5 non-GC stops "
                            + "(MIN_STOPS_FOR_CRITICAL) it is at most a warning: one stop is a moment, not a pattern.",
                    "The JDK records operations and safepoint begins longer than the events' threshold (10 ms in "
                            + "settings=default, all in profile): shorter stops are not seen, so the share is a lower bound.",
                    "Without jdk.SafepointBegin the time to safepoint counts as 0 and the finding says it was not recorded; the "
                            + "same for the operations without jdk.ExecuteVMOperation. async-profiler recordings have neither."));

    public SafepointPauseRule() {
        super(SPEC, "no VM operation or safepoint events: enable jdk.ExecuteVMOperation and jdk.SafepointBegin "
                + "(settings=default has them, over 10 ms); async-profiler recordings have neither — record with JFR as well");
    }

    /** One operation name's stops. */
    static final class Operation {
        final String name;
        final boolean gc;
        final boolean recorder;
        long count;
        long nanos;
        long longestNanos;
        final Map<String, Integer> callers = new LinkedHashMap<>();

        Operation(String name) {
            this.name = name;
            this.gc = isGc(name);
            this.recorder = name.endsWith(RECORDER);
        }
    }

    /** The recording's stops: the rule's one candidate. */
    record Stops(List<Operation> operations, long nonGcNanos, long longestNonGcNanos, Operation longestOperation,
                 long timeToSafepointNanos, long longestTimeToSafepointNanos, long safepoints, boolean begins,
                 boolean operationsRecorded, double sharePercent) {
        Operation topNonGc() {
            return operations.stream().filter(o -> !o.gc && !o.recorder).findFirst().orElse(null);
        }
    }

    @Override
    protected List<Stops> candidates(Evaluation e) {
        Profile profile = e.profile();
        Map<String, Operation> byName = new HashMap<>();
        long nonGc = 0;
        long longest = 0;
        Operation longestOp = null;
        for (VmOperation o : profile.safepoints().operations()) {
            if (!o.atSafepoint()) {
                continue; // a handshake or a concurrent operation stops no one but its target
            }
            String callerName = o.caller() >= 0 ? e.sites().threadName(o.caller()) : "";
            // the recorder's own thread dumps (jdk.ThreadDump, every chunk) are the recording's cost, not the service's
            // ("JFR Periodic Tasks", "VM JFR Buffer Thread" taking jdk.ObjectCount's heap histogram, "JFR Shutdown Hook")
            boolean recorder = callerName != null && callerName.contains("JFR ");
            String name = (o.operation().isEmpty() ? "(unnamed)" : o.operation()) + (recorder ? RECORDER : "");
            Operation op = byName.computeIfAbsent(name, Operation::new);
            op.count++;
            op.nanos += o.durationNanos();
            op.longestNanos = Math.max(op.longestNanos, o.durationNanos());
            if (o.caller() >= 0) {
                op.callers.merge(e.sites().threadName(o.caller()), 1, Integer::sum);
            }
            if (!op.gc && !op.recorder) {
                nonGc += o.durationNanos();
                if (o.durationNanos() > longest) {
                    longest = o.durationNanos();
                    longestOp = op;
                }
            }
        }
        long ttsp = 0;
        long longestTtsp = 0;
        long safepoints = 0;
        for (SafepointPhase p : profile.safepoints().phases()) {
            if (p.phase() == SafepointPhase.Phase.BEGIN) {
                safepoints++;
                ttsp += p.durationNanos();
                longestTtsp = Math.max(longestTtsp, p.durationNanos());
            }
        }
        List<Operation> ops = new ArrayList<>(byName.values());
        ops.sort(Comparator.comparingLong((Operation o) -> o.nanos).reversed().thenComparing(o -> o.name));
        double share = Math.min(100, 100.0 * (nonGc + ttsp) / Math.max(e.seconds() * 1e9, MIN_WINDOW_NANOS));
        return List.of(new Stops(ops, nonGc, longest, longestOp, ttsp, longestTtsp, safepoints,
                profile.info().isEnabled("jdk.SafepointBegin"), profile.info().isEnabled("jdk.ExecuteVMOperation"), share));
    }

    @Override
    protected void measure(Stops s, Evaluation e, Scores scores) {
        // a measure whose events were not recorded is 0, and the evidence says it was not recorded
        long stops = s.operations().stream().filter(o -> !o.gc && !o.recorder).mapToLong(o -> o.count).sum()
                + s.safepoints();
        scores.judgeAtMost(STOPPED_SHARE, s.sharePercent(), stops >= MIN_STOPS_FOR_CRITICAL ? Scores.UNCAPPED : Scores.AT_MOST_WARNING);
        scores.judgeAtMost(TIME_TO_SAFEPOINT, s.longestTimeToSafepointNanos() / 1e6, Scores.AT_MOST_WARNING);
        scores.judgeAtMost(LONGEST_OPERATION, s.longestNonGcNanos() / 1e6, Scores.AT_MOST_WARNING);
    }

    @Override
    protected String ok(Evaluation e, List<Stops> candidates) {
        Stops s = candidates.get(0);
        return String.format(Locale.ROOT, "stopped %.2f%% of the time outside GC (%s in non-GC operations, %s to reach "
                        + "safepoints)%s%s", s.sharePercent(), Units.nanos(s.nonGcNanos()), Units.nanos(s.timeToSafepointNanos()),
                s.begins() ? "" : "; time to safepoint not recorded (enable jdk.SafepointBegin)",
                s.operationsRecorded() ? "" : "; VM operations not recorded (enable jdk.ExecuteVMOperation)");
    }

    @Override
    protected String found(Evaluation e, List<Finding> findings) {
        return findings.get(0).title();
    }

    @Override
    protected Finding.Builder describe(Stops s, Evaluation e, Scores scores) {
        Operation top = s.topNonGc();
        boolean ttspDominates = scores.score(TIME_TO_SAFEPOINT) > Math.max(scores.score(LONGEST_OPERATION),
                scores.score(STOPPED_SHARE)) || top == null;
        String title;
        String subject;
        // the title and the fix are about the operation that stopped the JVM longest in total; the longest single
        // stop, when another operation's and what the finding is judged on, is named beside it as such
        Operation longest = s.longestOperation();
        boolean longestLeads = longest != null && scores.score(LONGEST_OPERATION) > scores.score(STOPPED_SHARE);
        Operation other = !ttspDominates && longestLeads && longest != top ? longest : null;
        if (ttspDominates) {
            title = String.format(Locale.ROOT, "Threads took up to %s to reach a safepoint (%s over %s): "
                    + "every other thread waited stopped", Units.nanos(s.longestTimeToSafepointNanos()),
                    Units.nanos(s.timeToSafepointNanos()), Units.count(s.safepoints(), "safepoint", "safepoints"));
            subject = "time-to-safepoint";
        } else if (longestLeads && other == null) {
            String what = shortDescription(longest.name);
            title = String.format(Locale.ROOT, "%s (%s) stopped every thread for %s at once; outside GC the JVM stopped %.1f%% "
                    + "of the time", Character.toUpperCase(what.charAt(0)) + what.substring(1), longest.name,
                    Units.nanos(s.longestNonGcNanos()), s.sharePercent());
            subject = longest.name;
        } else {
            // "mostly" only when it is more than half of the time stopped outside GC
            boolean most = 2 * top.nanos > s.nonGcNanos() + s.timeToSafepointNanos();
            title = String.format(Locale.ROOT, "The JVM stopped %.1f%% of the time outside GC, %s %s: %s× %s, longest %s",
                    s.sharePercent(), most ? "mostly for" : "the largest part for", shortDescription(top.name),
                    Units.grouped(top.count), top.name, Units.nanos(top.longestNanos))
                    + (other == null ? "" : String.format(Locale.ROOT, "; the longest single stop, %s, was another "
                    + "operation: %s (%s)", Units.nanos(s.longestNonGcNanos()), shortDescription(other.name), other.name));
            subject = top.name;
        }
        Finding.Builder f = finding().title(title).subject(subject).site(SiteRef.UNKNOWN).stack(List.of(), 0)
                .evidence(Evidence.of("stoppedSharePercent", "share of wall time stopped outside GC", s.sharePercent(), "%"))
                .evidence(Evidence.of("nonGcOperationMs", "non-GC operations at safepoints, total", s.nonGcNanos() / 1e6, "ms"))
                .evidence(Evidence.of("longestOperationMs", "longest non-GC operation", s.longestNonGcNanos() / 1e6, "ms"));
        if (s.longestOperation() != null) {
            f.evidence(Evidence.text("longestOperation", "which", s.longestOperation().name + " — " + describe(s.longestOperation().name)));
        }
        f.evidence(Evidence.of("operations", "non-GC operations at safepoints", s.operations().stream().filter(o -> !o.gc && !o.recorder)
                .mapToLong(o -> o.count).sum(), ""));
        if (s.begins()) {
            f.evidence(Evidence.of("timeToSafepointMs", "time to safepoint, total", s.timeToSafepointNanos() / 1e6, "ms"))
                    .evidence(Evidence.of("longestTimeToSafepointMs", "longest time to safepoint", s.longestTimeToSafepointNanos() / 1e6, "ms"))
                    .evidence(Evidence.of("safepoints", "safepoints recorded", s.safepoints(), ""));
        } else {
            f.evidence(Evidence.text("timeToSafepoint", "time to safepoint", "not recorded: enable jdk.SafepointBegin"));
        }
        if (!s.operationsRecorded()) {
            f.evidence(Evidence.text("vmOperations", "VM operations", "not recorded: enable jdk.ExecuteVMOperation"));
        }
        f.evidence(Evidence.text("recordedStops", "stops seen", "only operations and safepoints longer than the events' "
                + "threshold are recorded (10 ms in settings=default): the share is a lower bound"));
        List<List<Object>> rows = new ArrayList<>();
        for (Operation o : s.operations().subList(0, Math.min(ROWS, s.operations().size()))) {
            String caller = o.callers.isEmpty() ? "" : o.callers.entrySet().stream()
                    .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .get().getKey();
            rows.add(List.of(o.name, o.gc ? "GC (gc-pressure)" : o.recorder ? "the flight recorder's own (not counted)" : describe(o.name), o.count, Units.nanos(o.nanos),
                    Units.nanos(o.longestNanos), caller));
        }
        if (!rows.isEmpty()) {
            f.table(new EvidenceTable("VM operations at safepoints (jdk.ExecuteVMOperation)",
                    List.of("operation", "what", "count", "total", "longest", "asked by"), rows));
        }
        String advice = advice(ttspDominates ? null : top);
        if (other != null) {
            advice += " The longest single stop (" + Units.nanos(s.longestNonGcNanos()) + ") was " + other.name + ": "
                    + advice(other);
        }
        return f.recommendation(advice);
    }

    /** What an operation is, in a few words: "thread dumps". */
    static String shortDescription(String operation) {
        String d = describe(operation);
        int paren = d.indexOf(" (");
        return paren > 0 ? d.substring(0, paren) : d;
    }

    /** Whether a VM operation is a garbage collection's (judged by gc-pressure). */
    static boolean isGc(String operation) {
        String o = operation;
        if (o.startsWith("GC_HeapInspection") || o.equals("HeapDumper") || o.equals("HeapWalkOperation")) {
            return false;
        }
        return o.contains("Collect") || o.startsWith("G1") || o.startsWith("CMS") || o.startsWith("Shenandoah")
                || o.startsWith("ParallelGC") || o.startsWith("GenCollect") || o.startsWith("Z") && !o.startsWith("Zombie")
                || o.startsWith("XMark") || o.startsWith("XRelocate") || o.equals("RendezvousGCThreads")
                || o.contains("GC_") || o.endsWith("GC");
    }

    /** What an operation is, in the words of the person who caused it. */
    static String describe(String operation) {
        if (isGc(operation)) {
            return "garbage collection";
        }
        return switch (operation) {
            case "ThreadDump", "PrintThreads", "GetAllStackTraces", "GetThreadListStackTraces", "GetStackTrace" ->
                    "thread dumps (jstack, jcmd Thread.print, Thread.getAllStackTraces, ThreadMXBean.dumpAllThreads / getThreadInfo with stacks, JVMTI)";
            case "FindDeadlocks" -> "deadlock detection (ThreadMXBean.findDeadlockedThreads, a monitoring agent)";
            case "Deoptimize", "DeoptimizeFrame", "DeoptimizeAll", "DeoptimizeTheWorld", "MarkActiveNMethods" ->
                    "deoptimization (compiled code invalidated: class loading breaking assumptions, uncommon traps)";
            case "RevokeBias", "BulkRevokeBias", "EnableBiasedLocking" ->
                    "biased-lock revocation (JDK 8–14: objects locked by another thread than the one they were biased to)";
            case "HeapDumper" -> "a heap dump (jmap -dump, jcmd GC.heap_dump, HeapDumpOnOutOfMemoryError)";
            case "GC_HeapInspection", "HeapWalkOperation" -> "a heap inspection (jmap -histo, jcmd GC.class_histogram)";
            case "RedefineClasses", "ChangeBreakpoints" -> "class redefinition (a Java agent, a debugger, hot swap)";
            case "ICBufferFull", "ClearICs" -> "inline-cache cleanup";
            case "Cleanup", "ForceSafepoint", "None" -> "periodic safepoint cleanup (GuaranteedSafepointInterval)";
            case "JFRCheckpoint", "JFROldObject", "JFRSafepointClear", "JFRSafepointWrite" -> "the flight recorder itself";
            case "ClassLoaderStatsOperation", "ClassLoaderHierarchyOperation" -> "class-loader statistics (jcmd)";
            case "Exit" -> "JVM exit";
            default -> "VM operation " + operation;
        };
    }

    private static String advice(Operation top) {
        if (top == null) {
            return "Threads take long to reach a safepoint: one thread runs without a safepoint poll — a long counted loop "
                    + "over an int index (JIT-compiled without polls), a large System.arraycopy or Arrays.fill, a long JNI "
                    + "critical region. Find it with -Xlog:safepoint*=info (it names the threads not yet stopped, JDK 17+) or "
                    + "async-profiler's --ttsp mode; split the loop, use a long index, or copy in chunks. "
                    + "-XX:+UseCountedLoopSafepoints (default since JDK 10) must not be turned off. On a machine with no CPU to "
                    + "spare (see cpu-saturation) threads also reach the poll late because they wait for a core: fix that first.";
        }
        String op = top.name;
        if (describe(op).startsWith("thread dumps") || op.equals("FindDeadlocks")) {
            return "Something takes thread dumps often (" + op + "): a monitoring agent, a health check calling "
                    + "ThreadMXBean.dumpAllThreads or findDeadlockedThreads, a watchdog running jstack. Each stops every "
                    + "thread for as long as it takes to walk all stacks: dump less often, ask for fewer threads or no "
                    + "stacks (getThreadInfo(ids) without maxDepth), or sample with JFR instead.";
        }
        if (describe(op).startsWith("deoptimization")) {
            return "Compiled code is thrown away over and over (" + op + "): look for class loading during traffic (proxies, "
                    + "lambdas, scripting engines generating classes), megamorphic call sites flipping, or a debugger/agent. "
                    + "-Xlog:deoptimization=debug names the methods; warm up before taking traffic.";
        }
        if (describe(op).startsWith("biased-lock")) {
            return "Biased-lock revocations (" + op + ") stop every thread: objects handed between threads were biased to "
                    + "the first. Run with -XX:-UseBiasedLocking (JDK 8–14; removed in JDK 18), which costs little on modern CPUs.";
        }
        if (describe(op).startsWith("a heap dump") || describe(op).startsWith("a heap inspection")) {
            return "A heap dump or histogram (" + op + ") stops every thread for its whole walk of the heap: take them "
                    + "from a replica or out of traffic, not from a serving instance on a schedule.";
        }
        if (describe(op).startsWith("class redefinition")) {
            return "Classes are redefined at run time (" + op + "): a Java agent instrumenting classes, a debugger "
                    + "attached, hot swap. Find the agent (-Xlog:redefine+class=info) and make it instrument once at start.";
        }
        return "The VM operation " + op + " stops every thread: find who asks for it (the table's 'asked by' column, "
                + "-Xlog:safepoint=info) and make it rarer or move it off the serving instance.";
    }
}
