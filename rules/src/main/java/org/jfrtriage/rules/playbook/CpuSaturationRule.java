package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.profile.CpuUsage;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.StackCounts;
import org.jfrtriage.rules.RuleSpec;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.ScoreCurve;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Threshold;
import org.jfrtriage.rules.model.Units;

/**
 * Step 1: threads queue for a CPU, not for a lock. The JVM's CPU ({@code jdk.CPULoad}) against the CPUs it may
 * use ({@code jdk.CPUInformation}, a container's {@code jdk.ContainerConfiguration}), the machine as a whole, and
 * container throttling ({@code jdk.ContainerCPUThrottling}); with where the CPU goes — hot methods by self and
 * total samples, the sites, and the threads burning it ({@code jdk.ThreadCPULoad}).
 */
public final class CpuSaturationRule extends PlaybookRule<CpuSaturationRule.Load> {

    public static final String KIND = "cpu-saturation";

    static final Threshold JVM_CPU = new Threshold("cpu-saturation.jvm-cpu",
            "JVM CPU (user + system) averaged over the recording, as a share of the CPUs it may use", "%", 60, 85, 95,
            "past ~85% busy, runnable threads queue for a core and latency grows as 1/(1 − utilization); at 95% "
                    + "for a whole recording every request waits for CPU");
    /** Shown, never above info: what other processes do is outside this JVM. */
    static final Threshold OTHER_PROCESSES = new Threshold("cpu-saturation.other-processes",
            "machine CPU used by other processes than this JVM, averaged over the recording", "%", 20, 40, 70,
            "JMC's CompareCpu limits (20%, 40%): a neighbour that busy takes cores this JVM's runnable threads could use");
    static final Threshold THROTTLED = new Threshold("cpu-saturation.throttled-periods",
            "share of the container's CFS periods in which it was throttled", "%", 5, 20, 50,
            "a throttled period stops every thread of the container until the next period (100 ms by default): "
                    + "latency spikes even at a moderate average CPU");
    /** Rows of the hot-method, site and thread tables. */
    private static final int ROWS = 5;
    /** Hot methods need this many CPU samples to be named: fewer say nothing about where the CPU goes. */
    static final int MIN_SAMPLES = 20;

    private static final RuleSpec SPEC = new RuleSpec(KIND, Step.WHO_IS_STUCK,
            "CPU of the JVM and the machine near the CPUs available, with the hot methods and the threads burning it",
            List.of("jdk.CPULoad"),
            List.of(JVM_CPU, OTHER_PROCESSES, THROTTLED),
            List.of("The CPUs available are a container's effective CPU count (jdk.ContainerConfiguration) when recorded, else every hardware thread (jdk.CPUInformation); jdk.CPULoad's shares are of the whole machine.",
                    "cpu-saturation.other-processes is at most info: it is outside this JVM, and the recording cannot show this JVM's threads waited for a core (no run-queue data).",
                    "Hot methods (self: the innermost frame; total: any frame of the stack) and sites are named from jdk.ExecutionSample with at least 20 samples (MIN_SAMPLES); threads from jdk.ThreadCPULoad.",
                    "Throttling is judged only where jdk.ContainerCPUThrottling was recorded (JDK 17+, in a cgroup with a CPU quota)."));

    /** The recording's CPU, measured once: the rule's one candidate. */
    record Load(double jvmPercent, double otherPercent, double throttledPercent, double machinePercent,
                double available, double hardware, double scale) {
    }

    public CpuSaturationRule() {
        super(SPEC, "no CPU load readings: enable jdk.CPULoad (settings=default has it, every second)");
    }

    @Override
    protected String cannotJudge(Profile profile) {
        return profile.cpu().readings() == 0 ? notApplicable() : null;
    }

