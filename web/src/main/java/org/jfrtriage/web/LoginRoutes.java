package org.jfrtriage.web;

import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import org.jfrtriage.web.Http.HttpError;

/** The login family: {@code GET/POST /login}, when the server was started with an auth token. */
final class LoginRoutes {
    private final Guard guard;
    private final Http http;

    LoginRoutes(Guard guard, Http http) {
        this.guard = guard;
        this.http = http;
    }

    void login(Request request, Response response, Callback callback, String method) throws Exception {
        if (!guard.requiresToken()) {
            Response.sendRedirect(request, response, callback, 303, "/", true);
            return;
        }
        if (method.equals("GET")) {
            http.page(request, response, callback, 200, "login", Map.of("failed", false));
            return;
        }
        Http.requireMethod(method, "POST");
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && !Guard.sameOrigin(origin, request.getHeaders().get(HttpHeader.HOST))) {
            throw new HttpError(403, "cross-origin request refused");
        }
        String token = Http.formFields(request).getValue("token");
        if (!guard.tokenMatches(token)) {
            http.page(request, response, callback, 401, "login", Map.of("failed", true));
            return;
        }
        response.getHeaders().add(HttpHeader.SET_COOKIE, Guard.AUTH_COOKIE + "=" + token.replaceAll("[^\\x21-\\x7e]|[;,\"\\\\]", "")
                + "; Path=/; HttpOnly; SameSite=Strict");
        Response.sendRedirect(request, response, callback, 303, "/", true);
    }
}
