package org.jfrtriage.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jfrtriage.web.WebTesting.JSON;
import static org.jfrtriage.web.WebTesting.ROOT;
import static org.jfrtriage.web.WebTesting.SAMPLES;
import static org.jfrtriage.web.WebTesting.awaitAnalysis;
import static org.jfrtriage.web.WebTesting.client;
import static org.jfrtriage.web.WebTesting.cookies;
import static org.jfrtriage.web.WebTesting.get;
import static org.jfrtriage.web.WebTesting.idOf;
import static org.jfrtriage.web.WebTesting.raw;
import static org.jfrtriage.web.WebTesting.upload;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.report.CsvReport;
import org.jfrtriage.report.JsonReport;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;

/** Every route against a real Jetty on a free port, with real recordings; no browser (see BrowserTest). */
class WebServerTest {
    private static final Path HOTSPOT = SAMPLES.resolve("SyncMapHotspot-jdk25-profile.jfr");

    @TempDir
    Path data;

    @Test
    void anUploadIsAnalyzedAndServedInEveryFormatTheCliWrites() throws Exception {
        try (WebServer server = WebTesting.start(data)) {
            HttpResponse<String> posted = upload(server, HOTSPOT, "orders.jfr", "file");
            String id = idOf(posted);
            assertThat(awaitAnalysis(server, id)).isEqualTo("done");

            Triage cli = Playbook.standard().run(new Analyzer().analyze(HOTSPOT, "orders.jfr"));
            HttpResponse<String> json = get(server, "/recordings/" + id + "/report.json");
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(json.body()).isEqualTo(JsonReport.render(cli));
            assertThat(get(server, "/recordings/" + id + "/findings.csv").body()).isEqualTo(CsvReport.render(cli));

            HttpResponse<String> html = get(server, "/recordings/" + id + "/report.html");
            assertThat(html.headers().firstValue("Content-Disposition").orElse("")).contains("attachment").contains("orders-triage.html");
            assertThat(html.body()).contains("<!DOCTYPE html>").contains("FlameGraph");

            JsonNode view = JSON.readTree(get(server, "/recordings/" + id + "/view.json").body());
            assertThat(view.path("graphs").size()).isGreaterThan(0);
            assertThat(view.path("graphs").get(0).path("id").asText()).isEqualTo("lock");
            assertThat(view.path("timeline").path("seconds").asInt()).isGreaterThan(0);
            assertThat(view.path("highlight").asText()).isEqualTo("demo.pricing.SyncMapHotspot$PriceBook.quote");

            HttpResponse<byte[]> jfr = client().send(HttpRequest.newBuilder(server.uri().resolve("/recordings/" + id + "/recording.jfr")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(jfr.body()).isEqualTo(Files.readAllBytes(HOTSPOT));

            HttpResponse<String> page = get(server, "/recordings/" + id);
            assertThat(page.statusCode()).isEqualTo(200);
            String top = cli.findings().get(0).title();
            assertThat(page.body()).contains(escape(top)).contains("Step 1 — ").contains("Step 2 — ").contains("Step 3 — ")
                    .contains("Threads waiting at the peak").contains("/recordings/" + id + "/view.json");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");

            String list = get(server, "/").body();
            assertThat(list).contains("orders.jfr").contains(escape(cli.verdict())).contains("sev-critical");
        }
    }

    @Test
    void aGzipdUploadIsInflatedAndAnalyzedLikeTheCliDoes() throws Exception {
        Path gz = data.resolveSibling(data.getFileName() + "-orders.jfr.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(HOTSPOT, out);
        }
        try (WebServer server = WebTesting.start(data)) {
            String id = idOf(upload(server, gz, "orders.jfr.gz", "file"));
            assertThat(awaitAnalysis(server, id)).isEqualTo("done");
            Triage cli = Playbook.standard().run(new Analyzer().analyze(gz, "orders.jfr.gz"));
            String json = get(server, "/recordings/" + id + "/report.json").body();
            assertThat(json).isEqualTo(JsonReport.render(cli));
            assertThat(JSON.readTree(json).path("recording").path("compression").asText()).isEqualTo("gzip");
            assertThat(cli.findings()).isNotEmpty();
            assertThat(get(server, "/recordings/" + id).body()).contains("inflated from a gzip-compressed file");
        } finally {
            Files.deleteIfExists(gz);
        }
    }

    @Test
    void theSameFileTwiceIsRecognized() throws Exception {
        try (WebServer server = WebTesting.start(data)) {
            String first = idOf(upload(server, HOTSPOT, "a.jfr", "file"));
            HttpResponse<String> again = upload(server, HOTSPOT, "renamed.jfr", "file");
            assertThat(idOf(again)).isEqualTo(first);
            assertThat(again.headers().firstValue("Location").orElseThrow()).endsWith("?same=1");
            awaitAnalysis(server, first);
            assertThat(get(server, "/recordings/" + first + "?same=1").body()).contains("This file was uploaded before");
            assertThat(server.store().list()).hasSize(1);
        }
    }

    @Test
    void badUploadsGetAReadablePageAndLeaveNothingBehind() throws Exception {
        try (WebServer server = WebTesting.start(data)) {
            String good = idOf(upload(server, HOTSPOT, "good.jfr", "file"));

            HttpResponse<String> text = upload(server, ROOT.resolve("README.md"), "README.md", "file");
            assertThat(text.statusCode()).isEqualTo(415);
            assertThat(text.body()).contains("That is not a flight recording").contains("README.md: not a flight recording");

            HttpResponse<String> empty = upload(server, new byte[0], "empty.jfr", "file", false);
            assertThat(empty.statusCode()).isEqualTo(415);
            assertThat(empty.body()).contains("empty");

            byte[] garbage = new byte[4096];
            System.arraycopy("FLR\0".getBytes(StandardCharsets.ISO_8859_1), 0, garbage, 0, 4);
            Arrays.fill(garbage, 4, garbage.length, (byte) 0x7f);
            HttpResponse<String> damaged = upload(server, garbage, "damaged.jfr", "file", false);
            assertThat(damaged.statusCode()).isEqualTo(422);
            assertThat(damaged.body()).contains("damaged.jfr");

            // only the magic: a recording cut inside its first chunk header, not "not a recording"
            HttpResponse<String> cutHeader = upload(server, "FLR\0".getBytes(StandardCharsets.ISO_8859_1), "cut.jfr", "file", false);
            assertThat(cutHeader.statusCode()).isEqualTo(422);
            assertThat(cutHeader.body()).contains("cut inside its first chunk header (4 of 68 bytes)");

            HttpResponse<String> wrongField = upload(server, HOTSPOT, "x.jfr", "recording");
            assertThat(wrongField.statusCode()).isEqualTo(400);
            // no Accept header (a script, curl): the error is plain text, not an HTML page
            assertThat(wrongField.body()).contains("no field named 'file'");
            assertThat(upload(server, HOTSPOT, "x.jfr", "recording", "Accept", "text/html").body())
                    .contains(escape("no field named 'file'"));

            HttpResponse<String> notMultipart = client().send(HttpRequest.newBuilder(server.uri().resolve("/recordings"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(HOTSPOT)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(notMultipart.statusCode()).isEqualTo(415);
            assertThat(notMultipart.body()).contains("multipart/form-data");

            assertThat(get(server, "/recordings/aaaaaaaaaa").statusCode()).isEqualTo(404);
            assertThat(get(server, "/recordings/../../etc/passwd").statusCode()).isIn(400, 404);
            assertThat(get(server, "/nothing-here").body()).contains("there is no page at /nothing-here");
            HttpResponse<String> put = client().send(HttpRequest.newBuilder(server.uri().resolve("/"))
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(405);

            assertThat(awaitAnalysis(server, good)).isEqualTo("done");
            assertThat(server.store().list()).hasSize(1);
            try (Stream<Path> incoming = Files.list(server.store().incoming())) {
                assertThat(incoming).isEmpty();
            }
            assertThat(get(server, "/healthz").body()).isEqualTo("ok\n");
            assertThat(get(server, "/metrics").body()).contains("jfrtriage_uploads_total{outcome=\"not_a_recording\"} 2")
                    .contains("jfrtriage_uploads_total{outcome=\"unreadable\"} 2")
                    .contains("jfrtriage_http_server_errors_total 0");
        }
    }

    @Test
    void aTruncatedRecordingIsAnalyzedAsFarAsItGoes() throws Exception {
        byte[] whole = Files.readAllBytes(HOTSPOT);
        byte[] cut = Arrays.copyOf(whole, whole.length * 3 / 5);
        try (WebServer server = WebTesting.start(data)) {
            String id = idOf(upload(server, cut, "cut.jfr", "file", false));
            assertThat(awaitAnalysis(server, id)).isEqualTo("done");
            JsonNode report = JSON.readTree(get(server, "/recordings/" + id + "/report.json").body());
            assertThat(report.path("recording").path("complete").asBoolean()).isFalse();
            assertThat(get(server, "/recordings/" + id).body()).contains("warning-banner").contains("truncated");
            assertThat(get(server, "/").body()).contains("truncated");
        }
    }

    @Test
    void anUploadOverTheLimitIs413WithAndWithoutContentLength() throws Exception {
        try (WebServer server = WebTesting.start(data, null, 64 * 1024)) {
            byte[] big = Files.readAllBytes(HOTSPOT);
            assertThat(big.length).isGreaterThan(4 * 64 * 1024);
            HttpResponse<String> sized = upload(server, big, "big.jfr", "file", false);
            assertThat(sized.statusCode()).isEqualTo(413);
            assertThat(sized.body()).contains("That file is too large").contains("64.0 KB");
            HttpResponse<String> chunked = upload(server, big, "big.jfr", "file", true);
            assertThat(chunked.statusCode()).isEqualTo(413);
            assertThat(server.store().list()).isEmpty();
            WebTesting.await(() -> {
                try (Stream<Path> incoming = Files.list(server.store().incoming())) {
                    return incoming.findAny().isEmpty();
                } catch (java.io.IOException e) {
                    return false;
                }
            }, "the refused upload's part file to be deleted");
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRestartLosesNothingAndFinishesWhatWasQueued() throws Exception {
        String done;
        String queued;
        try (WebServer server = WebTesting.start(data)) {
            done = idOf(upload(server, HOTSPOT, "first.jfr", "file"));
            queued = idOf(upload(server, SAMPLES.resolve("CoarseRwLockStore-jdk25-profile.jfr"), "second.jfr", "file"));
            awaitAnalysis(server, done);
            awaitAnalysis(server, queued);
        }
        // as if the server had died mid-analysis: queued in meta.json, no outputs yet
        Path meta = data.resolve("recordings").resolve(queued).resolve("meta.json");
        Files.writeString(meta, Files.readString(meta).replace("\"DONE\"", "\"ANALYZING\""));
        Files.delete(data.resolve("recordings").resolve(queued).resolve("report.json"));

        try (WebServer server = WebTesting.start(data)) {
            assertThat(get(server, "/recordings/" + done).body()).contains("Step 2");
            assertThat(awaitAnalysis(server, queued)).isEqualTo("done");
            assertThat(get(server, "/recordings/" + queued + "/report.json").statusCode()).isEqualTo(200);
            String list = get(server, "/").body();
            assertThat(list.indexOf("second.jfr")).as("newest first").isLessThan(list.indexOf("first.jfr")).isPositive();
        }
    }

    @Test
    void postsFromOtherSitesOrWithoutTheFormTokenAreRefused() throws Exception {
        try (WebServer server = WebTesting.start(data)) {
            String id = idOf(upload(server, HOTSPOT, "a.jfr", "file"));
            awaitAnalysis(server, id);
            String delete = "/recordings/" + id + "/delete";

            HttpResponse<String> foreign = post(server, delete, "_csrf=x", "Origin", "http://evil.example");
            assertThat(foreign.statusCode()).isEqualTo(403);
            HttpResponse<String> crossSite = post(server, delete, "", "Sec-Fetch-Site", "cross-site");
            assertThat(crossSite.statusCode()).isEqualTo(403);
            HttpResponse<String> foreignUpload = upload(server, HOTSPOT, "b.jfr", "file", "Origin", "http://evil.example");
            assertThat(foreignUpload.statusCode()).isEqualTo(403);

            HttpResponse<String> page = get(server, "/recordings/" + id);
            String cookie = cookies(page);
            Matcher token = Pattern.compile("name=\"_csrf\" value=\"([0-9a-f]{64})\"").matcher(page.body());
            assertThat(token.find()).isTrue();
            HttpResponse<String> noToken = post(server, delete, "", "Cookie", cookie, "Origin", server.uri().toString().replaceAll("/$", ""));
            assertThat(noToken.statusCode()).isEqualTo(403);
            assertThat(noToken.body()).contains("security token");
            HttpResponse<String> wrongToken = post(server, delete, "_csrf=" + "0".repeat(64), "Cookie", cookie);
            assertThat(wrongToken.statusCode()).isEqualTo(403);
            assertThat(server.store().get(id)).isPresent();

            HttpResponse<String> ok = post(server, delete, "_csrf=" + token.group(1), "Cookie", cookie,
                    "Origin", server.uri().toString().replaceAll("/$", ""));
            assertThat(ok.statusCode()).isEqualTo(303);
            assertThat(server.store().get(id)).isEmpty();
            assertThat(Files.exists(data.resolve("recordings").resolve(id))).isFalse();
        }
    }

    @Test
    void withoutATokenOnlyLoopbackNamesAreAnswered() throws Exception {
        try (WebServer server = WebTesting.start(data)) {
            int port = server.uri().getPort();
            String rebound = raw(server, "GET / HTTP/1.1\r\nHost: attacker.example:" + port + "\r\nConnection: close\r\n\r\n");
            assertThat(rebound).startsWith("HTTP/1.1 403");
            String local = raw(server, "GET / HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n");
            assertThat(local).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aTokenGuardsEverythingButHealth() throws Exception {
        String token = "s3cret-token-for-tests";
        try (WebServer server = WebTesting.start(data, token, WebConfig.DEFAULT_MAX_UPLOAD)) {
            assertThat(get(server, "/").statusCode()).isEqualTo(401);
            HttpResponse<String> browser = get(server, "/", "Accept", "text/html");
            assertThat(browser.statusCode()).isEqualTo(401);
            assertThat(browser.body()).contains("needs its access token");
            assertThat(get(server, "/metrics").statusCode()).isEqualTo(401);
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(server, "/", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
            assertThat(get(server, "/", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);

            HttpResponse<String> upload = upload(server, HOTSPOT, "a.jfr", "file", "Authorization", "Bearer " + token);
            assertThat(upload.statusCode()).isEqualTo(303);
            assertThat(upload(server, HOTSPOT, "a.jfr", "file").statusCode()).isEqualTo(401);

            assertThat(post(server, "/login", "token=wrong").statusCode()).isEqualTo(401);
            HttpResponse<String> login = post(server, "/login", "token=" + token);
            assertThat(login.statusCode()).isEqualTo(303);
            assertThat(login.headers().firstValue("Set-Cookie").orElse("")).contains("HttpOnly").contains("SameSite=Strict");
            assertThat(get(server, "/", "Cookie", cookies(login)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPublicAddressNeedsATokenOrInsecure() throws Exception {
        assertThatThrownBy(() -> WebServer.start(new WebConfig("0.0.0.0", 0, data, null, false, 1 << 20, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--auth-token");
        assertThatThrownBy(() -> WebServer.start(new WebConfig("0.0.0.0", 0, data, "short", false, 1 << 20, 1)))
                .hasMessageContaining("at least 16");
        try (WebServer server = WebServer.start(new WebConfig("0.0.0.0", 0, data, null, true, 1 << 20, 1))) {
            // reachable by anyone on purpose: by whatever name they use
            String byName = raw(server, "GET /healthz HTTP/1.1\r\nHost: build-box.example:" + server.uri().getPort()
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(byName).startsWith("HTTP/1.1 200");
            String page = raw(server, "GET / HTTP/1.1\r\nHost: build-box.example\r\nConnection: close\r\n\r\n");
            assertThat(page).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void namesFromTheRecordingAreEscapedEverywhere(@TempDir Path work) throws Exception {
        Path hostile = HostileRecording.create(work);
        try (WebServer server = WebTesting.start(data)) {
            String id = idOf(upload(server, hostile, "<img src=x onerror=window.__xss=5>.jfr", "file"));
            assertThat(awaitAnalysis(server, id)).isEqualTo("done");
            for (String path : new String[] {"/recordings/" + id, "/"}) {
                String body = get(server, path).body();
                assertThat(body).doesNotContain("<script>window.__xss").doesNotContain("<img src=x");
                assertThat(body).contains("&lt;img src=x onerror=window.__xss=5&gt;.jfr");
            }
            String report = get(server, "/recordings/" + id).body();
            // the payloads are on the page, as text
            assertThat(report).contains("&lt;script&gt;window.__xss=1&lt;/script&gt;-")
                    .contains("&quot;&gt;&lt;img src=x onerror=window.__xss=4&gt;&lt;script&gt;window.__xss=3&lt;/script&gt;");
            assertThat(get(server, "/recordings/" + id + "/view.json").body()).contains("window.__xss=3");
            assertThat(get(server, "/metrics").body()).contains("name=\"<img src=x onerror=window.__xss=5>.jfr\"");
        }
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        try (WebServer server = WebTesting.start(data)) {
            String id = idOf(upload(server, HOTSPOT, "a.jfr", "file"));
            awaitAnalysis(server, id);
            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(metrics.body()).contains("# TYPE jfrtriage_recordings gauge")
                    .contains("jfrtriage_recordings{status=\"done\"} 1")
                    .contains("jfrtriage_uploads_total{outcome=\"accepted\"} 1")
                    .contains("jfrtriage_analyses_total{outcome=\"done\"} 1")
                    .contains("jfrtriage_recording_severity{id=\"" + id + "\",name=\"a.jfr\"} 3");
            for (String line : metrics.body().split("\n")) {
                assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{.*\\})? [0-9.eE+-]+");
            }
        }
    }

    /** Scripts: JSON in, JSON out; curl gets plain text; browsers keep the pages; finished analyses say what they took. */
    @Test
    void scriptsGetJsonCurlGetsTextBrowsersGetPages() throws Exception {
        try (WebServer server = WebTesting.start(data)) {
            HttpResponse<String> created = upload(server, HOTSPOT, "api.jfr", "file", "Accept", "application/json");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode body = JSON.readTree(created.body());
            String id = body.path("id").asText();
            assertThat(id).matches("[a-z2-7]{10}");
            assertThat(body.path("url").asText()).isEqualTo("/recordings/" + id);
            assertThat(body.path("status").asText()).isIn("queued", "analyzing", "done");
            assertThat(created.headers().firstValue("Location").orElse("")).endsWith("/recordings/" + id);
            HttpResponse<String> again = upload(server, HOTSPOT, "api.jfr", "file", "Accept", "application/json");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(again.body()).path("duplicate").asBoolean()).isTrue();
            // the digest taken while the upload arrived is the file's own
            JsonNode meta = JSON.readTree(data.resolve("recordings").resolve(id).resolve(RecordingStore.META).toFile());
            assertThat(meta.path("sha256").asText()).isEqualTo(RecordingStore.sha256(HOTSPOT));

            HttpResponse<String> jsonError = upload(server, ROOT.resolve("README.md"), "README.md", "file", "Accept", "application/json");
            assertThat(jsonError.statusCode()).isEqualTo(415);
            assertThat(jsonError.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(JSON.readTree(jsonError.body()).path("status").asInt()).isEqualTo(415);
            assertThat(JSON.readTree(jsonError.body()).path("error").asText()).contains("README.md: not a flight recording");

            HttpResponse<String> curl = upload(server, ROOT.resolve("README.md"), "README.md", "file", "Accept", "*/*");
            assertThat(curl.statusCode()).isEqualTo(415);
            assertThat(curl.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(curl.body()).startsWith("That is not a flight recording: ").doesNotContain("<");
            HttpResponse<String> browser = get(server, "/recordings/zzzzzzzzzz", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
            assertThat(browser.statusCode()).isEqualTo(404);
            assertThat(browser.body()).contains("<!DOCTYPE html>");

            awaitAnalysis(server, id);
            JsonNode status = JSON.readTree(get(server, "/recordings/" + id + "/status").body());
            assertThat(status.path("status").asText()).isEqualTo("done");
            assertThat(status.path("elapsedMs").asLong()).as("what the analysis took, not 0").isPositive();
        }
    }

    /** Jetty's own answers to malformed requests carry the same security headers as our pages. */
    @Test
    void jettysOwnErrorPagesCarryTheSecurityHeaders() throws Exception {
        try (WebServer server = WebTesting.start(data)) {
            int port = server.uri().getPort();
            String tooLong = raw(server, "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(tooLong).startsWith("HTTP/1.1 414");
            String bad = raw(server, "GET / HTTP/1.1\r\nHost: localhost:" + port + "\r\nBad Header\r\nConnection: close\r\n\r\n");
            assertThat(bad).startsWith("HTTP/1.1 400");
            for (String answer : new String[] {tooLong, bad}) {
                String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
                assertThat(head).contains("content-security-policy: default-src 'self'").contains("x-content-type-options: nosniff")
                        .contains("x-frame-options: deny").contains("referrer-policy: no-referrer");
            }
        }
    }

    @Test
    void unrelatedRecordingsAreNotComparedUnlessAskedTo() throws Exception {
        Path recordings = ROOT.resolve("sample-recordings/recordings");
        try (WebServer server = WebTesting.start(data)) {
            String before = idOf(upload(server, recordings.resolve("SyncMapHotspot-jdk17-default.jfr"), "sync.jfr", "file"));
            String after = idOf(upload(server, recordings.resolve("PoolStarvation-async-profiler.jfr"), "pool.jfr", "file"));
            awaitAnalysis(server, before);
            awaitAnalysis(server, after);
            String url = "/diff?before=" + before + "&after=" + after;
            String page = get(server, url).body();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (page.contains("Comparing…") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                page = get(server, url).body();
            }
            assertThat(page).contains("not comparable: different applications (before SyncMapHotspot.java, after PoolStarvation.java)")
                    .contains("compare anyway").doesNotContain("verdict-resolved").doesNotContain("the fix moved");
            String forced = get(server, url + "&force=1").body();
            assertThat(forced).contains("(compared anyway)").contains("<tr class=\"verdict-");
        }
    }

    @Test
    void theDiffSaysWhetherTheFixWorked() throws Exception {
        Path pairs = ROOT.resolve("sample-recordings/pairs");
        try (WebServer server = WebTesting.start(data)) {
            String before = idOf(upload(server, pairs.resolve("registry-to-chm-before.jfr"), "before.jfr", "file"));
            String after = idOf(upload(server, pairs.resolve("registry-to-chm-after.jfr"), "after.jfr", "file"));
            awaitAnalysis(server, before);
            awaitAnalysis(server, after);
            String url = "/diff?before=" + before + "&after=" + after;
            String page = get(server, url).body();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (page.contains("Comparing…") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                page = get(server, url).body();
            }
            assertThat(page).contains("the fix worked").contains("verdict-resolved").contains("SyncRegistrySweep$SessionRegistry.touch");
            JsonNode view = JSON.readTree(get(server, "/diff/view.json?before=" + before + "&after=" + after).body());
            assertThat(view.path("graphs").size()).isPositive();
            assertThat(view.path("graphs").get(0).path("tree").toString()).contains("\"b\"").contains("\"a\"");

            assertThat(get(server, "/diff?before=" + before + "&after=" + before).statusCode()).isEqualTo(400);
            assertThat(get(server, "/diff?before=" + before + "&after=zzzzzzzzzz").statusCode()).isEqualTo(404);
            assertThat(get(server, "/diff").body()).contains("Pick a recording from before the fix");
        }
    }

    @Test
    void aLiveJvmIsListedRecordedAndAnalyzed() throws Exception {
        Path workload = ROOT.resolve("sample-recordings/workloads/demo/pricing/SyncMapHotspot.java");
        Path log = Files.createTempFile("jfrtriage-test-workload-", ".log");
        // the workload's temp files (the JFR repository of the recording the page starts) in a folder of ours,
        // removed at the end: a killed JVM leaves its repository behind
        Path jvmTmp = Files.createTempDirectory("jfrtriage-test-jvm-");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + jvmTmp, workload.toString(), "300")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (WebServer server = WebTesting.start(data)) {
            String pid = Long.toString(jvm.pid());
            WebTesting.await(() -> {
                try {
                    return get(server, "/jvms").body().contains(">" + pid + "<") && jvm.isAlive();
                } catch (Exception e) {
                    return false;
                }
            }, "the workload JVM to be listed");
            WebTesting.await(() -> { // past the source launcher's compile, into the contention
                try {
                    return Files.readString(log).contains("request threads running");
                } catch (java.io.IOException e) {
                    return false;
                }
            }, "the workload's request threads to run");
            // the sick JVM stands out: uptime and the CPU it burns, beside its pid
            assertThat(get(server, "/jvms").body()).containsPattern("(?s)>" + pid + "<.*?<td class=\"num\">[0-9]+[smhd][0-9hm]*</td>"
                    + "\\s*<td class=\"num cpu\">[0-9.]+%</td>");
            assertThat(post(server, "/jvms/" + pid + "/record", "seconds=0").statusCode()).isEqualTo(400);
            assertThat(post(server, "/jvms/999999999/record", "seconds=2").statusCode()).isEqualTo(404);
            HttpResponse<String> started = post(server, "/jvms/" + pid + "/record", "seconds=2&engine=jfr");
            String id = idOf(started);
            assertThat(get(server, "/recordings/" + id).body()).contains("Recording the JVM");
            assertThat(awaitAnalysis(server, id)).isEqualTo("done");
            JsonNode report = JSON.readTree(get(server, "/recordings/" + id + "/report.json").body());
            assertThat(report.path("findings").size()).as("findings of the live recording").isPositive();
            assertThat(report.path("findings").get(0).path("site").path("method").asText()).isEqualTo("quote");
            assertThat(get(server, "/").body()).contains("pid " + pid).contains("live");
        } finally {
            jvm.destroy(); // shutting down, it removes its attach socket in /tmp; killed, it would not
            if (!jvm.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                jvm.destroyForcibly().waitFor(15, java.util.concurrent.TimeUnit.SECONDS);
                if (!jvm.isAlive()) {
                    // killed on a busy machine: the socket our attach made it open is ours to remove
                    Files.deleteIfExists(Path.of("/tmp/.java_pid" + jvm.pid()));
                }
            }
            Files.deleteIfExists(log);
            try (var files = Files.walk(jvmTmp)) {
                for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    static HttpResponse<String> post(WebServer server, String path, String form, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
