package org.jfrtriage.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import org.jfrtriage.report.ToolInfo;

/**
 * What every route family answers with: plain text, a download, a Thymeleaf page, an error in the form the client
 * reads (HTML, JSON or text), and the checks routes share (method, local caller, form fields).
 */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    /** Most of a refused request's body is read and dropped, so that the client, still sending, gets the answer. */
    private static final long DISCARD_LIMIT = 64L << 20;

    private final Guard guard;
    private final Pages pages = new Pages();

    Http(Guard guard) {
        this.guard = guard;
    }

    /** An answer other than the page asked for: status and one readable message. */
    static final class HttpError extends Exception {
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
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

    /** The headers every answer carries, ours and Jetty's own error pages alike. */
    static void secureHeaders(Response response) {
        response.getHeaders().put("Content-Security-Policy", CSP);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put("X-Frame-Options", "DENY");
    }

    /**
     * Reads and drops what is left of a refused request's body, up to {@link #DISCARD_LIMIT}: a client that is still
     * sending when the server answers and closes would see a reset instead of the readable answer. Beyond the limit
     * the connection is closed after the answer.
     */
    static void discardBody(Request request, Response response) {
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

    static void requireMethod(String method, String allowed) throws HttpError {
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            throw new HttpError(405, method + " is not allowed here (use " + allowed + ")");
        }
    }

    static void requireLocal(Request request) throws HttpError {
        if (!Guard.isLocal(request)) {
            throw new HttpError(403, "live JVMs can be listed and recorded only from this machine");
        }
    }

    static boolean wantsHtml(Request request) {
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    /** The {@code _csrf} field of a urlencoded form (read once here; later reads get the same fields). */
    static String formToken(Request request) throws Exception {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        return formFields(request).getValue(Guard.CSRF_FIELD);
    }

    static Fields formFields(Request request) throws HttpError {
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

    void page(Request request, Response response, Callback callback, int status, String template, Map<String, Object> model) {
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

    void errorPage(Request request, Response response, Callback callback, int status, String message) {
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

    static void text(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        Content.Sink.write(response, true, body, callback);
    }

    static void download(Response response, Callback callback, Path file, String type, String attachmentName)
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
}
