package demo.compute;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Healthy control: a worker pool doing CPU work with pre-sized maps, a concurrent result map, little contention. */
public final class HealthyCompute {

    static final class RiskModel {
        private final ConcurrentHashMap<Integer, Double> results = new ConcurrentHashMap<>(4096);

        void evaluate(int portfolio) {
            Map<Integer, Double> exposures = new HashMap<>(256); // pre-sized for its 128 entries
            double risk = 0;
            for (int i = 0; i < 128; i++) {
                double x = Math.sin(portfolio * 0.001 + i) * Math.sqrt(i + 1.0);
                exposures.put(i, x);
                risk += x * x;
            }
            for (int round = 0; round < 200; round++) {
                for (Map.Entry<Integer, Double> e : exposures.entrySet()) {
                    risk += Math.log1p(Math.abs(e.getValue())) * 1e-6;
                }
            }
            results.put(portfolio % 4096, risk);
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        RiskModel model = new RiskModel();
        java.util.concurrent.atomic.AtomicInteger workers = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "risk-worker-" + workers.getAndIncrement()));
        long submitted = 0;
        while (System.currentTimeMillis() < end) {
            int base = (int) submitted;
            for (int i = 0; i < 50; i++) {
                int portfolio = base + i;
                pool.submit(() -> model.evaluate(portfolio));
            }
            submitted += 50;
            Thread.sleep(20); // batches arrive; workers idle between them
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        System.out.println("HealthyCompute portfolios/s: " + submitted / seconds);
    }
}
