package org.jfrtriage.rules.playbook;

import java.util.HashMap;
import java.util.Map;

import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.StackCounts;
import org.jfrtriage.analyzer.profile.ThrowableTable;

/**
 * The throwables a {@code HashMap} written by several threads at once leaves behind, by the class of the code that
 * threw them: {@code ConcurrentModificationException} from HashMap code (an iterator, {@code merge},
 * {@code computeIfAbsent}) and {@code ClassCastException} between {@code HashMap$Node} and {@code HashMap$TreeNode}.
 * Counted from throwable events where the recording has them, and from CPU samples caught inside such a
 * throwable's constructor (every recording with CPU samples): each such sample is at least one throwable.
 */
final class MapRaceThrowables {

    static final String CME = "java.util.ConcurrentModificationException";
    static final String CCE = "java.lang.ClassCastException";
    private static final String CME_INIT = CME + ".<init>";
    private static final String CCE_INIT = CCE + ".<init>";

    /** Per application class: throwables recorded as events, and CPU samples inside their construction. */
    static final class Seen {
        long recorded;
        long sampled;
        String example = "";

        long total() {
            return recorded + sampled;
        }
    }

    /** How deep in a sampled stack a throwable's constructor is looked for. */
    static final int CONSTRUCTOR_DEPTH = 32;

    private MapRaceThrowables() {
    }

    /** Race throwables by the binary name of the class whose code threw them (the site's class). */
    static Map<String, Seen> byClass(Profile profile) {
        Map<String, Seen> byClass = new HashMap<>();
        StackTable stacks = profile.stacks();
        for (ThrowableTable.Row row : profile.throwables().rows()) {
            if (isRace(row.throwableClass(), row.message(), row.stack(), stacks)) {
                String owner = siteClass(profile, row.stack());
                if (owner != null) {
                    Seen seen = byClass.computeIfAbsent(owner, k -> new Seen());
                    seen.recorded += row.count();
                    if (seen.example.isEmpty()) {
                        seen.example = row.throwableClass() + (row.message().isEmpty() ? "" : ": " + row.message());
                    }
                }
            }
        }
        StackCounts cpu = profile.cpuSamples();
        for (int s = 0; s < cpu.limit(); s++) {
            long n = cpu.get(s);
            if (n > 0) {
                String thrown = constructedRaceThrowable(stacks, s);
                String owner = thrown == null ? null : siteClass(profile, s);
                if (owner != null) {
                    Seen seen = byClass.computeIfAbsent(owner, k -> new Seen());
                    seen.sampled += n;
                    if (seen.example.isEmpty()) {
                        seen.example = thrown + " (seen being constructed in CPU samples)";
                    }
                }
            }
        }
        return byClass;
    }

    /** A throwable only a racing HashMap throws: a CME from HashMap code, or a Node/TreeNode cast. */
    static boolean isRace(String throwableClass, String message, int stack, StackTable stacks) {
        if (CME.equals(throwableClass)) {
            return hasHashMapFrame(stacks, stack);
        }
        if (CCE.equals(throwableClass)) {
            return message.contains("HashMap$TreeNode") || hasTreeNodeFrame(stacks, stack);
        }
        return false;
    }

    /** The race throwable whose constructor this CPU sample is in, or null. */
    private static String constructedRaceThrowable(StackTable stacks, int stack) {
        int depth = Math.min(stacks.depth(stack), CONSTRUCTOR_DEPTH);
        boolean cme = false;
        boolean cce = false;
        // the constructors are the innermost Java frames; async-profiler puts the native stack walk above them
        for (int i = 0; i < depth; i++) {
            Frame f = stacks.frame(stacks.frameId(stack, i));
            cme |= f.isQualifiedMethod(CME_INIT);
            cce |= f.isQualifiedMethod(CCE_INIT);
        }
        if (cme && hasHashMapFrame(stacks, stack)) {
            return CME;
        }
        return cce && hasTreeNodeFrame(stacks, stack) ? CCE : null;
    }

    private static boolean hasHashMapFrame(StackTable stacks, int stack) {
        for (int f : stacks.frameIds(stack)) {
            String c = stacks.frame(f).className();
            if (c.startsWith("java.util.HashMap") || c.startsWith("java.util.LinkedHashMap")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasTreeNodeFrame(StackTable stacks, int stack) {
        for (int f : stacks.frameIds(stack)) {
            if (stacks.frame(f).className().equals("java.util.HashMap$TreeNode")) {
                return true;
            }
        }
        return false;
    }

    /** The class of the stack's site (first application frame), or null when it has none. */
    static String siteClass(Profile profile, int stack) {
        int frame = profile.features().site(stack);
        if (frame < 0) {
            return null;
        }
        Frame f = profile.stacks().frame(frame);
        return f.isApplicationCode() ? f.className() : null;
    }
}
