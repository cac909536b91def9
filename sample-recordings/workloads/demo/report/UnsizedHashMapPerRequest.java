package demo.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pattern: every request builds a large HashMap without pre-sizing, so it resizes its way up, then drops it. */
public final class UnsizedHashMapPerRequest {

    static final class ReportBuilder {
        private final boolean fixed;

        ReportBuilder(boolean fixed) {
            this.fixed = fixed;
        }

        long buildIndex(int request) {
            // before: no expected size, ~17 resizes to reach 100k entries; fixed: sized for 100k up front
            Map<Integer, Integer> index = fixed ? new HashMap<>(133_334) : new HashMap<>();
            for (int i = 0; i < 100_000; i++) {
                index.put(request * 31 + i, i);
            }
            long sum = 0;
            for (int i = 0; i < 100_000; i += 1000) {
                sum += index.get(request * 31 + i);
            }
            return sum;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        ReportBuilder builder = new ReportBuilder(args.length > 1 && args[1].equals("fixed"));
        long[] done = new long[4];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                int i = id;
                while (System.currentTimeMillis() < end) {
                    builder.buildIndex(i++);
                    done[id]++;
                }
            }, "request-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("UnsizedHashMapPerRequest reports/s: " + java.util.Arrays.stream(done).sum() / seconds);
    }
}
