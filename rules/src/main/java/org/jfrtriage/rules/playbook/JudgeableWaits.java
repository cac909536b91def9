package org.jfrtriage.rules.playbook;

import java.util.BitSet;
import java.util.List;

import org.jfrtriage.analyzer.profile.ContentionSite;
import org.jfrtriage.analyzer.profile.Profile;

/**
 * Which waits a step-1 or step-2 rule may judge. A wait counts only where a person could act on it: it has a
 * stack with a frame of application code (a site), and a thread that is not one of the JVM's own housekeeping
 * threads. Waits without a stack (stack traces off, or lost in a damaged recording) and waits whose stack is all
 * JDK code (Common-Cleaner's timed wait, JFR's and RMI's threads) never become findings; rules count them so
 * their checks can say what was left out, and a check whose every wait was left out for lack of stacks is "not
 * applicable", never OK.
 */
final class JudgeableWaits {

    /** Names of the JVM's and the JDK's own threads: they wait by design, and no application code runs there. */
    private static final List<String> HOUSEKEEPING_NAMES = List.of("Common-Cleaner", "Reference Handler", "Finalizer",
            "Signal Dispatcher", "Attach Listener", "Service Thread", "Notification Thread", "process reaper",
            "Monitor Deflation Thread", "Sweeper thread", "DestroyJavaVM", "Java2D Disposer",
            "JMX server connection timeout", "VM Periodic Task Thread");
    private static final List<String> HOUSEKEEPING_PREFIXES = List.of("JFR ", "RMI ", "C1 CompilerThread",
            "C2 CompilerThread", "Cleaner-", "GC Thread", "G1 ");

    private final Profile profile;
    private final Sites sites;
    private final BitSet housekeeping = new BitSet();
    private long stacklessNanos;
    private long stacklessEvents;
    private long jdkOnlyNanos;

    JudgeableWaits(Profile profile, Sites sites) {
        this.profile = profile;
        this.sites = sites;
        for (int t = 0; t < profile.threads().size(); t++) {
            if (isHousekeeping(profile.threads().name(t))) {
                housekeeping.set(t);
            }
        }
    }

    static boolean isHousekeeping(String threadName) {
        if (threadName == null) {
            return false;
        }
        return HOUSEKEEPING_NAMES.contains(threadName) || HOUSEKEEPING_PREFIXES.stream().anyMatch(threadName::startsWith);
    }

    /** Whether {@code c} may become (part of) a finding; counts it among the left-out waits when not. */
    boolean admit(ContentionSite c) {
        if (profile.stacks().depth(c.stack()) == 0) {
            stacklessNanos += c.totalNanos();
            stacklessEvents += c.events();
            return false;
        }
        if (!sites.hasApplicationSite(c.stack()) || onlyHousekeeping(c.threads())) {
            jdkOnlyNanos += c.totalNanos();
            return false;
        }
        return true;
    }

    /** Whether the thread is one of the JVM's own (its waits in a pileup are never counted). */
    boolean isHousekeepingThread(int thread) {
        return thread >= 0 && housekeeping.get(thread);
    }

    private boolean onlyHousekeeping(BitSet threads) {
        if (threads.isEmpty()) {
            return false;
        }
        BitSet others = (BitSet) threads.clone();
        others.andNot(housekeeping);
        return others.isEmpty();
    }

    long stacklessEvents() {
        return stacklessEvents;
    }

    /**
     * Why a rule that found nothing to judge could not judge at all — every wait of {@code what} (e.g. "lock
     * events") lacked a stack trace — naming the {@code events} whose stackTrace to enable; null when it could.
     */
    String stackless(boolean nothingJudged, String what, String events) {
        return nothingJudged && stacklessEvents > 0 ? "the " + what + " carry no stack traces (" + stacklessEvents
                + " events): enable stackTrace for " + events + " (settings=default has it)" : null;
    }

    /**
     * Whether virtual threads ran ({@code java.lang.VirtualThread} frames in any stack): their lock waits may be
     * missing from the recording.
     */
    private boolean virtualThreadsRan() {
        if (virtualThreads == null) {
            boolean found = false;
            for (int f = 0; f < profile.stacks().frameCount() && !found; f++) {
                found = profile.stacks().frame(f).className().equals("java.lang.VirtualThread");
            }
            virtualThreads = found;
        }
        return virtualThreads;
    }

    private Boolean virtualThreads;

    /** What a check adds to say which waits it did not judge, or "" when it judged them all. */
    String leftOut() {
        StringBuilder s = new StringBuilder();
        if (virtualThreadsRan()) {
            s.append("; virtual threads ran, and a virtual thread blocked on a lock unmounts: JFR (JDK 21–25) writes no "
                    + "lock event for it and wall-clock samples never see it waiting (async-profiler's lock profiler "
                    + "records its monitor waits, under the carrier thread's name), so their waits may be missing here");
        }
        if (stacklessNanos > 0) {
            s.append("; ").append(org.jfrtriage.rules.model.Units.nanos(stacklessNanos))
                    .append(" of waits without a stack trace not judged");
        }
        if (jdkOnlyNanos > 0) {
            s.append("; ").append(org.jfrtriage.rules.model.Units.nanos(jdkOnlyNanos))
                    .append(" of waits in JDK threads or JDK-only stacks left out");
        }
        org.jfrtriage.analyzer.profile.SampledWaits sampled = profile.sampledWaits();
        if (sampled.periodNanos() > 0 && sampled.samplesNotKept() > 0) {
            s.append("; wall-clock samples were kept only from about ")
                    .append(HolderEvidence.samplesKeptFrom(profile))
                    .append(" into the recording: waits seen only in earlier samples are missing");
        }
        return s.toString();
    }
}
