package bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Generates a large, realistic recording for the analyzer benchmark: many threads, deep stacks (25–55 frames,
 * like requests entering through framework layers), heavy monitor and ReentrantLock contention, allocation in
 * small TLABs and dense CPU sampling — so the file is dominated by the same event types (and stack-trace
 * constant pools) that triage reads. A request's path through the layers depends on its endpoint (8,192 of
 * them), as in a real service, so distinct stacks number in the thousands, not millions. Run by bench/run.sh
 * with the JFR settings that make it dense; it stops after the given seconds.
 */
public final class LargeRecordingWorkload {
    private static final Object MONITOR = new Object();
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Map<Integer, Integer> SHARED = new HashMap<>();
    private static volatile long sink;
    private static final int ENDPOINTS = 8192;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        long end = System.currentTimeMillis() + seconds * 1000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                long i = id;
                while (System.currentTimeMillis() < end) {
                    long endpoint = i++ % ENDPOINTS;
                    descend(20 + (int) (endpoint % 30), endpoint, i);
                }
            }, "bench-worker-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("done " + sink);
    }

    /** Recursion through a few distinct methods: the path is fixed per endpoint, like a framework's layers. */
    private static void descend(int depth, long endpoint, long i) {
        if (depth == 0) {
            work(i);
            return;
        }
        switch ((int) ((endpoint * 0x9E3779B1L >>> depth) & 3)) {
            case 0: stepA(depth - 1, endpoint, i); break;
            case 1: stepB(depth - 1, endpoint, i); break;
            case 2: stepC(depth - 1, endpoint, i); break;
            default: stepD(depth - 1, endpoint, i);
        }
    }

    private static void stepA(int depth, long endpoint, long i) {
        descend(depth, endpoint, i);
    }

    private static void stepB(int depth, long endpoint, long i) {
        descend(depth, endpoint, i);
    }

    private static void stepC(int depth, long endpoint, long i) {
        descend(depth, endpoint, i);
    }

    private static void stepD(int depth, long endpoint, long i) {
        descend(depth, endpoint, i);
    }

    private static void work(long i) {
        switch ((int) (i % 3)) {
            case 0:
                synchronized (MONITOR) {
                    SHARED.merge((int) (i % 1024), 1, Integer::sum);
                    spin(20_000);
                }
                break;
            case 1:
                LOCK.lock();
                try {
                    spin(20_000);
                } finally {
                    LOCK.unlock();
                }
                break;
            default:
                Map<Long, long[]> local = new HashMap<>();
                for (int k = 0; k < 64; k++) {
                    local.put(i + k, new long[16]);
                }
                sink += local.size();
        }
    }

    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            sink++;
        }
    }
}
