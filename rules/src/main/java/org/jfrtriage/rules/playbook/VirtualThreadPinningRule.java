package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.profile.CpuUsage;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.VirtualThreadPins;
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
 * Step 1: virtual threads stuck on their carriers. {@code jdk.VirtualThreadPinned} (JDK 21+) by site: the pinned
 * time as a share of the carriers' time and how often; and carrier starvation: every carrier pinned at once (no
 * other virtual thread can run) and the scheduler refusing virtual threads ({@code jdk.VirtualThreadSubmitFailed}).
 */
public final class VirtualThreadPinningRule extends PlaybookRule<VirtualThreadPinningRule.Candidate> {

    public static final String KIND = "vthread-pinning";

    static final Threshold PINNED_SHARE = new Threshold("vthread-pinning.pinned-share",
            "time virtual threads stayed pinned at one site, as a share of the carriers' time (recording × carriers)", "%", 1, 10, 40,
            "the scheduler has one carrier per CPU by default; a pinned carrier runs no other virtual thread: a tenth of "
                    + "them lost is a tenth of the capacity, at 40% the other virtual threads queue for the rest");
    static final Threshold PINNED_RATE = new Threshold("vthread-pinning.pinned-rate",
            "pinned events at one site per minute (each above the recording's threshold, 20 ms in the JDK's settings)", "/min", 6, 60, 600,
            "each event is a carrier held for 20 ms or more by a blocked virtual thread: once a second at one site is a "
                    + "pattern in the code, ten a second keeps carriers pinned most of the time");
    static final Threshold ALL_PINNED = new Threshold("vthread-pinning.all-carriers-pinned",
            "share of the recording during which every carrier was pinned at once", "%", 1, 5, 20,
            "while every carrier is pinned no other virtual thread runs: the whole virtual-thread side of the service stalls");
    static final Threshold SUBMIT_FAILED = new Threshold("vthread-pinning.submit-failures",
            "virtual threads the scheduler refused to start or resume (jdk.VirtualThreadSubmitFailed)", "events", 1, 3, 10,
            "each is a virtual thread that could not be scheduled (RejectedExecutionException): a lost task; three or more "
                    + "mean a scheduler out of capacity or shut down");
    private static final int ROWS = 5;
    /** Words of the OK check of a JVM before JDK 21, which the verdict does not count as having judged the recording. */
    public static final String NO_VIRTUAL_THREADS = "has no virtual threads (JDK 21+): nothing can be pinned";
    /** Virtual threads exist from this feature release on. */
    static final int FIRST_JDK = 21;

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHO_IS_STUCK,
            "Virtual threads pinned to their carriers by site, and carrier starvation",
            List.of("jdk.VirtualThreadPinned", "jdk.VirtualThreadSubmitFailed"),
            List.of(PINNED_SHARE, PINNED_RATE, ALL_PINNED, SUBMIT_FAILED),
            List.of("Carriers: the CPUs the JVM may use (jdk.CPUInformation, a container's jdk.ContainerConfiguration), the "
                            + "scheduler's default parallelism; else the distinct carrier threads the events name (JDK 24+).",
                    "jdk.VirtualThreadPinned is recorded above a threshold (20 ms in default.jfc and profile.jfc): shorter pins are not seen.",
                    "On JDK 24+ synchronized no longer pins (JEP 491); what still pins is a native frame (JNI, an FFM upcall) or a class "
                            + "initializer on the stack, named by the event's pinnedReason. On JDK 21–23 synchronized is the usual cause.",
                    "A JVM before JDK 21 has no virtual threads: its check is OK and says so; a recording that does not say its JVM's version needs the events."));

    /** A pinning site, or the scheduler as a whole (carrier starvation). */
    record Candidate(VirtualThreadPins.Site site, SiteRef ref, double sharePercent, double perMinute, long pinned,
                     double allPinnedPercent, int peakPinned, long submitFailures, int carriers) {
        boolean scheduler() {
            return site == null;
        }
    }

    public VirtualThreadPinningRule() {
        super(SPEC, "no virtual-thread events: enable jdk.VirtualThreadPinned and jdk.VirtualThreadSubmitFailed (JDK 21+; "
                + "settings=default has them, pins above 20 ms)");
    }

    /** A JVM before JDK 21 is judged without the events: it has no virtual threads, so nothing can be pinned. */
    @Override
    protected String cannotJudge(Profile profile) {
        return beforeVirtualThreads(profile) ? null : super.cannotJudge(profile);
    }

    private static boolean beforeVirtualThreads(Profile profile) {
        int feature = featureRelease(profile.info().jvm().version());
        return feature > 0 && feature < FIRST_JDK && profile.virtualThreadPins().pinnedEvents() == 0
                && profile.virtualThreadPins().submitFailures() == 0;
    }

    /** {@code 17.0.15+6} → 17, {@code 1.8.0_144} → 8, unknown → 0. */
    static int featureRelease(String version) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(?:1\\.)?(\\d+)").matcher(version == null ? "" : version);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The carriers of the default scheduler: one per CPU the JVM may use; else those the events name. */
    private static int carriers(Profile profile) {
        CpuUsage cpu = profile.cpu();
        double cpus = cpu.effectiveCpus() > 0 ? cpu.effectiveCpus() : cpu.hardwareThreads();
        int n = (int) Math.ceil(cpus);
        return n > 0 ? n : Math.max(1, profile.virtualThreadPins().carriersSeen());
    }

    @Override
    protected List<Candidate> candidates(Evaluation e) {
        Profile profile = e.profile();
        VirtualThreadPins pins = profile.virtualThreadPins();
        int carriers = carriers(profile);
        double seconds = e.seconds();
        Map<String, List<VirtualThreadPins.Site>> bySite = new HashMap<>();
        for (VirtualThreadPins.Site s : pins.sites()) {
            String key = s.stack() == StackTable.UNKNOWN ? "" : e.sites().siteKey(s.stack());
            bySite.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        List<Candidate> result = new ArrayList<>();
        for (List<VirtualThreadPins.Site> group : bySite.values()) {
            // the stack pinned longest speaks for its site
            group.sort(Comparator.comparingLong(VirtualThreadPins.Site::totalNanos).reversed().thenComparingInt(VirtualThreadPins.Site::stack));
            VirtualThreadPins.Site lead = group.get(0);
            long nanos = group.stream().mapToLong(VirtualThreadPins.Site::totalNanos).sum();
            long count = group.stream().mapToLong(VirtualThreadPins.Site::count).sum();
            SiteRef ref = lead.stack() == StackTable.UNKNOWN ? SiteRef.UNKNOWN : e.sites().site(lead.stack());
            result.add(new Candidate(lead, ref, 100 * nanos / 1e9 / (seconds * carriers), count / (seconds / 60), count, 0, 0, 0, carriers));
        }
        result.sort(Comparator.comparingDouble(Candidate::sharePercent).reversed().thenComparing(c -> c.ref().qualifiedMethod()));
        if (pins.pinnedEvents() > 0 || pins.submitFailures() > 0) {
            int[] peak = new int[1];
            long all = pins.overlapNanos(carriers, peak);
            SiteRef top = result.isEmpty() ? SiteRef.UNKNOWN : result.get(0).ref();
            result.add(new Candidate(null, top, 0, 0, pins.pinnedEvents(), 100 * all / 1e9 / seconds, peak[0], pins.submitFailures(), carriers));
        }
        return result;
    }

    @Override
    protected void measure(Candidate c, Evaluation e, Scores scores) {
        // every finding shows the four limits; a site's are judged on it, the scheduler's on the whole recording
        boolean site = !c.scheduler();
        scores.judgeAtMost(PINNED_SHARE, c.sharePercent(), site ? Scores.UNCAPPED : Scores.NOT_COUNTED);
        scores.judgeAtMost(PINNED_RATE, c.perMinute(), site ? Scores.UNCAPPED : Scores.NOT_COUNTED);
        scores.judgeAtMost(ALL_PINNED, c.allPinnedPercent(), site ? Scores.NOT_COUNTED : Scores.UNCAPPED);
        scores.judgeAtMost(SUBMIT_FAILED, c.submitFailures(), site ? Scores.NOT_COUNTED : Scores.UNCAPPED);
    }

    @Override
    protected String ok(Evaluation e, List<Candidate> candidates) {
        if (beforeVirtualThreads(e.profile())) {
            return "the JVM (Java " + e.profile().info().jvm().version() + ") " + NO_VIRTUAL_THREADS;
        }
        long events = e.profile().virtualThreadPins().pinnedEvents();
        return events == 0 ? "no virtual thread was pinned above the recording's threshold, no submit failed"
                : String.format("%s, below %s%% of the carriers' time and %s/min at any site",
                        Units.count(events, "pinned event", "pinned events"), Units.format(PINNED_SHARE.info(), ""),
                        Units.format(PINNED_RATE.info(), ""));
    }

    @Override
    protected String found(Evaluation e, List<Finding> findings) {
        return findings.get(0).title();
    }

    @Override
    protected Finding.Builder describe(Candidate c, Evaluation e, Scores scores) {
        return c.scheduler() ? starvation(c, e) : pinned(c, e);
    }

    private Finding.Builder pinned(Candidate c, Evaluation e) {
        VirtualThreadPins.Site s = c.site();
        String reason = reason(s, e.profile());
        String title = String.format("Virtual threads stayed pinned to their carriers at %s for %s of the carriers' time "
                        + "(%s, %s/min)%s", c.ref().shortName(), Units.percent(c.sharePercent() / 100),
                Units.count(c.pinned(), "event", "events"), Units.grouped(Math.round(c.perMinute())),
                reason.isEmpty() ? "" : ": " + reason);
        Finding.Builder f = finding().title(title).subject("carrier").site(c.ref())
                .stack(s.stack() == StackTable.UNKNOWN ? List.of() : e.sites().stack(s.stack()), Math.max(0, s.stack()))
                .evidence(Evidence.of("pinnedSharePercent", "pinned time, share of the carriers' time", c.sharePercent(), "%"))
                .evidence(Evidence.of("pinnedPerMinute", "pinned events per minute", c.perMinute(), "/min"))
                .evidence(Evidence.of("events", "pinned events", c.pinned(), "events"))
                .evidence(Evidence.of("longestMs", "longest pin (this stack)", s.longestNanos() / 1e6, "ms"))
                .evidence(Evidence.of("threads", "virtual threads pinned (this stack)", s.threads(), "threads"))
                .evidence(Evidence.of("carriers", "carriers", c.carriers(), "carriers"));
        if (!s.blockingOperation().isEmpty()) {
            f.evidence(Evidence.text("blockingOperation", "blocking operation", s.blockingOperation()));
        }
        if (!s.pinnedReason().isEmpty()) {
            f.evidence(Evidence.text("pinnedReason", "pinned because", s.pinnedReason()));
        }
        return f.recommendation(advice(s, c.ref(), e.profile()));
    }

    private Finding.Builder starvation(Candidate c, Evaluation e) {
        Profile profile = e.profile();
        VirtualThreadPins pins = profile.virtualThreadPins();
        String title = c.submitFailures() > 0 && c.allPinnedPercent() < ALL_PINNED.info()
                ? String.format("The virtual-thread scheduler refused %s (jdk.VirtualThreadSubmitFailed)",
                        Units.count(c.submitFailures(), "virtual thread", "virtual threads"))
                : String.format("Every carrier (%s) was pinned at once for %s of the recording: no other virtual thread could run%s%s",
                        Units.grouped(c.carriers()), Units.percent(c.allPinnedPercent() / 100),
                        // the site ranked first by pinned time, not the longest single pin
                        c.ref() == SiteRef.UNKNOWN ? "" : "; the most pinned time is at " + c.ref().shortName(),
                        c.submitFailures() == 0 ? "" : "; the scheduler refused "
                                + Units.count(c.submitFailures(), "virtual thread", "virtual threads"));
        Finding.Builder f = finding().title(title).subject("carriers").site(c.ref())
                .evidence(Evidence.of("allPinnedPercent", "share of the recording with every carrier pinned", c.allPinnedPercent(), "%"))
                .evidence(Evidence.of("peakPinned", "most carriers pinned at once", c.peakPinned(), "carriers"))
                .evidence(Evidence.of("carriers", "carriers", c.carriers(), "carriers"))
                .evidence(Evidence.of("submitFailures", "submit failures", c.submitFailures(), "events"));
        if (!pins.firstSubmitFailure().isEmpty()) {
            f.evidence(Evidence.text("submitFailure", "first submit failure", pins.firstSubmitFailure()));
        }
        List<List<Object>> rows = new ArrayList<>();
        pins.submitFailuresByStack().entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey)).limit(ROWS)
                .forEach(en -> rows.add(List.of(en.getKey() == StackTable.UNKNOWN ? SiteRef.UNKNOWN.shortName()
                        : e.sites().site(en.getKey()).shortName(), en.getValue())));
        if (!rows.isEmpty()) {
            f.table(new EvidenceTable("Submit failures by site", List.of("site", "failures"), rows));
        }
        return f.recommendation("Carriers are starved: virtual threads wait for a carrier while the carriers sit pinned. Fix the "
                + "pinning sites above first (each is a finding of its own). Raising jdk.virtualThreadScheduler.parallelism only "
                + "buys time; a submit failure (RejectedExecutionException) means the scheduler was shut down or out of capacity "
                + "(jdk.virtualThreadScheduler.maxPoolSize): find who submits after shutdown.");
    }

    /** Why the site pins, from the event (JDK 24+) or its stack. */
    private static String reason(VirtualThreadPins.Site s, Profile profile) {
        if (!s.pinnedReason().isEmpty()) {
            return s.pinnedReason();
        }
        if (s.stack() != StackTable.UNKNOWN) {
            StackTable stacks = profile.stacks();
            for (int frame : stacks.frameIds(s.stack())) {
                if (stacks.frame(frame).methodName().equals("<clinit>")) {
                    return "inside a class initializer";
                }
            }
        }
        return "";
    }

    private static String advice(VirtualThreadPins.Site s, SiteRef site, Profile profile) {
        String reason = reason(s, profile).toLowerCase(java.util.Locale.ROOT);
        String at = site == SiteRef.UNKNOWN ? "the pinned code" : site.shortName();
        if (reason.contains("native")) {
            return "A virtual thread blocks at " + at + " under a native frame (JNI, or a Java upcall from native code such as an "
                    + "FFM callback): it cannot unmount, and its carrier is lost for the whole wait. Move the blocking call out "
                    + "of the native call (fetch what the callback needs before calling native code), or run that work on a "
                    + "platform-thread executor.";
        }
        if (reason.contains("initializer") || reason.contains("class init")) {
            return "A virtual thread blocks at " + at + " inside a class initializer (<clinit>): it cannot unmount until the "
                    + "class is initialized. Do no I/O or waiting in static initializers: initialize lazily (a holder or a "
                    + "memoized supplier) outside <clinit>, or warm the class up at start on a platform thread.";
        }
        int feature = featureRelease(profile.info().jvm().version());
        String upgrade = feature >= 24 ? "" : " or upgrade to JDK 24+, where synchronized no longer pins (JEP 491)";
        return "A virtual thread blocks at " + at + " while pinned — on JDK 21–23 usually inside a synchronized block or method "
                + "(or Object.wait): replace that synchronized with a java.util.concurrent.locks.ReentrantLock" + upgrade
                + "; move blocking I/O out of native frames and class initializers. Run with -Djdk.tracePinnedThreads=full "
                + "(JDK 21–23) to print each pinning stack.";
    }
}
