package org.jfrtriage.analyzer.profile;

import java.util.Set;

import org.jfrtriage.analyzer.table.Frame;

/**
 * The JDK methods that grow hash tables and that mutate maps which are not thread-safe. Kept as data: adding a
 * map implementation is adding a line.
 */
public final class MapFrames {

    /** Methods that grow or rebuild a hash table: the JVM twin of Go's growWork/evacuate. */
    static final Set<String> RESIZE_METHODS = Set.of(
            "java.util.HashMap.resize",
            "java.util.HashMap.treeifyBin",
            "java.util.HashMap$TreeNode.split",
            "java.util.HashMap$TreeNode.treeify",
            "java.util.concurrent.ConcurrentHashMap.transfer",
            "java.util.concurrent.ConcurrentHashMap.helpTransfer",
            "java.util.concurrent.ConcurrentHashMap.addCount",
            "java.util.concurrent.ConcurrentHashMap.tryPresize",
            "java.util.concurrent.ConcurrentHashMap.fullAddCount",
            "java.util.Hashtable.rehash",
            "java.util.IdentityHashMap.resize",
            "java.util.WeakHashMap.resize",
            "java.util.WeakHashMap.transfer");

    /** Writes into a {@code HashMap} (and the sets and linked maps built on it), which is not thread-safe. */
    static final Set<String> UNSAFE_MUTATION_METHODS = Set.of(
            "java.util.HashMap.putVal",
            "java.util.HashMap.removeNode",
            "java.util.HashMap.resize",
            "java.util.HashMap.treeifyBin",
            "java.util.HashMap.computeIfAbsent",
            "java.util.HashMap.compute",
            "java.util.HashMap.merge");

    static final String TREE_NODE_CLASS = "java.util.HashMap$TreeNode";

    private MapFrames() {
    }

    public static boolean isResize(Frame frame) {
        return RESIZE_METHODS.contains(frame.qualifiedMethod());
    }

    static boolean isUnsafeMutation(Frame frame) {
        return UNSAFE_MUTATION_METHODS.contains(frame.qualifiedMethod()) || isTreeNode(frame);
    }

    static boolean isTreeNode(Frame frame) {
        return frame.className().equals(TREE_NODE_CLASS);
    }

    /** The map class a resize frame belongs to, for titles: {@code java.util.HashMap}. */
    public static String mapClassOf(Frame frame) {
        String name = frame.className();
        int inner = name.indexOf('$');
        return inner < 0 ? name : name.substring(0, inner);
    }
}
