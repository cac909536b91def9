package org.jfrtriage.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;

import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.profile.AllocationTable;
import org.jfrtriage.analyzer.profile.ContentionSite;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.StackCounts;

/**
 * Flame graph trees of a profile (blocked time, waits, CPU, allocation, wall clock) in the JSON the report's
 * flamegraph.js draws: a report's trees in its columnar form ({@link Columns}: each name once, the nodes in pre-order
 * as columns), a diff's in its nested form ({@code {"n": name, "b": before, "a": after, "v": width, "k": kind,
 * "c": [children]}}, root first).
 */
public final class FlameGraphs {

    /** Subtrees below this share of the root are dropped: invisible at any sane width, and they bloat the file. */
    static final double MIN_SHARE = 0.0002;
    /**
     * Each side of a diff is built down to this share of its own total: a frame shown in the diff (at least
     * MIN_SHARE of before and after together) then has its exact value on both sides unless one side is under an
     * eighth of that, where the difference cannot be seen.
     */
    static final double DIFF_SHARE = MIN_SHARE / 8;

    private FlameGraphs() {
    }

    /**
     * The graphs of {@link #of} written one at a time as {@code {"id", "title", "unit", "tree"}} objects: each tree is
     * built, written and dropped before the next, and no JSON tree is made.
     */
    static void write(Profile profile, JsonGenerator json) throws IOException {
        TreeFields fields = new TreeFields(json);
        writeIfData(fields, json, "lock", "Lock contention — blocked time", "ms", contentionEntries(profile, WaitCategory.LOCK, EXACT));
        writeIfData(fields, json, "wait", "Waits — parked for a pool, queue, future or condition (idle excluded)", "ms",
                contentionEntries(profile, WaitCategory.WAIT, EXACT));
        writeIfData(fields, json, "cpu", "CPU — execution samples", "samples", sampleEntries(profile, profile.cpuSamples(), EXACT));
        writeIfData(fields, json, "alloc", "Allocation — bytes by allocating stack and class", "bytes", allocationEntries(profile, EXACT));
        writeIfData(fields, json, "wall", "Wall clock — all threads, running or not", "samples",
                sampleEntries(profile, profile.wallSamples(), EXACT));
    }

    /** One graph, built in parallel arrays (no node objects) and written in columns, if it has anything in it. */
    private static void writeIfData(TreeFields fields, JsonGenerator json, String id, String title, String unit,
                                    TreeBuilder entries) throws IOException {
        PackedTree tree = entries.buildPacked(MIN_SHARE);
        if (tree.value(0) > 0) {
            json.writeStartObject();
            json.writeStringField("id", id);
            json.writeStringField("title", title);
            json.writeStringField("unit", unit);
            json.writeFieldName("tree");
            Columns.of(tree).write(fields, json);
            json.writeEndObject();
        }
    }

    /**
     * A tree in flamegraph.js's columnar form: its nodes in pre-order (children largest first, as {@link Node#write}
     * writes the nested form) as columns of depth, name, kind and value, each distinct name and
     * kind written once. The nested form repeated every name and key in every node: on the 500 MB benchmark files
     * ~60% of an 18 MB page was names, drawn from 40 and 1,161 distinct ones. flamegraph.js builds the same model
     * from either form.
     */
    static final class Columns {
        private final List<String> names = new ArrayList<>();
        private final List<String> kinds = new ArrayList<>();
        private final Map<String, Integer> nameIds = new HashMap<>();
        private final Map<String, Integer> kindIds = new HashMap<>();
        private int size;
        private int[] depth = new int[1024];
        private int[] name = new int[1024];
        private int[] kind = new int[1024];
        private long[] hundredths = new long[1024];

        /**
         * The columns of a packed tree (pruned as it was built): each node's children largest first, children of
         * equal value in the order {@link PackedTree#children} gives, the order a {@link Node} held them in.
         */
        static Columns of(PackedTree tree) {
            Columns columns = new Columns();
            columns.add(tree, 0, 0);
            return columns;
        }

