package org.jfrtriage.analyzer.profile;

import java.util.Arrays;

import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.StackTable;

/**
 * Facts about each distinct stack computed once, when the stack is first seen: its site (the first frame, from
 * the top, of code a person can change), and whether it is inside a map resize or an unsafe map write.
 * Computed on first use and safe to share between threads: the rules of a playbook read it side by side.
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

    /** Per-frame facts, computed once per distinct frame (stacks share frames). */
    private static final byte FRAME_COMPUTED = 1;
    private static final byte FRAME_JAVA = 2;
    private static final byte FRAME_APPLICATION = 4;
    private static final byte FRAME_RESIZE = 8;
    private static final byte FRAME_UNSAFE_WRITE = 16;
    private static final byte FRAME_TREE_NODE = 32;
    /** Second flag set: what a waiting thread's frames say about the wait. */
    static final byte WAIT_COMPUTED = 1;
    static final byte WAIT_IDLE_LOOP = 2;
    static final byte WAIT_QUEUE_METHOD = 4;
    static final byte WAIT_APPLICATION = 8;
    private byte[] waitFlags = new byte[1024];

    /** Idle-loop, blocking-queue and application facts of a frame, for {@link WaitClassifier}; once per frame. */
    synchronized byte waitFlags(int frameId) {
        if (frameId >= waitFlags.length) {
            waitFlags = Arrays.copyOf(waitFlags, Math.max(frameId + 1, waitFlags.length * 2));
        }
        byte f = waitFlags[frameId];
        if (f == 0) {
            f = WaitClassifier.frameFlags(stacks.frame(frameId));
            waitFlags[frameId] = f;
        }
        return f;
    }
    private byte[] frameFlags = new byte[1024];

    private byte frameFlags(int frameId) {
        if (frameId >= frameFlags.length) {
            frameFlags = Arrays.copyOf(frameFlags, Math.max(frameId + 1, frameFlags.length * 2));
        }
        byte f = frameFlags[frameId];
        if (f == 0) {
            Frame frame = stacks.frame(frameId);
            f = FRAME_COMPUTED;
            f |= frame.type().isJava() ? FRAME_JAVA : 0;
            f |= frame.isApplicationCode() ? FRAME_APPLICATION : 0;
            f |= MapFrames.isResize(frame) ? FRAME_RESIZE : 0;
            f |= MapFrames.isUnsafeMutation(frame) ? FRAME_UNSAFE_WRITE : 0;
            f |= MapFrames.isTreeNode(frame) ? FRAME_TREE_NODE : 0;
            frameFlags[frameId] = f;
        }
        return f;
    }

    private byte[] ioNative = new byte[256];
    /** {@code IoWaits.Native.values()} once: each call of it copies the array, and it is asked per wall sample. */
    private static final IoWaits.Native[] NATIVES = IoWaits.Native.values();

    /**
     * Whether the stack's first Java frame (native C frames above it skipped) is a socket or file native: a thread
     * waiting on I/O in a wall-clock sample. Computed once per stack.
     */
    synchronized IoWaits.Native ioNative(int stack) {
        if (stack < 0) {
            return IoWaits.Native.NONE;
        }
        if (stack >= ioNative.length) {
            ioNative = Arrays.copyOf(ioNative, Math.max(stack + 1, ioNative.length * 2));
        }
        byte known = ioNative[stack];
        if (known == 0) {
            IoWaits.Native n = IoWaits.Native.NONE;
            for (int k = 0, depth = stacks.depth(stack); k < depth; k++) {
                Frame f = stacks.frame(stacks.frameId(stack, k));
                if (f.type().isJava()) {
                    n = IoWaits.nativeOf(f);
                    break;
                }
            }
            known = (byte) (n.ordinal() + 1);
            ioNative[stack] = known;
        }
        return NATIVES[known - 1];
    }

    StackFeatures(StackTable stacks) {
        this.stacks = stacks;
    }

    /** Frame id of the stack's site, or {@link #NO_FRAME} for an empty stack. */
    public synchronized int site(int stack) {
        ensure(stack);
        return site[stack];
    }

    /** Frame id of the innermost hash-table resize frame, or {@link #NO_FRAME}. */
    public synchronized int resizeFrame(int stack) {
        ensure(stack);
        return resizeFrame[stack];
    }

    synchronized byte mapFlags(int stack) {
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
            byte f = frameFlags(id);
            if (firstJava == NO_FRAME && (f & FRAME_JAVA) != 0) {
                firstJava = id;
            }
            if (siteFrame == NO_FRAME && (f & FRAME_APPLICATION) != 0) {
                siteFrame = id;
            }
            if (siteFrame == NO_FRAME) { // only frames above the site: the JDK code the site called
                if (resize == NO_FRAME && (f & FRAME_RESIZE) != 0) {
                    resize = id;
                }
                if ((f & FRAME_UNSAFE_WRITE) != 0) {
                    flags |= UNSAFE_WRITE;
                }
                if ((f & FRAME_TREE_NODE) != 0) {
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
