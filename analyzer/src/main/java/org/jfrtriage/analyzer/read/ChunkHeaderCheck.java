package org.jfrtriage.analyzer.read;

import java.util.ArrayList;
import java.util.List;

/**
 * Distrusts what chunk headers cannot mean. A header's clock fields turn every event's ticks into time: a
 * damaged rate (−1, or 4.6·10¹⁸ ticks per second) would silently move every event, and with them the verdict.
 * Impossible rates are replaced (by another chunk's, else by the nanosecond clock HotSpot uses on Linux and
 * macOS) and said; impossible start times and durations are said here and replaced by the events' own span when
 * the profile is built; bytes after the last chunk are counted.
 *
 * <p>Both readers call this on the layout before reading, so the fast and the JDK engine warn alike.
 */
public final class ChunkHeaderCheck {
    /** Slowest plausible tick rate: Windows' performance counter runs at ~3–10 MHz; allow well below it. */
    static final long MIN_TICKS_PER_SECOND = 100_000L;
    /** Fastest plausible tick rate: a time-stamp counter at some GHz; allow well above it. */
    static final long MAX_TICKS_PER_SECOND = 100_000_000_000L;
    /** The rate assumed when no chunk has a plausible one: HotSpot's nanosecond clock. */
    static final long FALLBACK_TICKS_PER_SECOND = 1_000_000_000L;
    /** 2000-01-01: no recording was made before JFR existed. */
    static final long EARLIEST_START_NANOS = 946_684_800L * 1_000_000_000L;
    /** Latest plausible start: a day after now, for clocks a little ahead. */
    private static final long FUTURE_SLACK_NANOS = 86_400L * 1_000_000_000L;
    /** Longest plausible chunk: JFR rotates chunks far sooner; a year is already absurd. */
    static final long MAX_CHUNK_NANOS = 366L * 86_400L * 1_000_000_000L;

    /** The layout with impossible tick rates replaced, and what was distrusted, in words. */
    public record Result(ChunkLayout layout, List<String> warnings) {
    }

    private ChunkHeaderCheck() {
    }

    public static Result check(ChunkLayout layout) {
        List<String> warnings = new ArrayList<>();
        long plausibleRate = firstPlausibleRate(layout.chunks());
        long latestStart = latestStart();
        List<ChunkLayout.Chunk> chunks = new ArrayList<>(layout.chunks().size());
        for (ChunkLayout.Chunk c : layout.chunks()) {
            chunks.add(check(c, plausibleRate, latestStart, warnings));
        }
        warnings.addAll(joins(layout));
        warnings.addAll(trailing(layout));
        return new Result(new ChunkLayout(layout.fileSize(), List.copyOf(chunks)), List.copyOf(warnings));
    }

    /**
     * How far a chunk's start may sit from where the previous chunk's clock puts it, and still be the same JVM's
     * clock: the wall clock is slewed against the tick counter by a little (145 ms between two chunks of JMC's
     * {@code wls-medrec-jdk9.jfr}, 73 ms in {@code flush_incremental_metadata.jfr}).
     */
    static final long SAME_CLOCK_SLACK_NANOS = 60_000_000_000L;
    /**
     * How far a chunk may start before the one before it ended: JFR starts a chunk exactly where the last one ends
     * (0 ns apart in every multi-chunk file here); a little is left for clocks that round.
     */
    static final long OVERLAP_SLACK_NANOS = 10_000_000L;