        private void add(PackedTree tree, int node, int level) {
            append(level, tree.name(node), tree.kind(node), tree.value(node));
            Map<String, Integer> children = tree.children(node);
            if (children != null) {
                List<Integer> shown = new ArrayList<>(children.values());
                shown.sort((a, b) -> Double.compare(tree.value(b), tree.value(a)));
                for (int child : shown) {
                    add(tree, child, level + 1);
                }
            }
        }

        private void append(int level, String nodeName, String nodeKind, double value) {
            if (size == depth.length) {
                depth = java.util.Arrays.copyOf(depth, 2 * size);
                name = java.util.Arrays.copyOf(name, 2 * size);
                kind = java.util.Arrays.copyOf(kind, 2 * size);
                hundredths = java.util.Arrays.copyOf(hundredths, 2 * size);
            }
            depth[size] = level;
            name[size] = id(nameIds, names, nodeName);
            kind[size] = id(kindIds, kinds, nodeKind);
            hundredths[size] = Math.round(value * 100);
            size++;
        }

        private static int id(Map<String, Integer> ids, List<String> values, String value) {
            Integer id = ids.get(value);
            if (id == null) {
                id = values.size();
                ids.put(value, id);
                values.add(value);
            }
            return id;
        }

        void write(TreeFields fields, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeArrayFieldStart("names");
            for (String n : names) {
                json.writeString(n);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("kinds");
            for (String k : kinds) {
                json.writeString(k);
            }
            json.writeEndArray();
            writeInts(json, "depth", depth);
            writeInts(json, "name", name);
            writeInts(json, "kind", kind);
            json.writeArrayFieldStart("v");
            for (int i = 0; i < size; i++) {
                fields.hundredths(hundredths[i]);
            }
            json.writeEndArray();
            json.writeEndObject();
        }

        private void writeInts(JsonGenerator json, String field, int[] values) throws IOException {
            json.writeArrayFieldStart(field);
            for (int i = 0; i < size; i++) {
                json.writeNumber(values[i]);
            }
            json.writeEndArray();
        }
    }

    /**
     * One side of a differential graph, taken from its profile: the lock, CPU and allocation trees down to
     * {@link #DIFF_SHARE} and the recording's length. Small (the trees are pruned), so a comparison keeps these
     * and lets both profiles go.
     */
    public static final class DiffTrees {
        private final PackedTree lock;
        private final PackedTree cpu;
        private final PackedTree alloc;
        private final double seconds;

        private DiffTrees(PackedTree lock, PackedTree cpu, PackedTree alloc, double seconds) {
            this.lock = lock;
            this.cpu = cpu;
            this.alloc = alloc;
            this.seconds = seconds;
        }
    }

    public static DiffTrees diffTrees(Profile profile) {
        return new DiffTrees(contentionEntries(profile, WaitCategory.LOCK, STABLE).buildPacked(DIFF_SHARE),
                sampleEntries(profile, profile.cpuSamples(), STABLE).buildPacked(DIFF_SHARE),
                allocationEntries(profile, STABLE).buildPacked(DIFF_SHARE), seconds(profile));
    }

    private static double seconds(Profile p) {
        return Math.max(p.info().durationNanos(), 1_000_000L) / 1e9;
    }