    @Override
    protected List<Load> candidates(Evaluation e) {
        CpuUsage cpu = e.profile().cpu();
        double hardware = cpu.hardwareThreads();
        double available = cpu.effectiveCpus() > 0 ? cpu.effectiveCpus() : hardware;
        // jdk.CPULoad is a share of the whole machine: scale it to the CPUs a container may use
        double scale = available > 0 && hardware > 0 ? hardware / available : 1;
        double jvmPercent = Math.min(100, 100 * cpu.jvmAverage() * scale);
        double machinePercent = 100 * cpu.machineAverage();
        double otherPercent = Math.max(0, machinePercent - 100 * cpu.jvmAverage());
        double throttledPercent = cpu.throttlingPeriods() == 0 ? 0 : 100.0 * cpu.throttledPeriods() / cpu.throttlingPeriods();
        return List.of(new Load(jvmPercent, otherPercent, throttledPercent, machinePercent, available, hardware, scale));
    }

    @Override
    protected void measure(Load l, Evaluation e, Scores scores) {
        scores.judge(JVM_CPU, l.jvmPercent());
        scores.judgeAtMost(OTHER_PROCESSES, l.otherPercent(), Scores.AT_MOST_INFO);
        scores.judge(THROTTLED, l.throttledPercent());
    }

    @Override
    protected String ok(Evaluation e, List<Load> candidates) {
        Load l = candidates.get(0);
        return String.format(java.util.Locale.ROOT, "the JVM used %.0f%% of %s on average (machine %.0f%%)%s", l.jvmPercent(), cpus(l),
                l.machinePercent(), e.profile().cpu().throttlingPeriods() > 0
                        ? String.format(java.util.Locale.ROOT, ", throttled in %.1f%% of periods", l.throttledPercent()) : "");
    }

    @Override
    protected String found(Evaluation e, List<Finding> findings) {
        return findings.get(0).title();
    }

    private static String cpus(Load l) {
        return l.available() > 0 ? String.format("%s CPU%s", Units.format(l.available(), ""), l.available() == 1 ? "" : "s") : "its CPUs";
    }

