package demo.risk;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pattern: a saturated CPU. Requests arrive faster than the cores can price them (a Monte Carlo simulation per
 * request), so six pool threads run flat out on fewer cores and requests queue for a CPU, not for a lock.
 */
public final class CpuSaturation {

    static final class MonteCarloPricer {
        double price(long seed) {
            double sum = 0;
            long x = seed | 1;
            for (int path = 0; path < 20_000; path++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                sum += payoff((x >>> 11) * 0x1.0p-53);
            }
            return sum / 20_000;
        }

        private double payoff(double u) {
            return Math.max(0, Math.exp(0.2 * Math.sqrt(-2 * Math.log(u + 1e-12))) - 1.05);
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        MonteCarloPricer pricer = new MonteCarloPricer();
        AtomicLong priced = new AtomicLong();
        AtomicLong workers = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(6, r -> new Thread(r, "pricing-worker-" + workers.getAndIncrement()));
        for (int t = 0; t < 6; t++) {
            pool.submit(() -> {
                long seed = System.nanoTime();
                while (System.currentTimeMillis() < end) {
                    pricer.price(seed++);
                    priced.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 10L, TimeUnit.SECONDS);
        System.out.println("CpuSaturation priced: " + priced.get());
    }
}
