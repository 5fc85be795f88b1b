package io.learncast.app.dashboard;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.app.json.RunPage;
import io.learncast.app.json.ErrorJson;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.learncast.app.service.RequestKnobs;
import io.learncast.app.service.WebServer;
import io.learncast.data.Metric;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.PhaseAxis;
import io.learncast.farm.store.PhaseQuery;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunOrder;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.TaskProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The dashboard's pages and their JSON: {@code GET /} (the app), {@code /assets/NAME} (its files and ECharts), and
 * under {@code /dash/}: {@code farm}, {@code meta}, {@code runs}, {@code run}, {@code phase}, {@code phase/runs},
 * {@code ledger}, {@code grow}, and {@code POST /dash/retry} (re-queue failed runs, as {@code farm retry}); and
 * {@code GET /v1/knobs}, the forecast form's fields. Every request passes {@link DashboardAccess} first.
 */
final class DashboardRoutes implements WebServer.Routes {
    static final int PAGE_MAX = 500;
    private static final ObjectReader STRICT = ConfigJson.MAPPER.readerFor(JsonNode.class)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Store store;
    private final DashboardAccess access;
    private final DashboardAssets assets = new DashboardAssets();

    DashboardRoutes(Store store, DashboardAccess access) {
        this.store = store;
        this.access = access;
    }

    @Override
    public boolean guardsAccess() { return true; }

    @Override
    public List<String> describe() {
        return List.of("GET /", "GET /dash/farm", "GET /dash/runs", "GET /dash/phase", "GET /dash/ledger", "GET /dash/grow", "GET /v1/knobs");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before(ctx -> {
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("X-Frame-Options", "DENY");
            access.check(ctx);
        });
        routes.exception(DashError.class, (e, ctx) -> json(ctx, e.status, new ErrorJson(e.getMessage(), e.field)));
        routes.get("/", ctx -> {
            if (access.login(ctx)) {
                ctx.status(303);
                ctx.header("Location", "/");
                return;
            }
            assets.serve(ctx, "index.html");
        });
        routes.get("/assets/{name}", ctx -> assets.serve(ctx, ctx.pathParam("name")));
        get(routes, "/dash/farm", Set.of("window"), (ctx, p) -> FarmView.of(store, p.integer("window", 10, 1, 10_080)));
        get(routes, "/dash/meta", Set.of(), (ctx, p) -> meta());
        get(routes, "/dash/runs", Set.of("task", "state", "outcome", "source", "min_width", "max_width", "sort", "desc", "limit", "offset"),
                (ctx, p) -> runs(p));
        get(routes, "/dash/run", Set.of("id"), (ctx, p) -> RunDetail.of(store, p.longValue("id", null, 1, Long.MAX_VALUE) == null
                ? missing("id") : p.longValue("id", null, 1, Long.MAX_VALUE)));
        get(routes, "/dash/phase", Set.of("task", "metric", "threshold", "x", "y", "budget", "campaign", "round"), (ctx, p) -> phase(p));
        get(routes, "/dash/phase/runs", Set.of("task", "metric", "threshold", "x", "y", "budget", "xbin", "ybin"), (ctx, p) -> cellRuns(p));
        get(routes, "/dash/ledger", Set.of(), (ctx, p) -> LedgerView.of(store));
        get(routes, "/dash/grow", Set.of(), (ctx, p) -> GrowView.of(store));
        get(routes, "/v1/knobs", Set.of(), (ctx, p) -> new Knobs(RequestKnobs.list()));
        routes.post("/dash/retry", ctx -> json(ctx, 200, retry(body(ctx))));
    }

    private interface Answer {
        Object answer(Context ctx, Params p);
    }

