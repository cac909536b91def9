package org.jfrtriage.analyzer.profile;

import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.FrameType;
import org.jfrtriage.analyzer.table.StackTable;

/** Stacks for tests, written innermost first as {@code "java.util.HashMap.resize", "com.acme.Index.build"}. */
final class Stacks {
    private Stacks() {
    }

    static Frame frame(String qualified) {
        int dot = qualified.lastIndexOf('.');
        return new Frame(qualified.substring(0, dot), qualified.substring(dot + 1), 1, FrameType.JIT_COMPILED);
    }

    static int stack(StackTable table, String... innermostFirst) {
        int[] ids = new int[innermostFirst.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = table.frameId(frame(innermostFirst[i]));
        }
        return table.stackId(ids, false);
    }
}
