package org.jfrtriage.cli;

import java.net.BindException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.jfrtriage.web.WebConfig;
import org.jfrtriage.web.WebServer;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "The web UI: upload recordings, read reports with flame graphs and a timeline, compare before and "
                + "after a fix, record live JVMs. Runs until interrupted.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "2:bad usage (e.g. a public address without --auth-token)", "1:could not start"})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "port to listen on (0: any free one); default 8080")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "address to listen on; default 127.0.0.1 (this machine only). Any other needs --auth-token")
    String bind;

    @Option(names = "--data", paramLabel = "DIR",
            description = "where recordings and their analyses are kept; default ~/.jfrtriage/data")
    Path data;

    @Option(names = "--auth-token", paramLabel = "TOKEN",
            description = "require this token of every client (Authorization: Bearer TOKEN, or sign in once in the "
                    + "browser); at least 16 characters. Also read from JFRTRIAGE_AUTH_TOKEN")
    String authToken;

    @Option(names = "--insecure", description = "serve a non-loopback address without a token (anyone who can reach it "
            + "can read recordings)")
    boolean insecure;

    @Option(names = "--max-upload", defaultValue = "4g", paramLabel = "SIZE", description = "largest upload, e.g. 500m, 4g; default 4g")
    String maxUpload;

    @Option(names = "--workers", paramLabel = "N", description = "recordings analyzed at once; default one per two cores")
    Integer workers;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        String token = authToken != null ? authToken : System.getenv("JFRTRIAGE_AUTH_TOKEN");
        WebConfig config = new WebConfig(bind, port, data != null ? data : WebConfig.defaultDataDir(), token, insecure,
                size(maxUpload), workers != null ? workers : WebConfig.defaultWorkers());
        if (config.workers() < 1) {
            throw new Errors.UsageException("--workers must be at least 1");
        }
        WebServer server;
        try {
            server = WebServer.start(config);
        } catch (IllegalArgumentException | org.jfrtriage.web.RecordingStore.NotADataDirectoryException e) {
            throw new Errors.UsageException(e.getMessage());
        } catch (java.io.IOException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (e instanceof BindException || root instanceof BindException) {
                spec.commandLine().getErr().println("jfrtriage: cannot listen on " + bind + ":" + port + " (" + root.getMessage()
                        + "); pick another --port");
                return 1;
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "jfrtriage-serve-stop"));
        spec.commandLine().getErr().println("jfrtriage: serving " + server.uri() + " (data in " + config.dataDir()
                + (token != null ? "; token required" : "") + "); Ctrl-C stops it");
        spec.commandLine().getErr().flush();
        stopped.await();
        return 0;
    }

    static long size(String text) throws Errors.UsageException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("k")) {
            unit = 1L << 10;
        } else if (t.endsWith("m")) {
            unit = 1L << 20;
        } else if (t.endsWith("g")) {
            unit = 1L << 30;
        } else if (t.endsWith("t")) {
            unit = 1L << 40;
        }
        if (unit > 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t.trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new Errors.UsageException("'" + text + "' is not a size (e.g. 500m, 4g)");
        }
    }
}
