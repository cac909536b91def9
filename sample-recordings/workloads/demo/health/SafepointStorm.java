package demo.health;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Pattern: stops that are not GC. A "health check" takes a thread dump (ThreadMXBean.dumpAllThreads) every 20 ms to
 * look for blocked threads, in a service with 200 idle session threads of deep stacks:
 * each dump is a VM operation at a safepoint that stops every thread while it walks all their stacks. Four request
 * threads compute meanwhile and stop with everyone else at each dump.
 */
public final class SafepointStorm {

    static final int IDLE_THREADS = 200;
    static final int STACK_DEPTH = 100;

    /** The monitoring code that does the damage: a stuck-thread detector run far too often. */
    static final class StuckThreadDetector {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        int check() {
            int blocked = 0;
            for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                if (info.getThreadState() == Thread.State.BLOCKED) {
                    blocked++;
                }
            }
            return blocked;
        }
    }

    static void descend(int depth, CountDownLatch parked, long end) {
        if (depth > 0) {
            descend(depth - 1, parked, end);
            return;
        }
        parked.countDown();
        while (System.currentTimeMillis() < end) {
            try {
                Thread.sleep(100); // an idle session thread: sleeping, not waiting on a lock or a pool
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static double work(long seed) {
        double sum = 0;
        for (int i = 0; i < 200_000; i++) {
            sum += Math.sqrt((seed + i) % 1000);
        }
        return sum;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        CountDownLatch parked = new CountDownLatch(IDLE_THREADS);
        for (int t = 0; t < IDLE_THREADS; t++) {
            Thread idle = new Thread(() -> descend(STACK_DEPTH, parked, end), "session-" + t);
            idle.setDaemon(true);
            idle.start();
        }
        parked.await();
        AtomicLong requests = new AtomicLong();
        Thread[] workers = new Thread[4];
        for (int t = 0; t < workers.length; t++) {
            workers[t] = new Thread(() -> {
                long seed = 0;
                while (System.currentTimeMillis() < end) {
                    work(seed++);
                    requests.incrementAndGet();
                }
            }, "request-" + t);
            workers[t].start();
        }
        StuckThreadDetector detector = new StuckThreadDetector();
        AtomicLong dumps = new AtomicLong();
        Thread health = new Thread(() -> {
            while (System.currentTimeMillis() < end) {
                detector.check();
                dumps.incrementAndGet();
                LockSupport.parkNanos(20_000_000L);
            }
        }, "health-check");
        health.start();
        System.out.println(workers.length + " request threads running");
        for (Thread w : workers) {
            w.join();
        }
        health.join();
        System.out.println("SafepointStorm requests: " + requests.get() + ", thread dumps: " + dumps.get());
    }
}