    @Override
    protected Finding.Builder describe(Load l, Evaluation e, Scores scores) {
        Profile profile = e.profile();
        CpuUsage cpu = profile.cpu();
        Sites sites = e.sites();
        int jvmScore = scores.score(JVM_CPU);
        int otherScore = scores.score(OTHER_PROCESSES);
        int throttledScore = scores.score(THROTTLED);
        boolean throttled = throttledScore >= jvmScore && throttledScore >= otherScore;
        boolean othersDominate = !throttled && otherScore > jvmScore;
        StackCounts samples = profile.cpuSamples();
        List<Map.Entry<String, Long>> selfTop = top(selfCounts(profile));
        List<Map.Entry<String, Long>> totalTop = top(totalCounts(profile));
        Map<String, long[]> bySite = new HashMap<>();
        Map<String, Integer> siteStacks = new HashMap<>();
        for (int s = 0; s < samples.limit(); s++) {
            long n = samples.get(s);
            if (n > 0 && sites.hasApplicationSite(s)) {
                String key = sites.siteKey(s);
                long[] c = bySite.computeIfAbsent(key, k -> new long[2]);
                c[0] += n;
                if (n > c[1]) {
                    c[1] = n;
                    siteStacks.put(key, s);
                }
            }
        }
        List<Map.Entry<String, long[]>> siteTop = new ArrayList<>(bySite.entrySet());
        siteTop.sort(Comparator.comparingLong((Map.Entry<String, long[]> en) -> en.getValue()[0]).reversed().thenComparing(Map.Entry::getKey));
        boolean named = samples.total() >= MIN_SAMPLES && !siteTop.isEmpty();
        int stack = named ? siteStacks.get(siteTop.get(0).getKey()) : 0;
        SiteRef site = named ? sites.site(stack) : SiteRef.UNKNOWN;
        String where = named ? String.format("; %s of CPU samples at %s", Units.percent((double) siteTop.get(0).getValue()[0] / samples.total()),
                site.shortName()) : "";
        String title;
        if (throttled) {
            title = String.format(java.util.Locale.ROOT, "The container was CPU-throttled in %.0f%% of its periods (%s throttled)%s",
                    l.throttledPercent(), Units.nanos(cpu.throttledNanos()), where);
        } else if (!othersDominate) {
            title = String.format(java.util.Locale.ROOT, "The JVM kept %.0f%% of %s busy on average (machine %.0f%%)%s", l.jvmPercent(), cpus(l),
                    l.machinePercent(), where);
        } else {
            // both shares are of the whole machine: the other processes' is not a share of the busy part
            title = String.format(java.util.Locale.ROOT, "The machine was %.0f%% busy on average: other processes than this JVM "
                    + "used %.0f%% of its CPUs, this JVM %.0f%%", l.machinePercent(), l.otherPercent(),
                    Math.max(0, l.machinePercent() - l.otherPercent()));
        }
        Finding.Builder f = finding().title(title).subject("cpu").site(site).stack(named ? sites.stack(stack) : List.of(), stack)
                .evidence(Evidence.of("jvmCpuPercent", "JVM CPU, share of the CPUs it may use", l.jvmPercent(), "%"))
                .evidence(Evidence.of("jvmCpuMaxPercent", "highest reading", Math.min(100, 100 * cpu.jvmMax() * l.scale()), "%"))
                .evidence(Evidence.of("machineCpuPercent", "machine CPU", l.machinePercent(), "%"))
                .evidence(Evidence.of("otherProcessesPercent", "machine CPU of other processes", l.otherPercent(), "%"))
                .evidence(Evidence.of("cpus", "CPUs available", l.available(), "CPUs"))
                .evidence(Evidence.of("readings", "jdk.CPULoad readings", cpu.readings(), ""));
        if (cpu.throttlingPeriods() > 0) {
            f.evidence(Evidence.of("throttledPercent", "CFS periods throttled", l.throttledPercent(), "%"));
        }
        f.evidence(Evidence.of("cpuSamples", "CPU samples", samples.total(), "samples"));
        if (named) {
            f.table(methodTable("Hot methods, self (the innermost frame)", selfTop, samples.total()));
            f.table(methodTable("Hot methods, total (anywhere on the stack)", totalTop, samples.total()));
            List<List<Object>> siteRows = new ArrayList<>();
            siteTop.stream().limit(ROWS).forEach(en -> siteRows.add(List.of(sites.site(siteStacks.get(en.getKey())).shortName(),
                    en.getValue()[0], Units.percent((double) en.getValue()[0] / samples.total()))));
            f.table(new EvidenceTable("Where the CPU goes: application sites", List.of("site", "samples", "share"), siteRows));
        }
        List<List<Object>> threadRows = threadRows(profile, l.hardware());
        if (!threadRows.isEmpty()) {
            f.table(new EvidenceTable("Threads burning it (jdk.ThreadCPULoad)", List.of("thread", "CPUs used on average"), threadRows));
            f.evidence(Evidence.of("threads", "threads using CPU", cpu.threadAverages().values().stream()
                    .filter(v -> v * Math.max(1, l.hardware()) >= 0.05).count(), "threads"));
        }
        return f.recommendation(advice(othersDominate, throttled, site, named));
    }

    private static Map<String, Long> selfCounts(Profile profile) {
        StackCounts samples = profile.cpuSamples();
        StackTable stacks = profile.stacks();
        Methods methods = new Methods(stacks);
        long[] counts = new long[64];
        for (int s = 0; s < samples.limit(); s++) {
            long n = samples.get(s);
            if (n > 0 && stacks.depth(s) > 0) {
                int m = methods.of(stacks.frameId(s, 0));
                counts = Methods.fit(counts, m);
                counts[m] += n;
            }
        }
        return methods.counted(counts);
    }

    private static Map<String, Long> totalCounts(Profile profile) {
        StackCounts samples = profile.cpuSamples();
        StackTable stacks = profile.stacks();
        Methods methods = new Methods(stacks);
        long[] counts = new long[64];
        int[] seenIn = new int[64]; // the stack (+ 1) a method was last counted for: a recursive method counts once per sample
        for (int s = 0; s < samples.limit(); s++) {
            long n = samples.get(s);
            if (n == 0) {
                continue;
            }
            for (int k = 0, depth = stacks.depth(s); k < depth; k++) {
                int m = methods.of(stacks.frameId(s, k));
                if (m >= seenIn.length) {
                    seenIn = java.util.Arrays.copyOf(seenIn, Math.max(m + 1, seenIn.length * 2));
                }
                if (seenIn[m] != s + 1) {
                    seenIn[m] = s + 1;
                    counts = Methods.fit(counts, m);
                    counts[m] += n;
                }
            }
        }
        return methods.counted(counts);
    }

