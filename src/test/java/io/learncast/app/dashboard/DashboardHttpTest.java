package io.learncast.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.data.Metric;
import io.learncast.farm.store.PhaseAxis;
import io.learncast.farm.store.PhaseCell;
import io.learncast.farm.store.PhaseQuery;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunOrder;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The dashboard over HTTP on a real socket and a real H2 store: access rules, 400s that name the parameter, and the store's aggregates. */
class DashboardHttpTest {
    @TempDir static Path dir;
    static Store store;
    static Dashboard dash;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        store = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "db"));
        SyntheticCorpus.importInto(store, SyntheticCorpus.generate(120, 2, 11));
        dash = Dashboard.start(store, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        dash.close();
        store.close();
    }

    record Answer(int status, String body) {
        JsonNode json() throws Exception { return JSON.readTree(body); }
    }

    /** A raw request, so every header (Host, Origin) is exactly as written. */
    static Answer send(String method, String path, Map<String, String> headers, String body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", dash.port())) {
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nConnection: close\r\nContent-Length: " + b.length + "\r\n");
            Map<String, String> h = new HashMap<>(Map.of("Host", "127.0.0.1:" + dash.port()));
            h.putAll(headers);
            h.forEach((k, v) -> { if (v != null) req.append(k).append(": ").append(v).append("\r\n"); });
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.write(b);
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(all.substring(9, 12));
            String content = all.substring(all.indexOf("\r\n\r\n") + 4);
            if (all.toLowerCase().contains("transfer-encoding: chunked")) content = dechunk(content);
            return new Answer(status, content);
        }
    }

    static String dechunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = s.indexOf("\r\n", i);
            int n = Integer.parseInt(s.substring(i, eol).trim(), 16);
            if (n == 0) return out.toString();
            out.append(s, eol + 2, eol + 2 + n);
            i = eol + 2 + n + 2;
        }
    }

    static Answer get(String path) throws Exception { return send("GET", path, Map.of(), null); }

    @Test
    void servesTheAppAndEChartsFromTheJar() throws Exception {
        Answer page = get("/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<main id=\"main\">"));
        Answer charts = get("/assets/echarts.js");
        assertEquals(200, charts.status());
        assertTrue(charts.body().length() > 500_000, "the ECharts bundle");
        assertEquals(404, get("/assets/..%2Fpom.xml").status());
        assertEquals(404, get("/assets/secret.txt").status());
    }

    @Test
    void badParametersAre400sNamingThem() throws Exception {
        Answer a = get("/dash/runs?sort=password");
        assertEquals(400, a.status());
        assertEquals("sort", a.json().get("field").asText());
        assertTrue(a.json().get("error").asText().contains("allowed: id, task"), a.body());
        assertEquals("limit", get("/dash/runs?limit=100000").json().get("field").asText());
        assertEquals("bogus", get("/dash/runs?bogus=1").json().get("field").asText());
        assertEquals("x", get("/dash/phase?task=modadd:p=97&x=config_json").json().get("field").asText());
        assertEquals("y", get("/dash/phase?task=modadd:p=97&x=lr&y=lr").json().get("field").asText());
        assertEquals("task", get("/dash/phase").json().get("field").asText());
        assertEquals("id", get("/dash/run?id=abc").json().get("field").asText());
        assertEquals(404, get("/dash/run?id=999999").status());
        assertEquals(400, get("/dash/runs?state=done%27%20OR%201=1").status());
    }

    @Test
    void onlyTheDashboardsOwnHostAndSameOriginJsonMayChangeThings() throws Exception {
        assertEquals(403, send("GET", "/dash/farm", Map.of("Host", "evil.example:" + dash.port()), null).status(), "DNS rebinding");
        String origin = "http://127.0.0.1:" + dash.port();
        // a cross-site form post, a post without Origin, another origin: refused
        assertEquals(403, send("POST", "/dash/retry", Map.of("Content-Type", "application/x-www-form-urlencoded", "Origin", origin), "a=1").status());
        assertEquals(403, send("POST", "/dash/retry", Map.of("Content-Type", "application/json"), "{}").status());
        assertEquals(403, send("POST", "/dash/retry", Map.of("Content-Type", "application/json", "Origin", "http://evil.example"), "{}").status());
        assertEquals(403, send("POST", "/v1/forecast", Map.of("Content-Type", "application/json", "Origin", "http://evil.example"), "{\"task\":\"modadd:p=97\"}").status());
        // same-origin JSON, or the token
        Answer ok = send("POST", "/dash/retry", Map.of("Content-Type", "application/json", "Origin", origin, "Sec-Fetch-Site", "same-origin"), "{}");
        assertEquals(200, ok.status(), ok.body());
        assertEquals(0, ok.json().get("requeued").asInt());
        assertEquals(200, send("POST", "/dash/retry", Map.of(DashboardAccess.HEADER, dash.token()), "").status());
        assertEquals(400, send("POST", "/dash/retry", Map.of(DashboardAccess.HEADER, dash.token()), "{\"sweep\": \"x\"}").status());
    }

    @Test
    void theKnobsEndpointListsTheRequestFields() throws Exception {
        JsonNode k = get("/v1/knobs").json().get("knobs");
        assertEquals("task", k.get(0).get("name").asText());
        assertTrue(k.get(0).get("required").asBoolean());
    }

    @Test
    void phaseCellsCountWhatTheRunsSay() {
        String task = store.stats().tasks().get(0).task();
        long budget = 2000;
        PhaseQuery q = new PhaseQuery(task, Metric.TEST_ACC, 0.95, PhaseAxis.WIDTH, PhaseAxis.LR, budget, null);
        Map<String, long[]> expected = new HashMap<>();
        for (StoredRun r : store.catalog().runs(RunFilter.all().withTask(task))) {
            var c = r.config();
            String key = (double) c.width() + "|" + Math.floor(Math.log10(c.lr()) * 4 + 1e-9);
            long[] n = expected.computeIfAbsent(key, x -> new long[3]);
            n[0]++;
            var within = store.catalog().learnedWithin(r.id(), budget);
            if (within.isPresent()) {
                n[1]++;
                if (within.get()) n[2]++;
            }
        }
        List<PhaseCell> cells = store.stats().phase(q);
        assertEquals(expected.size(), cells.size());
        for (PhaseCell c : cells) {
            long[] n = expected.get(c.x() + "|" + c.y());
            assertNotNull(n, c.toString());
            assertArrayEquals(n, new long[] {c.runs(), c.known(), c.learned()}, c.toString());
        }
        PhaseCell first = cells.get(0);
        assertEquals(first.runs(), store.stats().cellRuns(q, first.x(), first.y(), 1000).size());
    }

    @Test
    void sortedPagesAreSorted() {
        List<StoredRun> page = store.stats().runs(RunFilter.all().page(30, 5), RunOrder.LR, true);
        assertEquals(30, page.size());
        List<StoredRun> all = store.catalog().runs(RunFilter.all());
        all.sort(Comparator.comparingDouble((StoredRun r) -> r.config().lr()).reversed().thenComparing(Comparator.comparingLong(StoredRun::id).reversed()));
        assertEquals(all.subList(5, 35).stream().map(StoredRun::id).toList(), page.stream().map(StoredRun::id).toList());
    }
}
