package demo.orders;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pattern: a slow downstream. Twelve request threads each load an order over their own connection (a pool of 12)
 * from an inventory database that answers in ~300 ms — a real socket server on loopback, in the same JVM. The
 * request threads spend nearly all their time blocked in a socket read with no timeout: no lock, no CPU, just the
 * endpoint's latency.
 */
public final class SlowDownstream {

    static final int REQUEST_THREADS = 12;
    static final long QUERY_MILLIS = 300;

    /** The slow dependency: one handler thread per connection, answering each query after QUERY_MILLIS. */
    static final class InventoryDb implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new ArrayList<>();

        InventoryDb() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::acceptLoop, "inventory-db-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            int n = 0;
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    synchronized (accepted) {
                        accepted.add(s);
                    }
                    Thread handler = new Thread(() -> serve(s), "inventory-db-" + n++);
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void serve(Socket s) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                 Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8)) {
                String query;
                while ((query = in.readLine()) != null) {
                    Thread.sleep(QUERY_MILLIS); // the slow query
                    out.write("order " + query + " qty=3 status=SHIPPED\n");
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // connection closed at the end
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    /** The application's data access: one blocking call per order, no read timeout set. */
    static final class OrderDao implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final PrintWriter out;

        OrderDao(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = new PrintWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), true);
        }

        String load(long orderId) throws IOException {
            out.println(orderId);
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long end = System.currentTimeMillis() + seconds * 1000L;
        AtomicLong loaded = new AtomicLong();
        CountDownLatch running = new CountDownLatch(REQUEST_THREADS);
        try (InventoryDb db = new InventoryDb()) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < REQUEST_THREADS; t++) {
                long first = t * 1_000_000L;
                Thread request = new Thread(() -> {
                    try (OrderDao dao = new OrderDao(db.port())) {
                        running.countDown();
                        long id = first;
                        while (System.currentTimeMillis() < end) {
                            if (dao.load(id++) != null) {
                                loaded.incrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, "order-request-" + t);
                threads.add(request);
                request.start();
            }
            running.await();
            System.out.println(REQUEST_THREADS + " request threads running");
            for (Thread t : threads) {
                t.join();
            }
        }
        System.out.println("SlowDownstream orders loaded: " + loaded.get());
    }
}