    /**
     * Chunks that keep another clock than the chunk before them — another tick rate, or a start the earlier clock
     * puts elsewhere by more than {@link #SAME_CLOCK_SLACK_NANOS}: the file joins recordings of separate JVM runs
     * (files concatenated), and the recording's span runs over whatever lies between them. On one clock, a chunk
     * that starts well after the one before it ended leaves a hole in the span (a JVM's chunks follow each other;
     * two JVMs on one machine may share its monotonic clock, so this is also how their files joined show), and one
     * that starts well before it holds the same time twice.
     */
    static List<String> joins(ChunkLayout layout) {
        List<String> warnings = new ArrayList<>();
        ChunkLayout.Chunk previous = null;
        for (ChunkLayout.Chunk c : layout.chunks()) {
            if (headerCut(c) || !plausibleRate(c.ticksPerSecond()) || c.startNanos() < EARLIEST_START_NANOS
                    || c.startTicks() < 0) {
                continue; // said as impossible by check
            }
            if (previous != null) {
                double byPreviousClock = (c.startTicks() - previous.startTicks()) * (1e9 / previous.ticksPerSecond());
                double off = (c.startNanos() - previous.startNanos()) - byPreviousClock;
                long gap = c.startNanos() - (previous.startNanos() + Math.max(0, previous.durationNanos()));
                if (c.ticksPerSecond() != previous.ticksPerSecond() || Math.abs(off) > SAME_CLOCK_SLACK_NANOS) {
                    String clock = c.ticksPerSecond() != previous.ticksPerSecond()
                            ? String.format("its clock runs at %,d ticks per second, the previous chunk's at %,d",
                                    c.ticksPerSecond(), previous.ticksPerSecond())
                            : String.format("its start is %s from where the previous chunk's clock puts it",
                                    span((long) Math.abs(off)));
                    String between = Math.abs(gap) <= OVERLAP_SLACK_NANOS ? "it starts where the previous chunk ended"
                            : gap > 0 ? String.format("it starts %s after the previous chunk ended", span(gap))
                            : String.format("it starts %s before the previous chunk ended", span(-gap));
                    warnings.add(String.format("chunk at byte %,d runs on another clock than the chunk before it (%s; %s): "
                            + "the file joins recordings of separate JVM runs, so the recording's span, and rates and "
                            + "shares of time over it, run across the two — analyze each on its own (`jfr disassemble` "
                            + "writes each chunk to a file of its own)", c.position(), clock, between));
                } else {
                    // a header's duration may fall short of its events (by 13% of an 85 s chunk, JMC's jdk15.jfr)
                    if (gap > Math.max(SAME_CLOCK_SLACK_NANOS, previous.durationNanos() / 4)) {
                        warnings.add(String.format("chunk at byte %,d starts %s after the chunk before it ended: the "
                                + "recording misses that time (chunks left out, or recordings of separate runs joined), "
                                + "and rates and shares of time over its span include it", c.position(), span(gap)));
                    } else if (-gap > OVERLAP_SLACK_NANOS) {
                        warnings.add(String.format("chunk at byte %,d starts %s before the chunk before it ended: the "
                                + "file holds that time twice (a recording joined with itself, dumps that overlap, or "
                                + "recordings of two JVMs running at once), so events in it may be counted twice or mixed",
                                c.position(), span(-gap)));
                    }
                }
            }
            previous = c;
        }
        return warnings;
    }

    /** A length of time in a unit that reads well: "10 ms", "45.0 s", "90 min", "36 h", "659 days". */
    static String span(long nanos) {
        double seconds = nanos / 1e9;
        if (seconds < 1) {
            return String.format(java.util.Locale.ROOT, "%.0f ms", nanos / 1e6);
        }
        if (seconds < 120) {
            return String.format(java.util.Locale.ROOT, "%.1f s", seconds);
        }
        if (seconds < 120 * 60) {
            return String.format(java.util.Locale.ROOT, "%.0f min", seconds / 60);
        }
        if (seconds < 48 * 3600) {
            return String.format(java.util.Locale.ROOT, "%.0f h", seconds / 3600);
        }
        return String.format(java.util.Locale.ROOT, "%.0f days", seconds / 86400);
    }

    /** The latest start a chunk may plausibly have: a day from now. */
    static long latestStart() {
        return System.currentTimeMillis() * 1_000_000L + FUTURE_SLACK_NANOS;
    }

    /** The rate an impossible one is replaced by: the first complete chunk's plausible rate, else HotSpot's clock. */
    static long firstPlausibleRate(List<ChunkLayout.Chunk> chunks) {
        return chunks.stream().filter(c -> c.complete() && plausibleRate(c.ticksPerSecond()))
                .mapToLong(ChunkLayout.Chunk::ticksPerSecond).findFirst().orElse(FALLBACK_TICKS_PER_SECOND);
    }

