package org.jfrtriage.analyzer.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.FrameType;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.table.ThreadTable;

/**
 * What the recording's thread dumps ({@code jdk.ThreadDump}, the text of {@code jcmd Thread.print}) say about locks:
 * per dump, the threads waiting for a lock, the threads holding what they wait for, and the JVM's own "Found one
 * Java-level deadlock" sections. Only those threads are kept (their stacks interned in the profile's
 * {@link StackTable}), so a day of dumps of a 2,000-thread service stays small.
 *
 * <p>Addresses in a dump are object addresses ({@code <0x…>}); a {@code jdk.JavaMonitorEnter} records the monitor's
 * address instead, so dumps and monitor events are joined by thread and lock class, never by address.
 */
public final class ThreadDumps {

    /** Snapshots kept: a dump every 10 s for a day fits; later dumps are counted only. */
    static final int SNAPSHOT_LIMIT = 10_000;

    /** How a dump line relates a thread to a lock. */
    public enum LockUse {
        /** {@code - waiting to lock <…>}: blocked entering a monitor. */
        WAITING_TO_LOCK,
        /** {@code - parking to wait for <…>}: parked, on a {@code java.util.concurrent} lock or condition. */
        PARKING,
        /** {@code - waiting on <…>} or {@code waiting to re-lock in wait()}: in {@code Object.wait}, the monitor released. */
        WAITING_ON,
        /** {@code - locked <…>}: a monitor the thread holds, taken in the frame the line follows. */
        LOCKED,
        /** A "Locked ownable synchronizers" entry ({@code Thread.print -l}): a j.u.c. lock the thread holds. */
        OWNS
    }

    /**
     * @param frame index of the frame the line belongs to in the thread's stack, innermost first; -1 for an owned
     *              synchronizer (the dump does not say where it was taken)
     */
    public record LockLine(LockUse use, long address, String lockClass, int frame) {
    }

    /** One thread of a dump. {@code stack} is a stack id in the profile's table; {@code state} as printed. */
    public record DumpedThread(int thread, String state, int stack, List<LockLine> locks) {
        public DumpedThread {
            locks = List.copyOf(locks);
        }

        /** The lock the thread is blocked or parked on, or null. */
        public LockLine waitingFor() {
            for (LockLine l : locks) {
                if (l.use() == LockUse.WAITING_TO_LOCK || l.use() == LockUse.PARKING) {
                    return l;
                }
            }
            return null;
        }

        /** Whether the thread holds the lock at {@code address} (a monitor it did not release by waiting on it). */
        public LockLine holding(long address) {
            boolean released = false;
            for (LockLine l : locks) {
                if (l.use() == LockUse.WAITING_ON && l.address() == address) {
                    released = true;
                }
            }
            for (LockLine l : locks) {
                if ((l.use() == LockUse.LOCKED || l.use() == LockUse.OWNS) && l.address() == address && !released) {
                    return l;
                }
            }
            return null;
        }
    }

    /** One edge of a deadlock as the JVM printed it: {@code thread} waits for {@code lock}, held by {@code heldBy}. */
    public record DeadlockLink(int thread, String lockClass, long address, boolean ownable, int heldBy) {
    }

    /** A cycle of threads each waiting for a lock the next one holds. */
    public record Deadlock(List<DeadlockLink> links, boolean reportedByJvm) {
        public Deadlock {
            links = List.copyOf(links);
        }
    }

    /** One dump: its time, its lock-relevant threads, and the deadlocks it shows. */
    public record Snapshot(long timeNanos, List<DumpedThread> threads, List<Deadlock> deadlocks) {
        public Snapshot {
            threads = List.copyOf(threads);
            deadlocks = List.copyOf(deadlocks);
        }

        public DumpedThread thread(int thread) {
            for (DumpedThread t : threads) {
                if (t.thread() == thread) {
                    return t;
                }
            }
            return null;
        }

        /** The thread holding the lock at {@code address} in this dump, or null. */
        public DumpedThread holderOf(long address) {
            for (DumpedThread t : threads) {
                if (t.holding(address) != null) {
                    return t;
                }
            }
            return null;
        }
    }

    private final List<Snapshot> snapshots;
    private final int dumps;

    ThreadDumps(List<Snapshot> snapshots, int dumps) {
        this.snapshots = List.copyOf(snapshots);
        this.dumps = dumps;
    }