    /**
     * Differential graphs for step 4, written one at a time into an open array as {@code {"id", "title", "unit",
     * "tree"}} objects without a JSON tree (a diff page of two 500 MB recordings carries ~13 MB of them): each node
     * carries {@code "b"} (before) and {@code "a"} (after) as rates — blocked ms per second, share of CPU samples,
     * allocated MB per second — so recordings of different length compare.
     */
    public static void writeDiff(DiffTrees before, DiffTrees after, JsonGenerator json) throws IOException {
        double bs = before.seconds;
        double as = after.seconds;
        TreeFields fields = new TreeFields(json);
        writeDiff(fields, json, "lock", "Lock contention — blocked ms per second, before → after", "ms/s",
                before.lock, 1 / bs, after.lock, 1 / as);
        double cpuBefore = before.cpu.value(0);
        double cpuAfter = after.cpu.value(0);
        writeDiff(fields, json, "cpu", "CPU — share of samples (%), before → after", "%",
                before.cpu, cpuBefore == 0 ? 0 : 100 / cpuBefore, after.cpu, cpuAfter == 0 ? 0 : 100 / cpuAfter);
        writeDiff(fields, json, "alloc", "Allocation — MB per second, before → after", "MB/s",
                before.alloc, 1 / bs / 1048576.0, after.alloc, 1 / as / 1048576.0);
    }

    private static void writeDiff(TreeFields fields, JsonGenerator json, String id, String title, String unit,
                                  PackedTree before, double beforeScale, PackedTree after, double afterScale)
            throws IOException {
        if (before.value(0) > 0 || after.value(0) > 0) {
            double min = (before.value(0) * beforeScale + after.value(0) * afterScale) * MIN_SHARE;
            json.writeStartObject();
            json.writeStringField("id", id);
            json.writeStringField("title", title);
            json.writeStringField("unit", unit);
            json.writeFieldName("tree");
            writeDiffNode(fields, json, before, 0, beforeScale, after, 0, afterScale, min);
            json.writeEndObject();
        }
    }

    /** A child of a differential node: its node on each side (-1: none) and its width as written, rounded (the sort key). */
    private record DiffChild(int before, int after, double width) {
    }

