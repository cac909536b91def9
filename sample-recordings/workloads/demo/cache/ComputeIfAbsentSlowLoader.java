package demo.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Pattern: a slow loader runs inside ConcurrentHashMap.computeIfAbsent, blocking every caller of its bin. */
public final class ComputeIfAbsentSlowLoader {

    static final class ProfileCache {
        private final ConcurrentHashMap<String, String> profiles = new ConcurrentHashMap<>();

        String get(String userId) {
            return profiles.computeIfAbsent(userId, ProfileCache::loadFromDatabase);
        }

        /** A remote call: 30 ms while the bin lock is held. */
        static String loadFromDatabase(String userId) {
            long until = System.nanoTime() + 30_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return "profile:" + userId;
        }

        void evictAll() {
            profiles.clear();
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        ProfileCache cache = new ProfileCache();
        Thread evictor = new Thread(() -> {
            while (System.currentTimeMillis() < end) {
                cache.evictAll(); // entries expire: hot users reload over and over
                try {
                    Thread.sleep(60);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cache-evictor");
        evictor.start();
        long[] done = new long[16];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                int i = id;
                while (System.currentTimeMillis() < end) {
                    cache.get("user-" + (i++ % 4)); // four hot users
                    done[id]++;
                }
            }, "request-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        evictor.join();
        System.out.println("ComputeIfAbsentSlowLoader gets/s: " + java.util.Arrays.stream(done).sum() / seconds);
    }
}