    static ThreadDumps none() {
        return new ThreadDumps(List.of(), 0);
    }

    /** The parsed dumps, in the order they were recorded. */
    public List<Snapshot> snapshots() {
        return snapshots;
    }

    /** How many dumps the recording had (snapshots beyond {@link #SNAPSHOT_LIMIT} are counted, not kept). */
    public int dumps() {
        return dumps;
    }

    /** Parses dump texts as they arrive; one per profile builder. */
    static final class Parser {
        private final StackTable stacks;
        private final ThreadTable threads;
        private final List<Snapshot> snapshots = new ArrayList<>();
        private int dumps;

        Parser(StackTable stacks, ThreadTable threads) {
            this.stacks = stacks;
            this.threads = threads;
        }

        void add(long timeNanos, String text) {
            dumps++;
            if (text == null || snapshots.size() >= SNAPSHOT_LIMIT) {
                return;
            }
            Snapshot s = parse(timeNanos, text);
            if (!s.threads().isEmpty() || !s.deadlocks().isEmpty()) {
                snapshots.add(s);
            }
        }

        ThreadDumps build() {
            return new ThreadDumps(snapshots, dumps);
        }

        /** A thread block being read: its header, state, frames and lock lines. */
        private static final class Block {
            final long javaId;
            final String name;
            String state = "";
            final List<Frame> frames = new ArrayList<>();
            final List<LockUse> uses = new ArrayList<>();
            final List<long[]> lockAddresses = new ArrayList<>();
            final List<String> lockClasses = new ArrayList<>();
            final List<Integer> lockFrames = new ArrayList<>();

            Block(long javaId, String name) {
                this.javaId = javaId;
                this.name = name;
            }

            void lock(LockUse use, long address, String lockClass, int frame) {
                uses.add(use);
                lockAddresses.add(new long[] {address});
                lockClasses.add(lockClass);
                lockFrames.add(frame);
            }

            boolean waits() {
                return uses.contains(LockUse.WAITING_TO_LOCK) || uses.contains(LockUse.PARKING);
            }
        }

