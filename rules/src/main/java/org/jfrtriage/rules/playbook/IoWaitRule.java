package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jfrtriage.analyzer.event.IoWait;
import org.jfrtriage.analyzer.profile.IoWaits;
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
 * Step 1: threads stuck on a socket or a file, not on a lock — a slow downstream. Waits from
 * {@code jdk.SocketRead/SocketWrite} and {@code jdk.FileRead/FileWrite} by endpoint (remote {@code host:port} or the
 * file's path) and calling site; in an async-profiler wall-clock recording, which has no such events, wall samples
 * whose first Java frame is a socket or file native (the endpoint is then unknown).
 */
public final class IoWaitRule extends PlaybookRule<IoWaitRule.Endpoint> {

    public static final String KIND = "io-wait";

    static final Threshold WAIT_SHARE = new Threshold("io-wait.wait-share",
            "share of the time of the threads that waited on one endpoint spent waiting on it (recorded waits)", "%",
            20, 50, 80,
            "a request thread waiting half its time on one endpoint has its latency set by that endpoint: at 80% "
                    + "the service only relays the endpoint's slowness, and its pool is as busy as the endpoint is slow");
    /** A peak is one moment: at most a warning. */
    static final Threshold CONCURRENT_WAITERS = new Threshold("io-wait.concurrent-waiters",
            "most threads waiting on one endpoint at the same moment", "threads", 4, 8, 16,
            "each waiting thread is a request (and a pool slot, a connection) held by the endpoint: 8 at once takes "
                    + "most of a typical 10–20 thread pool or connection pool");
    /** One wait is one moment: at most a warning. */
    static final Threshold LONGEST_WAIT = new Threshold("io-wait.longest-wait",
            "longest single wait on one endpoint", "ms", 1000, 5000, 30000,
            "a read longer than a request's budget is a timeout for its caller; 30 s is a missing or default "
                    + "(infinite) socket timeout");
    /**
     * The share is of the threads' time while the endpoint was in use, but over this window at least (or the whole
     * recording when shorter): three threads that each waited once at the same moment did not wait all their time.
     */
    static final long MIN_WINDOW_NANOS = 10_000_000_000L;
    /** Fewer threads than this reading all the time are a listener or a consumer, not a pileup: the share is at most info. */
    static final int MIN_THREADS = 3;
    private static final int ROWS = 5;

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHO_IS_STUCK,
            "Threads waiting on sockets and files, by endpoint (host:port or path) and calling site",
            List.of("jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead", "jdk.FileWrite"),
            List.of(WAIT_SHARE, CONCURRENT_WAITERS, LONGEST_WAIT),
            List.of("The JDK records only waits longer than each event's threshold (20 ms in JDK 17's settings=default, "
                            + "10 ms in its profile; 1 ms in JDK 25's, throttled to 100 or 300 events/s): shorter waits are not "
                            + "seen, so shares and counts are lower bounds.",
                    "io-wait.wait-share is of the threads' time while the endpoint was in use (first wait to last, at least 10 s or the "
                            + "recording); in use less than half the recording is a burst, at most a warning. It counts above info only when at least 3 threads waited on the endpoint (MIN_THREADS): "
                            + "one or two threads reading all the time are a listener or a consumer.",
                    "Endpoints whose waits have no application frame (the JDK's own RMI/JMX connection threads waiting for the "
                            + "next request) are idle, not stuck: left out, and the check says how long they waited.",
                    "async-profiler recordings: wall-clock samples whose first Java frame is a socket or file native "
                            + "(SocketDispatcher.read0, socketRead0, Net.poll, FileDispatcherImpl.read0…) give the share of "
                            + "the threads' time, by site; the endpoint, concurrency and single waits are not recorded."));

    public IoWaitRule() {
        super(SPEC, "no socket or file events: enable jdk.SocketRead, jdk.SocketWrite, jdk.FileRead and jdk.FileWrite "
                + "(settings=default has them, waits over 20 ms); async-profiler: record in wall-clock mode (wall=)");
    }

    /** One endpoint's waits, grouped by calling site. */
    record Endpoint(IoWaits.Endpoint waits, double sharePercent, boolean sustained, List<Site> sites, boolean application, String throttle,
                    String threshold) {
        Site top() {
            return sites.isEmpty() ? null : sites.get(0);
        }
    }

    /** Waits at one calling site: nanoseconds (samples for a sampled endpoint), waits, its heaviest stack. */
    static final class Site {
        final SiteRef site;
        long weight;
        long waits;
        int stack;
        long stackWeight;

        Site(SiteRef site) {
            this.site = site;
        }
    }

    @Override
    protected String cannotJudge(Profile profile) {
        boolean events = SPEC.requiredEvents().stream().anyMatch(profile.info()::isEnabled);
        boolean sampled = profile.wallSamples().total() > 0;
        return events || sampled ? null : notApplicable();
    }

    @Override
    protected List<Endpoint> candidates(Evaluation e) {
        Profile profile = e.profile();
        double spanNanos = e.seconds() * 1e9;
        List<Endpoint> all = new ArrayList<>();
        for (IoWaits.Endpoint w : profile.io().endpoints()) {
            double share;
            if (w.sampled()) {
                share = w.threadWallSamples() == 0 ? 0 : 100.0 * w.waits() / w.threadWallSamples();
            } else {
                double window = Math.max(w.activeNanos(), Math.min(spanNanos, MIN_WINDOW_NANOS));
                share = w.threadCount() == 0 ? 0 : Math.min(100, 100.0 * w.nanos() / (window * w.threadCount()));
            }
            Map<String, Site> bySite = new HashMap<>();
            boolean application = false;
            for (Map.Entry<Integer, long[]> s : w.stacks().entrySet()) {
                int stack = s.getKey();
                application |= e.sites().hasApplicationSite(stack);
                SiteRef ref = e.sites().site(stack);
                Site site = bySite.computeIfAbsent(ref.qualifiedMethod(), k -> new Site(ref));
                site.weight += s.getValue()[0];
                site.waits += s.getValue()[1];
                if (s.getValue()[0] > site.stackWeight || s.getValue()[0] == site.stackWeight && stack < site.stack) {
                    site.stackWeight = s.getValue()[0];
                    site.stack = stack;
                }
            }
            List<Site> sites = new ArrayList<>(bySite.values());
            sites.sort(Comparator.comparingLong((Site s) -> s.weight).reversed().thenComparing(s -> s.site.qualifiedMethod()));
            String event = w.socket() ? "jdk.SocketRead" : "jdk.FileRead";
            all.add(new Endpoint(w, share, w.sampled() || w.activeNanos() >= spanNanos / 2, sites, application, profile.info().setting(event, "throttle"),
                    profile.info().setting(event, "threshold")));
        }
        // the heaviest endpoint first: ties between equal scores go to where more time went
        all.sort(Comparator.comparingLong((Endpoint p) -> p.waits().sampled() ? 0 : p.waits().nanos()).reversed()
                .thenComparing(Comparator.comparingLong((Endpoint p) -> p.waits().waits()).reversed())
                .thenComparing(p -> p.waits().name()));
        return all;
    }

    @Override
    protected void measure(Endpoint p, Evaluation e, Scores scores) {
        IoWaits.Endpoint w = p.waits();
        int idleCap = idleCap(p);
        scores.judgeAtMost(WAIT_SHARE, p.sharePercent(), Math.min(shareCapBesidesThreads(p),
                w.threadCount() >= MIN_THREADS ? Scores.UNCAPPED : Scores.AT_MOST_INFO));
        if (!w.sampled()) {
            scores.judgeAtMost(CONCURRENT_WAITERS, w.peakConcurrent(), Math.min(idleCap, Scores.AT_MOST_WARNING));
            scores.judgeAtMost(LONGEST_WAIT, w.longestNanos() / 1e6, Math.min(idleCap, Scores.AT_MOST_WARNING));
        }
    }

    /** The JDK's own connection threads waiting for the next request are idle: left out, and the check says so. */
    private static int idleCap(Endpoint p) {
        return p.application() ? Scores.UNCAPPED : Scores.NOT_COUNTED;
    }

    /** The share's cap but for too few threads: idle, or a burst (in use for less than half the recording) at most a warning. */
    private static int shareCapBesidesThreads(Endpoint p) {
        return Math.min(idleCap(p), p.sustained() ? Scores.UNCAPPED : Scores.AT_MOST_WARNING);
    }

    @Override
    protected String ok(Evaluation e, List<Endpoint> candidates) {
        long idle = candidates.stream().filter(c -> !c.application() && !c.waits().sampled()).mapToLong(c -> c.waits().nanos()).sum();
        String leftOut = idle > 0 ? "; " + Units.nanos(idle) + " of waits in JDK-only stacks (RMI/JMX connections waiting "
                + "for a request) left out" : "";
        candidates = candidates.stream().filter(Endpoint::application).toList();
        if (candidates.isEmpty() && idle > 0) {
            return "no wait in application code" + leftOut;
        }
        return okMessage(e, candidates) + leftOut;
    }

    private static String okMessage(Evaluation e, List<Endpoint> candidates) {
        IoWaits io = e.profile().io();
        if (candidates.isEmpty()) {
            return e.profile().wallSamples().total() > 0 && io.events() == 0
                    ? "no wall-clock sample in a socket or file native"
                    : "no socket or file wait recorded (waits under the events' threshold are not recorded)";
        }
        Endpoint top = candidates.get(0);
        if (top.waits().sampled()) {
            return String.format(Locale.ROOT, "%s; at most %.0f%% of a thread's wall samples in socket or file natives",
                    Units.count(candidates.size(), "endpoint", "endpoints"),
                    candidates.stream().mapToDouble(Endpoint::sharePercent).max().orElse(0));
        }
        return String.format(Locale.ROOT, "%s, %s recorded; the busiest, %s, took %.0f%% of its threads' time "
                        + "(below %.0f%%), at most %d at once", Units.count(candidates.size(), "endpoint", "endpoints"),
                Units.count(io.events(), "wait", "waits"),
                top.waits().name(), top.sharePercent(), WAIT_SHARE.info(),
                candidates.stream().mapToInt(c -> c.waits().peakConcurrent()).max().orElse(0));
    }

    @Override
    protected String found(Evaluation e, List<Finding> findings) {
        return findings.size() == 1 ? findings.get(0).title() : findings.size() + " endpoints: " + findings.get(0).title();
    }

    @Override
    protected Finding.Builder describe(Endpoint p, Evaluation e, Scores scores) {
        IoWaits.Endpoint w = p.waits();
        Site top = p.top();
        SiteRef site = top == null ? SiteRef.UNKNOWN : top.site;
        int stack = top == null ? 0 : top.stack;
        String what = kinds(w);
        String title;
        if (w.sampled()) {
            title = String.format(Locale.ROOT, "%s spent %.0f%% of %s wall time in %s at %s (endpoint not recorded)",
                    Units.count(w.threadCount(), "thread", "threads"), p.sharePercent(), w.threadCount() == 1 ? "its" : "their",
                    what, site.shortName());
        } else {
            title = String.format(Locale.ROOT, "%s waited %s on %s in %s at %s: %.0f%% of %s time, up to %s at once",
                    Units.count(w.threadCount(), "thread", "threads"), Units.nanos(w.nanos()), w.name(), what,
                    site.shortName(), p.sharePercent(), w.threadCount() == 1 ? "its" : "their", Units.grouped(w.peakConcurrent()));
        }
        Finding.Builder f = finding().title(title).subject(w.name()).site(site)
                .stack(top == null ? List.of() : e.sites().stack(stack), stack)
                .evidence(Evidence.text("endpoint", w.socket() ? "remote endpoint" : "file", w.name()))
                .evidence(Evidence.of("waitSharePercent", "share of the waiting threads' time", p.sharePercent(), "%"))
                .evidence(Evidence.of("threads", "threads that waited", w.threadCount(), "threads"));
        if (w.sampled()) {
            f.evidence(Evidence.of("ioSamples", "wall samples in socket or file natives", w.waits(), "samples"))
                    .evidence(Evidence.text("source", "measured from", "async-profiler wall-clock samples: the endpoint, "
                            + "single waits and concurrency are not recorded (JFR's jdk.SocketRead/FileRead events give them)"));
        } else {
            double seconds = e.seconds();
            f.evidence(Evidence.of("activeMs", "endpoint in use (first wait to last)", w.activeNanos() / 1e6, "ms"))
                    .evidence(Evidence.of("peakWaiters", "most threads waiting at once", w.peakConcurrent(), "threads"))
                    .evidence(Evidence.of("waitedMs", "time waited, all threads", w.nanos() / 1e6, "ms"))
                    .evidence(Evidence.of("waitedMsPerSecond", "time waited per second of recording", w.nanos() / 1e6 / seconds, "ms/s"))
                    .evidence(Evidence.of("waits", "waits recorded", w.waits(), ""))
                    .evidence(Evidence.of("meanWaitMs", "mean recorded wait", w.waits() == 0 ? 0 : w.nanos() / 1e6 / w.waits(), "ms"))
                    .evidence(Evidence.of("longestWaitMs", "longest wait", w.longestNanos() / 1e6, "ms"));
            if (w.bytes() > 0) {
                f.evidence(Evidence.of("bytes", "bytes moved in those waits", w.bytes(), "bytes"));
            }
            f.evidence(Evidence.text("recordedWaits", "waits seen", "only waits longer than the event's threshold"
                    + (p.threshold().isEmpty() ? "" : " (" + p.threshold() + ")") + " are recorded; shorter ones are not seen"
                    + (!p.throttle().isEmpty() && !p.throttle().startsWith("off")
                    ? ", and at most " + p.throttle() + " of them (throttled): the totals are lower bounds" : "")));
            if (w.intervalsCut()) {
                f.evidence(Evidence.text("concurrencyCut", "concurrency", "counted over the first waits kept; more were recorded"));
            }
        }
        // said only when the cap for too few threads lowered the finding's score: the share would have scored higher
        // with more threads (with MIN_THREADS or more the share's term is this very minimum, never above the score)
        if (Math.min(shareCapBesidesThreads(p), WAIT_SHARE.score(p.sharePercent())) > scores.score()) {
            f.evidence(Evidence.text("shareCapped", "share at most info", String.format(Locale.ROOT,
                    "only %s waited on it (fewer than %d): a listener or a consumer waits on its endpoint all the time, "
                            + "which is no pileup, so its %.0f%% share counts at most info",
                    Units.count(w.threadCount(), "thread", "threads"), MIN_THREADS, p.sharePercent())));
        }
        List<List<Object>> rows = new ArrayList<>();
        long total = p.sites().stream().mapToLong(s -> s.weight).sum();
        for (Site s : p.sites().subList(0, Math.min(ROWS, p.sites().size()))) {
            rows.add(w.sampled()
                    ? List.of(s.site.shortName(), s.weight, Units.percent(total == 0 ? 0 : (double) s.weight / total))
                    : List.of(s.site.shortName(), s.waits, Units.nanos(s.weight), Units.percent(total == 0 ? 0 : (double) s.weight / total)));
        }
        if (!rows.isEmpty()) {
            f.table(new EvidenceTable("Calling sites at " + w.name(), w.sampled() ? List.of("site", "samples", "share")
                    : List.of("site", "waits", "waited", "share"), rows));
        }
        return f.recommendation(advice(w, site));
    }

    /** The kinds of wait at an endpoint, heaviest first: "socket read", "socket read and write". */
    private static String kinds(IoWaits.Endpoint w) {
        if (w.sampled()) {
            return w.socket() ? "socket I/O" : "file I/O";
        }
        List<IoWait.Kind> kinds = new ArrayList<>(List.of(IoWait.Kind.values()));
        kinds.removeIf(k -> w.nanos(k) == 0);
        if (kinds.isEmpty()) {
            return w.socket() ? "socket I/O" : "file I/O";
        }
        kinds.sort(Comparator.comparingLong((IoWait.Kind k) -> w.nanos(k)).reversed());
        List<String> labels = new ArrayList<>();
        for (IoWait.Kind k : kinds) {
            labels.add(k.label() + "s");
        }
        // "socket reads and socket writes" reads as "socket reads and writes"
        return String.join(" and ", labels).replace("socket reads and socket writes", "socket reads and writes")
                .replace("socket writes and socket reads", "socket writes and reads")
                .replace("file reads and file writes", "file reads and writes")
                .replace("file writes and file reads", "file writes and reads");
    }

    private static String advice(IoWaits.Endpoint w, SiteRef site) {
        if (!w.socket()) {
            return "Threads wait on the disk at " + site.shortName() + ": move file I/O off the request path (write "
                    + "asynchronously or batch, buffer small reads and writes, cache what is read again), check the disk's "
                    + "latency and what else uses it (iostat), and do not fsync per request.";
        }
        String endpoint = w.sampled() ? "a socket (the endpoint is not recorded: JFR's jdk.SocketRead names it)" : w.name();
        return "A slow downstream, not a lock: the threads wait on " + endpoint + " at " + site.shortName() + ". Find "
                + "why that endpoint is slow (its own latency, load and logs). Meanwhile protect this service: set "
                + "connect and read timeouts shorter than the caller's budget (a socket without one waits forever), size "
                + "the connection pool and thread pool for the endpoint's latency (threads = rate × latency) and put a "
                + "bulkhead or circuit breaker around it, so one slow dependency cannot hold every request thread.";
    }
}
