package org.jfrtriage.web;

import static org.jfrtriage.web.Http.JSON;
import static org.jfrtriage.web.Http.download;
import static org.jfrtriage.web.Http.requireMethod;
import static org.jfrtriage.web.Http.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.read.InflatedRecording;
import org.jfrtriage.rules.model.Units;
import org.jfrtriage.web.Http.HttpError;

/** The recordings family: {@code /}, {@code POST /recordings} (upload), {@code /recordings/{id}[/…]}. */
final class RecordingRoutes {
    /** Room for the multipart framing and small fields around the file. */
    private static final long MULTIPART_OVERHEAD = 1 << 20;

    private final WebConfig config;
    private final RecordingStore store;
    private final Analyses analyses;
    private final Http http;
    private final Map<UploadOutcome, AtomicLong> uploads = new EnumMap<>(UploadOutcome.class);

    RecordingRoutes(WebConfig config, RecordingStore store, Analyses analyses, Http http) {
        this.config = config;
        this.store = store;
        this.analyses = analyses;
        this.http = http;
        for (UploadOutcome outcome : UploadOutcome.values()) {
            uploads.put(outcome, new AtomicLong());
        }
    }

    /** Uploads so far by metric label, in the order of {@link UploadOutcome}. */
    Map<String, Long> uploadsByLabel() {
        Map<String, Long> byLabel = new LinkedHashMap<>();
        uploads.forEach((outcome, n) -> byLabel.merge(outcome.label(), n.get(), Long::sum));
        return byLabel;
    }

    /** {@code /recordings}: the list for GET, an upload for POST. */
    void recordings(Request request, Response response, Callback callback, String method) throws Exception {
        if (method.equals("GET")) {
            index(request, response, callback, null);
        } else {
            requireMethod(method, "POST");
            upload(request, response, callback);
        }
    }

    void index(Request request, Response response, Callback callback, String notice) throws Exception {
        List<RecordingMeta> all = store.list();
        Map<String, Object> model = new HashMap<>();
        model.put("recordings", all.stream().map(Views::row).toList());
        model.put("analyzed", all.stream().filter(m -> m.status() == RecordingMeta.Status.DONE).map(Views::row).toList());
        model.put("maxUpload", Units.bytes(config.maxUploadBytes()));
        model.put("maxUploadBytes", config.maxUploadBytes());
        model.put("notice", notice);
        http.page(request, response, callback, 200, "index", model);
    }

    /** Counts a refused upload and answers it with the outcome's status. */
    private HttpError refuse(UploadOutcome outcome, String message) {
        uploads.get(outcome).incrementAndGet();
        return new HttpError(outcome.status(false), message);
    }

    private void upload(Request request, Response response, Callback callback) throws Exception {
        long limit = config.maxUploadBytes();
        long length = request.getLength();
        if (length > limit + MULTIPART_OVERHEAD) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            throw refuse(UploadOutcome.TOO_LARGE, "the upload is " + Units.bytes(length) + "; this server takes recordings up to "
                    + Units.bytes(limit) + " (serve --max-upload)");
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw refuse(UploadOutcome.NOT_MULTIPART, "send the recording as multipart/form-data in the field 'file' "
                    + "(curl -F file=@recording.jfr …)");
        }
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty()) {
            throw refuse(UploadOutcome.MALFORMED, "the multipart upload has no boundary");
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setFilesDirectory(store.incoming());
        parser.setMaxMemoryFileSize(0); // every part goes to disk as it arrives: nothing is held in memory
        parser.setMaxFileSize(limit);
        parser.setMaxLength(limit + MULTIPART_OVERHEAD);
        parser.setMaxParts(8);
        MultiPartFormData.Parts parts;
        UploadDigest digest = new UploadDigest(request, boundary);
        try {
            parts = parser.parse(digest).get();
        } catch (ExecutionException e) {
            String why = String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()).toLowerCase(Locale.ROOT);
            if (why.contains("max") && (why.contains("size") || why.contains("length") || why.contains("exceed"))) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                throw refuse(UploadOutcome.TOO_LARGE, "the upload is larger than " + Units.bytes(limit) + ", the most this server takes "
                        + "(serve --max-upload)");
            }
            if (why.contains("no space left")) {
                throw refuse(UploadOutcome.DISK_FULL, "the server's data directory is full (" + store.root() + "); nothing was kept");
            }
            throw refuse(UploadOutcome.MALFORMED, "the upload could not be read as multipart/form-data: " + why);
        }
        Path received = store.incoming().resolve("upload-" + System.nanoTime() + "-" + Thread.currentThread().getId() + ".jfr");
        try (parts) {
            MultiPart.Part part = parts.getFirst("file");
            if (part == null) {
                throw refuse(UploadOutcome.MALFORMED, "the upload has no field named 'file'");
            }
            String name = displayName(part.getFileName());
            part.writeTo(received);
            try {
                org.jfrtriage.analyzer.Analyzer.refuseCutHeader(received);
                InflatedRecording.probe(received);
            } catch (RecordingException e) {
                String why = e.getMessage().replace(received.toString(), name);
                boolean notJfr = why.contains("not a flight recording");
                throw refuse(notJfr ? UploadOutcome.NOT_A_RECORDING : UploadOutcome.UNREADABLE, why);
            }
            String sha = digest.sha256(Files.size(received));
            if (sha == null) {
                sha = RecordingStore.sha256(received); // the digest taken on the way cannot be trusted
            }
            RecordingStore.Added added = store.add(received, name, "upload", sha);
            UploadOutcome outcome = added.isNew() ? UploadOutcome.ACCEPTED : UploadOutcome.DUPLICATE;
            uploads.get(outcome).incrementAndGet();
            if (added.isNew()) {
                analyses.submit(added.meta());
            }
            String url = "/recordings/" + added.meta().id();
            if (Http.answerFor(request) == Http.Answer.JSON) {
                // a script gets what it needs to poll: 201 for a new recording, 200 for one the server already had
                ObjectNode created = JSON.createObjectNode();
                created.put("id", added.meta().id());
                created.put("url", url);
                created.put("status", store.get(added.meta().id()).map(m -> m.status().label()).orElse(added.meta().status().label()));
                created.put("statusUrl", url + "/status");
                created.put("reportUrl", url + "/report.json");
                created.put("duplicate", !added.isNew());
                response.getHeaders().put(HttpHeader.LOCATION, url);
                text(response, callback, outcome.status(true), "application/json", JSON.writeValueAsString(created) + "\n");
            } else {
                Response.sendRedirect(request, response, callback, outcome.status(false), url + (added.isNew() ? "" : "?same=1"), true);
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

    void recording(Request request, Response response, Callback callback, String method, String id, String sub)
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
        http.page(request, response, callback, 200, "report", model);
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
        http.page(request, response, callback, 200, "pending", model);
    }
}
