package io.learncast.app.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.learncast.common.CodeVersion;
import io.learncast.common.UserError;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.ModelRecord;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.model.FitReport;
import io.learncast.forecast.model.Forecast;
import io.learncast.forecast.store.ForecasterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP JSON service:
 * <ul>
 *   <li>{@code POST /v1/forecast}: body = the CLI's config flags as JSON keys; answers the forecast (as
 *   {@code learncast forecast --json}) and queues it for the ledger ({@link LedgerQueue}), which keeps it if
 *   the config has never been trained; {@code "ledger"} says {@code queued} or {@code recorded earlier};</li>
 *   <li>{@code GET /v1/runs}: runs, filtered by {@code task, state, outcome, source, min_width, max_width,
 *   limit, offset} (typed, bound as parameters);</li>
 *   <li>{@code GET /v1/model}: the active forecaster's provenance and scores;</li>
 *   <li>{@code GET /v1/health}: liveness, the store, the active model id and the run count.</li>
 * </ul>
 * Bad input is a 400 whose JSON names the field; an unknown path a 404; a wrong method a 405. Binds to
 * 127.0.0.1 by default; binding to any other address needs {@code LEARNCAST_SERVE_PASSWORD}, and then every
 * request must carry {@code Authorization: Bearer <password>} (as must all requests whenever a password is set).
 */
public final class ForecastService implements AutoCloseable {

    /** Where and how to serve. {@code password} may be null (loopback only). */
    public record Settings(String host, int port, int threads, String password) {}

    static final int MAX_BODY = 64 * 1024;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> RUN_PARAMS = Set.of("task", "state", "outcome", "source", "min_width", "max_width", "limit", "offset");
    private static final ObjectMapper JSON = ConfigJson.MAPPER;

