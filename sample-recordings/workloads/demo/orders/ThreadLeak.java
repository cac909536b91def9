package demo.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pattern: a thread leak. Each order request fans its two lookups (stock, price) out on an executor it creates
 * for that request and never shuts down: the pool's two threads stay alive, idle, for the life of the JVM. The
 * live thread count climbs by two per request, without end. Beside it a shared, bounded audit pool warms up to
 * its eight threads in the first second and then stays flat: a warming pool is not a leak.
 */
public final class ThreadLeak {

    static final ExecutorService AUDIT = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "audit-" + System.nanoTime());
        t.setDaemon(true);
        return t;
    });

    static final class OrderService {
        private final AtomicLong handled = new AtomicLong();

        long quote(int orderId) throws Exception {
            ExecutorService lookups = Executors.newFixedThreadPool(2); // one pool per request, never shut down
            Future<Long> stock = lookups.submit(() -> stockOf(orderId));
            Future<Long> price = lookups.submit(() -> priceOf(orderId));
            long total = stock.get() * price.get();
            AUDIT.execute(() -> audit(orderId, total));
            handled.incrementAndGet();
            return total;
        }

        private static long stockOf(int orderId) throws InterruptedException {
            Thread.sleep(2);
            return 1 + orderId % 7;
        }

        private static long priceOf(int orderId) throws InterruptedException {
            Thread.sleep(3);
            return 100 + orderId % 13;
        }

        private static void audit(int orderId, long total) {
            if (orderId % 1_000_000 == -1) {
                System.out.println(total);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        OrderService service = new OrderService();
        List<Thread> handlers = new ArrayList<>();
        for (int h = 0; h < 2; h++) {
            int first = h;
            Thread t = new Thread(() -> {
                int order = first;
                while (System.currentTimeMillis() < end) {
                    try {
                        service.quote(order);
                        order += 2;
                        Thread.sleep(100); // ~10 requests a second per handler
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "order-handler-" + h);
            t.start();
            handlers.add(t);
        }
        System.out.println("ThreadLeak: 2 request threads running");
        for (Thread t : handlers) {
            t.join();
        }
        System.out.println("ThreadLeak handled " + service.handled.get() + " orders, " + Thread.activeCount()
                + " threads alive in main's group");
        System.exit(0); // the leaked pools' threads are not daemons: they would keep the JVM alive
    }
}
