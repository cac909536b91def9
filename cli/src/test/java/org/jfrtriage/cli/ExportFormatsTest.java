package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import org.jfrtriage.report.pprof.ProfileProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze --format collapsed|pprof} on committed recordings: what is written is read back — folded lines
 * parsed, pprof decoded twice: with the classes generated from profile.proto ({@code Profile.parseFrom}) and, as a
 * check on those, field by field with protobuf's own {@link CodedInputStream} by the format's field numbers — and
 * its totals are checked against the JSON report of the same recording and against each other.
 */
class ExportFormatsTest {
    private static final Path RECORDINGS = Path.of(System.getProperty("jfrtriage.root", "..")).resolve("sample-recordings/recordings");
    private static final Path SYNC = RECORDINGS.resolve("SyncMapHotspot-jdk17-default.jfr");
    private static final Path ASYNC = RECORDINGS.resolve("SyncMapHotspot-async-profiler.jfr");
    private static final String SITE = "demo.pricing.SyncMapHotspot$PriceBook.quote";

    @TempDir
    Path dir;

    @Test
    void collapsedLockBlockedTimeAtTheSiteIsTheReportsBlockedTime() throws Exception {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", SYNC.toString(), "--format", "collapsed", "--profile", "lock");
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, Long> lines = folded(r.out());
        assertThat(lines).isNotEmpty();
        // root first: the thread's entry point begins the line, the contended method ends it
        assertThat(lines.keySet()).allSatisfy(stack -> assertThat(stack).doesNotContain(" "));
        assertThat(lines.keySet()).anySatisfy(stack -> assertThat(stack).startsWith("java.lang.Thread.run;").endsWith(";" + SITE));
        long atSite = lines.entrySet().stream().filter(e -> e.getKey().contains(SITE)).mapToLong(Map.Entry::getValue).sum();
        assertThat(Math.round(atSite / 1e6)).isEqualTo(lockHotspotBlockedMs(SYNC));
    }

