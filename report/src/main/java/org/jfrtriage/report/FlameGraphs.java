package org.jfrtriage.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jfrtriage.analyzer.event.Frame;
import org.jfrtriage.analyzer.event.StackTable;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.profile.AllocationTable;
import org.jfrtriage.analyzer.profile.ContentionSite;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.StackCounts;

/**
 * Flame graph trees of a profile (blocked time, waits, CPU, allocation, wall clock) in the compact JSON the
 * report's flamegraph.js draws: {@code {"n": name, "v": value, "k": kind, "c": [children]}}, root first.
 */
public final class FlameGraphs {

    /** Subtrees below this share of the root are dropped: invisible at any sane width, and they bloat the file. */
    static final double MIN_SHARE = 0.0002;

    /** One graph: its title, unit and tree. */
    public record Graph(String id, String title, String unit, ObjectNode tree) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FlameGraphs() {
    }

    public static List<Graph> of(Profile profile) {
        List<Graph> graphs = new ArrayList<>();
        addIfData(graphs, "lock", "Lock contention — blocked time", "ms", contention(profile, WaitCategory.LOCK, EXACT));
        addIfData(graphs, "wait", "Waits — parked for a pool, queue, future or condition (idle excluded)", "ms",
                contention(profile, WaitCategory.WAIT, EXACT));
        addIfData(graphs, "cpu", "CPU — execution samples", "samples", samples(profile, profile.cpuSamples(), EXACT));
        addIfData(graphs, "alloc", "Allocation — bytes by allocating stack and class", "bytes", allocation(profile, EXACT));
        addIfData(graphs, "wall", "Wall clock — all threads, running or not", "samples",
                samples(profile, profile.wallSamples(), EXACT));
        return graphs;
    }

    private static void addIfData(List<Graph> graphs, String id, String title, String unit, Node root) {
        if (root.value > 0) {
            graphs.add(new Graph(id, title, unit, root.toJson(root.value * MIN_SHARE)));
        }
    }

    /**
     * Differential graphs for step 4: each node carries {@code "b"} (before) and {@code "a"} (after) as rates —
     * blocked ms per second, share of CPU samples, allocated MB per second — so recordings of different length
     * compare.
     */
    public static List<Graph> diff(Profile before, Profile after) {
        List<Graph> graphs = new ArrayList<>();
        double bs = seconds(before);
        double as = seconds(after);
        addDiff(graphs, "lock", "Lock contention — blocked ms per second, before → after", "ms/s",
                contention(before, WaitCategory.LOCK, STABLE), 1 / bs, contention(after, WaitCategory.LOCK, STABLE), 1 / as);
        Node cpuBefore = samples(before, before.cpuSamples(), STABLE);
        Node cpuAfter = samples(after, after.cpuSamples(), STABLE);
        addDiff(graphs, "cpu", "CPU — share of samples (%), before → after", "%",
                cpuBefore, cpuBefore.value == 0 ? 0 : 100 / cpuBefore.value, cpuAfter, cpuAfter.value == 0 ? 0 : 100 / cpuAfter.value);
        addDiff(graphs, "alloc", "Allocation — MB per second, before → after", "MB/s",
                allocation(before, STABLE), 1 / bs / 1048576.0, allocation(after, STABLE), 1 / as / 1048576.0);
        return graphs;
    }

    private static double seconds(Profile p) {
        return Math.max(p.info().durationNanos(), 1_000_000L) / 1e9;
    }

    private static void addDiff(List<Graph> graphs, String id, String title, String unit, Node before, double beforeScale,
                                Node after, double afterScale) {
        if (before.value > 0 || after.value > 0) {
            double min = (before.value * beforeScale + after.value * afterScale) * MIN_SHARE;
            graphs.add(new Graph(id, title, unit, diffJson(before, beforeScale, after, afterScale, min)));
        }
    }

