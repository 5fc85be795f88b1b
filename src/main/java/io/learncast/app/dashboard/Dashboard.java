package io.learncast.app.dashboard;

import io.learncast.app.service.ForecastService;
import io.learncast.app.service.WebServer;
import io.learncast.farm.store.Store;

import java.util.List;

/**
 * A running dashboard: the pages ({@link DashboardRoutes}) and the /v1 API (the forecast form posts to
 * {@code /v1/forecast}, so a forecast made here is validated and recorded in the ledger as any other) on one server.
 */
public final class Dashboard implements AutoCloseable {
    /** Request threads: a page asks for a few things at once. */
    static final int THREADS = 6;
    /** {@link #THREADS}, for sizing the store's connection pool. */
    public static final int THREADS_PUBLIC = THREADS;

    private final WebServer server;
    private final DashboardAccess access;
    private final String bind;

    private Dashboard(WebServer server, DashboardAccess access, String bind) {
        this.server = server;
        this.access = access;
        this.bind = bind;
    }

    /** Serves the store on {@code bind}:{@code port} (0 picks a free port); any address but loopback requires the token for every request. */
    public static Dashboard start(Store store, String bind, int port) {
        boolean loopback = DashboardAccess.isLoopback(bind);
        DashboardAccess access = new DashboardAccess(DashboardAccess.newToken(), !loopback, bind);
        WebServer.Settings settings = new WebServer.Settings(bind, port, THREADS, null);
        WebServer server = WebServer.start(settings, List.of(new DashboardRoutes(store, access), ForecastService.api(store)));
        return new Dashboard(server, access, bind);
    }

    public int port() { return server.port(); }

    /** The token state-changing requests (and, off loopback, all requests) may carry. */
    public String token() { return access.token(); }

    /** True when every request needs the token (bound to an address other than loopback). */
    public boolean tokenRequired() { return !DashboardAccess.isLoopback(bind); }

    /** The URL to open: with the token when it is required. */
    public String url() {
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        return "http://" + host + ":" + port() + "/" + (tokenRequired() ? "?token=" + token() : "");
    }

    @Override
    public void close() { server.close(); }
}
