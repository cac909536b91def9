package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.profile.LockHolders;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.LockHolder;
import org.jfrtriage.rules.model.SiteRef;
import org.jfrtriage.rules.model.Units;

/**
 * A finding's "who held the lock": the analyzer's {@link LockHolders} turned into {@code blockedBy}, evidence, a
 * table with headers and units, one sentence for people, and the holder's code for the fix. Shared by the lock
 * hotspot and pileup rules so both say the same about the same waits.
 */
final class HolderEvidence {

    /** Holders listed in {@code blockedBy} and the table. */
    static final int HOLDER_ROWS = 5;
    /** A holder charged less than this share of the waiting is not listed (a waiter holding for an instant). */
    static final double MIN_LISTED_SHARE = 0.01;
    /** Below this share of the waiting explained, the holders are not named: the recording cannot tell. */
    static final double MIN_EXPLAINED_SHARE = 0.5;
    /** One holder with at least this share is "the" holder; below it, the holding rotated. */
    static final double DOMINANT_SHARE = 0.5;
    /** Frames kept per holder. */
    private static final int FRAME_LIMIT = 20;

    final List<LockHolder> holders;
    final List<Evidence> evidence = new ArrayList<>();
    final List<EvidenceTable> tables = new ArrayList<>();
    /** One sentence: who the waiters waited behind and what it was doing; empty when nothing can be said. */
    final String sentence;
    /** The fix's addition naming the holder's code, or what setting would tell; may be empty. */
    final String advice;

    private HolderEvidence(List<LockHolder> holders, String sentence, String advice) {
        this.holders = List.copyOf(holders);
        this.sentence = sentence;
        this.advice = advice;
    }

    /** Waits that are not for a lock: nothing holds a condition or a future. */
    static HolderEvidence noHolder(String why) {
        HolderEvidence h = new HolderEvidence(List.of(), "", "");
        h.evidence.add(Evidence.text("blockedByUnknown", "why no holder is named", why));
        return h;
    }

    static HolderEvidence of(Profile profile, Sites sites, BitSet siteIndices, int waiters) {
        return of(profile, sites, siteIndices, waiters, "");
    }

