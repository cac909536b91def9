package org.jfrtriage.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.playbook.AllocationPressureRule;
import org.jfrtriage.rules.playbook.CpuSaturationRule;
import org.jfrtriage.rules.playbook.DeadlockRule;
import org.jfrtriage.rules.playbook.ExceptionStormRule;
import org.jfrtriage.rules.playbook.GcPressureRule;
import org.jfrtriage.rules.playbook.IoWaitRule;
import org.jfrtriage.rules.playbook.SafepointPauseRule;
import org.jfrtriage.rules.playbook.LockHotspotRule;
import org.jfrtriage.rules.playbook.MapResizeChurnRule;
import org.jfrtriage.rules.playbook.PlaybookRule;
import org.jfrtriage.rules.playbook.ThreadLeakRule;
import org.jfrtriage.rules.playbook.ThreadPileupRule;
import org.jfrtriage.rules.playbook.UnsynchronizedMapWriteRule;
import org.jfrtriage.rules.playbook.VirtualThreadPinningRule;

/** Runs every rule on a profile and ranks the findings: rank 1 is the most likely root cause. */
public final class Playbook {

    private final List<Rule> rules;

    public Playbook(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The standard playbook, in step order. */
    public static Playbook standard() {
        return new Playbook(List.of(new ThreadPileupRule(), new DeadlockRule(), new CpuSaturationRule(), new IoWaitRule(),
                new SafepointPauseRule(), new ExceptionStormRule(), new VirtualThreadPinningRule(), new LockHotspotRule(),
                new MapResizeChurnRule(), new UnsynchronizedMapWriteRule(), new AllocationPressureRule(),
                new GcPressureRule(), new ThreadLeakRule()));
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * Evaluates every rule and ranks the findings. Rules only read the profile, so they run side by side: the
     * caller and up to one thread per further core take the next rule not yet started ({@link #taskOrder}: making the
     * lock holders second when a rule reads them), and the
     * results are collected in playbook order, so the triage is the same however the rules were scheduled. A rule
     * that throws makes the run throw that exception, as if the rules had run one after another.
     */
    public Triage run(Profile profile) {
        return run(profile, (kind, nanos) -> { });
    }

    /**
     * As {@link #run(Profile)}, telling {@code ruleNanos} how long each rule took (its kind, wall nanoseconds, from
     * the thread that ran it), e.g. for {@code analyze --timings}.
     */
    public Triage run(Profile profile, java.util.function.ObjLongConsumer<String> ruleNanos) {
        Rule.Result[] results = new Rule.Result[rules.size()];
        long[] nanos = new long[rules.size()];
        Throwable[] failures = new Throwable[rules.size()];
        AtomicInteger next = new AtomicInteger();
        int[] order = taskOrder(rules, hasLockWaits(profile));
        Runnable work = () -> {
            for (int k = next.getAndIncrement(); k < order.length; k = next.getAndIncrement()) {
                int i = order[k];
                if (i == MAKE_LOCK_HOLDERS) {
                    makeLockHolders(profile);
                    continue;
                }
                long start = System.nanoTime();
                try {
                    results[i] = rules.get(i).evaluate(profile);
                    nanos[i] = System.nanoTime() - start;
                } catch (RuntimeException | Error e) { // an OutOfMemoryError too, to reach the caller's handler
                    failures[i] = e;
                }
            }
        };
        int helpers = Math.min(Runtime.getRuntime().availableProcessors(), rules.size()) - 1;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < helpers; t++) {
            Thread thread = new Thread(work, "jfrtriage-rules-" + t);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        work.run();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the rules ran", e);
            }
        }
        for (int i = 0; i < nanos.length; i++) {
            ruleNanos.accept(rules.get(i).kind(), nanos[i]);
        }
        List<Finding> findings = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            if (failures[i] instanceof RuntimeException e) {
                throw e;
            }
            if (failures[i] instanceof Error e) {
                throw e;
            }
            results[i].findings().forEach(f -> findings.add(PlaybookRule.plausible(PlaybookRule.distrusted(f, profile))));
            checks.add(results[i].check());
        }
        // by score; ties go to the earlier playbook step (the symptom a person sees first), then by id for stability
        findings.sort(Comparator.comparingInt(Finding::score).reversed()
                .thenComparing(f -> f.step().number())
                .thenComparing(Finding::id));
        return new Triage(profile, findings, checks);
    }

    /** In {@link #taskOrder}: making the lock holders rather than a rule. */
    static final int MAKE_LOCK_HOLDERS = -1;

    /**
     * The tasks in the order they are taken: the rules in {@link #runOrder}, and when a rule reads the lock holders and
     * the profile has lock waits ({@code lockWaits}), making them ({@link #MAKE_LOCK_HOLDERS}) second — by the thread
     * not running the first rule, the one that reads them.
     */
    static int[] taskOrder(List<Rule> rules, boolean lockWaits) {
        int[] order = runOrder(rules);
        if (!lockWaits || rules.stream().noneMatch(Rule::usesLockHolders)) {
            return order;
        }
        int[] tasks = new int[order.length + 1];
        tasks[0] = order[0];
        tasks[1] = MAKE_LOCK_HOLDERS;
        System.arraycopy(order, 1, tasks, 2, order.length - 1);
        return tasks;
    }

    /**
     * Whether the profile has waits for a lock, the only waits the lock holders are asked about: without them they are
     * never made.
     */
    private static boolean hasLockWaits(Profile profile) {
        return profile.intervals().size() > 0
                && profile.contention().stream().anyMatch(c -> c.category() == WaitCategory.LOCK);
    }

    /**
     * Makes the lock holders ahead of the rules that read them: the first of those (the pileup rule) asks only after
     * its own measures, which take as long as making them, so made then they are ready when it asks, instead of the
     * asking thread waiting while the other makes them. A failure here is left to the rule that asks again (it makes
     * them itself and fails as it would have).
     */
    private static void makeLockHolders(Profile profile) {
        try {
            profile.lockHolders();
        } catch (RuntimeException | OutOfMemoryError e) {
            // the rule that reads them tries again and reports it
        }
    }

    /**
     * The order the rules are started in (results keep the playbook's order): the first rule that reads the lock-holder
     * analysis, then every rule that does not, then the other rules that do. Those wait for the analysis the first is
     * making; started early, a thread would wait with the cheap rules queued behind it.
     */
    static int[] runOrder(List<Rule> rules) {
        List<Integer> first = new ArrayList<>();
        List<Integer> last = new ArrayList<>();
        List<Integer> independent = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            (!rules.get(i).usesLockHolders() ? independent : first.isEmpty() ? first : last).add(i);
        }
        first.addAll(independent);
        first.addAll(last);
        return first.stream().mapToInt(Integer::intValue).toArray();
    }
}
