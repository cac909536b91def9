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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.profile.AllocationTable;
import org.jfrtriage.analyzer.profile.ContentionSite;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.StackCounts;
import org.jfrtriage.report.pprof.ProfileProto;

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

    /**
     * The profiles {@code kinds} (those without data are left out) as one gzip'd pprof {@code Profile}, built with
     * the classes protoc generates from {@code report/src/main/proto/profile.proto}: one sample type per profile,
     * one sample per distinct stack with a value for each type, leaf location first, one location per distinct
     * function and line, every string once in the string table.
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
        ProfileProto.Profile.Builder out = ProfileProto.Profile.newBuilder();
        Strings strings = new Strings(out);
        for (Kind k : types) {
            out.addSampleType(valueType(strings, k.sampleType(), k.unit()));
        }
        Locations locations = new Locations(out, strings);
        StackTable stacks = profile.stacks();
        // one sample per distinct location list; a value per sample type
        Map<List<Long>, long[]> samples = new LinkedHashMap<>();
        for (int t = 0; t < types.size(); t++) {
            for (Weighted w : weights.get(t)) {
                List<Long> ids = new ArrayList<>();
                if (w.leaf() != null) {
                    ids.add(locations.id(w.leaf(), "", -1));
                }
                int depth = stacks.depth(w.stack());
                for (int i = 0; i < depth; i++) {
                    Frame f = stacks.frame(stacks.frameId(w.stack(), i));
                    ids.add(locations.id(f.qualifiedMethod(), f.className(), f.line()));
                }
                if (ids.isEmpty()) {
                    ids.add(locations.id("(no stack)", "", -1));
                }
                samples.computeIfAbsent(ids, k -> new long[types.size()])[t] += w.value();
            }
        }
        for (Map.Entry<List<Long>, long[]> s : samples.entrySet()) {
            ProfileProto.Sample.Builder sample = out.addSampleBuilder().addAllLocationId(s.getKey());
            for (long v : s.getValue()) {
                sample.addValue(v);
            }
        }
        out.addComment(strings.id(ToolInfo.NAME + " " + ToolInfo.VERSION + ": " + profile.info().source()));
        if (!types.isEmpty()) {
            out.setDefaultSampleType(strings.id(types.get(0).sampleType()));
        }
        if (profile.info().startNanos() > 0) {
            out.setTimeNanos(profile.info().startNanos());
        }
        out.setDurationNanos(profile.info().durationNanos());
        // a period describes the whole profile: known only for CPU samples alone (JFR's sampling period); blocked
        // and parked time are not sampled by a period, nor are JFR's throttled allocation samples
        long period = types.equals(List.of(Kind.CPU)) ? nanos(profile.info().setting("jdk.ExecutionSample", "period")) : 0;
        if (period > 0) {
            out.setPeriodType(valueType(strings, "cpu", "nanoseconds")).setPeriod(period);
        }
        ProfileProto.Profile built = out.build();
        try {
            ByteArrayOutputStream gz = new ByteArrayOutputStream(built.getSerializedSize() / 4 + 64);
            try (GZIPOutputStream zip = new GZIPOutputStream(gz)) {
                built.writeTo(zip);
            }
            return gz.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
    }

    private static ProfileProto.ValueType valueType(Strings strings, String type, String unit) {
        return ProfileProto.ValueType.newBuilder().setType(strings.id(type)).setUnit(strings.id(unit)).build();
    }

    /** A JFR duration setting ({@code "20 ms"}, {@code "10ms"}, {@code "1 s"}) in nanoseconds; 0 if it is not one. */
    static long nanos(String setting) {
        Matcher m = DURATION.matcher(setting == null ? "" : setting.trim());
        if (!m.matches()) {
            return 0;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ns" -> n;
            case "us" -> n * 1_000L;
            case "ms" -> n * 1_000_000L;
            case "s" -> n * 1_000_000_000L;
            default -> 0;
        };
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ns|us|ms|s)");

    /**
     * pprof's functions and locations, added to the profile as they are first met (ids from 1): one function per
     * name, one location per function and line.
     */
    private static final class Locations {
        private final ProfileProto.Profile.Builder out;
        private final Strings strings;
        private final Map<String, Long> functions = new HashMap<>();
        private final Map<Long, Long> locations = new HashMap<>();

        Locations(ProfileProto.Profile.Builder out, Strings strings) {
            this.out = out;
            this.strings = strings;
        }

        /** The location id of a function and line (a line below 1 is unknown), adding both as needed. */
        long id(String name, String className, int line) {
            Long fn = functions.get(name);
            if (fn == null) {
                fn = (long) functions.size() + 1;
                functions.put(name, fn);
                long nameId = strings.id(name);
                String file = sourceFile(className);
                // an unknown source file stays unset (string index 0, "")
                out.addFunctionBuilder().setId(fn).setName(nameId).setSystemName(nameId)
                        .setFilename(file.isEmpty() ? 0 : strings.id(file));
            }
            long key = (fn << 32) | (line < 0 ? 0 : line & 0xffffffffL);
            Long loc = locations.get(key);
            if (loc == null) {
                loc = (long) locations.size() + 1;
                locations.put(key, loc);
                out.addLocationBuilder().setId(loc).addLineBuilder().setFunctionId(fn).setLine(Math.max(line, 0));
            }
            return loc;
        }
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

    /** pprof's string table, filled in the profile as strings are first met: index 0 is the empty string. */
    private static final class Strings {
        private final ProfileProto.Profile.Builder out;
        private final Map<String, Long> ids = new HashMap<>();

        Strings(ProfileProto.Profile.Builder out) {
            this.out = out;
            out.addStringTable("");
            ids.put("", 0L);
        }

        long id(String s) {
            return ids.computeIfAbsent(s, k -> {
                out.addStringTable(k);
                return (long) out.getStringTableCount() - 1;
            });
        }
    }

    /** For tests: the total weight of one profile. */
    static long total(Profile profile, Kind kind) {
        return weights(profile, kind).stream().mapToLong(Weighted::value).sum();
    }
}
