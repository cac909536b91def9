package demo.pricing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pattern: one synchronized method guards a HashMap and does real work while holding the lock. */
public final class SyncMapHotspot {

    static final class PriceBook {
        private final Map<String, Double> prices = new HashMap<>();

        /** Every caller serializes here: the lock is held while computing the quote. */
        synchronized double quote(String sku) {
            double base = prices.computeIfAbsent(sku, k -> 10.0 + (k.hashCode() & 0xff));
            double price = base;
            long until = System.nanoTime() + 800_000; // ~0.8 ms of pricing rules under the lock
            while (System.nanoTime() < until) {
                price = price * 1.0000001 + 0.0000001;
            }
            prices.put(sku, price);
            return price;
        }
    }

    /**
     * A "fix" that only moves the problem: quote() no longer locks, but every quote is now recorded in a
     * synchronized audit() that does the same work under the same lock.
     */
    static final class AuditedPriceBook {
        private final Map<String, Double> prices = new java.util.concurrent.ConcurrentHashMap<>();

        double quote(String sku) {
            double price = prices.computeIfAbsent(sku, k -> 10.0 + (k.hashCode() & 0xff));
            audit(sku, price);
            return price;
        }

        synchronized void audit(String sku, double price) {
            long until = System.nanoTime() + 800_000;
            double p = price;
            while (System.nanoTime() < until) {
                p = p * 1.0000001 + 0.0000001;
            }
            prices.put(sku, p);
        }
    }

    static final class QuoteHandler {
        private final PriceBook book;
        private final AuditedPriceBook audited;

        QuoteHandler(PriceBook book, AuditedPriceBook audited) {
            this.book = book;
            this.audited = audited;
        }

        double handle(int request) {
            String sku = "sku-" + (request % 500);
            return audited != null ? audited.quote(sku) : book.quote(sku);
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        boolean moved = args.length > 1 && args[1].equals("moved");
        QuoteHandler handler = new QuoteHandler(new PriceBook(), moved ? new AuditedPriceBook() : null);
        long[] done = new long[16];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                int i = id;
                while (System.currentTimeMillis() < end) {
                    handler.handle(i++);
                    done[id]++;
                }
            }, "request-" + t);
            thread.start();
            threads.add(thread);
        }
        System.out.println("SyncMapHotspot: " + threads.size() + " request threads running"); // tests wait for it
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("SyncMapHotspot quotes/s: " + java.util.Arrays.stream(done).sum() / seconds);
    }
}
