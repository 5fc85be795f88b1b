package io.learncast.app.service;

import io.learncast.farm.store.Store;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The query service {@code learncast serve} runs: a {@link WebServer} serving the /v1 API ({@link ApiRoutes})
 * over a store. Binds to 127.0.0.1 by default; binding to any other address needs
 * {@code LEARNCAST_SERVE_PASSWORD}, and then every request must carry {@code Authorization: Bearer <password>}
 * (as must all requests whenever a password is set).
 */
public final class ForecastService implements AutoCloseable {

    /** Where and how to serve. {@code password} may be null (loopback only); {@code threads} is 1–256. */
    public record Settings(String host, int port, int threads, String password) {
        WebServer.Settings server() { return new WebServer.Settings(host, port, threads, password); }
    }

    private final WebServer server;
    private final ApiRoutes api;

    private ForecastService(WebServer server, ApiRoutes api) {
        this.server = server;
        this.api = api;
    }

    /** Starts serving; the store stays open (and owned by the caller) until {@link #close()}. */
    public static ForecastService start(Store store, Settings s) {
        WebServer.Settings settings = s.server(); // validated before anything starts
        ApiRoutes api = new ApiRoutes(store);
        return new ForecastService(WebServer.start(settings, List.of(api)), api);
    }

    /** The /v1 API as a route group, to serve beside others (the dashboard); closing it drains its ledger queue. */
    public static WebServer.Routes api(Store store) { return new ApiRoutes(store); }

    public int port() { return server.port(); }

    public InetSocketAddress address() { return server.address(); }

    /** Waits until every forecast answered so far is in the ledger (at most {@code millis}). */
    public void flushLedger(long millis) { api.flushLedger(millis); }

    /** Forecasts this service has recorded in the ledger. */
    public long recordedForecasts() { return api.recordedForecasts(); }

    @Override
    public void close() {
        server.close(); // stops serving, then closes the route groups (the ledger queue drains)
    }
}
