package org.jfrtriage.analyzer.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.jfrtriage.analyzer.event.VirtualThreadPin;

/**
 * Virtual threads pinned to their carriers ({@code jdk.VirtualThreadPinned}) by stack, with their intervals for
 * how many carriers were pinned at once, and the scheduler's refusals ({@code jdk.VirtualThreadSubmitFailed}).
 */
public final class VirtualThreadPins {

    /** Intervals kept for the overlap sweep (16 bytes each); a denser recording sweeps the first ones and says so. */
    static final int INTERVAL_LIMIT = 1_000_000;

    /** Pins at one stack. */
    public static final class Site {
        private final int stack;
        private long count;
        private long totalNanos;
        private long longestNanos;
        private final java.util.BitSet threads = new java.util.BitSet();
        private String blockingOperation = "";
        private String pinnedReason = "";

        Site(int stack) {
            this.stack = stack;
        }

        public int stack() {
            return stack;
        }

        public long count() {
            return count;
        }

        public long totalNanos() {
            return totalNanos;
        }

        public long longestNanos() {
            return longestNanos;
        }

        public int threads() {
            return threads.cardinality();
        }

        /** The first non-empty {@code blockingOperation} (JDK 24+), or empty. */
        public String blockingOperation() {
            return blockingOperation;
        }

        /** The first non-empty {@code pinnedReason} (JDK 24+), or empty. */
        public String pinnedReason() {
            return pinnedReason;
        }
    }

    private final Map<Integer, Site> sites = new HashMap<>();
    private long[] starts = new long[256];
    private long[] ends = new long[256];
    private int intervals;
    private long intervalsDropped;
    private final java.util.BitSet carriers = new java.util.BitSet();
    private long submitFailures;
    private final Map<Integer, long[]> submitFailureStacks = new HashMap<>();
    private String firstSubmitFailure = "";

    void pin(VirtualThreadPin p) {
        Site s = sites.computeIfAbsent(p.stack(), Site::new);
        s.count++;
        s.totalNanos += Math.max(0, p.durationNanos());
        s.longestNanos = Math.max(s.longestNanos, p.durationNanos());
        if (p.thread() >= 0) {
            s.threads.set(p.thread());
        }
        if (s.blockingOperation.isEmpty() && p.blockingOperation() != null) {
            s.blockingOperation = p.blockingOperation();
        }
        if (s.pinnedReason.isEmpty() && p.pinnedReason() != null) {
            s.pinnedReason = p.pinnedReason();
        }
        if (p.carrier() >= 0) {
            carriers.set(p.carrier());
        }
        if (intervals == INTERVAL_LIMIT) {
            intervalsDropped++;
            return;
        }
        if (intervals == starts.length) {
            starts = Arrays.copyOf(starts, intervals * 2);
            ends = Arrays.copyOf(ends, intervals * 2);
        }
        starts[intervals] = p.startNanos();
        ends[intervals] = p.startNanos() + Math.max(0, p.durationNanos());
        intervals++;
    }

    void submitFailed(int stack, String message) {
        submitFailures++;
        submitFailureStacks.computeIfAbsent(stack, k -> new long[1])[0]++;
        if (firstSubmitFailure.isEmpty() && message != null) {
            firstSubmitFailure = message;
        }
    }

    /** Pinned events by stack. */
    public Collection<Site> sites() {
        return new ArrayList<>(sites.values());
    }

    public long pinnedEvents() {
        return sites.values().stream().mapToLong(Site::count).sum();
    }

    /** Distinct carrier threads named by the events (JDK 24+ records them; 0 before). */
    public int carriersSeen() {
        return carriers.cardinality();
    }

    public long submitFailures() {
        return submitFailures;
    }

    /** Submit failures by stack. */
    public Map<Integer, Long> submitFailuresByStack() {
        Map<Integer, Long> result = new HashMap<>();
        submitFailureStacks.forEach((stack, n) -> result.put(stack, n[0]));
        return result;
    }

    /** The first submit failure's exception message, or empty. */
    public String firstSubmitFailure() {
        return firstSubmitFailure;
    }

    /** Pinned intervals left out of {@link #overlapNanos} past {@link #INTERVAL_LIMIT}. */
    public long intervalsDropped() {
        return intervalsDropped;
    }

    /**
     * Time during which at least {@code carriers} pins overlapped (every carrier of a scheduler that size was
     * pinned at once), in nanoseconds; and the most that overlapped, in {@code peak[0]} when given.
     */
    public long overlapNanos(int carriers, int[] peak) {
        long[] s = Arrays.copyOf(starts, intervals);
        long[] e = Arrays.copyOf(ends, intervals);
        Arrays.sort(s);
        Arrays.sort(e);
        int i = 0;
        int j = 0;
        int open = 0;
        int most = 0;
        long covered = 0;
        long since = 0;
        while (i < s.length) {
            // an end at the instant another pin starts is a hand-over, not an overlap; a pin of no time ends as it
            // starts, so its end can come first and the ends can run out before the starts
            if (j < e.length && e[j] <= s[i]) {
                if (open == carriers && carriers > 0) {
                    covered += e[j] - since;
                }
                open--;
                j++;
            } else {
                open++;
                if (open == carriers && carriers > 0) {
                    since = s[i];
                }
                most = Math.max(most, open);
                i++;
            }
        }
        while (j < e.length) {
            if (open == carriers && carriers > 0) {
                covered += e[j] - since;
            }
            open--;
            j++;
        }
        if (peak != null && peak.length > 0) {
            peak[0] = most;
        }
        return covered;
    }
}
