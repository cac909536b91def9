package org.jfrtriage.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import org.jfrtriage.web.Http.HttpError;

/** The assets family: {@code /assets/NAME}, the scripts and styles of the pages, cached in memory once read. */
final class AssetRoutes {
    private static final Map<String, String> ASSETS = Map.of(
            "web.css", "/org/jfrtriage/web/static/web.css",
            "web.js", "/org/jfrtriage/web/static/web.js",
            "flamegraph.js", "/org/jfrtriage/report/assets/flamegraph.js",
            "timeline.js", "/org/jfrtriage/report/assets/timeline.js",
            "lanes.js", "/org/jfrtriage/report/assets/lanes.js",
            "report.css", "/org/jfrtriage/report/assets/report.css");

    private final Map<String, byte[]> assetCache = new HashMap<>();

    void asset(Response response, Callback callback, String name) throws HttpError {
        String resource = ASSETS.get(name);
        if (resource == null) {
            throw new HttpError(404, "no such asset");
        }
        byte[] bytes;
        synchronized (assetCache) {
            bytes = assetCache.computeIfAbsent(name, n -> {
                try (InputStream in = AssetRoutes.class.getResourceAsStream(resource)) {
                    return in == null ? null : in.readAllBytes();
                } catch (IOException e) {
                    return null;
                }
            });
        }
        if (bytes == null) {
            throw new HttpError(404, "asset " + name + " is missing from this build");
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, name.endsWith(".css") ? "text/css; charset=utf-8"
                : "text/javascript; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=3600");
        response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
    }
}
