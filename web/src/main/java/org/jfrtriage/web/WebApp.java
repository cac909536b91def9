package org.jfrtriage.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.read.InflatedRecording;
import org.jfrtriage.collector.JvmDescriptor;
import org.jfrtriage.collector.LocalJvms;
import org.jfrtriage.report.PrometheusMetrics;
import org.jfrtriage.report.ToolInfo;
import org.jfrtriage.rules.model.Units;

/**
 * Every route of the web UI (see CONTRACT.md). Pages are Thymeleaf templates over plain maps; data for the flame
 * graphs and the timeline is fetched as JSON by {@code /assets/web.js}. Bad input of any kind is answered with a
 * readable page and a 4xx status; only a bug is a 500, and it never takes the server or other recordings down.
 */
final class WebApp extends Handler.Abstract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RECORDING = Pattern.compile("/recordings/([a-z2-7]{10})(/[a-z.]+)?");
    private static final Pattern JVM_RECORD = Pattern.compile("/jvms/(\\d{1,10})/record");
    /** Room for the multipart framing and small fields around the file. */
    private static final long MULTIPART_OVERHEAD = 1 << 20;
    private static final Map<String, String> ASSETS = Map.of(
            "web.css", "/org/jfrtriage/web/static/web.css",
            "web.js", "/org/jfrtriage/web/static/web.js",
            "flamegraph.js", "/org/jfrtriage/report/assets/flamegraph.js",
            "timeline.js", "/org/jfrtriage/report/assets/timeline.js",
            "report.css", "/org/jfrtriage/report/assets/report.css");
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final WebConfig config;
    private final RecordingStore store;
    private final Analyses analyses;
    private final LiveRecordings live;
    private final Guard guard;
    private final Pages pages = new Pages();
    private final Map<String, byte[]> assetCache = new HashMap<>();
    private final Map<String, AtomicLong> uploads = new LinkedHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();

    WebApp(WebConfig config, RecordingStore store, Analyses analyses, LiveRecordings live) {
        this.config = config;
        this.store = store;
        this.analyses = analyses;
        this.live = live;
        this.guard = new Guard(config.authToken(), config.bind(), config.insecure());
        for (String outcome : List.of("accepted", "duplicate", "too_large", "not_a_recording", "unreadable", "bad_request")) {
            uploads.put(outcome, new AtomicLong());
        }
    }

    /** An answer other than the page asked for: status and one readable message. */
    static final class HttpError extends Exception {
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** The headers every answer carries, ours and Jetty's own error pages alike. */
    static void secureHeaders(Response response) {
        response.getHeaders().put("Content-Security-Policy", CSP);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put("X-Frame-Options", "DENY");
    }

    /** What a client reads: a script asks for JSON, a browser for HTML; anything else (curl) gets plain text. */
    enum Answer { HTML, JSON, TEXT }

    static Answer answerFor(Request request) {
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        if (accept == null) {
            return Answer.TEXT;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        int json = a.indexOf("application/json");
        int html = a.indexOf("text/html");
        if (json >= 0 && (html < 0 || json < html)) {
            return Answer.JSON;
        }
        return html >= 0 ? Answer.HTML : Answer.TEXT;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        requests.incrementAndGet();
        secureHeaders(response);
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            route(request, response, callback, path, method);
        } catch (HttpError e) {
            if (method.equals("POST")) {
                discardBody(request, response);
            }
            errorPage(request, response, callback, e.status, e.getMessage());
        } catch (Exception | OutOfMemoryError e) {
            serverErrors.incrementAndGet();
            System.err.println("jfrtriage serve: " + method + " " + path + " failed: " + e);
            e.printStackTrace();
            errorPage(request, response, callback, 500, "the server could not answer this request (" + e.getClass().getSimpleName()
                    + "); the other recordings are unaffected");
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback, String path, String method) throws Exception {
        if (path.equals("/healthz")) {
            text(response, callback, 200, "text/plain; charset=utf-8", "ok\n");
            return;
        }
        if (path.startsWith("/assets/")) {
            asset(response, callback, path.substring("/assets/".length()));
            return;
        }
        if (!guard.hostAllowed(request)) {
            throw new HttpError(403, "this server answers only requests addressed to this machine by a loopback name "
                    + "(start it with --auth-token to serve other names)");
        }
        if (path.equals("/login")) {
            login(request, response, callback, method);
            return;
        }
        if (!guard.authenticated(request)) {
            if (wantsHtml(request)) {
                response.setStatus(401);
                page(request, response, callback, 401, "login", Map.of("failed", false));
                return;
            }
            throw new HttpError(401, "an auth token is required: send Authorization: Bearer TOKEN");
        }
        if (method.equals("POST")) {
            String refusal = guard.csrfRefusal(request, formToken(request));
            if (refusal != null) {
                throw new HttpError(403, refusal);
            }
        }
        if (path.equals("/") || path.equals("/recordings") && method.equals("GET")) {
            requireMethod(method, "GET");
            index(request, response, callback, null);
        } else if (path.equals("/recordings")) {
            requireMethod(method, "POST");
            upload(request, response, callback);
        } else if (path.equals("/diff")) {
            requireMethod(method, "GET");
            diff(request, response, callback, false);
        } else if (path.equals("/diff/view.json")) {
            requireMethod(method, "GET");
            diff(request, response, callback, true);
        } else if (path.equals("/jvms")) {
            requireMethod(method, "GET");
            requireLocal(request);
            jvms(request, response, callback);
        } else if (path.equals("/metrics")) {
            requireMethod(method, "GET");
            text(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", metrics());
        } else {
            Matcher rec = RECORDING.matcher(path);
            Matcher jvm = JVM_RECORD.matcher(path);
            if (rec.matches()) {
                recording(request, response, callback, method, rec.group(1), rec.group(2));
            } else if (jvm.matches()) {
                requireMethod(method, "POST");
                requireLocal(request);
                record(request, response, callback, Long.parseLong(jvm.group(1)));
            } else {
                throw new HttpError(404, "there is no page at " + path);
            }
        }
    }

    // ---- recordings list and upload ---------------------------------------------------------------------------

    private void index(Request request, Response response, Callback callback, String notice) throws Exception {
        List<RecordingMeta> all = store.list();
        Map<String, Object> model = new HashMap<>();
        model.put("recordings", all.stream().map(Views::row).toList());
        model.put("analyzed", all.stream().filter(m -> m.status() == RecordingMeta.Status.DONE).map(Views::row).toList());
        model.put("maxUpload", Units.bytes(config.maxUploadBytes()));
        model.put("maxUploadBytes", config.maxUploadBytes());
        model.put("notice", notice);
        page(request, response, callback, 200, "index", model);
    }

    private void upload(Request request, Response response, Callback callback) throws Exception {
        long limit = config.maxUploadBytes();
        long length = request.getLength();
        if (length > limit + MULTIPART_OVERHEAD) {
            uploads.get("too_large").incrementAndGet();
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            throw new HttpError(413, "the upload is " + Units.bytes(length) + "; this server takes recordings up to "
                    + Units.bytes(limit) + " (serve --max-upload)");
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            uploads.get("bad_request").incrementAndGet();
            throw new HttpError(415, "send the recording as multipart/form-data in the field 'file' "
                    + "(curl -F file=@recording.jfr …)");
        }
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty()) {
            uploads.get("bad_request").incrementAndGet();
            throw new HttpError(400, "the multipart upload has no boundary");
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setFilesDirectory(store.incoming());
        parser.setMaxMemoryFileSize(0); // every part goes to disk as it arrives: nothing is held in memory
        parser.setMaxFileSize(limit);
        parser.setMaxLength(limit + MULTIPART_OVERHEAD);
        parser.setMaxParts(8);
        MultiPartFormData.Parts parts;
        try {
            parts = parser.parse(request).get();
        } catch (ExecutionException e) {
            String why = String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()).toLowerCase(Locale.ROOT);
            if (why.contains("max") && (why.contains("size") || why.contains("length") || why.contains("exceed"))) {
                uploads.get("too_large").incrementAndGet();
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                throw new HttpError(413, "the upload is larger than " + Units.bytes(limit) + ", the most this server takes "
                        + "(serve --max-upload)");
            }
            if (why.contains("no space left")) {
                throw new HttpError(507, "the server's data directory is full (" + store.root() + "); nothing was kept");
            }
            uploads.get("bad_request").incrementAndGet();
            throw new HttpError(400, "the upload could not be read as multipart/form-data: " + why);
        }
        Path received = store.incoming().resolve("upload-" + System.nanoTime() + "-" + Thread.currentThread().getId() + ".jfr");
        try (parts) {
            MultiPart.Part part = parts.getFirst("file");
            if (part == null) {
                uploads.get("bad_request").incrementAndGet();
                throw new HttpError(400, "the upload has no field named 'file'");
            }
            String name = displayName(part.getFileName());
            part.writeTo(received);
            try {
                org.jfrtriage.analyzer.Analyzer.refuseCutHeader(received);
                InflatedRecording.probe(received);
            } catch (RecordingException e) {
                String why = e.getMessage().replace(received.toString(), name);
                boolean notJfr = why.contains("not a flight recording");
                uploads.get(notJfr ? "not_a_recording" : "unreadable").incrementAndGet();
                throw new HttpError(notJfr ? 415 : 422, why);
            }
            String sha = RecordingStore.sha256(received);
            RecordingStore.Added added = store.add(received, name, "upload", sha);
            if (added.isNew()) {
                uploads.get("accepted").incrementAndGet();
                analyses.submit(added.meta());
            } else {
                uploads.get("duplicate").incrementAndGet();
            }
            String url = "/recordings/" + added.meta().id();
            if (answerFor(request) == Answer.JSON) {
                // a script gets what it needs to poll: 201 for a new recording, 200 for one the server already had
                ObjectNode created = JSON.createObjectNode();
                created.put("id", added.meta().id());
                created.put("url", url);
                created.put("status", store.get(added.meta().id()).map(m -> m.status().label()).orElse(added.meta().status().label()));
                created.put("statusUrl", url + "/status");
                created.put("reportUrl", url + "/report.json");
                created.put("duplicate", !added.isNew());
                response.getHeaders().put(HttpHeader.LOCATION, url);
                text(response, callback, added.isNew() ? 201 : 200, "application/json", JSON.writeValueAsString(created) + "\n");
            } else {
                Response.sendRedirect(request, response, callback, 303, url + (added.isNew() ? "" : "?same=1"), true);
            }
        } finally {
            Files.deleteIfExists(received);
        }
    }

    /** An upload's file name, for display only: no folders, no control characters, not too long. */
    static String displayName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return "upload.jfr";
        }
        String name = fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        name = name.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]", "").strip();
        if (name.length() > 160) {
            name = name.substring(0, 159) + "…";
        }
        return name.isEmpty() ? "upload.jfr" : name;
    }

    // ---- one recording ------------------------------------------------------------------------------------------

    private void recording(Request request, Response response, Callback callback, String method, String id, String sub)
            throws Exception {
        RecordingMeta meta = store.get(id).orElseThrow(() -> new HttpError(404, "there is no recording " + id
                + " (it may have been deleted)"));
        if ("/delete".equals(sub)) {
            requireMethod(method, "POST");
            store.delete(id);
            Response.sendRedirect(request, response, callback, 303, "/", true);
            return;
        }
        requireMethod(method, "GET");
        if (sub == null) {
            if (meta.status() == RecordingMeta.Status.DONE) {
                reportPage(request, response, callback, meta);
            } else {
                pendingPage(request, response, callback, meta);
            }
            return;
        }
        if (sub.equals("/status")) {
            ObjectNode status = JSON.createObjectNode();
            status.put("id", id);
            status.put("status", meta.status().label());
            status.put("error", meta.error());
            Long started = analyses.startedAt(id);
            // running: so far; finished: what the analysis took; queued or recording: 0
            status.put("elapsedMs", started != null ? System.currentTimeMillis() - started
                    : meta.summary() != null ? meta.summary().analysisMs() : 0);
            text(response, callback, 200, "application/json", JSON.writeValueAsString(status));
            return;
        }
        if (sub.equals("/recording.jfr")) {
            if (meta.status() == RecordingMeta.Status.RECORDING) {
                throw new HttpError(409, "the JVM is still being recorded");
            }
            download(response, callback, store.file(id), "application/octet-stream", downloadName(meta, ".jfr"));
            return;
        }
        String file;
        String type;
        switch (sub) {
            case "/report.json": file = Analyses.REPORT_JSON; type = "application/json"; break;
            case "/findings.csv": file = Analyses.FINDINGS_CSV; type = "text/csv; charset=utf-8"; break;
            case "/report.html": file = Analyses.REPORT_HTML; type = "text/html; charset=utf-8"; break;
            case "/view.json": file = Analyses.VIEW_JSON; type = "application/json"; break;
            default: throw new HttpError(404, "there is no page at /recordings/" + id + sub);
        }
        if (meta.status() != RecordingMeta.Status.DONE) {
            throw new HttpError(409, meta.status() == RecordingMeta.Status.FAILED ? "the analysis failed: " + meta.error()
                    : "the analysis is not finished yet (" + meta.status().label() + ")");
        }
        Path out = store.output(id, file);
        if (file.equals(Analyses.REPORT_HTML)) {
            // a self-contained file to keep: as a download, so its inline scripts never run under this origin
            download(response, callback, out, type, downloadName(meta, ".html"));
        } else {
            download(response, callback, out, type, sub.equals("/view.json") ? null : downloadName(meta, sub.substring(sub.indexOf('.'))));
        }
    }

    private static String downloadName(RecordingMeta meta, String extension) {
        String base = meta.name().replaceAll("\\.jfr$", "").replaceAll("[^A-Za-z0-9._-]+", "_");
        if (base.isEmpty() || base.length() > 80) {
            base = meta.id();
        }
        return base + (extension.equals(".jfr") ? ".jfr" : "-triage" + extension);
    }

    private void reportPage(Request request, Response response, Callback callback, RecordingMeta meta) throws Exception {
        JsonNode report = JSON.readTree(store.output(meta.id(), Analyses.REPORT_JSON).toFile());
        Map<String, Object> model = new HashMap<>(Views.report(report));
        model.put("id", meta.id());
        model.put("name", meta.name());
        model.put("received", Views.when(meta.createdAt()));
        model.put("size", Units.bytes(meta.size()));
        model.put("sourceKind", meta.source());
        model.put("analysisMs", meta.summary() == null ? 0 : meta.summary().analysisMs());
        model.put("same", "1".equals(Request.extractQueryParameters(request).getValue("same")));
        model.put("others", store.list().stream().filter(m -> m.status() == RecordingMeta.Status.DONE && !m.id().equals(meta.id()))
                .map(Views::row).toList());
        page(request, response, callback, 200, "report", model);
    }

    private void pendingPage(Request request, Response response, Callback callback, RecordingMeta meta) throws Exception {
        Map<String, Object> model = new HashMap<>();
        model.put("id", meta.id());
        model.put("name", meta.name());
        model.put("status", meta.status().label());
        model.put("failed", meta.status() == RecordingMeta.Status.FAILED);
        model.put("error", meta.error());
        model.put("size", Units.bytes(meta.size()));
        Long started = analyses.startedAt(meta.id());
        long elapsedMs = started == null ? 0 : System.currentTimeMillis() - started;
        model.put("elapsed", started == null ? "" : Units.nanos(elapsedMs * 1_000_000L));
        // an estimate from the file's size and this server's past speed: the reader reports no progress of its own
        long expectedMs = Math.max(500, (long) (meta.size() / analyses.bytesPerMilli()));
        model.put("percent", started == null ? 0 : Math.min(95, 100 * elapsedMs / expectedMs));
        model.put("left", started == null ? "" : elapsedMs >= expectedMs ? "almost done"
                : "about " + Units.nanos((expectedMs - elapsedMs) * 1_000_000L) + " left");
        model.put("queue", analyses.queueLength());
        model.put("received", Views.when(meta.createdAt()));
        page(request, response, callback, 200, "pending", model);
    }

    // ---- diff ---------------------------------------------------------------------------------------------------

    private void diff(Request request, Response response, Callback callback, boolean viewJson) throws Exception {
        Fields query = Request.extractQueryParameters(request);
        String beforeId = query.getValue("before");
        String afterId = query.getValue("after");
        if (beforeId == null || afterId == null || beforeId.isEmpty() || afterId.isEmpty()) {
            if (viewJson) {
                throw new HttpError(400, "name two recordings: /diff?before=ID&after=ID");
            }
            index(request, response, callback, "Pick a recording from before the fix and one from after it to compare them.");
            return;
        }
        RecordingMeta before = analyzed(beforeId, "before");
        RecordingMeta after = analyzed(afterId, "after");
        if (before.id().equals(after.id())) {
            throw new HttpError(400, "pick two different recordings to compare");
        }
        CompletableFuture<Path> job = analyses.diff(before, after);
        Path dir;
        try {
            dir = job.get(viewJson ? 60 : 2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            if (viewJson) {
                throw new HttpError(503, "the comparison is still being computed");
            }
            Map<String, Object> model = new HashMap<>();
            model.put("before", Views.row(before));
            model.put("after", Views.row(after));
            page(request, response, callback, 200, "diff-pending", model);
            return;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new HttpError(422, "the comparison failed: " + cause.getMessage());
        }
        if (viewJson) {
            download(response, callback, dir.resolve(Analyses.VIEW_JSON), "application/json", null);
            return;
        }
        boolean force = "1".equals(query.getValue("force")) || "true".equals(query.getValue("force"));
        Map<String, Object> model = new HashMap<>(Views.diff(JSON.readTree(dir.resolve(Analyses.DIFF_JSON).toFile()), force));
        model.put("beforeRow", Views.row(before));
        model.put("afterRow", Views.row(after));
        page(request, response, callback, 200, "diff", model);
    }

    private RecordingMeta analyzed(String id, String which) throws HttpError {
        Optional<RecordingMeta> meta = RecordingStore.ID.matcher(id).matches() ? store.get(id) : Optional.empty();
        if (meta.isEmpty()) {
            throw new HttpError(404, "there is no recording " + id + " (the '" + which + "' side)");
        }
        if (meta.get().status() != RecordingMeta.Status.DONE) {
            throw new HttpError(409, "the '" + which + "' recording is not analyzed (" + meta.get().status().label()
                    + (meta.get().error() == null ? "" : ": " + meta.get().error()) + ")");
        }
        return meta.get();
    }

    // ---- live JVMs ----------------------------------------------------------------------------------------------

    private void jvms(Request request, Response response, Callback callback) throws Exception {
        List<JvmDescriptor> jvms = LocalJvms.list();
        Map<String, Object> model = new HashMap<>();
        model.put("jvms", jvms.stream().map(j -> Map.<String, Object>of("pid", j.pid(), "name", j.name(),
                "version", j.javaVersion(), "recordable", j.jfrAvailable(), "note", j.note(),
                "uptime", j.uptime(),
                "cpu", j.cpuPercent() == null ? "?" : org.jfrtriage.report.Numbers.percentValue(j.cpuPercent()))).toList());
        model.put("active", live.active());
        page(request, response, callback, 200, "jvms", model);
    }

    private void record(Request request, Response response, Callback callback, long pid) throws Exception {
        Fields form = formFields(request);
        long seconds;
        try {
            seconds = Long.parseLong(Optional.ofNullable(form.getValue("seconds")).orElse("30").trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "seconds must be a whole number");
        }
        String engine = Optional.ofNullable(form.getValue("engine")).orElse("jfr");
        try {
            RecordingMeta meta = live.start(pid, Duration.ofSeconds(seconds), engine);
            Response.sendRedirect(request, response, callback, 303, "/recordings/" + meta.id(), true);
        } catch (LiveRecordings.Refused e) {
            throw new HttpError(e.status, e.getMessage());
        }
    }

    // ---- login --------------------------------------------------------------------------------------------------

    private void login(Request request, Response response, Callback callback, String method) throws Exception {
        if (!guard.requiresToken()) {
            Response.sendRedirect(request, response, callback, 303, "/", true);
            return;
        }
        if (method.equals("GET")) {
            page(request, response, callback, 200, "login", Map.of("failed", false));
            return;
        }
        requireMethod(method, "POST");
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && !Guard.sameOrigin(origin, request.getHeaders().get(HttpHeader.HOST))) {
            throw new HttpError(403, "cross-origin request refused");
        }
        String token = formFields(request).getValue("token");
        if (!guard.tokenMatches(token)) {
            page(request, response, callback, 401, "login", Map.of("failed", true));
            return;
        }
        response.getHeaders().add(HttpHeader.SET_COOKIE, Guard.AUTH_COOKIE + "=" + token.replaceAll("[^\\x21-\\x7e]|[;,\"\\\\]", "")
                + "; Path=/; HttpOnly; SameSite=Strict");
        Response.sendRedirect(request, response, callback, 303, "/", true);
    }

    // ---- metrics ------------------------------------------------------------------------------------------------

    String metrics() {
        StringBuilder out = new StringBuilder(4096);
        List<RecordingMeta> all = store.list();
        header(out, "jfrtriage_recordings", "gauge", "Recordings in the data directory by analysis status");
        for (RecordingMeta.Status s : RecordingMeta.Status.values()) {
            out.append("jfrtriage_recordings{status=\"").append(s.label()).append("\"} ")
                    .append(all.stream().filter(m -> m.status() == s).count()).append('\n');
        }
        header(out, "jfrtriage_uploads_total", "counter", "Uploads by outcome");
        uploads.forEach((k, v) -> out.append("jfrtriage_uploads_total{outcome=\"").append(k).append("\"} ").append(v.get()).append('\n'));
        header(out, "jfrtriage_analyses_total", "counter", "Analyses finished by this process, by outcome");
        out.append("jfrtriage_analyses_total{outcome=\"done\"} ").append(analyses.analysesDone.get()).append('\n');
        out.append("jfrtriage_analyses_total{outcome=\"failed\"} ").append(analyses.analysesFailed.get()).append('\n');
        header(out, "jfrtriage_analysis_seconds_total", "counter", "Time spent analyzing recordings");
        out.append("jfrtriage_analysis_seconds_total ").append(analyses.analysisMillis.get() / 1000.0).append('\n');
        header(out, "jfrtriage_analyzed_bytes_total", "counter", "Bytes of recordings analyzed");
        out.append("jfrtriage_analyzed_bytes_total ").append(analyses.bytesAnalyzed.get()).append('\n');
        header(out, "jfrtriage_analysis_queue_length", "gauge", "Recordings waiting for an analysis worker");
        out.append("jfrtriage_analysis_queue_length ").append(analyses.queueLength()).append('\n');
        header(out, "jfrtriage_live_recordings_active", "gauge", "Local JVMs being recorded now");
        out.append("jfrtriage_live_recordings_active ").append(live.active()).append('\n');
        header(out, "jfrtriage_http_requests_total", "counter", "HTTP requests answered");
        out.append("jfrtriage_http_requests_total ").append(requests.get()).append('\n');
        header(out, "jfrtriage_http_server_errors_total", "counter", "Requests answered 500 (a bug: please report it)");
        out.append("jfrtriage_http_server_errors_total ").append(serverErrors.get()).append('\n');
        header(out, "jfrtriage_recording_severity", "gauge",
                "Worst finding of each analyzed recording: 0 ok, 1 info, 2 warning, 3 critical");
        for (RecordingMeta m : all) {
            if (m.status() == RecordingMeta.Status.DONE && m.summary() != null) {
                out.append("jfrtriage_recording_severity{id=\"").append(m.id()).append("\",name=\"")
                        .append(PrometheusMetrics.escape(m.name())).append("\"} ").append(severityLevel(m.summary().worstSeverity()))
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static int severityLevel(String label) {
        switch (label) {
            case "critical": return 3;
            case "warning": return 2;
            case "info": return 1;
            default: return 0;
        }
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    // ---- plumbing -----------------------------------------------------------------------------------------------

    /** Most of a refused request's body is read and dropped, so that the client, still sending, gets the answer. */
    private static final long DISCARD_LIMIT = 64L << 20;

    /**
     * Reads and drops what is left of a refused request's body, up to {@link #DISCARD_LIMIT}: a client that is still
     * sending when the server answers and closes would see a reset instead of the readable answer. Beyond the limit
     * the connection is closed after the answer.
     */
    private static void discardBody(Request request, Response response) {
        byte[] buffer = new byte[1 << 16];
        long read = 0;
        try {
            InputStream in = Request.asInputStream(request);
            for (int n; read < DISCARD_LIMIT && (n = in.read(buffer)) >= 0; ) {
                read += n;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or the body was consumed already: nothing to drop
        }
        if (read >= DISCARD_LIMIT) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    private static void requireMethod(String method, String allowed) throws HttpError {
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            throw new HttpError(405, method + " is not allowed here (use " + allowed + ")");
        }
    }

    private static void requireLocal(Request request) throws HttpError {
        if (!Guard.isLocal(request)) {
            throw new HttpError(403, "live JVMs can be listed and recorded only from this machine");
        }
    }

    private static boolean wantsHtml(Request request) {
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    /** The {@code _csrf} field of a urlencoded form (read once here; later reads get the same fields). */
    private static String formToken(Request request) throws Exception {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        return formFields(request).getValue(Guard.CSRF_FIELD);
    }

    private static Fields formFields(Request request) throws HttpError {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return new Fields();
        }
        try {
            return FormFields.getFields(request, 32, 16 * 1024);
        } catch (RuntimeException e) {
            throw new HttpError(400, "the form could not be read: " + e.getMessage());
        }
    }

    private void page(Request request, Response response, Callback callback, int status, String template,
                      Map<String, Object> model) {
        Map<String, Object> vars = new HashMap<>(model);
        String csrf = guard.csrfToken(request);
        if (!csrf.equals(Guard.cookie(request, Guard.CSRF_COOKIE))) {
            response.getHeaders().add(HttpHeader.SET_COOKIE, Guard.CSRF_COOKIE + "=" + csrf + "; Path=/; HttpOnly; SameSite=Strict");
        }
        vars.put("csrf", csrf);
        vars.put("tool", ToolInfo.NAME + " " + ToolInfo.VERSION);
        vars.put("local", Guard.isLocal(request));
        vars.put("template", template);
        String html = pages.render(template, vars);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        text(response, callback, status, "text/html; charset=utf-8", html);
    }

    private void errorPage(Request request, Response response, Callback callback, int status, String message) {
        Answer answer = answerFor(request);
        if (answer == Answer.JSON) {
            ObjectNode error = JSON.createObjectNode();
            error.put("status", status);
            error.put("error", message);
            text(response, callback, status, "application/json", error.toString() + "\n");
            return;
        }
        if (answer == Answer.TEXT) {
            text(response, callback, status, "text/plain; charset=utf-8", headline(status) + ": " + message + "\n");
            return;
        }
        try {
            page(request, response, callback, status, "error", Map.of("status", status, "message", message));
        } catch (RuntimeException e) {
            text(response, callback, status, "text/plain; charset=utf-8", message + "\n");
        }
    }

    /** The error page's headline, also the first words of a plain-text error (as templates/error.html has them). */
    static String headline(int status) {
        switch (status) {
            case 413: return "That file is too large";
            case 415: return "That is not a flight recording";
            case 422: return "That recording cannot be read";
            case 404: return "Not found";
            case 403: return "Not allowed";
            case 401: return "Sign in first";
            case 500: return "Something went wrong on our side";
            case 507: return "The server is out of disk space";
            default: return "The request could not be answered";
        }
    }

    private static void text(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        Content.Sink.write(response, true, body, callback);
    }

    private static void download(Response response, Callback callback, Path file, String type, String attachmentName)
            throws IOException, HttpError {
        if (!Files.isRegularFile(file)) {
            throw new HttpError(404, "that file is not in the data directory any more");
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(file));
        if (attachmentName != null) {
            response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + attachmentName + "\"");
        }
        Content.copy(Content.Source.from(file), response, callback);
    }

    private void asset(Response response, Callback callback, String name) throws HttpError {
        String resource = ASSETS.get(name);
        if (resource == null) {
            throw new HttpError(404, "no such asset");
        }
        byte[] bytes;
        synchronized (assetCache) {
            bytes = assetCache.computeIfAbsent(name, n -> {
                try (InputStream in = WebApp.class.getResourceAsStream(resource)) {
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
