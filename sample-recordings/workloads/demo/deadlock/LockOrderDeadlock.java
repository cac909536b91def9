package demo.deadlock;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pattern: two deadlocks that never end. A monitor deadlock (two transfers lock the same two accounts in opposite
 * order with {@code synchronized}) and a ReentrantLock deadlock (two restocks take two warehouse locks in opposite
 * order); a request thread then blocks forever behind a deadlocked account. The deadlocked threads are daemons and
 * the rest of the service keeps working, so the JVM ends when the run does and the recording is complete.
 */
public final class LockOrderDeadlock {

    static final class Account {
        final String id;
        long balance = 1_000;

        Account(String id) {
            this.id = id;
        }
    }

    /** Locks {@code from}, then {@code to}: the classic lock-order deadlock when another transfer goes the other way. */
    static void transfer(Account from, Account to, long amount, CountDownLatch bothHoldOne) throws InterruptedException {
        synchronized (from) {
            from.balance -= amount;
            bothHoldOne.countDown();
            bothHoldOne.await();
            synchronized (to) {
                to.balance += amount;
            }
        }
    }

    static final class Warehouse {
        final ReentrantLock lock = new ReentrantLock();
        int stock = 100;
    }

    /** Locks {@code source}, then {@code target}, with ReentrantLock: the same deadlock, invisible to monitor events. */
    static void restock(Warehouse source, Warehouse target, CountDownLatch bothHoldOne) throws InterruptedException {
        source.lock.lock();
        try {
            source.stock--;
            bothHoldOne.countDown();
            bothHoldOne.await();
            target.lock.lock();
            try {
                target.stock++;
            } finally {
                target.lock.unlock();
            }
        } finally {
            source.lock.unlock();
        }
    }

    static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    interface Body {
        void run() throws InterruptedException;
    }

    static Runnable quietly(Body body) {
        return () -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Other work of the service, so the recording has CPU samples besides the stuck threads. */
    static long checksum(long seed) {
        long h = seed;
        for (int i = 0; i < 200_000; i++) {
            h = h * 31 + (h >>> 7) + i;
        }
        return h;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        Account checking = new Account("checking");
        Account savings = new Account("savings");
        CountDownLatch accountsTaken = new CountDownLatch(2);
        daemon("transfer-1", quietly(() -> transfer(checking, savings, 10, accountsTaken)));
        daemon("transfer-2", quietly(() -> transfer(savings, checking, 20, accountsTaken)));
        Warehouse north = new Warehouse();
        Warehouse south = new Warehouse();
        CountDownLatch warehousesTaken = new CountDownLatch(2);
        daemon("restock-north", quietly(() -> restock(north, south, warehousesTaken)));
        daemon("restock-south", quietly(() -> restock(south, north, warehousesTaken)));
        accountsTaken.await();
        warehousesTaken.await();
        // a request that needs the checking account blocks behind the deadlock for good
        daemon("statement-1", () -> {
            synchronized (checking) {
                checking.balance++;
            }
        });
        long sum = 0;
        long requests = 0;
        while (System.currentTimeMillis() < end) {
            sum += checksum(requests++);
        }
        System.out.println("LockOrderDeadlock requests: " + requests + " (" + (sum & 1) + ")");
    }
}