        Snapshot parse(long timeNanos, String text) {
            List<Block> blocks = new ArrayList<>();
            Map<String, Long> idsByName = new HashMap<>();
            List<List<String[]>> jvmDeadlocks = new ArrayList<>();
            Block current = null;
            boolean ownable = false;
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.startsWith("Found one Java-level deadlock")) {
                    i = readDeadlock(lines, i + 1, jvmDeadlocks);
                    current = null;
                    continue;
                }
                if (line.startsWith("\"")) {
                    current = header(line);
                    ownable = false;
                    if (current != null) {
                        blocks.add(current);
                        idsByName.putIfAbsent(current.name, current.javaId);
                    }
                    continue;
                }
                if (current == null) {
                    continue;
                }
                String t = line.strip();
                if (t.startsWith("java.lang.Thread.State:")) {
                    current.state = t.substring("java.lang.Thread.State:".length()).strip();
                } else if (t.startsWith("at ")) {
                    Frame f = frame(t.substring(3));
                    if (f != null) {
                        current.frames.add(f);
                    }
                } else if (t.startsWith("Locked ownable synchronizers:")) {
                    ownable = true;
                } else if (t.startsWith("- ")) {
                    lockLine(current, t.substring(2), ownable);
                } else if (t.isEmpty()) {
                    ownable = false;
                }
            }
            // keep the threads that wait for a lock and the threads holding what they wait for
            Set<Long> awaited = new HashSet<>();
            for (Block b : blocks) {
                for (int k = 0; k < b.uses.size(); k++) {
                    if (b.uses.get(k) == LockUse.WAITING_TO_LOCK || b.uses.get(k) == LockUse.PARKING) {
                        awaited.add(b.lockAddresses.get(k)[0]);
                    }
                }
            }
            List<Deadlock> deadlocks = new ArrayList<>();
            Set<String> inDeadlock = new HashSet<>();
            for (List<String[]> cycle : jvmDeadlocks) {
                List<DeadlockLink> links = new ArrayList<>();
                for (String[] link : cycle) {
                    // link: thread name, lock class, address (hex), "ownable"/"monitor", holder name
                    inDeadlock.add(link[0]);
                    links.add(new DeadlockLink(thread(link[0], idsByName), link[1], parseHex(link[2]),
                            link[3].equals("ownable"), link[4].isEmpty() ? ThreadTable.NONE : thread(link[4], idsByName)));
                }
                if (!links.isEmpty()) {
                    deadlocks.add(new Deadlock(links, true));
                }
            }
            List<DumpedThread> kept = new ArrayList<>();
            for (Block b : blocks) {
                boolean holdsAwaited = false;
                for (int k = 0; k < b.uses.size(); k++) {
                    LockUse use = b.uses.get(k);
                    if ((use == LockUse.LOCKED || use == LockUse.OWNS) && awaited.contains(b.lockAddresses.get(k)[0])) {
                        holdsAwaited = true;
                    }
                }
                if (!b.waits() && !holdsAwaited && !inDeadlock.contains(b.name)) {
                    continue;
                }
                int[] ids = new int[b.frames.size()];
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = stacks.frameId(b.frames.get(k));
                }
                int stack = ids.length == 0 ? StackTable.UNKNOWN : stacks.stackId(ids, false);
                List<LockLine> locks = new ArrayList<>();
                for (int k = 0; k < b.uses.size(); k++) {
                    locks.add(new LockLine(b.uses.get(k), b.lockAddresses.get(k)[0], b.lockClasses.get(k), b.lockFrames.get(k)));
                }
                kept.add(new DumpedThread(threads.threadId(b.javaId, b.name), b.state, stack, locks));
            }
            if (deadlocks.isEmpty()) {
                deadlocks.addAll(monitorCycles(kept));
            }
            return new Snapshot(timeNanos, kept, deadlocks);
        }

        private int thread(String name, Map<String, Long> idsByName) {
            Long id = idsByName.get(name);
            return threads.threadId(id == null ? 0 : id, name);
        }

        /**
         * Waits-for cycles built from lock lines (a thread waiting to lock what another holds), for dumps without the
         * JVM's own section — a dump taken by other means, or owned synchronizers printed with {@code -l}.
         */
        private static List<Deadlock> monitorCycles(List<DumpedThread> kept) {
            Map<Integer, DumpedThread> byThread = new HashMap<>();
            for (DumpedThread t : kept) {
                byThread.put(t.thread(), t);
            }
            Map<Integer, DeadlockLink> next = new HashMap<>();
            for (DumpedThread t : kept) {
                LockLine w = t.waitingFor();
                if (w == null) {
                    continue;
                }
                for (DumpedThread h : kept) {
                    if (h != t && h.holding(w.address()) != null) {
                        next.put(t.thread(), new DeadlockLink(t.thread(), w.lockClass(), w.address(),
                                w.use() == LockUse.PARKING, h.thread()));
                        break;
                    }
                }
            }
            List<Deadlock> cycles = new ArrayList<>();
            Set<Integer> done = new HashSet<>();
            for (Integer startThread : new java.util.TreeSet<>(next.keySet())) {
                List<DeadlockLink> path = new ArrayList<>();
                Map<Integer, Integer> position = new HashMap<>();
                Integer at = startThread;
                boolean closed = false;
                while (!done.contains(at)) {
                    position.put(at, path.size());
                    DeadlockLink link = next.get(at);
                    if (link == null) {
                        break;
                    }
                    path.add(link);
                    at = link.heldBy();
                    if (position.containsKey(at)) {
                        closed = true;
                        break;
                    }
                }
                if (closed) {
                    cycles.add(new Deadlock(new ArrayList<>(path.subList(position.get(at), path.size())), false));
                }
                done.addAll(position.keySet());
            }
            return cycles;
        }

        /** {@code "name" #15 daemon prio=5 …}: a Java thread; GC and compiler threads (no {@code #id}) are skipped. */
        private static Block header(String line) {
            int idAt = line.lastIndexOf("\" #");
            if (idAt < 1) {
                return null;
            }
            String name = line.substring(1, idAt);
            int from = idAt + 3;
            int to = from;
            while (to < line.length() && Character.isDigit(line.charAt(to))) {
                to++;
            }
            if (to == from) {
                return null;
            }
            return new Block(Long.parseLong(line.substring(from, to)), name);
        }

        /** {@code demo.X$Y.method(X.java:42)}, {@code …(java.base@17/Thread.java:840)}, {@code …(Native Method)}. */
        static Frame frame(String text) {
            int paren = text.indexOf('(');
            String qualified = paren < 0 ? text : text.substring(0, paren);
            int dot = qualified.lastIndexOf('.');
            if (dot <= 0) {
                return null;
            }
            int line = -1;
            if (paren >= 0) {
                int colon = text.lastIndexOf(':');
                int close = text.lastIndexOf(')');
                if (colon > paren && close > colon) {
                    try {
                        line = Integer.parseInt(text.substring(colon + 1, close));
                    } catch (NumberFormatException e) {
                        line = -1;
                    }
                }
            }
            return new Frame(qualified.substring(0, dot), qualified.substring(dot + 1), line, FrameType.UNKNOWN);
        }

        private static void lockLine(Block b, String t, boolean ownable) {
            int open = t.indexOf('<');
            int close = t.indexOf('>', open + 1);
            if (open < 0 || close < 0) {
                return;
            }
            long address = parseHex(t.substring(open + 1, close));
            String lockClass = "";
            int a = t.indexOf("(a ", close);
            if (a >= 0) {
                int end = t.indexOf(')', a);
                lockClass = t.substring(a + 3, end < 0 ? t.length() : end);
            }
            int frame = b.frames.size() - 1;
            LockUse use;
            if (ownable) {
                use = LockUse.OWNS;
                frame = -1;
            } else if (t.startsWith("waiting to lock")) {
                use = LockUse.WAITING_TO_LOCK;
            } else if (t.startsWith("parking to wait for")) {
                use = LockUse.PARKING;
            } else if (t.startsWith("waiting on") || t.startsWith("waiting to re-lock")) {
                use = LockUse.WAITING_ON;
            } else if (t.startsWith("locked")) {
                use = LockUse.LOCKED;
            } else {
                return;
            }
            if (frame < 0 && use != LockUse.OWNS) {
                return;
            }
            b.lock(use, address, lockClass, frame);
        }

        /**
         * The JVM's deadlock section, up to "Java stack information": each entry a thread, what it waits for and who
         * holds it. Returns the index of the last line read.
         */
        private static int readDeadlock(String[] lines, int from, List<List<String[]>> out) {
            List<String[]> cycle = new ArrayList<>();
            String thread = null;
            String lockClass = "";
            String address = "0";
            String kind = "monitor";
            int i = from;
            for (; i < lines.length; i++) {
                String t = lines[i].strip();
                if (t.startsWith("Java stack information") || t.startsWith("Found ")) {
                    break;
                }
                if (t.startsWith("\"") && t.endsWith("\":")) {
                    thread = t.substring(1, t.length() - 2);
                } else if (t.startsWith("waiting to lock monitor") && thread != null) {
                    // waiting to lock monitor 0x… (object 0x…, a demo.Account),
                    kind = "monitor";
                    int obj = t.indexOf("(object ");
                    int comma = obj < 0 ? -1 : t.indexOf(',', obj);
                    address = obj < 0 || comma < 0 ? "0" : t.substring(obj + 8, comma).strip();
                    lockClass = afterA(t);
                } else if (t.startsWith("waiting for ownable synchronizer") && thread != null) {
                    // waiting for ownable synchronizer 0x…, (a java.util.concurrent.locks.ReentrantLock$NonfairSync),
                    kind = "ownable";
                    String rest = t.substring("waiting for ownable synchronizer".length()).strip();
                    int comma = rest.indexOf(',');
                    address = comma < 0 ? "0" : rest.substring(0, comma).strip();
                    lockClass = afterA(t);
                } else if (t.startsWith("which is held by") && thread != null) {
                    String rest = t.substring("which is held by".length()).strip();
                    String holder = rest.startsWith("\"") && rest.lastIndexOf('"') > 0
                            ? rest.substring(1, rest.lastIndexOf('"')) : "";
                    cycle.add(new String[] {thread, lockClass, address, kind, holder});
                    thread = null;
                }
            }
            out.add(cycle);
            return i - 1;
        }

        private static String afterA(String t) {
            int a = t.lastIndexOf(", a ");
            int skip = 4;
            if (a < 0) {
                a = t.lastIndexOf("(a ");
                skip = 3;
            }
            if (a < 0) {
                return "";
            }
            int end = t.indexOf(')', a);
            return t.substring(a + skip, end < 0 ? t.length() : end).strip();
        }

        static long parseHex(String s) {
            String h = s.strip();
            if (h.startsWith("0x") || h.startsWith("0X")) {
                h = h.substring(2);
            }
            try {
                return Long.parseUnsignedLong(h, 16);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
