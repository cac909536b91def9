package demo.vthreads;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pattern: 24 request handlers on virtual threads call a service method that takes one lock, and a platform-thread
 * refresher holds that lock for 400 ms at a time while it rebuilds the tariff table (slow work under the lock).
 * Needs JDK 21+ (virtual threads); recorded on JDK 25.
 *
 * <p>What the recorders see on JDK 25 (checked): a virtual thread blocked on the lock unmounts from its carrier, so
 * JFR writes no jdk.ThreadPark or jdk.JavaMonitorEnter for it (its park is not Unsafe.park) and async-profiler's
 * wall-clock samples, which sample OS threads, never see it waiting (its carriers are sampled idle in
 * ForkJoinPool.awaitWork). With {@code synchronized} (the default here) async-profiler's lock profiler does record
 * the monitor waits, under the carrier threads' names; with a ReentrantLock (second argument {@code reentrant})
 * no recorder writes the waits at all, and only the holder's samples are left.
 */
public final class VirtualThreadsBehindLock {

    static final class TariffService {
        private final ReentrantLock lock = new ReentrantLock();
        private long[] tariffs = new long[4096];
        /** {@code synchronized} (the default), or the ReentrantLock (second argument {@code reentrant}). */
        private final boolean monitor;

        TariffService(boolean monitor) {
            this.monitor = monitor;
        }

        /** The request path: a short read under the lock. */
        long price(int product) {
            if (monitor) {
                synchronized (this) {
                    return tariffs[product & (tariffs.length - 1)] + product;
                }
            }
            lock.lock();
            try {
                return tariffs[product & (tariffs.length - 1)] + product;
            } finally {
                lock.unlock();
            }
        }

        /** The refresher: rebuilds every tariff while holding the lock the requests need. */
        void refresh(long seed) {
            if (monitor) {
                synchronized (this) {
                    tariffs = rebuildTariffs(seed);
                }
                return;
            }
            lock.lock();
            try {
                tariffs = rebuildTariffs(seed);
            } finally {
                lock.unlock();
            }
        }

        private static long[] rebuildTariffs(long seed) {
            long until = System.nanoTime() + 400_000_000L; // recompute every tariff from the rate tables
            long[] out = new long[4096];
            long h = seed;
            int i = 0;
            while (System.nanoTime() < until) {
                h = h * 6364136223846793005L + 1442695040888963407L;
                out[i++ & 4095] = h >>> 40;
            }
            return out;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        TariffService service = new TariffService(!(args.length > 1 && args[1].equals("reentrant")));
        Thread refresher = new Thread(() -> {
            long seed = 1;
            while (System.currentTimeMillis() < end) {
                service.refresh(seed++);
                try {
                    Thread.sleep(100); // a short pause between rebuilds
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "tariff-refresher");
        refresher.start();
        AtomicLong served = new AtomicLong();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int r = 0; r < 24; r++) {
                int id = r;
                requests.submit(() -> {
                    long sum = 0;
                    int i = id;
                    while (System.currentTimeMillis() < end) {
                        sum += service.price(i++);
                        served.incrementAndGet();
                        try {
                            Thread.sleep(2); // the rest of the request: a downstream call
                        } catch (InterruptedException e) {
                            return sum;
                        }
                    }
                    return sum;
                });
            }
            System.out.println("VirtualThreadsBehindLock: 24 request threads running");
        }
        refresher.join();
        System.out.println("VirtualThreadsBehindLock requests: " + served.get());
    }
}
