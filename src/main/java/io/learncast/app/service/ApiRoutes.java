package io.learncast.app.service;

import io.learncast.app.json.ModelJson;
import io.learncast.app.json.RunPage;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.learncast.common.CodeVersion;
import io.learncast.data.TaskCatalog;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.ModelRecord;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.model.Forecast;
import io.learncast.forecast.store.ForecasterRegistry;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The /v1 JSON API, a route group of the {@link WebServer}:
 * <ul>
 *   <li>{@code POST /v1/forecast}: body = the CLI's config flags as JSON keys; answers the forecast (as
 *   {@code learncast forecast --json}) and queues it for the ledger ({@link LedgerQueue}), which keeps it if
 *   the config has never been trained; {@code "ledger"} says {@code queued} or {@code recorded earlier}. With a
 *   {@code "property"} key ({@code "train_acc>=0.99"}, {@code "grokking"}, …) it answers that property's forecast
 *   read off the stored curves (as {@code learncast forecast --property … --json}) or 400 with the reason;</li>
 *   <li>{@code GET /v1/runs}: runs, filtered by {@code task, state, outcome, source, min_width, max_width,
 *   limit, offset} (typed, bound as parameters);</li>
 *   <li>{@code GET /v1/model}: the active forecaster's provenance and scores;</li>
 *   <li>{@code GET /v1/health}: liveness, the store, the active model id and the run count;</li>
 *   <li>{@code POST /v1/judge}: the judge on a stored run or a posted .npz ({@link JudgeEndpoint}).</li>
 * </ul>
 * Bad input is a 400 whose JSON names the field; a wrong method a 405 with {@code Allow}. A request never opens a
 * file: tasks that read one must name a dataset already in the store ({@link StoredTasks}).
 */