    private static ObjectNode diffJson(Node before, double bScale, Node after, double aScale, double minValue) {
        Node any = after != null ? after : before;
        double b = before == null ? 0 : before.value * bScale;
        double a = after == null ? 0 : after.value * aScale;
        ObjectNode json = NODES.objectNode();
        json.put("n", any.name);
        json.put("b", Math.round(b * 1000) / 1000.0);
        json.put("a", Math.round(a * 1000) / 1000.0);
        // width is before + after: children then always fit inside their parent, whatever grew or shrank
        json.put("v", Math.round((a + b) * 1000) / 1000.0);
        json.put("k", any.kind);
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        if (before != null && before.children != null) {
            names.addAll(before.children.keySet());
        }
        if (after != null && after.children != null) {
            names.addAll(after.children.keySet());
        }
        List<ObjectNode> children = new ArrayList<>();
        for (String name : names) {
            Node cb = before == null || before.children == null ? null : before.children.get(name);
            Node ca = after == null || after.children == null ? null : after.children.get(name);
            double v = (cb == null ? 0 : cb.value * bScale) + (ca == null ? 0 : ca.value * aScale);
            if (v >= minValue) {
                children.add(diffJson(cb, bScale, ca, aScale, minValue));
            }
        }
        if (!children.isEmpty()) {
            children.sort((x, y) -> Double.compare(y.get("v").asDouble(), x.get("v").asDouble()));
            ArrayNode c = json.putArray("c");
            children.forEach(c::add);
        }
        return json;
    }

    /** How frames are named in a tree: exactly, or with generated parts (lambda classes) made stable across runs. */
    private static final java.util.function.Function<Frame, String> EXACT = Frame::qualifiedMethod;
    private static final java.util.function.Function<Frame, String> STABLE =
            f -> new org.jfrtriage.rules.model.SiteRef(f.className(), f.methodName(), -1).stableMethod();

    static Node contention(Profile profile, WaitCategory category, java.util.function.Function<Frame, String> names) {
        Node root = new Node("all", "root");
        for (ContentionSite c : profile.contention()) {
            if (c.category() == category) {
                root.addStack(profile.stacks(), c.stack(), c.totalNanos() / 1e6, null, names);
            }
        }
        return root;
    }

    static Node samples(Profile profile, StackCounts counts, java.util.function.Function<Frame, String> names) {
        Node root = new Node("all", "root");
        int stacks = profile.stacks().stackCount();
        for (int s = 0; s < stacks && s < counts.limit(); s++) {
            long n = counts.get(s);
            if (n > 0) {
                root.addStack(profile.stacks(), s, n, null, names);
            }
        }
        return root;
    }

    static Node allocation(Profile profile, java.util.function.Function<Frame, String> names) {
        Node root = new Node("all", "root");
        for (AllocationTable.Row row : profile.allocations().rows()) {
            root.addStack(profile.stacks(), row.stack(), row.bytes(), row.objectClass(), names);
        }
        return root;
    }

    /** A node of the tree being built. */
    static final class Node {
        final String name;
        final String kind;
        double value;
        Map<String, Node> children;

        Node(String name, String kind) {
            this.name = name;
            this.kind = kind;
        }

        /** Adds a stack (innermost first in the table), outermost frame nearest the root. */
        void addStack(StackTable stacks, int stack, double amount, String leaf,
                      java.util.function.Function<Frame, String> names) {
            value += amount;
            int[] frames = stacks.frameIds(stack);
            Node node = this;
            for (int i = frames.length - 1; i >= 0; i--) {
                Frame f = stacks.frame(frames[i]);
                node = node.child(names.apply(f), kindOf(f));
                node.value += amount;
            }
            if (frames.length == 0) {
                node = node.child("(no stack)", "native");
                node.value += amount;
            }
            if (leaf != null) {
                node = node.child(leaf, "alloc");
                node.value += amount;
            }
        }

        private Node child(String childName, String childKind) {
            if (children == null) {
                children = new HashMap<>();
            }
            return children.computeIfAbsent(childName, n -> new Node(n, childKind));
        }

        ObjectNode toJson(double minValue) {
            ObjectNode json = NODES.objectNode();
            json.put("n", name);
            json.put("v", Math.round(value * 100) / 100.0);
            json.put("k", kind);
            if (children != null) {
                ArrayNode c = null;
                List<Node> sorted = new ArrayList<>(children.values());
                sorted.sort((a, b) -> Double.compare(b.value, a.value));
                for (Node child : sorted) {
                    if (child.value < minValue) {
                        continue;
                    }
                    if (c == null) {
                        c = json.putArray("c");
                    }
                    c.add(child.toJson(minValue));
                }
            }
            return json;
        }

        private static String kindOf(Frame f) {
            if (!f.type().isJava()) {
                return "native";
            }
            return f.isApplicationCode() ? "app" : "jdk";
        }
    }
}
