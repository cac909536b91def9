package org.jfrtriage.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import com.google.protobuf.CodedOutputStream;

import org.jfrtriage.analyzer.event.Frame;
import org.jfrtriage.analyzer.event.StackTable;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.profile.AllocationTable;
import org.jfrtriage.analyzer.profile.ContentionSite;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.StackCounts;

/**
 * A profile's stacks for the engines fleets already run: folded stacks ({@code analyze --format collapsed}, what
 * flamegraph.pl, speedscope and Pyroscope read) and pprof ({@code --format pprof}, a gzip'd {@code profile.proto}
 * that {@code go tool pprof}, Pyroscope, Grafana and Parca read), with each profile a sample type and its unit.
 * The weights are the flame graphs' own, unrounded and unpruned: blocked and parked nanoseconds per contention
 * site, CPU and wall-clock samples, allocated bytes with the allocated class as the innermost frame.
 */
public final class ProfileExports {

    /** The profiles, in the order the report's flame graphs show them. */
    public enum Kind {
        /** Blocked on monitors and {@code java.util.concurrent} locks (the lock flame graph). */
        LOCK("lock", "lock_blocked", "nanoseconds", "jdk.JavaMonitorEnter or jdk.ThreadPark"),
        /** Parked waiting for a pool, queue, future or condition, idle workers excluded (the wait flame graph). */
        PARKED("parked", "parked", "nanoseconds", "jdk.ThreadPark"),
        CPU("cpu", "cpu_samples", "count", "jdk.ExecutionSample"),
        ALLOC("alloc", "alloc_space", "bytes", "jdk.ObjectAllocationSample (or the TLAB allocation events)"),
        WALL("wall", "wall_samples", "count", "async-profiler's wall-clock samples (-e wall)");

        private final String id;
        private final String sampleType;
        private final String unit;
        private final String needs;

        Kind(String id, String sampleType, String unit, String needs) {
            this.id = id;
            this.sampleType = sampleType;
            this.unit = unit;
            this.needs = needs;
        }

        /** The name {@code --profile} takes. */
        public String id() {
            return id;
        }

        /** The pprof sample type and its unit. */
        public String sampleType() {
            return sampleType;
        }

        public String unit() {
            return unit;
        }

        /** The events a recording needs for this profile to have data. */
        public String needs() {
            return needs;
        }

