package demo.quotes;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Pattern: an exception storm. Request threads parse quotes whose price field is often not a number and use
 * the NumberFormatException for control flow; each throw fills in a stack trace. Tens of thousands a second.
 */
public final class ExceptionStorm {

    static final class QuoteParser {
        long parse(String line) {
            String price = line.substring(line.indexOf('=') + 1);
            try {
                return Long.parseLong(price);
            } catch (NumberFormatException e) { // "N/A", "-", "": expected, and thrown for every one of them
                return -1;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        QuoteParser parser = new QuoteParser();
        AtomicLong parsed = new AtomicLong();
        AtomicLong missing = new AtomicLong();
        String[] feed = {"ACME=1012", "INIT=N/A", "BETA=-", "GAMA=", "DELT=N/A", "EPSI=977"};
        Thread[] handlers = new Thread[2];
        for (int t = 0; t < handlers.length; t++) {
            handlers[t] = new Thread(() -> {
                int i = 0;
                while (System.currentTimeMillis() < end) {
                    for (int n = 0; n < 200; n++) {
                        if (parser.parse(feed[i++ % feed.length]) < 0) {
                            missing.incrementAndGet();
                        } else {
                            parsed.incrementAndGet();
                        }
                    }
                    try {
                        Thread.sleep(1); // requests arrive; the handlers are not meant to be CPU-bound
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "quote-handler-" + t);
            handlers[t].start();
        }
        for (Thread h : handlers) {
            h.join();
        }
        System.out.println("ExceptionStorm parsed: " + parsed.get() + ", not a number: " + missing.get());
    }
}
