package org.jfrtriage.web;

import java.nio.file.Path;

/**
 * How {@code serve} runs.
 *
 * @param bind           the address to listen on; anything but loopback needs {@code authToken} or {@code insecure}
 * @param port           0 picks a free port
 * @param dataDir        where recordings and their analyses live (created if missing)
 * @param authToken      required of every client when set (null: none)
 * @param insecure       serve a non-loopback address without a token, knowingly
 * @param maxUploadBytes larger uploads are answered 413
 * @param workers        recordings analyzed at once (each holds a profile in memory)
 */
public record WebConfig(String bind, int port, Path dataDir, String authToken, boolean insecure, long maxUploadBytes,
                        int workers) {
    public static final long DEFAULT_MAX_UPLOAD = 4L << 30;

    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".jfrtriage", "data");
    }

    /** One worker per two cores, at least one: an analysis already uses a second core for reading ahead. */
    public static int defaultWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
}