        /** {@code lock}, {@code parked} (or {@code wait}), {@code cpu}, {@code alloc} (or {@code allocation}), {@code wall}. */
        public static Kind parse(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.id.equals(n) || k.sampleType.equals(n)) {
                    return k;
                }
            }
            switch (n) {
                case "wait": return PARKED;
                case "allocation": return ALLOC;
                default: throw new IllegalArgumentException("unknown profile '" + name + "' (expected lock, parked, cpu, alloc or wall)");
            }
        }
    }

    /** One weighted stack: a stack id of the profile's table, an optional allocated class below it, and a weight. */
    record Weighted(int stack, String leaf, long value) {
    }

    private ProfileExports() {
    }

    /** The weighted stacks of one profile; empty when the recording has no data for it. */
    static List<Weighted> weights(Profile profile, Kind kind) {
        List<Weighted> out = new ArrayList<>();
        switch (kind) {
            case LOCK, PARKED -> {
                WaitCategory category = kind == Kind.LOCK ? WaitCategory.LOCK : WaitCategory.WAIT;
                for (ContentionSite c : profile.contention()) {
                    if (c.category() == category && c.totalNanos() > 0) {
                        out.add(new Weighted(c.stack(), null, c.totalNanos()));
                    }
                }
            }
            case CPU, WALL -> {
                StackCounts counts = kind == Kind.CPU ? profile.cpuSamples() : profile.wallSamples();
                int stacks = profile.stacks().stackCount();
                for (int s = 0; s < stacks && s < counts.limit(); s++) {
                    long n = counts.get(s);
                    if (n > 0) {
                        out.add(new Weighted(s, null, n));
                    }
                }
            }
            case ALLOC -> {
                for (AllocationTable.Row row : profile.allocations().rows()) {
                    if (row.bytes() > 0) {
                        out.add(new Weighted(row.stack(), row.objectClass(), row.bytes()));
                    }
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return out;
    }

    /** The profiles that have data, in {@link Kind} order. */
    public static List<Kind> withData(Profile profile) {
        List<Kind> kinds = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (!weights(profile, k).isEmpty()) {
                kinds.add(k);
            }
        }
        return kinds;
    }

    // ---- folded stacks ----------------------------------------------------------------------------------------

    /**
     * Folded stacks of one profile: {@code outer;…;inner WEIGHT} a line, root first, identical stacks summed, lines
     * sorted; nothing when the profile has no data.
     */
    public static String collapsed(Profile profile, Kind kind) {
        Map<String, Long> lines = new TreeMap<>();
        StackTable stacks = profile.stacks();
        StringBuilder line = new StringBuilder(256);
        for (Weighted w : weights(profile, kind)) {
            line.setLength(0);
            int depth = stacks.depth(w.stack());
            if (depth == 0) {
                line.append(folded("(no stack)"));
            }
            for (int i = depth - 1; i >= 0; i--) {
                if (i < depth - 1) {
                    line.append(';');
                }
                line.append(folded(stacks.frame(stacks.frameId(w.stack(), i)).qualifiedMethod()));
            }
            if (w.leaf() != null) {
                line.append(';').append(folded(w.leaf()));
            }
            lines.merge(line.toString(), w.value(), Long::sum);
        }
        StringBuilder out = new StringBuilder(lines.size() * 64);
        lines.forEach((stack, value) -> out.append(stack).append(' ').append(value).append('\n'));
        return out.toString();
    }

    /**
     * Every profile with data, each headed by a comment line {@code # profile: NAME (UNIT)}: for a person; a tool
     * takes one profile ({@link #collapsed(Profile, Kind)}, {@code --profile NAME}).
     */
    public static String collapsedAll(Profile profile) {
        StringBuilder out = new StringBuilder();
        for (Kind k : withData(profile)) {
            out.append("# profile: ").append(k.id()).append(" (").append(k.unit()).append(")\n");
            out.append(collapsed(profile, k));
        }
        return out.toString();
    }

    /** A frame name as one folded-stack field: no separator, no space, no line break inside it. */
    private static String folded(String name) {
        return name.replace(';', ':').replace(' ', '_').replace('\n', '_').replace('\r', '_');
    }

    // ---- pprof ------------------------------------------------------------------------------------------------

    /*
     * Field numbers of github.com/google/pprof/proto/profile.proto (package perftools.profiles), the messages
     * written here: Profile, ValueType, Sample, Location, Line, Function.
     */
    static final int PROFILE_SAMPLE_TYPE = 1;
    static final int PROFILE_SAMPLE = 2;
    static final int PROFILE_LOCATION = 4;
    static final int PROFILE_FUNCTION = 5;
    static final int PROFILE_STRING_TABLE = 6;
    static final int PROFILE_TIME_NANOS = 9;
    static final int PROFILE_DURATION_NANOS = 10;
    static final int PROFILE_COMMENT = 13;
    static final int PROFILE_DEFAULT_SAMPLE_TYPE = 14;
    static final int VALUE_TYPE_TYPE = 1;
    static final int VALUE_TYPE_UNIT = 2;
    static final int SAMPLE_LOCATION_ID = 1;
    static final int SAMPLE_VALUE = 2;
    static final int LOCATION_ID = 1;
    static final int LOCATION_LINE = 4;
    static final int LINE_FUNCTION_ID = 1;
    static final int LINE_LINE = 2;
    static final int FUNCTION_ID = 1;
    static final int FUNCTION_NAME = 2;
    static final int FUNCTION_SYSTEM_NAME = 3;
    static final int FUNCTION_FILENAME = 4;

    /**
     * The profiles {@code kinds} (those without data are left out) as one gzip'd pprof {@code Profile}: one sample
     * type per profile, one sample per distinct stack with a value for each type, leaf location first.
     */
    public static byte[] pprof(Profile profile, List<Kind> kinds) {
        List<Kind> types = new ArrayList<>();
        List<List<Weighted>> weights = new ArrayList<>();
        for (Kind k : kinds) {
            List<Weighted> w = weights(profile, k);
            if (!w.isEmpty()) {
                types.add(k);
                weights.add(w);
            }
        }
        Strings strings = new Strings();
        StackTable stacks = profile.stacks();
        Map<String, Integer> functions = new LinkedHashMap<>();
        List<String[]> functionNames = new ArrayList<>();
        Map<Long, Integer> locations = new LinkedHashMap<>();
        List<long[]> locationLines = new ArrayList<>();
        // one sample per distinct location list; a value per sample type
        Map<List<Long>, long[]> samples = new LinkedHashMap<>();
        for (int t = 0; t < types.size(); t++) {
            for (Weighted w : weights.get(t)) {
                List<Long> ids = new ArrayList<>();
                if (w.leaf() != null) {
                    ids.add(location(w.leaf(), "", -1, functions, functionNames, locations, locationLines));
                }
                int depth = stacks.depth(w.stack());
                for (int i = 0; i < depth; i++) {
                    Frame f = stacks.frame(stacks.frameId(w.stack(), i));
                    ids.add(location(f.qualifiedMethod(), f.className(), f.line(), functions, functionNames, locations, locationLines));
                }
                if (ids.isEmpty()) {
                    ids.add(location("(no stack)", "", -1, functions, functionNames, locations, locationLines));
                }
                samples.computeIfAbsent(ids, k -> new long[types.size()])[t] += w.value();
            }
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            for (Kind k : types) {
                out.writeByteArray(PROFILE_SAMPLE_TYPE, message(m -> {
                    m.writeInt64(VALUE_TYPE_TYPE, strings.id(k.sampleType()));
                    m.writeInt64(VALUE_TYPE_UNIT, strings.id(k.unit()));
                }));
            }
            for (Map.Entry<List<Long>, long[]> s : samples.entrySet()) {
                out.writeByteArray(PROFILE_SAMPLE, message(m -> {
                    int size = 0;
                    for (long id : s.getKey()) {
                        size += CodedOutputStream.computeUInt64SizeNoTag(id);
                    }
                    m.writeTag(SAMPLE_LOCATION_ID, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    m.writeUInt32NoTag(size);
                    for (long id : s.getKey()) {
                        m.writeUInt64NoTag(id);
                    }
                    size = 0;
                    for (long v : s.getValue()) {
                        size += CodedOutputStream.computeInt64SizeNoTag(v);
                    }
                    m.writeTag(SAMPLE_VALUE, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    m.writeUInt32NoTag(size);
                    for (long v : s.getValue()) {
                        m.writeInt64NoTag(v);
                    }
                }));
            }
            for (int i = 0; i < locationLines.size(); i++) {
                long[] loc = locationLines.get(i);
                long id = i + 1;
                out.writeByteArray(PROFILE_LOCATION, message(m -> {
                    m.writeUInt64(LOCATION_ID, id);
                    m.writeByteArray(LOCATION_LINE, message(line -> {
                        line.writeUInt64(LINE_FUNCTION_ID, loc[0]);
                        if (loc[1] > 0) {
                            line.writeInt64(LINE_LINE, loc[1]);
                        }
                    }));
                }));
            }
            for (int i = 0; i < functionNames.size(); i++) {
                String[] f = functionNames.get(i);
                long id = i + 1;
                out.writeByteArray(PROFILE_FUNCTION, message(m -> {
                    m.writeUInt64(FUNCTION_ID, id);
                    m.writeInt64(FUNCTION_NAME, strings.id(f[0]));
                    m.writeInt64(FUNCTION_SYSTEM_NAME, strings.id(f[0]));
                    if (!f[1].isEmpty()) {
                        m.writeInt64(FUNCTION_FILENAME, strings.id(f[1]));
                    }
                }));
            }
            long comment = strings.id(ToolInfo.NAME + " " + ToolInfo.VERSION + ": " + profile.info().source());
            long defaultType = types.isEmpty() ? 0 : strings.id(types.get(0).sampleType());
            // the string table last: every string above has its index by now (index 0 is always "")
            for (String s : strings.all()) {
                out.writeString(PROFILE_STRING_TABLE, s);
            }
            if (profile.info().startNanos() > 0) {
                out.writeInt64(PROFILE_TIME_NANOS, profile.info().startNanos());
            }
            out.writeInt64(PROFILE_DURATION_NANOS, profile.info().durationNanos());
            out.writeInt64(PROFILE_COMMENT, comment);
            if (defaultType != 0) {
                out.writeInt64(PROFILE_DEFAULT_SAMPLE_TYPE, defaultType);
            }
            out.flush();
            ByteArrayOutputStream gz = new ByteArrayOutputStream(bytes.size() / 4 + 64);
            try (GZIPOutputStream zip = new GZIPOutputStream(gz)) {
                bytes.writeTo(zip);
            }
            return gz.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
    }

    /** The location id of a function and line, adding both as needed (ids from 1). */
    private static long location(String name, String className, int line, Map<String, Integer> functions,
                                 List<String[]> functionNames, Map<Long, Integer> locations, List<long[]> locationLines) {
        Integer fn = functions.get(name);
        if (fn == null) {
            fn = functionNames.size() + 1;
            functions.put(name, fn);
            functionNames.add(new String[] {name, sourceFile(className)});
        }
        long key = ((long) fn << 32) | (line < 0 ? 0 : line & 0xffffffffL);
        Integer loc = locations.get(key);
        if (loc == null) {
            loc = locationLines.size() + 1;
            locations.put(key, loc);
            locationLines.add(new long[] {fn, Math.max(line, 0)});
        }
        return loc;
    }

    /** The source file a class most likely comes from, as a path ({@code com/acme/Outer.java}); "" if unknown. */
    private static String sourceFile(String className) {
        if (className == null || className.isEmpty()) {
            return "";
        }
        int nested = className.indexOf('$');
        String outer = nested > 0 ? className.substring(0, nested) : className;
        return outer.replace('.', '/') + ".java";
    }

    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    /** One nested message's bytes (protobuf writes a length before each nested message). */
    private static byte[] message(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        body.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** pprof's string table: index 0 is the empty string. */
    private static final class Strings {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> all = new ArrayList<>(List.of(""));

        Strings() {
            ids.put("", 0);
        }

        long id(String s) {
            return ids.computeIfAbsent(s, k -> {
                all.add(k);
                return all.size() - 1;
            });
        }

        List<String> all() {
            return all;
        }
    }

    /** For tests: the total weight of one profile. */
    static long total(Profile profile, Kind kind) {
        return weights(profile, kind).stream().mapToLong(Weighted::value).sum();
    }
}
