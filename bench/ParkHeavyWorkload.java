package bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/**
 * The second shape of large recording for the analyzer benchmark (issue 16): park-heavy, like a service whose
 * request threads queue for a small pool. 64 threads; 48 of them borrow one of 6 permits (a connection pool: most
 * of the time they park), walk 40–60 frames deep, and take one shared monitor briefly; 16 pollers park for a
 * fraction of a millisecond in a loop and report to the same monitor. With the dense settings (thresholds at 0 ms) the file is dominated by
 * jdk.ThreadPark, then jdk.JavaMonitorEnter, with deep stacks. It stops after the given seconds, or once the recording
 * holds the given number of MB (what a recording with maxsize holds now: give less than its maxsize).
 */
public final class ParkHeavyWorkload {
    private static final Semaphore POOL = new Semaphore(6);
    private static final Object REGISTRY = new Object();
    private static final int ENDPOINTS = 4096;
    private static volatile long sink;
    private static volatile boolean stop;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long targetBytes = args.length > 1 ? Long.parseLong(args[1]) << 20 : Long.MAX_VALUE;
        long end = System.currentTimeMillis() + seconds * 1000L;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 48; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                long i = id;
                while (!stop) {
                    long endpoint = i++ % ENDPOINTS;
                    descend(40 + (int) (endpoint % 20), endpoint, i);
                }
            }, "request-" + t));
        }
        for (int t = 0; t < 16; t++) {
            threads.add(new Thread(() -> {
                while (!stop) {
                    LockSupport.parkNanos(100_000);
                    synchronized (REGISTRY) { // pollers report in: they contend with the requests
                        spin(2_000);
                    }
                }
            }, "poller-" + t));
        }
        threads.forEach(Thread::start);
        // stop early once the recording started with -XX:StartFlightRecording holds the target size
        while (System.currentTimeMillis() < end && recordedBytes() < targetBytes) {
            Thread.sleep(500);
        }
        stop = true;
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("done " + sink);
    }

    private static long recordedBytes() {
        return FlightRecorder.isInitialized()
                ? FlightRecorder.getFlightRecorder().getRecordings().stream().mapToLong(Recording::getSize).sum() : 0;
    }

    /** The path through the layers is fixed per endpoint, so distinct stacks number in the thousands. */
    private static void descend(int depth, long endpoint, long i) {
        if (depth == 0) {
            handle(i);
            return;
        }
        switch ((int) ((endpoint * 0x9E3779B1L >>> depth) & 3)) {
            case 0: layerA(depth - 1, endpoint, i); break;
            case 1: layerB(depth - 1, endpoint, i); break;
            case 2: layerC(depth - 1, endpoint, i); break;
            default: layerD(depth - 1, endpoint, i);
        }
    }

    private static void layerA(int depth, long endpoint, long i) {
        descend(depth, endpoint, i);
    }

    private static void layerB(int depth, long endpoint, long i) {
        descend(depth, endpoint, i);
    }

    private static void layerC(int depth, long endpoint, long i) {
        descend(depth, endpoint, i);
    }

    private static void layerD(int depth, long endpoint, long i) {
        descend(depth, endpoint, i);
    }

    private static void handle(long i) {
        try {
            if (!POOL.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            spin(20_000);
            synchronized (REGISTRY) { // every request registers: monitor contention among the permit holders
                spin(4_000);
                sink += new long[8 + (int) (i & 7)].length;
            }
        } finally {
            POOL.release();
        }
    }

    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            sink++;
        }
    }
}