    private static void get(RoutesConfig routes, String path, Set<String> params, Answer a) {
        Handler h = ctx -> json(ctx, 200, a.answer(ctx, Params.of(ctx.queryString(), params)));
        routes.get(path, h);
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType("application/json; charset=utf-8");
        ctx.header("Cache-Control", "no-store");
        try {
            ctx.result(ConfigJson.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }

    private static <T> T missing(String field) {
        throw DashError.bad(field, "is required");
    }

    // --- endpoints ---

    /** {@code /dash/meta}: what the pages offer to choose from (fields in the order they had as a sorted map). */
    @JsonPropertyOrder(alphabetic = true)
    record Meta(@JsonProperty("store") String store, @JsonProperty("tasks") List<TaskJson> tasks, @JsonProperty("axes") List<String> axes,
                @JsonProperty("sorts") List<String> sorts, @JsonProperty("states") List<String> states, @JsonProperty("outcomes") List<String> outcomes) {}

    /** A task and property the store has runs of. */
    @JsonPropertyOrder(alphabetic = true)
    record TaskJson(@JsonProperty("task") String task, @JsonProperty("metric") String metric, @JsonProperty("threshold") double threshold,
                    @JsonProperty("property") String property, @JsonProperty("runs") long runs, @JsonProperty("done") long done) {}

    /** {@code /dash/phase/runs}: the runs of one cell of a phase diagram. */
    @JsonPropertyOrder(alphabetic = true)
    record CellRuns(@JsonProperty("x") String x, @JsonProperty("y") String y, @JsonProperty("runs") List<RunRow> runs) {}

    /** {@code POST /dash/retry}: how many failed runs went back to the queue, and which. */
    @JsonPropertyOrder(alphabetic = true)
    record Retried(@JsonProperty("requeued") int requeued, @JsonProperty("run_ids") List<Long> runIds) {}

    /** {@code /v1/knobs}: the knobs a forecast request takes. */
    record Knobs(@JsonProperty("knobs") List<RequestKnobs.Knob> knobs) {}

    private Meta meta() {
        return new Meta(store.location().toString(),
                store.stats().tasks().stream().map((TaskProperty t) -> new TaskJson(t.task(), t.metric().key(), t.threshold(),
                        RunRow.property(t.metric(), t.threshold()), t.runs(), t.done())).toList(),
                Arrays.stream(PhaseAxis.values()).map(PhaseAxis::key).toList(),
                Arrays.stream(RunOrder.values()).map(RunOrder::key).toList(),
                Arrays.stream(RunState.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList(),
                Arrays.stream(Outcome.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
    }

    private RunPage<RunRow> runs(Params p) {
        RunFilter f = RunFilter.all();
        String task = p.text("task");
        if (task != null) f = f.withTask(task.contains(":") ? task : task.toLowerCase(Locale.ROOT));
        RunState state = p.choice("state", RunState.class, null);
        if (state != null) f = f.withState(state);
        Outcome outcome = p.choice("outcome", Outcome.class, null);
        if (outcome != null) f = f.withOutcome(outcome);
        if (p.text("source") != null) f = f.withSource(p.text("source"));
        f = f.withWidth(p.integer("min_width", null, 1, Integer.MAX_VALUE), p.integer("max_width", null, 1, Integer.MAX_VALUE));
        String sortKey = p.text("sort", "id");
        RunOrder order = RunOrder.of(sortKey);
        if (order == null) throw DashError.bad("sort", "unknown column '" + sortKey + "'; allowed: "
                + String.join(", ", Arrays.stream(RunOrder.values()).map(RunOrder::key).toList()));
        int limit = p.integer("limit", 50, 1, PAGE_MAX);
        int offset = p.integer("offset", 0, 0, Integer.MAX_VALUE);
        long total = store.catalog().count(f);
        List<RunRow> rows = store.stats().runs(f.page(limit, offset), order, p.flag("desc")).stream().map(RunRow::of).toList();
        return new RunPage<>(total, limit, offset, rows);
    }

    private PhaseQuery phaseQuery(Params p) {
        String task = p.text("task");
        if (task == null) throw DashError.bad("task", "is required (a task as the corpus page lists it, e.g. modadd:p=97)");
        Metric metric = p.choice("metric", Metric.class, Metric.TEST_ACC);
        double threshold = p.number("threshold", 0.95);
        PhaseAxis x = axis(p, "x", "lr");
        PhaseAxis y = axis(p, "y", "wd");
        if (x == y) throw DashError.bad("y", "must differ from x (both are " + x.key() + ")");
        long budget = p.longValue("budget", 3000L, 1, 1_000_000_000L);
        return new PhaseQuery(task, metric, threshold, x, y, budget, null);
    }

    private static PhaseAxis axis(Params p, String name, String def) {
        String key = p.text(name, def);
        PhaseAxis a = PhaseAxis.of(key);
        if (a == null) throw DashError.bad(name, "unknown axis '" + key + "'; allowed: " + String.join(", ", Arrays.stream(PhaseAxis.values()).map(PhaseAxis::key).toList()));
        return a;
    }

    private PhaseView phase(Params p) {
        PhaseQuery q = phaseQuery(p);
        String campaign = p.text("campaign");
        Integer round = p.integer("round", null, 1, 1_000_000);
        List<Long> ids = null;
        if (campaign != null || round != null) {
            if (campaign == null || round == null) throw DashError.bad(campaign == null ? "campaign" : "round", "give both campaign and round");
            ids = GrowView.roundIds(store, campaign, round);
            if (ids == null) throw DashError.bad("round", "campaign '" + campaign + "' has no round " + round);
            if (ids.size() > PhaseQuery.MAX_IDS) ids = ids.subList(0, PhaseQuery.MAX_IDS);
        }
        return PhaseView.of(store, q, ids);
    }

    private CellRuns cellRuns(Params p) {
        PhaseQuery q = phaseQuery(p);
        Double xb = p.number("xbin", null);
        Double yb = p.number("ybin", null);
        if (xb == null) throw DashError.bad("xbin", "is required");
        if (yb == null) throw DashError.bad("ybin", "is required");
        List<StoredRun> runs = store.stats().cellRuns(q, xb, yb, 200);
        return new CellRuns(q.x().label(xb), q.y().label(yb), runs.stream().map(RunRow::of).toList());
    }

    private static JsonNode body(Context ctx) {
        byte[] b = ctx.bodyAsBytes();
        if (b.length > 4096) throw new DashError(413, "body", "body: larger than 4096 bytes");
        if (b.length == 0) return ConfigJson.MAPPER.createObjectNode();
        try {
            JsonNode n = STRICT.readTree(b);
            if (n == null || !n.isObject()) throw DashError.bad("body", "must be a JSON object, e.g. {} or {\"sweep\": 3}");
            return n;
        } catch (java.io.IOException e) {
            throw DashError.bad("body", "not valid JSON");
        }
    }

    /** Re-queues failed runs (all, or one sweep's) through the same store call as {@code learncast farm retry}. */
    private Retried retry(JsonNode body) {
        Long sweep = null;
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("sweep")) throw DashError.bad(k, "unknown field; allowed: sweep");
        }
        JsonNode s = body.get("sweep");
        if (s != null && !s.isNull()) {
            if (!s.isIntegralNumber() || s.asLong() < 1) throw DashError.bad("sweep", "must be a sweep id (a whole number ≥ 1)");
            long id = s.asLong();
            if (store.catalog().sweeps().stream().noneMatch(w -> w.id() == id)) throw DashError.bad("sweep", "no sweep #" + id + " in this store");
            sweep = id;
        }
        List<Long> ids = store.queue().retryFailed(sweep);
        return new Retried(ids.size(), ids);
    }
}
