package org.jfrtriage.analyzer.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.event.IoWait;
import org.jfrtriage.analyzer.table.Frame;

/**
 * Socket and file waits by endpoint (remote {@code host:port}, or a file's path): from {@code jdk.SocketRead/Write}
 * and {@code jdk.FileRead/Write}, or — in an async-profiler wall-clock recording, which has no such events — from
 * wall samples whose innermost frames are a socket or file native. Bounded by endpoints and stacks, and by
 * {@link #INTERVAL_LIMIT} intervals kept for concurrency.
 */
public final class IoWaits {
    /** Wait intervals kept to count concurrent waiters; past it, waits are counted but their overlap is not. */
    static final int INTERVAL_LIMIT = 1_000_000;
    /** Endpoints kept by name; further ones are merged into one (a recording of a crawler touches many hosts). */
    static final int ENDPOINT_LIMIT = 10_000;
    static final String OTHER_ENDPOINTS = "(other endpoints)";

    /** What a wall sample's innermost frames say: a socket wait, a file wait, or neither. */
    public enum Native { NONE, SOCKET, FILE }

    /** Waits at one endpoint. */
    public static final class Endpoint {
        private final String name;
        private final boolean socket;
        private final boolean sampled;
        long waits;
        long nanos;
        long firstStart = Long.MAX_VALUE;
        long lastEnd = Long.MIN_VALUE;
        long longestNanos;
        long bytes;
        final long[] nanosByKind = new long[IoWait.Kind.values().length];
        final BitSet threads = new BitSet();
        /** stack → {nanos or samples, waits}. */
        final Map<Integer, long[]> stacks = new HashMap<>();
        long[] starts = new long[16];
        long[] ends = new long[16];
        int intervals;
        boolean intervalsCut;
        int peakConcurrent;
        /** Sampled endpoints: the wall samples of the threads that waited here, at any stack. */
        long threadWallSamples;

        Endpoint(String name, boolean socket, boolean sampled) {
            this.name = name;
            this.socket = socket;
            this.sampled = sampled;
        }

        public String name() {
            return name;
        }

        public boolean socket() {
            return socket;
        }

        /** From wall samples (async-profiler): counts are samples, not waits, and the endpoint is unknown. */
        public boolean sampled() {
            return sampled;
        }

        /** Waits recorded (events), or wall samples in a socket or file native. */
        public long waits() {
            return waits;
        }

        /** Nanoseconds waited (events); 0 for a sampled endpoint. */
        public long nanos() {
            return nanos;
        }

        /** From the first wait's start to the last wait's end (events); 0 for a sampled endpoint. */
        public long activeNanos() {
            return lastEnd < firstStart ? 0 : lastEnd - firstStart;
        }

        public long longestNanos() {
            return longestNanos;
        }

        public long bytes() {
            return bytes;
        }

        public long nanos(IoWait.Kind kind) {
            return nanosByKind[kind.ordinal()];
        }

        public int threadCount() {
            return threads.cardinality();
        }

        /** Per stack: {nanoseconds waited (samples for a sampled endpoint), waits}. */
        public Map<Integer, long[]> stacks() {
            return stacks;
        }

        /** The most threads waiting here at one moment (events); 0 for a sampled endpoint. */
        public int peakConcurrent() {
            return peakConcurrent;
        }

        /** Whether some waits were counted but not kept for {@link #peakConcurrent}. */
        public boolean intervalsCut() {
            return intervalsCut;
        }

        /** Sampled endpoints: all wall samples of the threads that waited here, the denominator of their share. */
        public long threadWallSamples() {
            return threadWallSamples;
        }

        void addInterval(long start, long end, int[] budget) {
            if (budget[0] <= 0) {
                intervalsCut = true;
                return;
            }
            budget[0]--;
            if (intervals == starts.length) {
                starts = Arrays.copyOf(starts, intervals * 2);
                ends = Arrays.copyOf(ends, intervals * 2);
            }
            starts[intervals] = start;
            ends[intervals] = end;
            intervals++;
        }

        void seal() {
            long[] s = Arrays.copyOf(starts, intervals);
            long[] e = Arrays.copyOf(ends, intervals);
            Arrays.sort(s);
            Arrays.sort(e);
            int current = 0;
            int peak = 0;
            int j = 0;
            for (long start : s) {
                while (j < e.length && e[j] <= start) { // a wait ending as another starts hands over
                    current--;
                    j++;
                }
                current++;
                peak = Math.max(peak, current);
            }
            peakConcurrent = peak;
            starts = null;
            ends = null;
        }
    }

    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final int[] intervalBudget = {INTERVAL_LIMIT};
    private long events;
    /** Wall samples per thread, and the threads seen in a socket or file native per sampled endpoint. */
    private long[] wallByThread = new long[64];
    private boolean sealed;

