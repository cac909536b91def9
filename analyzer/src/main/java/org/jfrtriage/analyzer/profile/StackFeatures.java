package org.jfrtriage.analyzer.profile;

import java.util.Arrays;

import org.jfrtriage.analyzer.event.Frame;
import org.jfrtriage.analyzer.event.StackTable;

/**
 * Facts about each distinct stack computed once, when the stack is first seen: its site (the first frame, from
 * the top, of code a person can change), and whether it is inside a map resize or an unsafe map write.
 */
public final class StackFeatures {
    private static final byte UNKNOWN = 0;
    private static final byte COMPUTED = 1;
    static final int NO_FRAME = -1;

    private final StackTable stacks;
    private byte[] state = new byte[256];
    private int[] site = new int[256];
    private int[] resizeFrame = new int[256];
    private byte[] mapFlags = new byte[256];

    static final byte UNSAFE_WRITE = 1;
    static final byte TREE_NODE = 2;

    StackFeatures(StackTable stacks) {
        this.stacks = stacks;
    }

    /** Frame id of the stack's site, or {@link #NO_FRAME} for an empty stack. */
    public int site(int stack) {
        ensure(stack);
        return site[stack];
    }

    /** Frame id of the innermost hash-table resize frame, or {@link #NO_FRAME}. */
    public int resizeFrame(int stack) {
        ensure(stack);
        return resizeFrame[stack];
    }

    byte mapFlags(int stack) {
        ensure(stack);
        return mapFlags[stack];
    }

    private void ensure(int stack) {
        if (stack >= state.length) {
            int grown = Math.max(stack + 1, state.length * 2);
            state = Arrays.copyOf(state, grown);
            site = Arrays.copyOf(site, grown);
            resizeFrame = Arrays.copyOf(resizeFrame, grown);
            mapFlags = Arrays.copyOf(mapFlags, grown);
        }
        if (state[stack] == COMPUTED) {
            return;
        }
        int[] frames = stacks.frameIds(stack);
        int siteFrame = NO_FRAME;
        int firstJava = NO_FRAME;
        int resize = NO_FRAME;
        byte flags = 0;
        for (int id : frames) {
            Frame frame = stacks.frame(id);
            if (firstJava == NO_FRAME && frame.type().isJava()) {
                firstJava = id;
            }
            if (siteFrame == NO_FRAME && frame.isApplicationCode()) {
                siteFrame = id;
            }
            if (siteFrame == NO_FRAME) { // only frames above the site: the JDK code the site called
                if (resize == NO_FRAME && MapFrames.isResize(frame)) {
                    resize = id;
                }
                if (MapFrames.isUnsafeMutation(frame)) {
                    flags |= UNSAFE_WRITE;
                }
                if (MapFrames.isTreeNode(frame)) {
                    flags |= TREE_NODE;
                }
            }
        }
        site[stack] = siteFrame != NO_FRAME ? siteFrame : firstJava;
        resizeFrame[stack] = resize;
        mapFlags[stack] = flags;
        state[stack] = COMPUTED;
    }
}
