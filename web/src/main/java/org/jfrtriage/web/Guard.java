package org.jfrtriage.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * Who may do what.
 * <ul>
 *   <li><b>Token</b>: with {@code --auth-token}, every request but {@code /healthz} needs it, as
 *       {@code Authorization: Bearer TOKEN} (scripts) or the cookie {@code /login} sets (browsers).</li>
 *   <li><b>Host</b>: without a token (and without {@code --insecure}) the server trusts the machine it runs on, so it
 *       answers only requests addressed to a loopback name or the address it is bound to: a web page cannot reach
 *       it through a DNS name rebound to 127.0.0.1.</li>
 *   <li><b>CSRF</b> on every POST: a request from a browser (it sends {@code Origin}, {@code Sec-Fetch-Site} or
 *       cookies) must come from our own pages, and must carry the token our pages embed, equal to the
 *       {@code SameSite=Strict} cookie they were served with (double submit). A client that is no browser — no
 *       cookie, no {@code Origin} — has no ambient credentials to abuse and may POST directly (curl, scripts).</li>
 *   <li><b>Local</b>: the live-JVM routes answer only connections from this host.</li>
 * </ul>
 */
final class Guard {
    static final String CSRF_COOKIE = "jfrtriage_csrf";
    static final String AUTH_COOKIE = "jfrtriage_auth";
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1", "localhost.localdomain");

    private final String authToken;
    /** Null when any Host is answered: with a token, or with --insecure (reachable by anyone on purpose). */
    private final Set<String> allowedHosts;
    private final SecureRandom random = new SecureRandom();

    Guard(String authToken, String bindAddress, boolean insecure) {
        this.authToken = authToken == null || authToken.isEmpty() ? null : authToken;
        this.allowedHosts = this.authToken != null || insecure && !loopback(bindAddress) ? null
                : union(LOOPBACK_NAMES, bindAddress.toLowerCase(Locale.ROOT));
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Set<String> union(Set<String> a, String b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.add(b);
        all.add("[" + b + "]");
        return Set.copyOf(all);
    }

    boolean requiresToken() {
        return authToken != null;
    }

    /** With no token, only requests addressed to this host by a loopback name or the bind address. */
    boolean hostAllowed(Request request) {
        if (allowedHosts == null) {
            return true;
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            return true; // HTTP/1.0 without Host: no browser sends that
        }
        return allowedHosts.contains(hostName(host));
    }

    static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    boolean authenticated(Request request) {
        if (authToken == null) {
            return true;
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && tokenMatches(header.substring(7).trim())) {
            return true;
        }
        String cookie = cookie(request, AUTH_COOKIE);
        return cookie != null && tokenMatches(cookie);
    }

    boolean tokenMatches(String candidate) {
        return authToken != null && candidate != null && MessageDigest.isEqual(
                authToken.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether a POST may go on before its body is read. {@code formToken} is the {@code _csrf} form field when the
     * body is a small urlencoded form (read already), else null.
     *
     * @return null when allowed, else why not
     */
    String csrfRefusal(Request request, String formToken) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String site = request.getHeaders().get("Sec-Fetch-Site");
        boolean browser = origin != null || site != null || request.getHeaders().get(HttpHeader.COOKIE) != null;
        if (!browser) {
            return null;
        }
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "cross-site request refused";
        }
        if (origin != null && !sameOrigin(origin, request.getHeaders().get(HttpHeader.HOST))) {
            return "cross-origin request refused (Origin " + origin + ")";
        }
        String expected = cookie(request, CSRF_COOKIE);
        String sent = request.getHeaders().get(CSRF_HEADER);
        if (sent == null) {
            Fields query = Request.extractQueryParameters(request);
            sent = query.getValue(CSRF_FIELD);
        }
        if (sent == null) {
            sent = formToken;
        }
        if (expected == null || sent == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8))) {
            return "the form's security token is missing or stale: reload the page and try again";
        }
        return null;
    }

    static boolean sameOrigin(String origin, String host) {
        if (host == null || "null".equals(origin)) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The CSRF token for a page: the browser's cookie, or a new one the response must set. */
    String csrfToken(Request request) {
        String existing = cookie(request, CSRF_COOKIE);
        if (existing != null && existing.matches("[0-9a-f]{64}")) {
            return existing;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String cookie(Request request, String name) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    static boolean isLocal(Request request) {
        String remote = Request.getRemoteAddr(request);
        try {
            return remote != null && InetAddress.getByName(remote).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