    /**
     * Each frame's method — its class and name: frames differ by line — numbered once per frame, rather than its
     * name built once per frame of every sampled stack (~100 MB of strings on a 66 MB async-profiler recording).
     */
    private static final class Methods {
        private final StackTable stacks;
        /** Per frame id, its method's number + 1 (0: not looked at yet). */
        private final int[] ofFrame;
        private final Map<String, Integer> numbers = new HashMap<>();
        private final List<String> names = new ArrayList<>();

        Methods(StackTable stacks) {
            this.stacks = stacks;
            this.ofFrame = new int[stacks.frameCount()];
        }

        int of(int frameId) {
            int known = ofFrame[frameId];
            if (known == 0) {
                String name = stacks.frame(frameId).qualifiedMethod();
                Integer number = numbers.putIfAbsent(name, names.size());
                if (number == null) {
                    number = names.size();
                    names.add(name);
                }
                known = number + 1;
                ofFrame[frameId] = known;
            }
            return known - 1;
        }

        static long[] fit(long[] counts, int method) {
            return method < counts.length ? counts : java.util.Arrays.copyOf(counts, Math.max(method + 1, counts.length * 2));
        }

        /** The methods counted, by name. */
        Map<String, Long> counted(long[] counts) {
            Map<String, Long> byName = new HashMap<>();
            for (int m = 0; m < names.size(); m++) {
                if (m < counts.length && counts[m] != 0) {
                    byName.put(names.get(m), counts[m]);
                }
            }
            return byName;
        }
    }

    private static <K> List<Map.Entry<K, Long>> top(Map<K, Long> counts) {
        List<Map.Entry<K, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<K, Long>comparingByValue().reversed().thenComparing(e -> String.valueOf(e.getKey())));
        return entries.subList(0, Math.min(ROWS, entries.size()));
    }

    private static EvidenceTable methodTable(String title, List<Map.Entry<String, Long>> top, long total) {
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<String, Long> e : top) {
            rows.add(List.of(e.getKey(), e.getValue(), Units.percent((double) e.getValue() / total)));
        }
        return new EvidenceTable(title, List.of("method", "samples", "share"), rows);
    }

    private static List<List<Object>> threadRows(Profile profile, double hardware) {
        List<Map.Entry<Integer, Double>> threads = new ArrayList<>(profile.cpu().threadAverages().entrySet());
        threads.sort(Map.Entry.<Integer, Double>comparingByValue().reversed().thenComparing(e -> profile.threads().name(e.getKey())));
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<Integer, Double> t : threads.subList(0, Math.min(ROWS, threads.size()))) {
            rows.add(List.of(profile.threads().name(t.getKey()), String.format(java.util.Locale.ROOT, "%.2f", t.getValue() * Math.max(1, hardware))));
        }
        return rows;
    }

    private static String advice(boolean othersDominate, boolean throttled, SiteRef site, boolean named) {
        if (throttled) {
            return "The container's CPU quota stops it every period it runs out: raise the quota (or remove the limit and "
                    + "keep the request), or reduce the parallelism (GC and JIT threads, pool sizes) to what the quota "
                    + "allows: -XX:ActiveProcessorCount and pool sizes should match the quota, not the host.";
        }
        if (othersDominate) {
            return "Other processes than this JVM use most of the machine's CPU: find them (top, pidstat) and move "
                    + "them, or give this service CPUs of its own (cpuset, a dedicated node); this JVM cannot fix it.";
        }
        String at = named ? site.shortName() : "the hottest methods (record with jdk.ExecutionSample to see them)";
        return "Requests queue for a CPU, not a lock: the hot methods above are where it goes. Make " + at + " do less "
                + "per request (cache results, avoid recomputation, cheaper algorithms or data structures), or add "
                + "CPUs / instances. Do not add threads: more runnable threads than cores only adds queueing and "
                + "context switches. If the hot frames are GC or JIT threads, look at allocation and GC first.";
    }
}
