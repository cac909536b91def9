package demo.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/** Pattern: 16 request threads share a pool of 4 connections; each holds one for 10–30 ms. */
public final class PoolStarvation {

    static final class ConnectionPool {
        private final Semaphore permits;
        private final ConcurrentLinkedQueue<Object> idle = new ConcurrentLinkedQueue<>();

        ConnectionPool(int size) {
            permits = new Semaphore(size);
            for (int i = 0; i < size; i++) {
                idle.add(new Object());
            }
        }

        Object borrow() throws InterruptedException {
            permits.acquire();
            return idle.poll();
        }

        void release(Object connection) {
            idle.add(connection);
            permits.release();
        }
    }

    static final class OrderService {
        private final ConnectionPool pool;

        OrderService(ConnectionPool pool) {
            this.pool = pool;
        }

        void placeOrder(int order) throws InterruptedException {
            Object connection = pool.borrow();
            try {
                Thread.sleep(10 + order % 20); // the query
            } finally {
                pool.release(connection);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        OrderService service = new OrderService(new ConnectionPool(4));
        long[] done = new long[16];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                int i = id;
                try {
                    while (System.currentTimeMillis() < end) {
                        service.placeOrder(i++);
                        done[id]++;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "request-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("PoolStarvation orders/s: " + java.util.Arrays.stream(done).sum() / seconds);
    }
}
