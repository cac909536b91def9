package org.jfrtriage.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A real server on a free port over a temporary data directory, and the HTTP a browser or curl would send it. */
final class WebTesting {
    static final Path ROOT = Path.of(System.getProperty("jfrtriage.root", ".."));
    static final Path SAMPLES = ROOT.resolve("sample-recordings/recordings");
    static final ObjectMapper JSON = new ObjectMapper();

    private WebTesting() {
    }

    static WebServer start(Path data) throws Exception {
        return start(data, null, WebConfig.DEFAULT_MAX_UPLOAD);
    }

    static WebServer start(Path data, String token, long maxUpload) throws Exception {
        return WebServer.start(new WebConfig("127.0.0.1", 0, data, token, false, maxUpload, 1));
    }

    static HttpClient client() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpResponse<String> get(WebServer server, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(60)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart/form-data upload of {@code file} in the field {@code field}, as a browser form or curl -F sends it. */
    static HttpResponse<String> upload(WebServer server, Path file, String fileName, String field, String... headers)
            throws Exception {
        return upload(server, Files.readAllBytes(file), fileName, field, false, headers);
    }

    static HttpResponse<String> upload(WebServer server, byte[] content, String fileName, String field, boolean chunked,
                                       String... headers) throws Exception {
        String boundary = "----jfrtriage" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve("/recordings")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(publisher);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String idOf(HttpResponse<?> redirect) {
        assertThat(redirect.statusCode()).as("upload answered %s", redirect.statusCode()).isEqualTo(303);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        Matcher m = Pattern.compile("/recordings/([a-z2-7]{10})").matcher(location);
        assertThat(m.find()).as(location).isTrue();
        return m.group(1);
    }

    /** Polls the recording's status until its analysis has finished; returns the final status. */
    static String awaitAnalysis(WebServer server, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            JsonNode status = JSON.readTree(get(server, "/recordings/" + id + "/status").body());
            String s = status.path("status").asText();
            if (s.equals("done") || s.equals("failed")) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the analysis of " + id + " did not finish within 180 s");
    }

    static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // a busy machine; ends when it holds
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /**
     * A raw HTTP/1.1 exchange, for what HttpClient will not send (a foreign Host header). Returns the status line
     * and headers and body as text.
     */
    static String raw(WebServer server, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Cookies a response sets, as "name=value" pairs for a Cookie header. */
    static String cookies(HttpResponse<?> response) {
        List<String> pairs = new ArrayList<>();
        for (String c : response.headers().allValues("Set-Cookie")) {
            pairs.add(c.substring(0, c.indexOf(';')));
        }
        return String.join("; ", pairs);
    }

    static URI uri(WebServer server, String path) {
        return server.uri().resolve(path);
    }
}
