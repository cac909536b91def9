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
        addIfData(graphs, "lock", "Lock contention — blocked time", "ms", contention(profile, WaitCategory.LOCK));
        addIfData(graphs, "wait", "Waits — parked for a pool, queue, future or condition (idle excluded)", "ms",
                contention(profile, WaitCategory.WAIT));
        addIfData(graphs, "cpu", "CPU — execution samples", "samples", samples(profile, profile.cpuSamples()));
        addIfData(graphs, "alloc", "Allocation — bytes by allocating stack and class", "bytes", allocation(profile));
        addIfData(graphs, "wall", "Wall clock — all threads, running or not", "samples", samples(profile, profile.wallSamples()));
        return graphs;
    }

    private static void addIfData(List<Graph> graphs, String id, String title, String unit, Node root) {
        if (root.value > 0) {
            graphs.add(new Graph(id, title, unit, root.toJson(root.value * MIN_SHARE)));
        }
    }

    static Node contention(Profile profile, WaitCategory category) {
        Node root = new Node("all", "root");
        for (ContentionSite c : profile.contention()) {
            if (c.category() == category) {
                root.addStack(profile.stacks(), c.stack(), c.totalNanos() / 1e6, null);
            }
        }
        return root;
    }

    static Node samples(Profile profile, StackCounts counts) {
        Node root = new Node("all", "root");
        int stacks = profile.stacks().stackCount();
        for (int s = 0; s < stacks && s < counts.limit(); s++) {
            long n = counts.get(s);
            if (n > 0) {
                root.addStack(profile.stacks(), s, n, null);
            }
        }
        return root;
    }

    static Node allocation(Profile profile) {
        Node root = new Node("all", "root");
        for (AllocationTable.Row row : profile.allocations().rows()) {
            root.addStack(profile.stacks(), row.stack(), row.bytes(), row.objectClass());
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
        void addStack(StackTable stacks, int stack, double amount, String leaf) {
            value += amount;
            int[] frames = stacks.frameIds(stack);
            Node node = this;
            for (int i = frames.length - 1; i >= 0; i--) {
                Frame f = stacks.frame(frames[i]);
                node = node.child(f.qualifiedMethod(), kindOf(f));
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
