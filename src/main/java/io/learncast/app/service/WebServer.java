package io.learncast.app.service;

import io.learncast.app.json.ErrorJson;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.learncast.common.UserError;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP server learncast serves on: Jetty 12 under Javalin 7, with its limits, bind address and bearer
 * authentication; {@link Routes route groups} add the endpoints (the /v1 API, the dashboard).
 *
 * <p>Slow clients cannot freeze it (found by the hostile pass: four connections holding incomplete headers or a
 * partial POST body stopped the JDK server's four threads): Jetty reads headers without a thread, and
 * {@link RequestBodies} reads each request body whole before a handler runs, so no worker waits on a client; a
 * body must arrive within {@link #IDLE_TIMEOUT_MS} of its headers, and a connection silent that long is closed;
 * at most {@link #maxConnections(int)} connections are open, more than the worker threads, the rest waiting in the
 * accept queue.
 */
public final class WebServer implements AutoCloseable {

    /** Where and how to serve. {@code threads} are the request workers; {@code password} may be null (loopback only). */
    public record Settings(String host, int port, int threads, String password) {
        public Settings {
            if (threads < 1 || threads > MAX_THREADS) {
                throw new UserError("--threads", "request threads " + threads + " is out of range", "1–" + MAX_THREADS + " (default 4)");
            }
            if (port < 0 || port > 65535) throw new UserError("--port", "port " + port + " is out of range", "0–65535 (0 picks a free one)");
        }
    }

    /** A group of endpoints served by the server. */
    public interface Routes extends AutoCloseable {
        /** Adds the group's endpoints. */
        void register(RoutesConfig routes);

        /** The endpoints, for the 404 answer's hint, e.g. {@code POST /v1/forecast}. */
        List<String> describe();

        /** True if the group checks every request itself (e.g. the dashboard's token), so a non-loopback address needs no password. */
        default boolean guardsAccess() { return false; }

        @Override
        default void close() { }
    }

    public static final int MAX_THREADS = 256;
    /** A connection that sends nothing for this long (while its headers or body are incomplete, or between requests) is closed. */
    public static final long IDLE_TIMEOUT_MS = 10_000;
    /** Request bodies are read whole before a handler runs, up to this many bytes (413 beyond); route groups refuse what is larger than they accept. */
    static final long MAX_EAGER_BODY = 256 * 1024;

    /** Open connections allowed: more than the workers, so slow clients queue in the accept backlog instead of taking the server. */
    static int maxConnections(int threads) { return Math.max(64, 4 * threads); }

    private final Javalin app;
    private final List<Routes> groups;

    private WebServer(Javalin app, List<Routes> groups) {
        this.app = app;
        this.groups = groups;
    }

    /** Starts serving {@code groups}; a non-loopback address needs a password, which every request must then carry. */
    public static WebServer start(Settings s, List<? extends Routes> groups) {
        InetAddress address = resolve(s.host());
        String password = s.password() == null || s.password().isBlank() ? null : s.password();
        if (!address.isLoopbackAddress() && password == null && groups.stream().noneMatch(Routes::guardsAccess)) {
            throw new UserError("--host", "refusing to serve on " + s.host() + " (not a loopback address) without a password",
                    "set LEARNCAST_SERVE_PASSWORD; clients then send 'Authorization: Bearer <password>'; or keep the default 127.0.0.1");
        }
        byte[] secret = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        List<Routes> all = List.copyOf(groups);
        List<String> endpoints = new ArrayList<>();
        for (Routes g : all) endpoints.addAll(g.describe());
        // workers, plus Jetty's acceptor and selector and one spare: nothing else runs on the pool
        QueuedThreadPool pool = new QueuedThreadPool(s.threads() + 3, Math.min(s.threads() + 3, 4), 60_000);
        pool.setName("learncast-http");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.router.ignoreTrailingSlashes = false;
            config.http.maxRequestSize = MAX_EAGER_BODY;
            config.jetty.threadPool = pool;
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                http.setIdleTimeout(IDLE_TIMEOUT_MS);
            });
            config.jetty.addConnector((server, http) -> {
                ServerConnector c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
                c.setHost(address.getHostAddress());
                c.setPort(s.port());
                c.setIdleTimeout(IDLE_TIMEOUT_MS);
                c.setAcceptQueueSize(128);
                server.addBean(new NetworkConnectionLimit(maxConnections(s.threads()), c));
                return c;
            });
            // bodies are read without a thread before any handler runs (up to the cap; a larger one is refused by its handler)
            config.jetty.modifyServer(server -> server.insertHandler(new EagerContentHandler(new RequestBodies(MAX_EAGER_BODY, IDLE_TIMEOUT_MS))));
            if (secret != null) {
                config.routes.before(ctx -> {
                    if (!authorised(ctx, secret)) {
                        ctx.header("WWW-Authenticate", "Bearer");
                        throw new HttpError(401, null, "missing or wrong 'Authorization: Bearer <password>'");
                    }
                });
            }
            for (Routes g : all) g.register(config.routes);
            config.routes.exception(HttpError.class, (e, ctx) -> error(ctx, e.status, e.field, e.getMessage()));
            config.routes.exception(UserError.class, (e, ctx) -> error(ctx, 400, e.where(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> error(ctx, 500, null,
                    "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    error(ctx, 404, null, "no endpoint " + ctx.path() + "; try " + String.join(", ", endpoints));
                }
            });
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            try {
                app.stop();
            } catch (RuntimeException ignored) {
                // it did not start: nothing to stop
            }
            for (Routes g : all) g.close();
            Throwable bind = e;
            while (bind != null && !(bind instanceof java.net.BindException)) bind = bind.getCause();
            if (bind != null || String.valueOf(e.getMessage()).contains("bind")) {
                throw new UserError("--port", "cannot listen on " + s.host() + ":" + s.port() + " (" + (bind == null ? e.getMessage() : bind.getMessage()) + ")",
                        "choose another --port, or 0 for a free one");
            }
            throw e;
        }
        return new WebServer(app, all);
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (java.io.IOException e) {
            throw new UserError("--host", "cannot resolve host '" + host + "'", "e.g. 127.0.0.1");
        }
    }

    private static boolean authorised(Context ctx, byte[] secret) {
        String h = ctx.header("Authorization");
        if (h == null || !h.startsWith("Bearer ")) return false;
        return MessageDigest.isEqual(secret, h.substring(7).getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON error: {@code {"error": message, "field": field}}. */
    static void error(Context ctx, int status, String field, String message) {
        json(ctx, status, new ErrorJson(message, field));
    }

    /** Answers {@code body} as JSON with {@code status}. */
    static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(Json.bytes(body));
    }

    public int port() { return app.port(); }

    public InetSocketAddress address() {
        ServerConnector c = (ServerConnector) app.jettyServer().server().getConnectors()[0];
        return new InetSocketAddress(c.getHost(), c.getLocalPort());
    }

    @Override
    public void close() {
        app.stop();
        for (Routes g : groups) g.close();
    }
}