    @Test
    void collapsedWithoutProfileHeadsEachProfileWithItsUnit() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", SYNC.toString(), "--format", "collapsed");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("# profile: ")).toList())
                .containsExactly("# profile: lock (nanoseconds)", "# profile: cpu (count)", "# profile: alloc (bytes)");
        // an allocation line ends with the allocated class below the allocating frame
        AnalyzeCommandTest.Run alloc = AnalyzeCommandTest.run("analyze", SYNC.toString(), "--format", "collapsed", "--profile", "alloc");
        assertThat(alloc.out().lines().toList()).isNotEmpty().allSatisfy(l -> assertThat(l).matches("\\S+ [1-9][0-9]*"));
    }

    @Test
    void pprofDecodesToTheSameTotalsAsCollapsedAndTheReport() throws Exception {
        Path out = dir.resolve("sync.pb.gz");
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", SYNC.toString(), "--format", "pprof", "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        byte[] written = Files.readAllBytes(out);
        Pprof p = Pprof.decode(written);
        assertThat(p.strings.get(0)).isEmpty();
        assertThat(p.sampleTypes()).containsExactly("lock_blocked/nanoseconds", "cpu_samples/count", "alloc_space/bytes");
        assertThat(p.strings.get((int) p.defaultSampleType)).isEqualTo("lock_blocked");
        assertThat(p.durationNanos).isPositive();
        String[] profiles = {"lock", "cpu", "alloc"};
        for (int t = 0; t < profiles.length; t++) {
            AnalyzeCommandTest.Run folded = AnalyzeCommandTest.run("analyze", SYNC.toString(), "--format", "collapsed", "--profile", profiles[t]);
            long collapsedTotal = folded(folded.out()).values().stream().mapToLong(Long::longValue).sum();
            assertThat(p.total(t)).as(profiles[t]).isEqualTo(collapsedTotal).isPositive();
        }
        // every sample's locations exist, leaf first, and resolve to functions with names
        long atSite = 0;
        for (Pprof.Sample s : p.samples) {
            assertThat(s.values).hasSize(3);
            List<String> names = new ArrayList<>();
            for (long id : s.locations) {
                assertThat(p.locationFunction).containsKey(id);
                names.add(p.strings.get((int) (long) p.functionName.get(p.locationFunction.get(id))));
            }
            if (names.contains(SITE) && s.values[0] > 0) {
                atSite += s.values[0];
            }
            if (s.values[0] > 0) {
                assertThat(names.get(names.size() - 1)).isEqualTo("java.lang.Thread.run");
            }
        }
        assertThat(Math.round(atSite / 1e6)).isEqualTo(lockHotspotBlockedMs(SYNC));

        // the generated classes read the same profile: types, totals, locations and the comment naming the recording
        ProfileProto.Profile parsed = parse(written);
        List<String> table = parsed.getStringTableList();
        assertThat(table.get(0)).isEmpty();
        assertThat(parsed.getSampleTypeList()).extracting(vt -> table.get((int) vt.getType()) + "/" + table.get((int) vt.getUnit()))
                .containsExactlyElementsOf(p.sampleTypes());
        assertThat(parsed.getSampleCount()).isEqualTo(p.samples.size());
        for (int t = 0; t < profiles.length; t++) {
            int type = t;
            assertThat(parsed.getSampleList().stream().mapToLong(s -> s.getValue(type)).sum()).as(profiles[t]).isEqualTo(p.total(t));
        }
        Map<Long, ProfileProto.Location> locations = new HashMap<>();
        parsed.getLocationList().forEach(l -> locations.put(l.getId(), l));
        Map<Long, ProfileProto.Function> functions = new HashMap<>();
        parsed.getFunctionList().forEach(f -> functions.put(f.getId(), f));
        for (ProfileProto.Sample s : parsed.getSampleList()) {
            assertThat(s.getValueCount()).isEqualTo(parsed.getSampleTypeCount());
            for (long id : s.getLocationIdList()) {
                assertThat(locations).containsKey(id);
                assertThat(functions).containsKey(locations.get(id).getLine(0).getFunctionId());
            }
        }
        assertThat(parsed.getDurationNanos()).isEqualTo(p.durationNanos);
        assertThat(parsed.getTimeNanos()).isPositive();
        assertThat(table.get((int) parsed.getDefaultSampleType())).isEqualTo("lock_blocked");
        assertThat(parsed.getCommentList()).hasSize(1);
        assertThat(table.get((int) parsed.getComment(0))).startsWith("jfr-triage ").endsWith(": " + SYNC.getFileName());
        // a period describes one kind of sample: none on a profile that mixes blocked time, samples and bytes
        assertThat(parsed.hasPeriodType()).isFalse();
        // the demo's source file, as a path for pprof's source views
        assertThat(parsed.getFunctionList()).anySatisfy(f -> {
            assertThat(table.get((int) f.getName())).isEqualTo(SITE);
            assertThat(table.get((int) f.getFilename())).isEqualTo("demo/pricing/SyncMapHotspot.java");
        });
    }

    @Test
    void aCpuProfileAloneCarriesTheRecordingsSamplingPeriod() throws Exception {
        Path out = dir.resolve("cpu.pb.gz");
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", SYNC.toString(), "--format", "pprof", "--profile", "cpu",
                "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        ProfileProto.Profile parsed = parse(Files.readAllBytes(out));
        List<String> table = parsed.getStringTableList();
        assertThat(parsed.getSampleTypeList()).hasSize(1);
        assertThat(table.get((int) parsed.getPeriodType().getType()) + "/" + table.get((int) parsed.getPeriodType().getUnit()))
                .isEqualTo("cpu/nanoseconds");
        // the recording's jdk.ExecutionSample period (the JDK's default settings: 20 ms)
        assertThat(parsed.getPeriod()).isEqualTo(20_000_000L);
        AnalyzeCommandTest.Run folded = AnalyzeCommandTest.run("analyze", SYNC.toString(), "--format", "collapsed", "--profile", "cpu");
        assertThat(parsed.getSampleList().stream().mapToLong(s -> s.getValue(0)).sum()).isPositive()
                .isEqualTo(folded(folded.out()).values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void oneProfileOfAnAsyncProfilerRecordingIsOneSampleType() throws Exception {
        Path out = dir.resolve("wall.pb.gz");
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", ASYNC.toString(), "--format", "pprof", "--profile", "wall",
                "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        byte[] written = Files.readAllBytes(out);
        Pprof p = Pprof.decode(written);
        assertThat(p.sampleTypes()).containsExactly("wall_samples/count");
        AnalyzeCommandTest.Run folded = AnalyzeCommandTest.run("analyze", ASYNC.toString(), "--format", "collapsed", "--profile", "wall");
        assertThat(p.total(0)).isPositive().isEqualTo(folded(folded.out()).values().stream().mapToLong(Long::longValue).sum());
        ProfileProto.Profile parsed = parse(written);
        assertThat(parsed.getSampleList().stream().mapToLong(s -> s.getValue(0)).sum()).isEqualTo(p.total(0));
        // async-profiler's recording names no sampling period: none is made up
        assertThat(parsed.hasPeriodType()).isFalse();
        assertThat(parsed.getPeriod()).isZero();
    }

    @Test
    void aProfileTheRecordingLacksIsAWarningNamingTheEventsItNeeds() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", SYNC.toString(), "--format", "collapsed", "--profile", "wall");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("has no wall profile").contains("wall-clock samples");
    }

    @Test
    void badProfileOrProfileWithoutExportIsBadUsage() {
        assertThat(AnalyzeCommandTest.run("analyze", SYNC.toString(), "--format", "collapsed", "--profile", "heap").exit())
                .isEqualTo(Main.EXIT_USAGE);
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", SYNC.toString(), "--format", "json", "--profile", "lock");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--profile goes with --format collapsed or pprof");
        assertThat(AnalyzeCommandTest.run("analyze", SYNC.toString(), "--format", "yaml").err())
                .contains("expected text, json, csv, html, collapsed or pprof");
    }

    private static long lockHotspotBlockedMs(Path recording) throws IOException {
        AnalyzeCommandTest.Run json = AnalyzeCommandTest.run("analyze", recording.toString(), "--format", "json");
        for (JsonNode f : new ObjectMapper().readTree(json.out()).path("findings")) {
            if (f.path("kind").asText().equals("lock-hotspot") && (f.path("site").path("class").asText() + "."
                    + f.path("site").path("method").asText()).equals(SITE)) {
                return f.path("evidence").path("blockedMs").asLong();
            }
        }
        throw new AssertionError("no lock-hotspot finding at " + SITE);
    }

    /** A gzip'd pprof file read with the classes protoc generated from profile.proto. */
    private static ProfileProto.Profile parse(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return ProfileProto.Profile.parseFrom(in);
        }
    }

    private static Map<String, Long> folded(String text) {
        Map<String, Long> lines = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            assertThat(lines.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)))).as("one line per stack").isNull();
        }
        return lines;
    }

    /** The parts of a pprof Profile these tests read, decoded field by field (profile.proto numbering). */
    static final class Pprof {
        record Sample(List<Long> locations, long[] values) {
        }

        final List<long[]> sampleTypes = new ArrayList<>();
        final List<Sample> samples = new ArrayList<>();
        final Map<Long, Long> locationFunction = new HashMap<>();
        final Map<Long, Long> functionName = new HashMap<>();
        final List<String> strings = new ArrayList<>();
        long durationNanos;
        long defaultSampleType;

        static Pprof decode(byte[] gzipped) throws IOException {
            byte[] raw;
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
                raw = in.readAllBytes();
            }
            Pprof p = new Pprof();
            CodedInputStream in = CodedInputStream.newInstance(raw);
            for (int tag; (tag = in.readTag()) != 0; ) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> {
                        CodedInputStream m = in.readBytes().newCodedInput();
                        long[] vt = new long[2];
                        for (int t; (t = m.readTag()) != 0; ) {
                            vt[WireFormat.getTagFieldNumber(t) - 1] = m.readInt64();
                        }
                        p.sampleTypes.add(vt);
                    }
                    case 2 -> {
                        CodedInputStream m = in.readBytes().newCodedInput();
                        List<Long> locations = new ArrayList<>();
                        List<Long> values = new ArrayList<>();
                        for (int t; (t = m.readTag()) != 0; ) {
                            int limit = m.pushLimit(m.readRawVarint32());
                            while (!m.isAtEnd()) {
                                if (WireFormat.getTagFieldNumber(t) == 1) {
                                    locations.add(m.readUInt64());
                                } else {
                                    values.add(m.readInt64());
                                }
                            }
                            m.popLimit(limit);
                        }
                        p.samples.add(new Sample(locations, values.stream().mapToLong(Long::longValue).toArray()));
                    }
                    case 4 -> {
                        CodedInputStream m = in.readBytes().newCodedInput();
                        long id = 0;
                        long function = 0;
                        for (int t; (t = m.readTag()) != 0; ) {
                            if (WireFormat.getTagFieldNumber(t) == 1) {
                                id = m.readUInt64();
                            } else if (WireFormat.getTagFieldNumber(t) == 4) {
                                CodedInputStream line = m.readBytes().newCodedInput();
                                for (int lt; (lt = line.readTag()) != 0; ) {
                                    if (WireFormat.getTagFieldNumber(lt) == 1) {
                                        function = line.readUInt64();
                                    } else {
                                        line.skipField(lt);
                                    }
                                }
                            } else {
                                m.skipField(t);
                            }
                        }
                        p.locationFunction.put(id, function);
                    }
                    case 5 -> {
                        CodedInputStream m = in.readBytes().newCodedInput();
                        long id = 0;
                        long name = 0;
                        for (int t; (t = m.readTag()) != 0; ) {
                            switch (WireFormat.getTagFieldNumber(t)) {
                                case 1 -> id = m.readUInt64();
                                case 2 -> name = m.readInt64();
                                default -> m.skipField(t);
                            }
                        }
                        p.functionName.put(id, name);
                    }
                    case 6 -> p.strings.add(in.readString());
                    case 10 -> p.durationNanos = in.readInt64();
                    case 14 -> p.defaultSampleType = in.readInt64();
                    default -> in.skipField(tag);
                }
            }
            return p;
        }

        List<String> sampleTypes() {
            return sampleTypes.stream().map(vt -> strings.get((int) vt[0]) + "/" + strings.get((int) vt[1])).toList();
        }

        long total(int type) {
            return samples.stream().mapToLong(s -> s.values[type]).sum();
        }
    }
}
