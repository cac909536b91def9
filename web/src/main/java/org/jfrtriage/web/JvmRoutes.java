package org.jfrtriage.web;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import org.jfrtriage.collector.JvmDescriptor;
import org.jfrtriage.collector.LocalJvms;
import org.jfrtriage.web.Http.HttpError;

/** The JVMs family: {@code GET /jvms} and {@code POST /jvms/{pid}/record} (local requests only; the table checks). */
final class JvmRoutes {
    private final LiveRecordings live;
    private final Http http;

    JvmRoutes(LiveRecordings live, Http http) {
        this.live = live;
        this.http = http;
    }

    void jvms(Request request, Response response, Callback callback) throws Exception {
        List<JvmDescriptor> jvms = LocalJvms.list();
        Map<String, Object> model = new HashMap<>();
        model.put("jvms", jvms.stream().map(j -> Map.<String, Object>of("pid", j.pid(), "name", j.name(),
                "version", j.javaVersion(), "recordable", j.jfrAvailable(), "note", j.note(),
                "uptime", j.uptime(),
                "cpu", j.cpuPercent() == null ? "?" : org.jfrtriage.report.Numbers.percentValue(j.cpuPercent()))).toList());
        model.put("active", live.active());
        http.page(request, response, callback, 200, "jvms", model);
    }

    void record(Request request, Response response, Callback callback, long pid) throws Exception {
        Fields form = Http.formFields(request);
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
}
