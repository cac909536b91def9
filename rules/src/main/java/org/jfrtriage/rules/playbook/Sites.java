package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.List;

import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.rules.model.SiteRef;

/** Names for stacks and sites of one profile, built only for what becomes a finding. */
final class Sites {
    /** Frames kept in a finding's stack: enough to read the path to the site, not a full dump. */
    static final int STACK_LIMIT = 40;
    private static final int NO_FRAME = -1;

    private final Profile profile;

    Sites(Profile profile) {
        this.profile = profile;
    }

    SiteRef site(int stack) {
        int frame = profile.features().site(stack);
        return frame == NO_FRAME ? SiteRef.UNKNOWN : SiteRef.of(profile.stacks().frame(frame));
    }

    /** Whether the stack reaches application code: its site is a frame a person can change, not JDK code. */
    boolean hasApplicationSite(int stack) {
        int frame = profile.features().site(stack);
        return frame != NO_FRAME && profile.stacks().frame(frame).isApplicationCode();
    }

    /** The site's identity without line: sites group by method so edits that shift lines keep one site. */
    String siteKey(int stack) {
        return site(stack).qualifiedMethod();
    }

    List<SiteRef> stack(int stack) {
        StackTable stacks = profile.stacks();
        int[] frames = stacks.frameIds(stack);
        List<SiteRef> refs = new ArrayList<>(Math.min(frames.length, STACK_LIMIT));
        for (int i = 0; i < frames.length && i < STACK_LIMIT; i++) {
            refs.add(SiteRef.of(stacks.frame(frames[i])));
        }
        return refs;
    }

    Frame frame(int frameId) {
        return profile.stacks().frame(frameId);
    }

    /** The recording's length in seconds, at least a millisecond so rates never divide by zero. */
    double seconds() {
        return Math.max(profile.info().durationNanos(), 1_000_000L) / 1e9;
    }

    String threadName(int thread) {
        return profile.threads().name(thread);
    }

    /** {@code ReentrantReadWriteLock$NonfairSync} → {@code ReentrantReadWriteLock}: the lock a person knows. */
    static String lockDisplayName(String lockClass) {
        if (lockClass == null || lockClass.isEmpty()) {
            return "an unknown object";
        }
        String name = lockClass;
        int inner = name.indexOf('$');
        if (inner > 0 && (name.endsWith("Sync") || name.endsWith("Node") || name.endsWith("Map"))) {
            String outer = name.substring(0, inner);
            if (outer.startsWith("java.util.concurrent") || name.endsWith("Sync")) {
                name = outer;
            }
        }
        return name;
    }
}
