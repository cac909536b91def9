package demo.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** Healthy control: requests wait on I/O (sleeps), short striped locks, an audit queue drained by consumers. */
public final class HealthyService {

    static final class AccountService {
        private final ReentrantLock[] stripes = new ReentrantLock[64];
        private final ConcurrentHashMap<Integer, Long> balances = new ConcurrentHashMap<>(1024);
        private final BlockingQueue<String> audit = new ArrayBlockingQueue<>(10_000);

        AccountService() {
            for (int i = 0; i < stripes.length; i++) {
                stripes[i] = new ReentrantLock();
            }
        }

        void transfer(int account, long amount) throws InterruptedException {
            Thread.sleep(2 + account % 4); // the database round trip
            ReentrantLock lock = stripes[account % stripes.length];
            lock.lock();
            try {
                balances.merge(account, amount, Long::sum);
            } finally {
                lock.unlock();
            }
            audit.offer("transfer " + account + " " + amount); // never blocks: drops if the queue is full
        }

        void drainAudit() throws InterruptedException {
            String entry = audit.take();
            if (entry.isEmpty()) {
                throw new IllegalStateException();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        AccountService service = new AccountService();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread consumer = new Thread(() -> {
                try {
                    while (true) {
                        service.drainAudit();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "audit-writer-" + t);
            consumer.setDaemon(true);
            consumer.start();
        }
        long[] done = new long[8];
        for (int t = 0; t < 8; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                int i = id;
                try {
                    while (System.currentTimeMillis() < end) {
                        service.transfer(i++ % 1000, 5);
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
        System.out.println("HealthyService transfers/s: " + java.util.Arrays.stream(done).sum() / seconds);
    }
}