    /**
     * @param lockClass the lock's class: a semaphore's permits are held by several threads at once, so its holders
     *                  are expected to take turns and are named even when none dominates
     */
    static HolderEvidence of(Profile profile, Sites sites, BitSet siteIndices, int waiters, String lockClass) {
        LockHolders.Result r = profile.lockHolders().blockedBy(siteIndices);
        long wait = r.waitNanos();
        if (wait == 0) {
            return new HolderEvidence(List.of(), "", "");
        }
        double explained = 1.0 - (double) r.unexplainedNanos() / wait;
        // the threads of all the sites, each asked once (a pool's sites number in the thousands, its threads in tens)
        BitSet waiting = new BitSet();
        for (int i = siteIndices.nextSetBit(0); i >= 0; i = siteIndices.nextSetBit(i + 1)) {
            waiting.or(profile.contention().get(i).threads());
        }
        boolean carriers = waiting.stream().anyMatch(profile.lockHolders()::carrier);
        String who = carriers ? "virtual threads (recorded under " + waiters + " carrier thread" + (waiters == 1 ? "" : "s")
                + ") waited " + Units.nanos(wait) : waiters + " thread" + (waiters == 1 ? "" : "s") + " waited " + Units.nanos(wait);
        if (r.holders().isEmpty() || explained < MIN_EXPLAINED_SHARE) {
            String why = r.note().isEmpty() ? "the recording does not show who held the lock" : r.note();
            HolderEvidence h = new HolderEvidence(List.of(), who + "; who held the lock is unknown: " + why,
                    "Who held the lock cannot be told from this recording: " + why + ".");
            h.evidence.add(Evidence.text("heldBy", "who held the lock", h.sentence));
            h.evidence.add(Evidence.text("blockedByUnknown", "why the holder is unknown", why));
            return h;
        }
        List<LockHolder> listed = new ArrayList<>();
        for (LockHolders.Holder holder : r.holders()) {
            double share = (double) holder.blockedNanos() / wait;
            if (listed.size() == HOLDER_ROWS || share < MIN_LISTED_SHARE) {
                break;
            }
            listed.add(new LockHolder(sites.threadName(holder.thread()), holder.blockedNanos() / 1_000_000L,
                    Math.round(share * 1000) / 1000.0, holder.state(), frames(profile, holder.stack()),
                    holder.source().key(), holder.samples(), holder.stackSamples()));
        }
        if (listed.isEmpty()) {
            return new HolderEvidence(List.of(), "", "");
        }
        LockHolder top = listed.get(0);
        boolean permits = lockClass.startsWith("java.util.concurrent.Semaphore");
        if (top.source().equals(LockHolders.Source.SAMPLES.key()) && top.share() < DOMINANT_SHARE && !permits) {
            // samples that spread over many threads show who ran in the lock's code, not who held the lock
            String why = "the samples show no one thread inside the lock's code during the waits ("
                    + r.holders().size() + " candidates, the most " + top.thread() + " with " + Units.percent(top.share())
                    + ")" + (r.note().isEmpty() ? "; thread dumps every 10 s (jdk.ThreadDump#period=10s) would name the holder" : "; " + r.note());
            HolderEvidence h = new HolderEvidence(List.of(), who + "; who held the lock is unknown: " + why,
                    "Who held the lock cannot be told from this recording: " + why + ".");
            h.evidence.add(Evidence.text("heldBy", "who held the lock", h.sentence));
            h.evidence.add(Evidence.text("blockedByUnknown", "why the holder is unknown", why));
            return h;
        }
        LockHolders.Holder topRaw = r.holders().get(0);
        String activity = activity(profile, topRaw.stack());
        boolean dominant = top.share() >= DOMINANT_SHARE;
        StringBuilder s = new StringBuilder(who);
        String doing = doing(top, activity);
        if (dominant) {
            s.append(", ").append(Units.percent(top.share())).append(" of it behind ").append(top.thread());
            s.append(doing.isEmpty() ? "" : ", which was " + doing);
        } else if (permits) {
            s.append("; the permits were held in turn by ").append(r.holders().size()).append(" threads, the most ")
                    .append(top.thread()).append(" (").append(Units.percent(top.share())).append(")")
                    .append(doing.isEmpty() ? "" : ", " + doing);
        } else {
            s.append("; the lock changed hands among ").append(r.holders().size()).append(" holders, the most ")
                    .append(top.thread()).append(" (").append(Units.percent(top.share())).append(")")
                    .append(doing.isEmpty() ? "" : ", " + doing);
        }
        s.append(sourceNote(top.source()));
        String advice;
        if (dominant && !activity.isEmpty()) {
            advice = "While others waited, the lock was held by " + top.thread() + " in " + activity
                    + ": shorten that critical section (do the work outside the lock, or on a snapshot/copy) or "
                    + "move it off the lock the requests need.";
        } else if (dominant) {
            advice = "While others waited, the lock was held by " + top.thread() + ": look at what it does inside "
                    + "the critical section.";
        } else {
            advice = activity.isEmpty() ? "" : permits
                    ? "While requests waited, the permit holders were mostly " + top.state() + " in " + activity
                            + ": that is what holds a permit (a connection) so long."
                    : "Every holder holds it briefly but the holds add up; the holders were "
                            + "mostly in " + activity + ": make that work shorter or take it out of the lock.";
        }
        HolderEvidence h = new HolderEvidence(listed, s.toString(), advice);
        h.evidence.add(Evidence.text("heldBy", "who held the lock", h.sentence));
        h.evidence.add(Evidence.text("topOwner", "lock held most by", top.thread()));
        h.evidence.add(Evidence.of("topOwnerShare", "share of the waiting behind that holder", 100.0 * top.share(), "%"));
        h.evidence.add(Evidence.text("holderState", "what that holder was doing", top.state()));
        h.evidence.add(Evidence.text("holderSource", "how the holder is known", top.source()));
        if (!activity.isEmpty()) {
            h.evidence.add(Evidence.text("holderActivity", "where that holder was", activity));
        }
        if (r.unexplainedNanos() > 0) {
            h.evidence.add(Evidence.of("unexplainedWaitMs", "waiting with no known holder", r.unexplainedNanos() / 1_000_000L, "ms"));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            LockHolder l = listed.get(i);
            String doingThere = activity(profile, r.holders().get(i).stack());
            rows.add(List.of(l.thread(), l.blockedMs(), Units.percent(l.share()), l.state(), l.source(), doingThere));
        }
        h.tables.add(new EvidenceTable("Who held the lock while others waited", List.of("holder thread",
                "waited behind it (ms)", "share", "state", "known from", "where it was"), rows));
        return h;
    }

