package demo.rates;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pattern: virtual threads pinned to their carriers (JDK 21+; run on JDK 24+ for the reasons below). Request
 * handlers run on virtual threads and sort each order book with the C library's {@code qsort}, whose comparator is
 * a Java upcall that looks the rate up from a slow source (a 25 ms blocking wait). A virtual thread blocking under
 * a native frame cannot unmount: its carrier is pinned for the whole wait, and the few carriers (one per core)
 * run nothing else meanwhile. Since JDK 24 {@code synchronized} no longer pins, but native frames and class
 * initializers still do.
 */
public final class VirtualThreadPinning {

    static final class RateBook {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final MethodHandle QSORT = LINKER.downcallHandle(LINKER.defaultLookup().find("qsort").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        private static final MethodHandle COMPARE;

        static {
            try {
                COMPARE = MethodHandles.lookup().findStatic(RateBook.class, "compare",
                        MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** The comparator qsort calls back: it fetches a rate from a slow source, blocking under qsort's frame. */
        static int compare(MemorySegment a, MemorySegment b) {
            int x = a.reinterpret(4).get(ValueLayout.JAVA_INT, 0);
            int y = b.reinterpret(4).get(ValueLayout.JAVA_INT, 0);
            return Long.compare(rateOf(x), rateOf(y));
        }

        static long rateOf(int currency) {
            if (currency == 0) {
                try {
                    Thread.sleep(25); // the remote rate service: a blocking call inside the native sort
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return currency * 31L % 17;
        }

        long sortBook(int[] currencies) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment book = arena.allocateFrom(ValueLayout.JAVA_INT, currencies);
                MemorySegment comparator = LINKER.upcallStub(COMPARE,
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), arena);
                QSORT.invokeExact(book, (long) currencies.length, 4L, comparator);
                return book.get(ValueLayout.JAVA_INT, 0);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        RateBook rates = new RateBook();
        AtomicLong handled = new AtomicLong();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            System.out.println("VirtualThreadPinning: virtual request threads running");
            while (System.currentTimeMillis() < end) {
                requests.submit(() -> {
                    rates.sortBook(new int[] {3, 0, 2});
                    handled.incrementAndGet();
                    return null;
                });
                Thread.sleep(50); // 20 requests a second, each pinning a carrier ~50 ms: half of two carriers' time
            }
        }
        System.out.println("VirtualThreadPinning handled " + handled.get() + " requests");
    }
}