    void add(IoWait w) {
        events++;
        String name = w.endpoint();
        Endpoint e = endpoint(name, name, w.kind().socket(), false);
        e.waits++;
        e.nanos += w.durationNanos();
        e.longestNanos = Math.max(e.longestNanos, w.durationNanos());
        e.firstStart = Math.min(e.firstStart, w.startNanos());
        e.lastEnd = Math.max(e.lastEnd, w.startNanos() + w.durationNanos());
        e.bytes += Math.max(0, w.bytes());
        e.nanosByKind[w.kind().ordinal()] += w.durationNanos();
        if (w.thread() >= 0) {
            e.threads.set(w.thread());
        }
        long[] s = e.stacks.computeIfAbsent(w.stack(), k -> new long[2]);
        s[0] += w.durationNanos();
        s[1]++;
        e.addInterval(w.startNanos(), w.startNanos() + w.durationNanos(), intervalBudget);
    }

    /**
     * A wall sample: counted for every thread, and when its innermost frames wait on I/O, at a sampled endpoint of
     * its kind and site (the site's method, so a server's accept loop and its clients' reads stay apart).
     */
    void addWallSample(int thread, int stack, long weight, Native kind, String site) {
        if (thread >= 0) {
            if (thread >= wallByThread.length) {
                wallByThread = Arrays.copyOf(wallByThread, Math.max(thread + 1, wallByThread.length * 2));
            }
            wallByThread[thread] += weight;
        }
        if (kind == Native.NONE) {
            return;
        }
        Endpoint e = endpoint(kind + "#" + site, kind == Native.SOCKET ? "(socket: endpoint not recorded)"
                : "(file: path not recorded)", kind == Native.SOCKET, true);
        e.waits += weight;
        if (thread >= 0) {
            e.threads.set(thread);
        }
        long[] s = e.stacks.computeIfAbsent(stack, k -> new long[2]);
        s[0] += weight;
        s[1] += weight;
    }

    private Endpoint endpoint(String key, String name, boolean socket, boolean sampled) {
        Endpoint e = endpoints.get(key);
        if (e == null) {
            if (endpoints.size() >= ENDPOINT_LIMIT) {
                key = OTHER_ENDPOINTS;
                name = OTHER_ENDPOINTS;
                e = endpoints.get(key);
            }
            if (e == null) {
                e = new Endpoint(name, socket, sampled);
                endpoints.put(key, e);
            }
        }
        return e;
    }

    void seal() {
        if (sealed) {
            return;
        }
        sealed = true;
        for (Endpoint e : endpoints.values()) {
            e.seal();
            if (e.sampled) {
                long total = 0;
                for (int t = e.threads.nextSetBit(0); t >= 0; t = e.threads.nextSetBit(t + 1)) {
                    total += t < wallByThread.length ? wallByThread[t] : 0;
                }
                e.threadWallSamples = total;
            }
        }
    }

    /** Every endpoint, in the order first seen. */
    public Collection<Endpoint> endpoints() {
        return endpoints.values();
    }

    /** Socket and file events read. */
    public long events() {
        return events;
    }

    /** Endpoints with waits: what {@link #endpoints()} holds, as a list. */
    public List<Endpoint> list() {
        return new ArrayList<>(endpoints.values());
    }

    /**
     * Whether a stack's innermost frames wait on a socket or a file: a blocking read, write, poll or park in the
     * JDK's socket or file natives (what an async-profiler wall sample of a thread stuck on I/O shows).
     */
    static Native nativeOf(Frame top) {
        String c = top.className();
        String m = top.methodName();
        if (c.equals("java.net.SocketInputStream") && m.startsWith("socketRead")
                || c.equals("java.net.SocketOutputStream") && m.startsWith("socketWrite")
                || c.equals("sun.nio.ch.SocketDispatcher") && (m.startsWith("read") || m.startsWith("write"))
                || c.equals("sun.nio.ch.Net") && (m.equals("poll") || m.equals("connect0"))
                || c.equals("sun.nio.ch.NioSocketImpl") && (m.equals("park") || m.equals("timedRead"))
                || c.equals("java.net.PlainSocketImpl") && m.equals("socketConnect")
                || c.equals("sun.nio.ch.DatagramDispatcher")) {
            return Native.SOCKET;
        }
        if (c.equals("sun.nio.ch.FileDispatcherImpl") && (m.startsWith("read") || m.startsWith("pread")
                || m.startsWith("write") || m.startsWith("pwrite") || m.equals("force0"))
                || c.equals("java.io.FileInputStream") && (m.equals("readBytes") || m.equals("read0"))
                || c.equals("java.io.FileOutputStream") && m.equals("writeBytes")
                || c.equals("java.io.RandomAccessFile") && (m.equals("readBytes") || m.equals("writeBytes") || m.equals("read0"))) {
            return Native.FILE;
        }
        return Native.NONE;
    }
}
