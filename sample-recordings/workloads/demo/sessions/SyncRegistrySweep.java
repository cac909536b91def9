package demo.sessions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Pattern: a Collections.synchronizedMap registry; a sweeper iterates the whole map while holding its lock. */
public final class SyncRegistrySweep {

    static final class SessionRegistry {
        private final boolean fixed;
        private final Map<String, long[]> sessions;

        /** {@code fixed}: the fix — a ConcurrentHashMap, swept without a global lock. */
        SessionRegistry(boolean fixed) {
            this.fixed = fixed;
            this.sessions = fixed ? new java.util.concurrent.ConcurrentHashMap<>() : Collections.synchronizedMap(new HashMap<>());
        }

        void touch(String id) {
            sessions.put(id, new long[] {System.nanoTime()});
        }

        long[] lookup(String id) {
            return sessions.get(id);
        }

        /** Before the fix: holds the map's lock for the whole scan, as iteration over a synchronizedMap requires. */
        int sweep() {
            if (fixed) {
                return sweepEntries(); // weakly consistent iteration: no lock held across the scan
            }
            synchronized (sessions) {
                return sweepEntries();
            }
        }

        private int sweepEntries() {
            int removed = 0;
            long cutoff = System.nanoTime() - 50_000_000L;
            for (Iterator<Map.Entry<String, long[]>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, long[]> e = it.next();
                long until = System.nanoTime() + 1_000; // audit each session: ~1 µs
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                if (e.getValue()[0] < cutoff && (e.getKey().hashCode() & 7) == 0) {
                    it.remove();
                    removed++;
                }
            }
            return removed;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        boolean fixed = args.length > 1 && args[1].equals("fixed");
        SessionRegistry registry = new SessionRegistry(fixed);
        for (int i = 0; i < 150_000; i++) {
            registry.touch("session-" + i);
        }
        Thread sweeper = new Thread(() -> {
            while (System.currentTimeMillis() < end) {
                registry.sweep();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "session-sweeper");
        sweeper.start();
        long[] done = new long[12];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                int i = id;
                while (System.currentTimeMillis() < end) {
                    String session = "session-" + (i++ * 7919 % 150_000);
                    registry.touch(session); // every request refreshes its session; one in three reads it back
                    if (i % 3 == 0) {
                        registry.lookup(session);
                    }
                    done[id]++;
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000); // the rest of the request: I/O
                }
            }, "request-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        sweeper.join();
        System.out.println("SyncRegistrySweep requests/s: " + java.util.Arrays.stream(done).sum() / seconds);
    }
}
