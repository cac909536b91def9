package org.jfrtriage.web;

import static org.jfrtriage.web.Http.JSON;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import org.jfrtriage.web.Http.HttpError;

/** The diff family: {@code /diff?before=&after=} (playbook step 4) and its data, {@code /diff/view.json}. */
final class DiffRoutes {
    private final RecordingStore store;
    private final Analyses analyses;
    private final Http http;
    private final RecordingRoutes recordings;

    DiffRoutes(RecordingStore store, Analyses analyses, Http http, RecordingRoutes recordings) {
        this.store = store;
        this.analyses = analyses;
        this.http = http;
        this.recordings = recordings;
    }

    void diff(Request request, Response response, Callback callback, boolean viewJson) throws Exception {
        Fields query = Request.extractQueryParameters(request);
        String beforeId = query.getValue("before");
        String afterId = query.getValue("after");
        if (beforeId == null || afterId == null || beforeId.isEmpty() || afterId.isEmpty()) {
            if (viewJson) {
                throw new HttpError(400, "name two recordings: /diff?before=ID&after=ID");
            }
            recordings.index(request, response, callback, "Pick a recording from before the fix and one from after it to compare them.");
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
            http.page(request, response, callback, 200, "diff-pending", model);
            return;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new HttpError(422, "the comparison failed: " + cause.getMessage());
        }
        if (viewJson) {
            Http.download(response, callback, dir.resolve(Analyses.VIEW_JSON), "application/json", null);
            return;
        }
        boolean force = "1".equals(query.getValue("force")) || "true".equals(query.getValue("force"));
        Map<String, Object> model = new HashMap<>(Views.diff(JSON.readTree(dir.resolve(Analyses.DIFF_JSON).toFile()), force));
        model.put("beforeRow", Views.row(before));
        model.put("afterRow", Views.row(after));
        http.page(request, response, callback, 200, "diff", model);
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
}
