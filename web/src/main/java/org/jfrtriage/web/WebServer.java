package org.jfrtriage.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The embedded Jetty server of {@code serve}: start it, ask its URI, stop it. */
public final class WebServer implements AutoCloseable {
    private final WebConfig config;
    private final Server server;
    private final ServerConnector connector;
    private final RecordingStore store;
    private final Analyses analyses;
    private final LiveRecordings live;

    private WebServer(WebConfig config) throws IOException {
        this.config = config;
        this.store = new RecordingStore(config.dataDir());
        this.analyses = new Analyses(store, Math.max(1, config.workers()));
        this.live = new LiveRecordings(store, analyses);
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("jfrtriage-http");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        HttpConnectionFactory factory = new HttpConnectionFactory(http);
        // an upload is read from the socket and written to its file a buffer at a time: 64 KB (the largest the default
        // buffer pool keeps) instead of Jetty's 8 KB took a 500 MB loopback upload from 1.21-1.43 to 0.92-1.13 s
        // (six fresh servers each; 256 KB, unpooled, 0.76-0.81 s)
        factory.setInputBufferSize(64 * 1024);
        this.connector = new ServerConnector(server, 1, 1, factory);
        connector.setHost(config.bind());
        connector.setPort(config.port());
        connector.setIdleTimeout(120_000);
        server.addConnector(connector);
        server.setHandler(new WebApp(config, store, analyses, live));
        server.setErrorHandler(new HeaderedErrorHandler());
        server.setStopTimeout(5_000);
    }

    /**
     * Checks the configuration and starts serving.
     *
     * @throws IllegalArgumentException for a configuration that must not run (a public address without a token)
     */
    public static WebServer start(WebConfig config) throws Exception {
        check(config);
        WebServer web = new WebServer(config);
        web.analyses.resume();
        try {
            web.server.start();
        } catch (Exception e) {
            web.close();
            throw e;
        }
        return web;
    }

    static void check(WebConfig config) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(config.bind()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot bind to " + config.bind() + ": unknown host");
        }
        boolean token = config.authToken() != null && !config.authToken().isEmpty();
        if (!loopback && !token && !config.insecure()) {
            throw new IllegalArgumentException("binding to " + config.bind() + " would let anyone who can reach it read "
                    + "your recordings and attach to your JVMs; give --auth-token TOKEN (or --insecure if you mean it)");
        }
        if (token && config.authToken().length() < 16) {
            throw new IllegalArgumentException("the auth token must be at least 16 characters");
        }
        if (config.maxUploadBytes() <= 0) {
            throw new IllegalArgumentException("the upload limit must be positive");
        }
    }

    public URI uri() {
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
    }

    public RecordingStore store() {
        return store;
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping anyway
        }
        live.close();
        analyses.close();
    }

    /**
     * Jetty answers some requests itself, before our handler sees them (a bad request line, a URI or headers too
     * long: 400, 414, 431): those pages carry the same security headers as ours.
     */
    static final class HeaderedErrorHandler extends org.eclipse.jetty.server.handler.ErrorHandler {
        HeaderedErrorHandler() {
            setShowStacks(false);
        }

        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                              org.eclipse.jetty.util.Callback callback) throws Exception {
            WebApp.secureHeaders(response);
            return super.handle(request, response, callback);
        }
    }
}