    /** How sampled waits are known, in words: "rebuilt from wall-clock samples every 10 ms, so …". */
    static String sampledNote(long periodNanos) {
        return "rebuilt from wall-clock samples every " + Units.nanos(periodNanos) + " (no lock event recorded them): each "
                + "wait's start and end are known only to about " + Units.nanos(periodNanos);
    }

    /**
     * How far into the recording the kept stack samples begin, in words ("1.8 min"), when the oldest made room for
     * newer ones ({@link org.jfrtriage.analyzer.profile.SampledWaits#samplesNotKept}).
     */
    static String samplesKeptFrom(Profile profile) {
        return Units.nanos(Math.max(0, profile.sampledWaits().keptFromNanos() - profile.info().startNanos()));
    }

    /** The evidence line saying some of the waits at these sites were rebuilt from samples, or null if none was. */
    static Evidence waitSource(Profile profile, BitSet siteIndices) {
        long period = 0;
        long sampledNanos = 0;
        long allNanos = 0;
        for (int i = siteIndices.nextSetBit(0); i >= 0; i = siteIndices.nextSetBit(i + 1)) {
            org.jfrtriage.analyzer.profile.ContentionSite c = profile.contention().get(i);
            allNanos += c.totalNanos();
            if (c.sampled()) {
                period = c.sampledPeriodNanos();
                sampledNanos += c.totalNanos();
            }
        }
        if (period == 0) {
            return null;
        }
        String share = sampledNanos == allNanos ? "all the waits" : Units.percent((double) sampledNanos / allNanos) + " of the waiting";
        return Evidence.text("waitSource", "where the waits come from", share + " " + sampledNote(period));
    }

    /** "running in A.b → C.d (121 of 131 samples while it held the lock)", or the state alone. */
    private static String doing(LockHolder top, String activity) {
        if (activity.isEmpty()) {
            return top.state().equals("unknown") ? "" : top.state();
        }
        String state = top.state().equals("unknown") ? "" : top.state() + " ";
        String when = top.samples() > 0 ? String.format(Locale.ROOT, " (%d of %d samples while it held the lock)",
                top.stackSamples(), top.samples()) : "";
        return state + "in " + activity + when;
    }

    private static String sourceNote(String source) {
        switch (source) {
            case "thread-dump":
                return " — from a thread dump taken during the waits";
            case "samples":
                return " — inferred from samples of threads inside the lock's code during the waits, not recorded as the owner";
            default:
                return "";
        }
    }

    /** The holder's code: its site (first application frame) → innermost Java frame, e.g. {@code Cache.evict → HashMap$HashIterator.nextNode}. */
    static String activity(Profile profile, int stack) {
        if (stack == StackTable.UNKNOWN) {
            return "";
        }
        StackTable stacks = profile.stacks();
        int site = profile.features().site(stack);
        String siteName = site < 0 ? "" : stacks.frame(site).shortMethod();
        String inner = "";
        for (int k = 0; k < stacks.depth(stack); k++) {
            Frame f = stacks.frame(stacks.frameId(stack, k));
            if (f.type().isJava() && !f.className().isEmpty()) {
                inner = f.shortMethod();
                break;
            }
        }
        if (siteName.isEmpty() || siteName.equals(inner)) {
            return inner.isEmpty() ? siteName : inner;
        }
        return inner.isEmpty() ? siteName : siteName + " → " + inner;
    }

    private static List<SiteRef> frames(Profile profile, int stack) {
        if (stack == StackTable.UNKNOWN) {
            return List.of();
        }
        List<SiteRef> out = new ArrayList<>();
        for (Frame f : profile.stacks().frames(stack)) {
            if (out.size() == FRAME_LIMIT) {
                break;
            }
            out.add(SiteRef.of(f));
        }
        return out;
    }
}