    /** The chunk's tick rate is impossible and will be replaced ({@link #firstPlausibleRate}). */
    static boolean needsRate(ChunkLayout.Chunk c) {
        return !headerCut(c) && !plausibleRate(c.ticksPerSecond());
    }

    private static boolean headerCut(ChunkLayout.Chunk c) {
        return c.declaredSize() < ChunkLayout.HEADER_SIZE && !c.complete();
    }

    /** One chunk checked: its impossible rate replaced by {@code plausibleRate}, what is distrusted added to warnings. */
    static ChunkLayout.Chunk check(ChunkLayout.Chunk c, long plausibleRate, long latestStart, List<String> warnings) {
        if (headerCut(c)) {
            return c; // a header cut short: the readers say so
        }
        ChunkLayout.Chunk checked = c;
        if (!plausibleRate(c.ticksPerSecond())) {
            warnings.add(String.format("chunk at byte %,d: its clock rate (%,d ticks per second) is impossible; "
                    + "its event times assume %,d ticks per second and may be off", c.position(), c.ticksPerSecond(),
                    plausibleRate));
            checked = withRate(c, plausibleRate);
        }
        if (c.startNanos() < EARLIEST_START_NANOS || c.startNanos() > latestStart) {
            warnings.add(String.format("chunk at byte %,d: its start time (%d ns since 1970) is impossible; "
                    + "times of day in this report are not to be trusted, durations are", c.position(),
                    c.startNanos()));
        }
        if (c.complete() && (c.durationNanos() < 0 || c.durationNanos() > MAX_CHUNK_NANOS)) {
            warnings.add(String.format("chunk at byte %,d: its duration (%d ns) is impossible; the events' own "
                    + "time span is used instead", c.position(), c.durationNanos()));
        }
        if (c.startTicks() < 0) {
            warnings.add(String.format("chunk at byte %,d: its start tick (%d) is impossible; its events' times of "
                    + "day are not to be trusted", c.position(), c.startTicks()));
        }
        return checked;
    }

    /** What follows the last chunk, when something does: a warning, else none. */
    static List<String> trailing(ChunkLayout layout) {
        ChunkLayout.Chunk last = layout.chunks().get(layout.chunks().size() - 1);
        long end = last.position() + last.availableSize();
        if (last.complete() && end < layout.fileSize()) {
            return List.of(String.format("%,d bytes after the last chunk (from byte %,d of %,d) are not part of a "
                    + "recording and were ignored", layout.fileSize() - end, end, layout.fileSize()));
        }
        return List.of();
    }

    /**
     * Tells the sink the span of each complete chunk whose header clock can be believed; the others' spans come
     * from their events when the profile is built.
     */
    public static void reportSpans(ChunkLayout layout, org.jfrtriage.analyzer.event.EventSink sink) {
        long latestStart = latestStart();
        for (ChunkLayout.Chunk c : layout.chunks()) {
            reportSpan(c, latestStart, sink);
        }
    }

    /** The chunk's span told to the sink when its header clock can be believed; whether it was. */
    static boolean reportSpan(ChunkLayout.Chunk c, long latestStart, org.jfrtriage.analyzer.event.EventSink sink) {
        if (!c.complete() || c.startNanos() < EARLIEST_START_NANOS || c.startNanos() > latestStart) {
            return false;
        }
        boolean plausibleDuration = c.durationNanos() >= 0 && c.durationNanos() <= MAX_CHUNK_NANOS;
        sink.onChunk(c.startNanos(), c.startNanos() + (plausibleDuration ? c.durationNanos() : 0));
        return true;
    }

    static boolean plausibleRate(long ticksPerSecond) {
        return ticksPerSecond >= MIN_TICKS_PER_SECOND && ticksPerSecond <= MAX_TICKS_PER_SECOND;
    }

    private static ChunkLayout.Chunk withRate(ChunkLayout.Chunk c, long ticksPerSecond) {
        return new ChunkLayout.Chunk(c.position(), c.declaredSize(), c.availableSize(), c.major(), c.minor(),
                c.constantPoolOffset(), c.metadataOffset(), c.startNanos(), c.durationNanos(), c.startTicks(),
                ticksPerSecond, c.flags(), c.complete());
    }
}
