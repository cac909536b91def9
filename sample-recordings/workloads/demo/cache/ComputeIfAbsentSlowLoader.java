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

    /**
     * The fix: the map holds futures, so computeIfAbsent only installs one (cheap) and the load runs outside
     * the bin lock; entries are refreshed in the background instead of evicted, so readers never wait.
     */
    static final class RefreshingProfileCache {
        private final ConcurrentHashMap<String, java.util.concurrent.CompletableFuture<String>> profiles =
                new ConcurrentHashMap<>();
        private final java.util.concurrent.ExecutorService loader = java.util.concurrent.Executors.newFixedThreadPool(2);

        String get(String userId) {
            return profiles.computeIfAbsent(userId, id -> java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> ProfileCache.loadFromDatabase(id), loader)).join();
        }

        void refreshAll() {
            for (String userId : profiles.keySet()) {
                String fresh = ProfileCache.loadFromDatabase(userId);
                profiles.put(userId, java.util.concurrent.CompletableFuture.completedFuture(fresh));
            }
        }

        void shutdown() {
            loader.shutdown();
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        if (args.length > 1 && args[1].equals("fixed")) {
            runFixed(seconds);
            return;
        }
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

    private static void runFixed(int seconds) throws Exception {
        long end = System.currentTimeMillis() + seconds * 1000L;
        RefreshingProfileCache cache = new RefreshingProfileCache();
        Thread refresher = new Thread(() -> {
            while (System.currentTimeMillis() < end) {
                cache.refreshAll();
                try {
                    Thread.sleep(60);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cache-refresher");
        refresher.start();
        long[] done = new long[16];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                int i = id;
                while (System.currentTimeMillis() < end) {
                    cache.get("user-" + (i++ % 4));
                    done[id]++;
                }
            }, "request-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        refresher.join();
        cache.shutdown();
        System.out.println("ComputeIfAbsentSlowLoader (fixed) gets/s: " + java.util.Arrays.stream(done).sum() / seconds);
    }
}