    /**
     * One differential node and the children at least {@code minValue} wide, widest first; its width is before +
     * after, so children always fit inside their parent, whatever grew or shrank. {@code b} and {@code a} are the
     * node on each side, -1 where that side has no such node.
     */
    private static void writeDiffNode(TreeFields fields, JsonGenerator json, PackedTree before, int b, double bScale,
                                      PackedTree after, int a, double aScale, double minValue) throws IOException {
        PackedTree any = a >= 0 ? after : before;
        int anyNode = a >= 0 ? a : b;
        double bv = b < 0 ? 0 : before.value(b) * bScale;
        double av = a < 0 ? 0 : after.value(a) * aScale;
        json.writeStartObject();
        fields.string(TreeFields.NAME, any.name(anyNode));
        json.writeNumberField("b", Math.round(bv * 1000) / 1000.0);
        json.writeNumberField("a", Math.round(av * 1000) / 1000.0);
        json.writeNumberField("v", Math.round((av + bv) * 1000) / 1000.0);
        fields.string(TreeFields.KIND, any.kind(anyNode));
        // the before side's children, then the after side's not among them, each side in its map's order
        Map<String, Integer> beforeChildren = b < 0 ? null : before.children(b);
        Map<String, Integer> afterChildren = a < 0 ? null : after.children(a);
        List<DiffChild> children = new ArrayList<>();
        if (beforeChildren != null) {
            for (Map.Entry<String, Integer> e : beforeChildren.entrySet()) {
                Integer ca = afterChildren == null ? null : afterChildren.get(e.getKey());
                addIfWide(children, before, e.getValue(), bScale, after, ca == null ? -1 : ca, aScale, minValue);
            }
        }
        if (afterChildren != null) {
            for (Map.Entry<String, Integer> e : afterChildren.entrySet()) {
                if (beforeChildren == null || !beforeChildren.containsKey(e.getKey())) {
                    addIfWide(children, before, -1, bScale, after, e.getValue(), aScale, minValue);
                }
            }
        }
        if (!children.isEmpty()) {
            children.sort((x, y) -> Double.compare(y.width(), x.width()));
            json.writeArrayFieldStart("c");
            for (DiffChild child : children) {
                writeDiffNode(fields, json, before, child.before(), bScale, after, child.after(), aScale, minValue);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void addIfWide(List<DiffChild> children, PackedTree before, int cb, double bScale, PackedTree after,
                                  int ca, double aScale, double minValue) {
        double cbv = cb < 0 ? 0 : before.value(cb) * bScale;
        double cav = ca < 0 ? 0 : after.value(ca) * aScale;
        if (cbv + cav >= minValue) {
            children.add(new DiffChild(cb, ca, Math.round((cav + cbv) * 1000) / 1000.0));
        }
    }

    /** How frames are named in a tree: exactly, or with generated parts (lambda classes) made stable across runs. */
    static final java.util.function.Function<Frame, String> EXACT = Frame::qualifiedMethod;
    static final java.util.function.Function<Frame, String> STABLE =
            f -> new org.jfrtriage.rules.model.SiteRef(f.className(), f.methodName(), -1).stableMethod();

    static Node contention(Profile profile, WaitCategory category, java.util.function.Function<Frame, String> names,
                           double minShare) {
        return contentionEntries(profile, category, names).build(minShare);
    }

    static Node samples(Profile profile, StackCounts counts, java.util.function.Function<Frame, String> names,
                        double minShare) {
        return sampleEntries(profile, counts, names).build(minShare);
    }

    static Node allocation(Profile profile, java.util.function.Function<Frame, String> names, double minShare) {
        return allocationEntries(profile, names).build(minShare);
    }

    static TreeBuilder contentionEntries(Profile profile, WaitCategory category,
                                                 java.util.function.Function<Frame, String> names) {
        TreeBuilder tree = new TreeBuilder(profile.stacks(), names);
        for (ContentionSite c : profile.contention()) {
            if (c.category() == category) {
                tree.add(c.stack(), c.totalNanos() / 1e6, null);
            }
        }
        return tree;
    }

    static TreeBuilder sampleEntries(Profile profile, StackCounts counts,
                                             java.util.function.Function<Frame, String> names) {
        TreeBuilder tree = new TreeBuilder(profile.stacks(), names);
        int stacks = profile.stacks().stackCount();
        for (int s = 0; s < stacks && s < counts.limit(); s++) {
            long n = counts.get(s);
            if (n > 0) {
                tree.add(s, n, null);
            }
        }
        return tree;
    }

    static TreeBuilder allocationEntries(Profile profile, java.util.function.Function<Frame, String> names) {
        TreeBuilder tree = new TreeBuilder(profile.stacks(), names);
        for (AllocationTable.Row row : profile.allocations().rows()) {
            tree.add(row.stack(), row.bytes(), row.objectClass());
        }
        return tree;
    }

    /**
     * Weighted stacks made into a tree from the root down, one level at a time: the entries under a node are sorted
     * by their frame at the next level and each run becomes a child, and a child below {@code minShare} of the total
     * is never built at all. Memory is the entries plus the nodes shown, however many distinct stacks a large
     * recording holds (building every path first took hundreds of MB on a 500 MB recording).
     */
    static final class TreeBuilder {
        private static final int END = -1;

        private final StackTable stacks;
        private final java.util.function.Function<Frame, String> names;
        private int[] stackIds = new int[256];
        private double[] weights = new double[256];
        private int[] leaves;
        private int size;
        /** Interned display names: frame names, then allocated classes (kind "alloc"). */
        private final Map<String, Integer> keys = new HashMap<>();
        private final List<String> keyNames = new ArrayList<>();
        private final List<String> keyKinds = new ArrayList<>();
        private int[] frameKey;

        TreeBuilder(StackTable stacks, java.util.function.Function<Frame, String> names) {
            this.stacks = stacks;
            this.names = names;
            this.frameKey = new int[stacks.frameCount()];
            java.util.Arrays.fill(frameKey, Integer.MIN_VALUE);
        }

        void add(int stack, double weight, String leaf) {
            if (size == stackIds.length) {
                stackIds = java.util.Arrays.copyOf(stackIds, size * 2);
                weights = java.util.Arrays.copyOf(weights, size * 2);
                if (leaves != null) {
                    leaves = java.util.Arrays.copyOf(leaves, size * 2);
                }
            }
            if (leaf != null && leaves == null) {
                leaves = new int[stackIds.length];
                java.util.Arrays.fill(leaves, END);
            }
            stackIds[size] = stack;
            weights[size] = weight;
            if (leaves != null) {
                leaves[size] = leaf == null ? END : intern("alloc\u0000" + leaf, leaf, "alloc");
            }
            size++;
        }

        Node build(double minShare) {
            Node root = new Node("all", "root");
            for (int i = 0; i < size; i++) {
                root.value += weights[i];
            }
            if (size == 0) {
                return root;
            }
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            expand(root, order, new long[size], 0, size, 0, root.value * minShare);
            return root;
        }

        /**
         * Orders {@code order[lo, hi)} by each sample's key at {@code depth} (then by sample), leaving each sample's
         * key in the high half of {@code scratch[i]}: the step both tree forms group runs of one key from.
         */
        private void sortByKeyAt(int[] order, long[] scratch, int lo, int hi, int depth) {
            for (int i = lo; i < hi; i++) {
                scratch[i] = ((long) key(order[i], depth) << 32) | order[i];
            }
            java.util.Arrays.sort(scratch, lo, hi);
            for (int i = lo; i < hi; i++) {
                order[i] = (int) scratch[i];
            }
        }

        private void expand(Node node, int[] order, long[] scratch, int lo, int hi, int depth, double min) {
            int mark = runs;
            int n = pushRunsAt(order, scratch, lo, hi, depth, min);
            Node[] children = new Node[n];
            for (int r = 0; r < n; r++) {
                children[r] = node.child(keyNames.get(runKeys[mark + r]), keyKinds.get(runKeys[mark + r]));
                children[r].value = runSums[mark + r];
            }
            for (int r = 0; r < n; r++) {
                expand(children[r], order, scratch, runStarts[mark + r], runEnds[mark + r], depth + 1, min);
            }
            runs = mark;
        }

        /**
         * The same tree as {@link #build}, in parallel arrays: each node's children are found first and laid out
         * side by side, then each is expanded in turn.
         */
        PackedTree buildPacked(double minShare) {
            double total = 0;
            for (int i = 0; i < size; i++) {
                total += weights[i];
            }
            PackedTree tree = new PackedTree(keyNames, keyKinds, total);
            if (size > 0) {
                int[] order = new int[size];
                for (int i = 0; i < size; i++) {
                    order[i] = i;
                }
                expandPacked(tree, 0, order, new long[size], 0, size, 0, total * minShare);
            }
            tree.trim();
            return tree;
        }

        /** The runs found but not expanded yet, a stack shared by all levels of either tree form: key, range, sum. */
        private int[] runKeys = new int[64];
        private int[] runStarts = new int[64];
        private int[] runEnds = new int[64];
        private double[] runSums = new double[64];
        private int runs;

        private void expandPacked(PackedTree tree, int node, int[] order, long[] scratch, int lo, int hi, int depth,
                                  double min) {
            int mark = runs;
            int n = pushRunsAt(order, scratch, lo, hi, depth, min);
            if (n > 0) {
                int first = tree.addChildren(node, n);
                for (int r = 0; r < n; r++) {
                    tree.set(first + r, runKeys[mark + r], runSums[mark + r]);
                }
                for (int r = 0; r < n; r++) {
                    expandPacked(tree, first + r, order, scratch, runStarts[mark + r], runEnds[mark + r], depth + 1, min);
                }
            }
            runs = mark;
        }

        /**
         * Groups {@code order[lo, hi)} by each sample's key at {@code depth} and pushes each run that makes a child
         * (a frame or class, at least {@code min} and more than nothing) on the run stack, in key order: the children
         * of one node, for both tree forms. Returns how many were pushed; the caller pops them when done.
         */
        private int pushRunsAt(int[] order, long[] scratch, int lo, int hi, int depth, double min) {
            sortByKeyAt(order, scratch, lo, hi, depth);
            int mark = runs;
            int i = lo;
            while (i < hi) {
                int k = (int) (scratch[i] >> 32);
                int j = i;
                double sum = 0;
                while (j < hi && (int) (scratch[j] >> 32) == k) {
                    sum += weights[order[j]];
                    j++;
                }
                if (k != END && sum >= min && sum > 0) {
                    pushRun(k, i, j, sum);
                }
                i = j;
            }
            return runs - mark;
        }

        private void pushRun(int key, int start, int end, double sum) {
            if (runs == runKeys.length) {
                int capacity = runs * 2;
                runKeys = java.util.Arrays.copyOf(runKeys, capacity);
                runStarts = java.util.Arrays.copyOf(runStarts, capacity);
                runEnds = java.util.Arrays.copyOf(runEnds, capacity);
                runSums = java.util.Arrays.copyOf(runSums, capacity);
            }
            runKeys[runs] = key;
            runStarts[runs] = start;
            runEnds[runs] = end;
            runSums[runs] = sum;
            runs++;
        }

        /** The entry's node key at {@code depth} from the root: a frame, then its leaf (allocated class), then END. */
        private int key(int entry, int depth) {
            int stack = stackIds[entry];
            int length = stacks.depth(stack);
            if (length == 0) {
                if (depth == 0) {
                    return intern("native\u0000(no stack)", "(no stack)", "native");
                }
                length = 1; // the "(no stack)" node stands for the frames
            } else if (depth < length) {
                int frame = stacks.frameId(stack, length - 1 - depth);
                int k = frameKey[frame];
                if (k == Integer.MIN_VALUE) {
                    Frame f = stacks.frame(frame);
                    String name = names.apply(f);
                    k = intern(name, name, Node.kindOf(f));
                    frameKey[frame] = k;
                }
                return k;
            }
            return depth == length && leaves != null ? leaves[entry] : END;
        }

        private int intern(String key, String name, String kind) {
            Integer k = keys.get(key);
            if (k == null) {
                k = keyNames.size();
                keys.put(key, k);
                keyNames.add(name);
                keyKinds.add(kind);
            }
            return k;
        }
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

        private Node child(String childName, String childKind) {
            if (children == null) {
                children = new HashMap<>();
            }
            return children.computeIfAbsent(childName, n -> new Node(n, childKind));
        }

        /**
         * This node and its children at least {@code minValue}, largest first (children of equal value in their
         * map's order), as flamegraph.js reads them.
         */
        void write(TreeFields fields, JsonGenerator json, double minValue) throws IOException {
            json.writeStartObject();
            fields.string(TreeFields.NAME, name);
            fields.hundredths(TreeFields.VALUE, Math.round(value * 100));
            fields.string(TreeFields.KIND, kind);
            if (children != null) {
                List<Node> shown = new ArrayList<>();
                for (Node child : children.values()) {
                    if (!(child.value < minValue)) {
                        shown.add(child);
                    }
                }
                if (!shown.isEmpty()) {
                    shown.sort((a, b) -> Double.compare(b.value, a.value));
                    json.writeFieldName(TreeFields.CHILDREN);
                    json.writeStartArray();
                    for (Node child : shown) {
                        child.write(fields, json, minValue);
                    }
                    json.writeEndArray();
                }
            }
            json.writeEndObject();
        }

        private static String kindOf(Frame f) {
            if (!f.type().isJava()) {
                return "native";
            }
            return f.isApplicationCode() ? "app" : "jdk";
        }
    }
}