final class ApiRoutes implements WebServer.Routes {
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> RUN_PARAMS = Set.of("task", "state", "outcome", "source", "min_width", "max_width", "limit", "offset");
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE,
            HandlerType.HEAD, HandlerType.OPTIONS);

    private final Store store;
    private final StoredTasks tasks;
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();
    private final LedgerQueue ledger;
    private final JudgeEndpoint judge;
    private volatile Optional<ForecasterRegistry.Loaded> model = Optional.empty();
    private volatile long modelCheckedAt;

    ApiRoutes(Store store) {
        this.store = store;
        this.tasks = new StoredTasks(store);
        this.ledger = new LedgerQueue(store);
        this.judge = new JudgeEndpoint(store);
    }

    @Override
    public void register(RoutesConfig routes) {
        endpoint(routes, "/v1/forecast", HandlerType.POST, ctx -> forecast(readBody(ctx)));
        endpoint(routes, "/v1/runs", HandlerType.GET, ctx -> runs(query(ctx.queryString())));
        endpoint(routes, "/v1/model", HandlerType.GET, ctx -> model());
        endpoint(routes, "/v1/health", HandlerType.GET, ctx -> health());
        endpoint(routes, "/v1/judge", HandlerType.POST, judge::answer);
    }

    @Override
    public List<String> describe() {
        return List.of("POST /v1/forecast", "GET /v1/runs", "GET /v1/model", "GET /v1/health", "POST /v1/judge");
    }

    /** One endpoint: its method answers with JSON (never opening a file a request names); the other methods get 405. */
    private static void endpoint(RoutesConfig routes, String path, HandlerType allowed, Function<Context, Object> answer) {
        for (HandlerType m : METHODS) {
            if (m == allowed) {
                routes.addHttpHandler(m, path, ctx -> WebServer.json(ctx, 200, TaskCatalog.withoutFiles(() -> answer.apply(ctx))));
            } else {
                routes.addHttpHandler(m, path, ctx -> {
                    ctx.header("Allow", allowed.name());
                    throw new HttpError(405, null, "use " + allowed.name() + " for " + path);
                });
            }
        }
    }

    /** Waits until every forecast answered so far is in the ledger (at most {@code millis}). */
    void flushLedger(long millis) { ledger.flush(millis); }

    long recordedForecasts() { return ledger.recorded(); }

    @Override
    public void close() { ledger.close(); }

    private static JsonNode readBody(Context ctx) {
        byte[] body = ctx.bodyAsBytes(); // already read by the server, without a thread waiting on the client
        if (body.length > MAX_BODY) throw new HttpError(413, "body", "the request body is larger than " + MAX_BODY + " bytes");
        if (body.length == 0) throw HttpError.badField("body", "empty; send a JSON object, e.g. {\"task\":\"modadd:p=97\",\"steps\":5000}");
        try {
            return Json.read(body);
        } catch (JsonProcessingException e) {
            throw HttpError.badField("body", "not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (java.io.IOException e) {
            throw HttpError.badField("body", "unreadable (" + e.getMessage() + ")");
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

    private Object forecast(JsonNode body) {
        if (body.isObject() && body.has("property")) {
            // a property read off the stored curves: that property's forecast or a 400 with the reason, never another's
            JsonNode p = body.get("property");
            if (!p.isTextual()) throw HttpError.badField("property", "must be a string, e.g. \"train_acc>=0.99\", \"grokking\" or \"memorisation\"");
            var prop = io.learncast.data.property.CurveProperty.parse(p.asText(), "property");
            com.fasterxml.jackson.databind.node.ObjectNode rest = ((com.fasterxml.jackson.databind.node.ObjectNode) body).deepCopy();
            rest.remove("property");
            return io.learncast.forecast.property.PropertyForecast.of(store, prop, ConfigRequest.parse(rest, tasks), "property");
        }
        RunConfig c = ConfigRequest.parse(body, tasks);
        ForecasterRegistry.Loaded m = activeModel();
        Forecast f = m.forecaster().predict(c, c.steps());
        // the first forecast of a config by a model is the prospective record; repeats within this process are not re-recorded
        String key = m.record().id() + "|" + c.configHash() + "|" + c.steps();
        boolean first = recorded.size() < 1_000_000 ? recorded.add(key) : !recorded.contains(key);
        String ledgerState = first ? (ledger.offer(m.record().id(), c, f) ? "queued" : "not recorded: the ledger queue is full") : "recorded earlier";
        return new ForecastAnswer(f, m.record().id(), ledgerState, Forecast.INTERVAL_MEANING);
    }

    private RunPage<RunJson> runs(Map<String, String> q) {
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
        List<RunJson> rows = new ArrayList<>();
        for (StoredRun r : store.catalog().runs(f.page(limit, offset))) rows.add(run(r));
        return new RunPage<>(total, limit, offset, rows);
    }

    static RunJson run(StoredRun r) {
        RunConfig c = r.config();
        return new RunJson(r.id(), c.task(), c.depth(), c.width(), c.activation().key(), c.optimizer().key(), c.lr(), c.wd(),
                c.fullBatch() ? "full" : c.batch(), c.trainFrac(), c.nTrain(), c.labelNoise(), c.steps(), c.replica(),
                r.state().name().toLowerCase(Locale.ROOT), r.outcome() == null ? null : r.outcome().name().toLowerCase(Locale.ROOT),
                r.stepsToLearn(), r.confirmStep(), r.stepsTrained(), r.finalTestAcc(), r.source(), r.configHash(), r.groupHash());
    }

    private ModelJson model() {
        return ModelJson.served(activeModel().record());
    }

    private Health health() {
        return new Health("ok", CodeVersion.get(), store.location().toString(), store.catalog().count(RunFilter.all()),
                store.models().active(ForecasterRegistry.KIND).map(ModelRecord::id).orElse(null));
    }

    // --- answers (fields in the order they had as sorted maps) ---

    /** {@code POST /v1/forecast}: the forecast, the model that made it, what the ledger did with it, what the interval means. */
    @JsonPropertyOrder(alphabetic = true)
    record ForecastAnswer(@JsonProperty("forecast") Forecast forecast, @JsonProperty("model_id") long modelId, @JsonProperty("ledger") String ledger,
                          @JsonProperty("interval") String interval) {}

    /** A run in {@code GET /v1/runs}: its knobs flat, its state and outcome in lower case; {@code batch} is "full" or a size. */
    @JsonPropertyOrder(alphabetic = true)
    record RunJson(@JsonProperty("id") long id, @JsonProperty("task") String task, @JsonProperty("depth") int depth, @JsonProperty("width") int width,
                   @JsonProperty("activation") String activation, @JsonProperty("optimizer") String optimizer, @JsonProperty("lr") double lr,
                   @JsonProperty("wd") double wd, @JsonProperty("batch") Object batch, @JsonProperty("train_frac") Double trainFrac,
                   @JsonProperty("n_train") Integer nTrain, @JsonProperty("label_noise") double labelNoise, @JsonProperty("steps") long steps,
                   @JsonProperty("seed") int seed, @JsonProperty("state") String state, @JsonProperty("outcome") String outcome,
                   @JsonProperty("steps_to_learn") Long stepsToLearn, @JsonProperty("confirm_step") Long confirmStep,
                   @JsonProperty("steps_trained") Long stepsTrained, @JsonProperty("final_test_acc") Double finalTestAcc,
                   @JsonProperty("source") String source, @JsonProperty("config_hash") String configHash, @JsonProperty("group_hash") String groupHash) {}

    /** {@code GET /v1/health}: liveness; {@code model_id} is null while no forecaster is fitted. */
    @JsonPropertyOrder(alphabetic = true)
    record Health(@JsonProperty("status") String status, @JsonProperty("version") String version, @JsonProperty("store") String store,
                  @JsonProperty("runs") long runs, @JsonProperty("model_id") Long modelId) {}

    // --- parameters ---

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String part : raw.split("&")) {
            if (part.isEmpty()) continue;
            int eq = part.indexOf('=');
            String k;
            String v;
            try {
                k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw HttpError.badField("query", "malformed %-escape in '" + part + "'");
            }
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