    static {
        // the JDK server writes headers and body separately: without TCP_NODELAY, Nagle's algorithm and delayed
        // ACKs add ~40 ms to every small response (read once, when the server classes first load)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final Store store;
    private final HttpServer server;
    private final ExecutorService pool;
    private final byte[] password;
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();
    private final LedgerQueue ledger;
    private volatile Optional<ForecasterRegistry.Loaded> model = Optional.empty();
    private volatile long modelCheckedAt;

    private ForecastService(Store store, HttpServer server, ExecutorService pool, String password) {
        this.store = store;
        this.server = server;
        this.pool = pool;
        this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        this.ledger = new LedgerQueue(store);
    }

    /** Starts serving; the store stays open (and owned by the caller) until {@link #close()}. */
    public static ForecastService start(Store store, Settings s) throws IOException {
        InetAddress address = resolve(s.host());
        if (!address.isLoopbackAddress() && (s.password() == null || s.password().isBlank())) {
            throw new UserError("--host", "refusing to serve on " + s.host() + " (not a loopback address) without a password",
                    "set LEARNCAST_SERVE_PASSWORD; clients then send 'Authorization: Bearer <password>'; or keep the default 127.0.0.1");
        }
        if (s.port() < 0 || s.port() > 65535) throw new UserError("--port", "port " + s.port() + " is out of range", "0–65535 (0 picks a free port)");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, s.port()), 64);
        } catch (java.net.BindException e) {
            throw new UserError("--port", "cannot listen on " + s.host() + ":" + s.port() + " (" + e.getMessage() + ")", "choose another --port, or 0 for a free one");
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, s.threads()), r -> {
            Thread t = new Thread(r, "learncast-http");
            t.setDaemon(true);
            return t;
        });
        ForecastService svc = new ForecastService(store, server, pool, s.password() == null || s.password().isBlank() ? null : s.password());
        server.createContext("/", svc::handle);
        server.setExecutor(pool);
        server.start();
        return svc;
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (IOException e) {
            throw new UserError("--host", "cannot resolve host '" + host + "'", "e.g. 127.0.0.1");
        }
    }

    public int port() { return server.getAddress().getPort(); }

    public InetSocketAddress address() { return server.getAddress(); }

    /** Waits until every forecast answered so far is in the ledger (at most {@code millis}). */
    public void flushLedger(long millis) { ledger.flush(millis); }

    /** Forecasts this service has recorded in the ledger. */
    public long recordedForecasts() { return ledger.recorded(); }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ledger.close();
    }

    // --- dispatch ---

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (password != null && !authorised(ex)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                throw new HttpError(401, null, "missing or wrong 'Authorization: Bearer <password>'");
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            Object answer = switch (path) {
                case "/v1/forecast" -> {
                    require(ex, method, "POST");
                    yield forecast(readBody(ex));
                }
                case "/v1/runs" -> {
                    require(ex, method, "GET");
                    yield runs(query(ex.getRequestURI().getRawQuery()));
                }
                case "/v1/model" -> {
                    require(ex, method, "GET");
                    yield model();
                }
                case "/v1/health" -> {
                    require(ex, method, "GET");
                    yield health();
                }
                default -> throw new HttpError(404, null, "no endpoint " + path + "; try POST /v1/forecast, GET /v1/runs, GET /v1/model, GET /v1/health");
            };
            send(ex, 200, answer);
        } catch (HttpError e) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("error", e.getMessage());
            if (e.field != null) err.put("field", e.field);
            send(ex, e.status, err);
        } catch (UserError e) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("error", e.getMessage());
            if (e.where() != null) err.put("field", e.where());
            send(ex, 400, err);
        } catch (RuntimeException e) {
            send(ex, 500, Map.of("error", "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        } finally {
            ex.close();
        }
    }

    private boolean authorised(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.startsWith("Bearer ")) return false;
        return MessageDigest.isEqual(password, h.substring(7).getBytes(StandardCharsets.UTF_8));
    }

    private static void require(HttpExchange ex, String method, String allowed) {
        if (!method.equals(allowed)) {
            ex.getResponseHeaders().add("Allow", allowed);
            throw new HttpError(405, null, "use " + allowed + " for " + ex.getRequestURI().getPath());
        }
    }

    private static JsonNode readBody(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) throw new HttpError(413, "body", "the request body is larger than " + MAX_BODY + " bytes");
        if (body.length == 0) throw HttpError.badField("body", "empty; send a JSON object, e.g. {\"task\":\"modadd:p=97\",\"steps\":5000}");
        try {
            // one JSON object and nothing after it: trailing text is a malformed request, not something to ignore
            return JSON.readerFor(JsonNode.class).with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (JsonProcessingException e) {
            throw HttpError.badField("body", "not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    // --- endpoints ---

    private ForecasterRegistry.Loaded activeModel() {
        long now = System.nanoTime();
        if (model.isEmpty() || now - modelCheckedAt > TimeUnit.SECONDS.toNanos(2)) {
            Optional<ForecasterRegistry.Loaded> m = ForecasterRegistry.active(store);
            model = m;
            modelCheckedAt = now;
        }
        return model.orElseThrow(() -> new HttpError(503, null, "no forecaster has been fitted in this store; run `learncast forecast fit`"));
    }

    private Map<String, Object> forecast(JsonNode body) {
        RunConfig c = ConfigRequest.parse(body);
        ForecasterRegistry.Loaded m = activeModel();
        Forecast f = m.forecaster().predict(c, c.steps());
        // the first forecast of a config by a model is the prospective record; repeats within this process are not re-recorded
        String key = m.record().id() + "|" + c.configHash() + "|" + c.steps();
        boolean first = recorded.size() < 1_000_000 ? recorded.add(key) : !recorded.contains(key);
        String ledgerState = first ? (ledger.offer(m.record().id(), c, f) ? "queued" : "not recorded: the ledger queue is full") : "recorded earlier";
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("forecast", f);
        doc.put("model_id", m.record().id());
        doc.put("ledger", ledgerState);
        doc.put("interval", Forecast.INTERVAL_MEANING);
        return doc;
    }

    private Map<String, Object> runs(Map<String, String> q) {
        for (String k : q.keySet()) {
            if (!RUN_PARAMS.contains(k)) throw HttpError.badField(k, "unknown filter; allowed: " + String.join(", ", RUN_PARAMS.stream().sorted().toList()));
        }
        RunFilter f = RunFilter.all();
        String task = q.get("task");
        if (task != null) {
            if (task.isBlank() || task.length() > 400) throw HttpError.badField("task", "must be a task name or spec, e.g. modadd or modadd:p=97");
            f = f.withTask(task.contains(":") ? io.learncast.data.TaskSpec.parse(task, "task").canonical() : task.trim().toLowerCase(Locale.ROOT));
        }
        if (q.get("state") != null) f = f.withState(enumValue(RunState.class, q.get("state"), "state"));
        if (q.get("outcome") != null) f = f.withOutcome(enumValue(Outcome.class, q.get("outcome"), "outcome"));
        if (q.get("source") != null) f = f.withSource(q.get("source"));
        Integer min = intParam(q, "min_width", null, 1, Integer.MAX_VALUE);
        Integer max = intParam(q, "max_width", null, 1, Integer.MAX_VALUE);
        f = f.withWidth(min, max);
        int limit = intParam(q, "limit", 100, 1, MAX_LIMIT);
        int offset = intParam(q, "offset", 0, 0, Integer.MAX_VALUE);
        long total = store.catalog().count(f);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StoredRun r : store.catalog().runs(f.page(limit, offset))) rows.add(run(r));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("total", total);
        doc.put("limit", limit);
        doc.put("offset", offset);
        doc.put("runs", rows);
        return doc;
    }

    static Map<String, Object> run(StoredRun r) {
        RunConfig c = r.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("task", c.task());
        m.put("depth", c.depth());
        m.put("width", c.width());
        m.put("activation", c.activation().key());
        m.put("optimizer", c.optimizer().key());
        m.put("lr", c.lr());
        m.put("wd", c.wd());
        m.put("batch", c.fullBatch() ? "full" : c.batch());
        m.put("train_frac", c.trainFrac());
        m.put("n_train", c.nTrain());
        m.put("label_noise", c.labelNoise());
        m.put("steps", c.steps());
        m.put("seed", c.replica());
        m.put("state", r.state().name().toLowerCase(Locale.ROOT));
        m.put("outcome", r.outcome() == null ? null : r.outcome().name().toLowerCase(Locale.ROOT));
        m.put("steps_to_learn", r.stepsToLearn());
        m.put("confirm_step", r.confirmStep());
        m.put("steps_trained", r.stepsTrained());
        m.put("final_test_acc", r.finalTestAcc());
        m.put("source", r.source());
        m.put("config_hash", r.configHash());
        m.put("group_hash", r.groupHash());
        return m;
    }

    private Map<String, Object> model() {
        ForecasterRegistry.Loaded m = activeModel();
        ModelRecord r = m.record();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", r.id());
        doc.put("kind", r.kind());
        doc.put("created", r.createdAt().toString());
        doc.put("code_version", r.codeVersion());
        doc.put("format_version", r.formatVersion());
        doc.put("corpus_runs", r.corpusRuns());
        doc.put("corpus_rows", r.corpusRows());
        doc.put("corpus_hash", r.corpusHash());
        doc.put("artifact_sha256", r.artifactSha256());
        doc.put("report", FitReport.parse(r.summaryJson()));
        return doc;
    }

    private Map<String, Object> health() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", "ok");
        doc.put("version", CodeVersion.get());
        doc.put("store", store.location().toString());
        doc.put("runs", store.catalog().count(RunFilter.all()));
        doc.put("model_id", store.models().active(ForecasterRegistry.KIND).map(ModelRecord::id).orElse(null));
        return doc;
    }

    // --- parameters ---

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String part : raw.split("&")) {
            if (part.isEmpty()) continue;
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(k, v) != null) throw HttpError.badField(k, "is given twice");
        }
        return out;
    }

    private static Integer intParam(Map<String, String> q, String name, Integer def, int min, int max) {
        String v = q.get(name);
        if (v == null) return def;
        try {
            long x = Long.parseLong(v.trim());
            if (x < min || x > max) throw HttpError.badField(name, "must be between " + min + " and " + max + ", got " + v);
            return (int) x;
        } catch (NumberFormatException e) {
            throw HttpError.badField(name, "must be a whole number, got '" + v + "'");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String v, String name) {
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(v.trim())) return e;
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) allowed.add(e.name().toLowerCase(Locale.ROOT));
        throw HttpError.badField(name, "unknown value '" + v + "'; allowed: " + String.join(", ", allowed));
    }
}
