package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the readers through the command a person runs: the committed sample recordings are damaged
 * in the ways real files get damaged — cut at every kind of structure, bits flipped, chunk-header fields and
 * constant-pool counts and chains set to impossible values, event sizes and type ids broken, bytes appended,
 * files concatenated, chunks duplicated — and every result must be an answer a person can trust: exit 0 or 3,
 * never a hang, at most one line on stderr, valid JSON, and, for every structural damage that was not rejected,
 * a warning that says what was lost or distrusted. (A flipped bit inside an event's payload changes a value the
 * format has no checksum for; those cases only have to read safely. A structural damage that no reader can see
 * — a shortened event size whose remainder happens to parse as events — passes only if the verdict and every
 * finding's id and severity are those of the undamaged file.)
 *
 * <p>Fast by default ({@value #DEFAULT_CASES} cases). The full run, seeded and repeatable:
 * {@code mvn -q -pl cli -am test -Dtest=ReaderFuzzTest -Djfrtriage.fuzz.cases=1500 -Djfrtriage.fuzz.seed=1 -Dsurefire.failIfNoSpecifiedTests=false}
 * prints a summary line per run; docs/testing.md quotes the latest. Failing cases are kept in
 * cli/target/fuzz-failures/ to be read again by hand.
 */
class ReaderFuzzTest {
    private static final Path ROOT = Path.of(System.getProperty("jfrtriage.root", ".."));
    private static final Path SAMPLES = ROOT.resolve("sample-recordings/recordings");
    static final int DEFAULT_CASES = 120;
    private static final int HEADER_SIZE = 68;
    private static final long CASE_TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** How a file was damaged; {@code mustWarn}: a reader that accepts it must say something is wrong. */
    enum Damage {
        CUT_IN_HEADER(true), CUT_IN_METADATA(true), CUT_IN_CONSTANT_POOL(true), CUT_AT_EVENT(true), CUT_IN_EVENT(true),
        BIT_FLIP(false), HEADER_FIELD(true), POOL_COUNT(true), POOL_CHAIN(true), EVENT_SIZE(true), EVENT_TYPE(true),
        TRAILING_ZEROS(true), TRAILING_TEXT(true), TRAILING_CUT_HEADER(true), CONCATENATED(true), DUPLICATED_CHUNK(true);

        final boolean mustWarn;

        Damage(boolean mustWarn) {
            this.mustWarn = mustWarn;
        }
    }

    /** Where things are in one chunk. */
    record ChunkMap(int start, int size, int metadata, int constantPool, List<int[]> events, boolean compressed) {
    }

    @Test
    void damagedRecordingsAreReadSafelyAndSaySoOrAreRejected() throws Exception {
        int cases = Integer.getInteger("jfrtriage.fuzz.cases", DEFAULT_CASES);
        long seed = Long.getLong("jfrtriage.fuzz.seed", 20261201L);
        Random random = new Random(seed);
        List<Path> samples;
        try (Stream<Path> files = Files.list(SAMPLES)) {
            samples = files.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
        assertThat(samples).isNotEmpty();
        Map<Damage, int[]> outcomes = new EnumMap<>(Damage.class); // rejected, warned, clean, harmless
        Map<Path, String> originals = new java.util.HashMap<>();
        List<String> failures = new ArrayList<>();
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < cases; i++) {
                Path sample = samples.get(random.nextInt(samples.size()));
                byte[] original = Files.readAllBytes(sample);
                Damage damage = Damage.values()[random.nextInt(Damage.values().length)];
                byte[] mutated = damage(original, damage, random);
                if (mutated == null) {
                    continue; // the file has no such structure (e.g. one chunk, nothing to duplicate)
                }
                String label = "case " + i + " (seed " + seed + "): " + damage + " of " + sample.getFileName();
                Path file = dir.resolve("case-" + i + ".jfr");
                Files.write(file, mutated);
                Future<AnalyzeCommandTest.Run> run = runner.submit(() -> AnalyzeCommandTest.run("analyze", file.toString(), "--format", "json"));
                AnalyzeCommandTest.Run r;
                try {
                    r = run.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    failures.add(label + ": no answer within " + CASE_TIMEOUT_SECONDS + " s (hang)");
                    run.cancel(true);
                    runner.shutdownNow();
                    runner = Executors.newSingleThreadExecutor();
                    continue;
                }
                int before = failures.size();
                String expected = originals.computeIfAbsent(sample, s -> signature(AnalyzeCommandTest.run("analyze", s.toString(), "--format", "json").out()));
                check(label, damage, r, expected, outcomes, failures);
                if (failures.size() > before) { // kept for a person to look at: target/ is the build's own folder
                    Path kept = Files.createDirectories(Path.of("target", "fuzz-failures"));
                    Files.copy(file, kept.resolve("case-" + i + "-" + damage + "-" + sample.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                Files.delete(file);
            }
        } finally {
            runner.shutdownNow();
        }
        StringBuilder summary = new StringBuilder("fuzz: " + cases + " cases, seed " + seed + ": ");
        int[] total = new int[4];
        outcomes.forEach((d, o) -> {
            for (int k = 0; k < 4; k++) {
                total[k] += o[k];
            }
        });
        summary.append(total[0]).append(" rejected (exit 3), ").append(total[1]).append(" read with a warning, ")
                .append(total[2]).append(" read without one (payload flips), ")
                .append(total[3]).append(" unseen damage that left the verdict and every finding's severity as they were; ")
                .append(failures.size()).append(" failures");
        outcomes.forEach((d, o) -> summary.append("\n  ").append(d).append(": ").append(o[0]).append(" rejected, ")
                .append(o[1]).append(" warned, ").append(o[2]).append(" clean, ").append(o[3]).append(" harmless"));
        System.out.println(summary);
        assertThat(failures).as(summary.toString()).isEmpty();
    }

    /**
     * What a person acts on in a report: the verdict's severity, and each finding's id and severity. Damage that
     * no reader can see (JFR has no checksums) is harmless as long as these are what the undamaged file says.
     */
    static String signature(String json) {
        try {
            JsonNode report = JSON.readTree(json);
            String verdict = report.path("verdict").asText();
            List<String> findings = new ArrayList<>(); // as a set: near-equal scores may swap ranks
            report.path("findings").forEach(f -> findings.add(f.path("id").asText() + " " + f.path("severity").asText()));
            findings.sort(null);
            return (verdict.contains(":") ? verdict.substring(0, verdict.indexOf(':')) : verdict) + "|" + findings;
        } catch (Exception e) {
            return "unreadable";
        }
    }

    private static void check(String label, Damage damage, AnalyzeCommandTest.Run r, String original,
                              Map<Damage, int[]> outcomes, List<String> failures) {
        int[] o = outcomes.computeIfAbsent(damage, d -> new int[4]);
        List<String> errLines = r.err().lines().toList();
        if (r.exit() == 3) {
            o[0]++;
            if (errLines.size() != 1 || !errLines.get(0).startsWith("jfrtriage: ")) {
                failures.add(label + ": exit 3 must say why in one line, got: " + r.err());
            }
            return;
        }
        if (r.exit() != 0) {
            failures.add(label + ": exit " + r.exit() + ": " + r.err().strip());
            return;
        }
        if (errLines.size() > 1) {
            failures.add(label + ": more than one line on stderr: " + r.err());
        }
        JsonNode report;
        try {
            report = JSON.readTree(r.out());
        } catch (Exception e) {
            failures.add(label + ": stdout is not JSON: " + e.getMessage());
            return;
        }
        if (!report.path("findings").isArray() || !report.path("recording").isObject()) {
            failures.add(label + ": the JSON report lacks findings or recording");
            return;
        }
        boolean warned = report.path("recording").path("warnings").size() > 0;
        if (warned) {
            o[1]++;
        } else if (damage.mustWarn && signature(r.out()).equals(original)) {
            o[3]++; // unseen, and it changed nothing the report says
        } else {
            o[2]++;
            if (damage.mustWarn) {
                failures.add(label + ": read as sound (no warning, complete=" + report.path("recording").path("complete")
                        + ", verdict: " + report.path("verdict").asText() + ")");
            }
        }
    }

    /** The damaged copy, or null when the recording has no structure of that kind. */
    static byte[] damage(byte[] original, Damage damage, Random random) {
        List<ChunkMap> chunks = chunks(original);
        if (chunks.isEmpty()) {
            return null;
        }
        ChunkMap chunk = chunks.get(random.nextInt(chunks.size()));
        byte[] b = original.clone();
        switch (damage) {
            case CUT_IN_HEADER:
                return Arrays.copyOf(b, chunk.start + 1 + random.nextInt(HEADER_SIZE - 1));
            case CUT_IN_METADATA:
                return cutInside(b, chunk, chunk.metadata, random);
            case CUT_IN_CONSTANT_POOL:
                return cutInside(b, chunk, chunk.constantPool, random);
            case CUT_AT_EVENT: {
                int[] e = pick(chunk.events, random);
                return e == null ? null : Arrays.copyOf(b, e[0]);
            }
            case CUT_IN_EVENT: {
                int[] e = pick(chunk.events, random);
                return e == null || e[1] < 2 ? null : Arrays.copyOf(b, e[0] + 1 + random.nextInt(e[1] - 1));
            }
            case BIT_FLIP: {
                int[] e = pick(chunk.events, random);
                if (e == null || e[1] < 4) {
                    return null;
                }
                // inside an ordinary event's payload, past its size and type
                int at = e[0] + 3 + random.nextInt(e[1] - 3);
                b[at] ^= (byte) (1 << random.nextInt(8));
                return b;
            }
            case HEADER_FIELD: {
                int[] fields = {8, 16, 24, 32, 40, 48, 56};
                int offset = fields[random.nextInt(fields.length)];
                long[] impossible = {-1L, 0L, Long.MAX_VALUE, Long.MIN_VALUE, 4_600_000_000_000_000_000L,
                        (long) chunk.size * 7 + 13};
                long value = impossible[random.nextInt(impossible.length)];
                if (offset == 48) {
                    value = Long.MIN_VALUE; // startTicks alone can be anything plausible; only absurd is damage
                }
                ByteBuffer.wrap(b).putLong(chunk.start + offset, value);
                return b;
            }
            case POOL_COUNT:
                return changeVarintAfter(b, chunk, chunk.constantPool, 6, random.nextBoolean() ? 0 : 100_000);
            case POOL_CHAIN: // the delta to the previous pool points into the middle of an event
                return changeVarintAfter(b, chunk, chunk.constantPool, 4, -((chunk.constantPool - chunk.start) / 2 + 7));
            case EVENT_SIZE: {
                int[] e = pick(chunk.events, random);
                if (e == null || !chunk.compressed) {
                    return null;
                }
                int size = e[1];
                int broken = random.nextBoolean() ? size + 1 + random.nextInt(1_000_000) : Math.max(0, size - 1 - random.nextInt(size));
                return replaceVarint(b, e[0], broken);
            }
            case EVENT_TYPE: {
                int[] e = pick(chunk.events, random);
                if (e == null || !chunk.compressed) {
                    return null;
                }
                int typeAt = e[0] + varintLength(b, e[0]);
                if (varintLength(b, typeAt) < 2) {
                    // a one-byte id can only become another small id, which may be a declared type: that is a
                    // payload change the format cannot tell from data, like a flipped bit
                    return null;
                }
                // among the largest ids that fit the same bytes: far above any id the JDK or async-profiler declares
                long largest = (1L << (7 * Math.min(varintLength(b, typeAt), 8))) - 1;
                return replaceVarintKeepingLength(b, typeAt, largest - random.nextInt(64));
            }
            case TRAILING_ZEROS:
                return concat(b, new byte[1 + random.nextInt(4096)]);
            case TRAILING_TEXT:
                return concat(b, "\nthis line was appended by a mail client\n".getBytes(StandardCharsets.UTF_8));
            case TRAILING_CUT_HEADER:
                return concat(b, Arrays.copyOfRange(original, chunk.start, chunk.start + 8 + random.nextInt(HEADER_SIZE - 8)));
            case CONCATENATED:
                return concat(b, original);
            case DUPLICATED_CHUNK:
                return concat(b, Arrays.copyOfRange(original, chunk.start, chunk.start + chunk.size));
            default:
                throw new IllegalStateException(damage.toString());
        }
    }

    private static byte[] cutInside(byte[] b, ChunkMap chunk, int eventStart, Random random) {
        if (eventStart <= 0) {
            return null;
        }
        int size = (int) readVarint(b, eventStart);
        if (size < 2) {
            return null;
        }
        return Arrays.copyOf(b, eventStart + 1 + random.nextInt(size - 1));
    }

    private static int[] pick(List<int[]> events, Random random) {
        return events.isEmpty() ? null : events.get(random.nextInt(events.size()));
    }

    /**
     * Sets the {@code index}-th varint of the record at {@code start} to {@code value}. A constant-pool event is
     * size (0), type (1), start (2), duration (3), delta to the previous pool (4), checkpoint type (5), pool count (6).
     */
    private static byte[] changeVarintAfter(byte[] b, ChunkMap chunk, int start, int index, long value) {
        if (start <= 0 || !chunk.compressed) {
            return null;
        }
        int at = start;
        for (int i = 0; i < index; i++) {
            at += varintLength(b, at);
        }
        return replaceVarint(b, at, value);
    }

    static List<ChunkMap> chunks(byte[] b) {
        List<ChunkMap> chunks = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(b);
        int pos = 0;
        while (pos + HEADER_SIZE <= b.length && buf.getInt(pos) == 0x464c5200) {
            long size = buf.getLong(pos + 8);
            if (size < HEADER_SIZE || pos + size > b.length) {
                break;
            }
            int metadata = pos + (int) buf.getLong(pos + 24);
            int pool = pos + (int) buf.getLong(pos + 16);
            boolean compressed = (b[pos + 67] & 1) != 0;
            List<int[]> events = new ArrayList<>();
            int at = pos + HEADER_SIZE;
            while (compressed && at < pos + size) {
                int length = (int) readVarint(b, at);
                if (length <= 0 || at + length > pos + size) {
                    break;
                }
                if (at != metadata && at != pool) {
                    events.add(new int[] {at, length});
                }
                at += length;
            }
            chunks.add(new ChunkMap(pos, (int) size, metadata, pool, events, compressed));
            pos += (int) size;
        }
        return chunks;
    }

    static long readVarint(byte[] b, int at) {
        long value = 0;
        for (int i = 0; i < 9 && at + i < b.length; i++) {
            int v = b[at + i] & 0xff;
            if (i == 8) {
                return value | ((long) v << 56);
            }
            value |= (long) (v & 0x7f) << (7 * i);
            if (v < 0x80) {
                break;
            }
        }
        return value;
    }

    static int varintLength(byte[] b, int at) {
        int i = 0;
        while (i < 8 && at + i < b.length && (b[at + i] & 0x80) != 0) {
            i++;
        }
        return i + 1;
    }

    /** Replaces the varint at {@code at} by {@code value}, shifting what follows if the length changes. */
    private static byte[] replaceVarint(byte[] b, int at, long value) {
        byte[] encoded = encode(value);
        int old = varintLength(b, at);
        byte[] out = new byte[b.length - old + encoded.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(encoded, 0, out, at, encoded.length);
        System.arraycopy(b, at + old, out, at + encoded.length, b.length - at - old);
        return out;
    }

    /** Replaces the varint at {@code at} by {@code value} padded to the same length, so no offset moves. */
    private static byte[] replaceVarintKeepingLength(byte[] b, int at, long value) {
        int length = varintLength(b, at);
        byte[] out = b.clone();
        for (int i = 0; i < length; i++) {
            int group = (int) ((value >>> (7 * i)) & 0x7f);
            out[at + i] = (byte) (i < length - 1 ? group | 0x80 : group);
        }
        return out;
    }

    private static byte[] encode(long value) {
        byte[] out = new byte[9];
        int n = 0;
        long v = value;
        while (n < 8) {
            if ((v & ~0x7fL) == 0) {
                out[n++] = (byte) v;
                return Arrays.copyOf(out, n);
            }
            out[n++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[n++] = (byte) v;
        return Arrays.copyOf(out, n);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
