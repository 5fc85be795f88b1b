package io.learncast.app.dashboard;

import io.javalin.http.Context;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use the dashboard, checked before every request.
 * <ul>
 *   <li>The Host header must name the address served on (or localhost on loopback): a page of another site cannot
 *   reach it by pointing its own name at 127.0.0.1 (DNS rebinding).</li>
 *   <li>Bound to another address than loopback, every request needs the token printed at start: the printed URL
 *   carries it once ({@code /?token=…}), which sets a SameSite=Strict, HttpOnly cookie; scripts may send
 *   {@code X-Learncast-Token} instead.</li>
 *   <li>A request that changes state (any method but GET and HEAD) needs the token header, or must be same-origin
 *   JSON: {@code Content-Type: application/json} (which a cross-site form cannot send without a preflight that is
 *   never granted) and an {@code Origin} equal to the dashboard's own.</li>
 * </ul>
 */
final class DashboardAccess {
    static final String COOKIE = "learncast_token";
    static final String HEADER = "X-Learncast-Token";

    private final String token;
    private final boolean tokenForReads;
    private final Set<String> hostNames;

    /** {@code tokenForReads}: every request needs the token (a non-loopback bind); {@code bindHost}: the address served on. */
    DashboardAccess(String token, boolean tokenForReads, String bindHost) {
        this.token = token;
        this.tokenForReads = tokenForReads;
        String bind = bindHost.toLowerCase(Locale.ROOT);
        Set<String> names = new java.util.TreeSet<>();
        names.add(bind.contains(":") ? "[" + bind + "]" : bind);
        if (isLoopback(bindHost)) names.addAll(List.of("127.0.0.1", "localhost", "[::1]"));
        this.hostNames = Set.copyOf(names);
    }

    static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    String token() { return token; }

    /** Throws a 4xx {@link DashError} unless the request may go on. */
    void check(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !hostNames.contains(hostName(host))) {
            throw new DashError(403, "Host", "this dashboard answers only requests addressed to " + String.join(" or ", hostNames.stream().sorted().toList()));
        }
        boolean hasToken = matches(ctx.header(HEADER)) || matches(ctx.cookie(COOKIE));
        if (tokenForReads && !hasToken) {
            if (ctx.method().name().equals("GET") && ctx.path().equals("/") && matches(ctx.queryParam("token"))) return; // the login link
            throw new DashError(401, "token", "this dashboard needs its token: open the URL `learncast dashboard` printed at start");
        }
        String method = ctx.method().name();
        if (method.equals("GET") || method.equals("HEAD")) return;
        if (matches(ctx.header(HEADER))) return;
        String type = String.valueOf(ctx.header("Content-Type")).toLowerCase(Locale.ROOT);
        String origin = ctx.header("Origin");
        String site = ctx.header("Sec-Fetch-Site");
        boolean json = type.startsWith("application/json");
        boolean sameOrigin = origin != null && origin.equalsIgnoreCase("http://" + host) && (site == null || site.equals("same-origin"));
        if (!json || !sameOrigin) {
            throw new DashError(403, null, "a request that changes something must be same-origin JSON from this dashboard, or carry the " + HEADER + " header");
        }
    }

    /** The login link: sets the cookie; true if it did (the caller then redirects to the page without the token in its URL). */
    boolean login(Context ctx) {
        if (!matches(ctx.queryParam("token"))) return false;
        ctx.header("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
        return true;
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** The host part of a Host header, lower case, an IPv6 literal kept in brackets. */
    static String hostName(String header) {
        try {
            URI u = new URI("http://" + header.trim() + "/");
            return u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
        } catch (java.net.URISyntaxException e) {
            return "";
        }
    }
}
