package org.jfrtriage.web;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import org.jfrtriage.web.Http.HttpError;

/**
 * The route table of the web UI (see CONTRACT.md): each URL family has its handler — {@link RecordingRoutes},
 * {@link DiffRoutes}, {@link JvmRoutes}, {@link LoginRoutes}, {@link AssetRoutes}, {@link MetricsRoutes} — and
 * each route says who may reach it. Pages are Thymeleaf templates over plain maps; data for the flame graphs and
 * the timeline is fetched as JSON by {@code /assets/web.js}. Bad input of any kind is answered with a readable page
 * and a 4xx status; only a bug is a 500, and it never takes the server or other recordings down.
 */
final class WebApp extends Handler.Abstract {
    static final String CSP = Http.CSP;

    /** Who may reach a route; each level includes the checks of those before it. */
    enum Access {
        /** Anyone: health checks and static assets. */
        ANYONE,
        /** A request addressed to this machine by a name the guard accepts. */
        HOST,
        /** As HOST, signed in when the server has a token; a POST carries its CSRF token. */
        SIGNED_IN,
        /** As SIGNED_IN, from this machine only. */
        LOCAL
    }

    /** How a route answers: the match holds the path's groups. */
    @FunctionalInterface
    interface Action {
        void answer(Request request, Response response, Callback callback, String method, Matcher match) throws Exception;
    }

    /**
     * One route: the whole path matches {@code path}; {@code method} is the one method it takes (GET also answers
     * HEAD), or null when the family checks the method itself.
     */
    record Route(Pattern path, Access access, String method, Action action) {
        static Route of(String regex, Access access, String method, Action action) {
            return new Route(Pattern.compile(regex, Pattern.DOTALL), access, method, action);
        }
    }

    private final Guard guard;
    private final Http http;
    private final MetricsRoutes metrics;
    private final List<Route> routes;

    WebApp(WebConfig config, RecordingStore store, Analyses analyses, LiveRecordings live) {
        this.guard = new Guard(config.authToken(), config.bind(), config.insecure());
        this.http = new Http(guard);
        RecordingRoutes recordings = new RecordingRoutes(config, store, analyses, http);
        DiffRoutes diff = new DiffRoutes(store, analyses, http, recordings);
        JvmRoutes jvms = new JvmRoutes(live, http);
        LoginRoutes login = new LoginRoutes(guard, http);
        AssetRoutes assets = new AssetRoutes();
        this.metrics = new MetricsRoutes(store, analyses, live, recordings);
        this.routes = List.of(
                Route.of("/healthz", Access.ANYONE, null, (q, r, c, m, p) -> metrics.healthz(r, c)),
                Route.of("/assets/(.*)", Access.ANYONE, null, (q, r, c, m, p) -> assets.asset(r, c, p.group(1))),
                Route.of("/login", Access.HOST, null, (q, r, c, m, p) -> login.login(q, r, c, m)),
                Route.of("/", Access.SIGNED_IN, "GET", (q, r, c, m, p) -> recordings.index(q, r, c, null)),
                Route.of("/recordings", Access.SIGNED_IN, null, (q, r, c, m, p) -> recordings.recordings(q, r, c, m)),
                Route.of("/recordings/([a-z2-7]{10})(/[a-z.]+)?", Access.SIGNED_IN, null,
                        (q, r, c, m, p) -> recordings.recording(q, r, c, m, p.group(1), p.group(2))),
                Route.of("/diff", Access.SIGNED_IN, "GET", (q, r, c, m, p) -> diff.diff(q, r, c, false)),
                Route.of("/diff/view.json", Access.SIGNED_IN, "GET", (q, r, c, m, p) -> diff.diff(q, r, c, true)),
                Route.of("/jvms", Access.LOCAL, "GET", (q, r, c, m, p) -> jvms.jvms(q, r, c)),
                Route.of("/jvms/(\\d{1,10})/record", Access.LOCAL, "POST",
                        (q, r, c, m, p) -> jvms.record(q, r, c, Long.parseLong(p.group(1)))),
                Route.of("/metrics", Access.SIGNED_IN, "GET", (q, r, c, m, p) -> metrics.metrics(r, c)));
    }

    /** The headers every answer carries, ours and Jetty's own error pages alike. */
    static void secureHeaders(Response response) {
        Http.secureHeaders(response);
    }

    /** serve's own gauges and counters, as {@code /metrics} serves them. */
    String metrics() {
        return metrics.families().text();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        metrics.requests.incrementAndGet();
        Http.secureHeaders(response);
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            route(request, response, callback, path, method);
        } catch (HttpError e) {
            if (method.equals("POST")) {
                Http.discardBody(request, response);
            }
            http.errorPage(request, response, callback, e.status, e.getMessage());
        } catch (Exception | OutOfMemoryError e) {
            metrics.serverErrors.incrementAndGet();
            System.err.println("jfrtriage serve: " + method + " " + path + " failed: " + e);
            e.printStackTrace();
            http.errorPage(request, response, callback, 500, "the server could not answer this request (" + e.getClass().getSimpleName()
                    + "); the other recordings are unaffected");
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback, String path, String method) throws Exception {
        Route route = null;
        Matcher match = null;
        for (Route r : routes) {
            Matcher m = r.path().matcher(path);
            if (m.matches()) {
                route = r;
                match = m;
                break;
            }
        }
        // a path no route serves gets the checks of a signed-in page before its 404, so it tells a stranger nothing
        Access access = route == null ? Access.SIGNED_IN : route.access();
        if (!admit(request, response, callback, method, access)) {
            return;
        }
        if (route == null) {
            throw new HttpError(404, "there is no page at " + path);
        }
        if (route.method() != null) {
            Http.requireMethod(method, route.method());
        }
        if (route.access() == Access.LOCAL) {
            Http.requireLocal(request);
        }
        route.action().answer(request, response, callback, method, match);
    }

    /**
     * Applies the checks of {@code access} up to signing in (a LOCAL route checks the caller after its method, as
     * a wrong method is answered 405 wherever it comes from); false when the answer (a login page) has been given already. */
    private boolean admit(Request request, Response response, Callback callback, String method, Access access) throws Exception {
        if (access == Access.ANYONE) {
            return true;
        }
        if (!guard.hostAllowed(request)) {
            throw new HttpError(403, "this server answers only requests addressed to this machine by a loopback name "
                    + "(start it with --auth-token to serve other names)");
        }
        if (access == Access.HOST) {
            return true;
        }
        if (!guard.authenticated(request)) {
            if (Http.wantsHtml(request)) {
                response.setStatus(401);
                http.page(request, response, callback, 401, "login", java.util.Map.of("failed", false));
                return false;
            }
            throw new HttpError(401, "an auth token is required: send Authorization: Bearer TOKEN");
        }
        if (method.equals("POST")) {
            String refusal = guard.csrfRefusal(request, Http.formToken(request));
            if (refusal != null) {
                throw new HttpError(403, refusal);
            }
        }
        return true;
    }
}
