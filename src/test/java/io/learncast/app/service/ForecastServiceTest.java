package io.learncast.app.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.common.UserError;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.Corpus;
import io.learncast.forecast.store.ForecasterRegistry;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The HTTP service on a real loopback socket (ephemeral port) over a real H2 store. */
class ForecastServiceTest {
    @TempDir static Path dir;
    static Store store;
    static ForecastService service;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        store = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "db"));
        SyntheticCorpus.importInto(store, SyntheticCorpus.generate(100, 2, 7));
        FittedForecaster f = ForecasterFitter.fit(Corpus.table(store, FeatureTable.Options.defaults()),
                ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK).withFolds(3).withRounds(30).withDraws(10));
        ForecasterRegistry.save(store, f);
        service = ForecastService.start(store, new ForecastService.Settings("127.0.0.1", 0, 2, null));
    }

    @AfterAll
    static void stop() {
        service.close();
        store.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void forecastsAndRecordsInTheLedger() throws Exception {
        HttpResponse<String> r = post("/v1/forecast", "{\"task\":\"modadd:p=97\",\"width\":128,\"lr\":1e-3,\"wd\":1,\"train_frac\":0.4,\"steps\":5000}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode doc = JSON.readTree(r.body());
        JsonNode f = doc.get("forecast");
        assertEquals(5000, f.get("budget").asLong());
        assertTrue(f.get("p").asDouble() >= 0 && f.get("p").asDouble() <= 1);
        assertTrue(f.get("attributions").isArray());
        assertEquals("queued", doc.get("ledger").asText(), r.body());
        // the same question again is answered but not recorded twice
        JsonNode again = JSON.readTree(post("/v1/forecast", "{\"task\":\"modadd:p=97\",\"width\":128,\"lr\":1e-3,\"wd\":1,\"train_frac\":0.4,\"steps\":5000}").body());
        assertEquals(f.get("p").asDouble(), again.get("forecast").get("p").asDouble(), 0);
        assertEquals("recorded earlier", again.get("ledger").asText());
        service.flushLedger(10_000);
        var entries = store.ledger().entries().stream().filter(e -> e.budget() == 5000 && e.context().equals("service")).toList();
        assertEquals(1, entries.size());
        assertEquals(f.get("p").asDouble(), entries.get(0).probability(), 0);
        assertEquals(f.get("group_hash").asText(), entries.get(0).groupHash());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"task\":\"modadd:p=23\",\"width\":-5}                 | width",
            "{\"task\":\"modadd:p=23\",\"width\":\"wide\"}           | width",
            "{\"task\":\"modadd:p=23\",\"lr\":0}                     | lr",
            "{\"task\":\"modadd:p=23\",\"train_frac\":1.5}           | train_frac",
            "{\"task\":\"modadd:p=23\",\"batch\":\"half\"}           | batch",
            "{\"task\":\"modadd:p=23\",\"optimizer\":\"lion\"}       | optimizer",
            "{\"task\":\"modadd:p=23\",\"widht\":64}                 | widht",
            "{\"task\":\"nope:p=3\"}                                 | task",
            "{\"task\":\"modadd:p=23\",\"steps\":0}                  | steps",
            "{\"width\":64}                                          | task",
            "[1,2]                                                   | body",
            "{not json                                               | body",
    })
    void badFieldsAre400sNamingTheField(String body, String field) throws Exception {
        HttpResponse<String> r = post("/v1/forecast", body);
        assertEquals(400, r.statusCode(), r.body());
        JsonNode doc = JSON.readTree(r.body());
        assertEquals(field, doc.get("field").asText(), r.body());
        assertTrue(doc.get("error").asText().contains(field), r.body());
    }

    @Test
    void runsAreFilteredByTypedParameters() throws Exception {
        JsonNode all = JSON.readTree(get("/v1/runs?limit=1000").body());
        long total = all.get("total").asLong();
        assertTrue(total > 100);
        JsonNode wide = JSON.readTree(get("/v1/runs?min_width=256&task=modadd&state=done&limit=5&offset=1").body());
        assertTrue(wide.get("runs").size() <= 5);
        for (JsonNode r : wide.get("runs")) {
            assertTrue(r.get("width").asInt() >= 256);
            assertTrue(r.get("task").asText().startsWith("modadd"));
        }
        JsonNode learned = JSON.readTree(get("/v1/runs?outcome=learned&limit=1000").body());
        for (JsonNode r : learned.get("runs")) assertEquals("learned", r.get("outcome").asText());
        // text that would be SQL is only ever a value: it matches nothing
        HttpResponse<String> inj = get("/v1/runs?task=" + java.net.URLEncoder.encode("modadd' OR '1'='1", java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, inj.statusCode());
        assertEquals(0, JSON.readTree(inj.body()).get("total").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/v1/runs?min_width=abc | min_width",
            "/v1/runs?limit=0       | limit",
            "/v1/runs?limit=100000  | limit",
            "/v1/runs?state=sleepy  | state",
            "/v1/runs?outcome=maybe | outcome",
            "/v1/runs?offset=-1     | offset",
            "/v1/runs?colour=red    | colour",
    })
    void badFiltersAre400s(String path, String field) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(field, JSON.readTree(r.body()).get("field").asText());
    }

    @Test
    void unknownPathsAre404sAndWrongMethods405s() throws Exception {
        assertEquals(404, get("/v1/nothing").statusCode());
        assertEquals(404, get("/").statusCode());
        HttpResponse<String> m = get("/v1/forecast");
        assertEquals(405, m.statusCode());
        assertEquals("POST", m.headers().firstValue("Allow").orElse(""));
        assertEquals(405, post("/v1/runs", "{}").statusCode());
    }

    @Test
    void modelAndHealth() throws Exception {
        JsonNode m = JSON.readTree(get("/v1/model").body());
        assertEquals("forecaster", m.get("kind").asText());
        assertTrue(m.get("report").get("candidates").size() > 0);
        assertEquals(m.get("corpus_hash").asText(), m.get("report").get("corpus_hash").asText());
        JsonNode h = JSON.readTree(get("/v1/health").body());
        assertEquals("ok", h.get("status").asText());
        assertEquals(m.get("id").asLong(), h.get("model_id").asLong());
    }

    @Test
    void aNonLoopbackBindNeedsAPasswordWhichIsThenRequired() throws Exception {
        UserError e = assertThrows(UserError.class, () -> ForecastService.start(store, new ForecastService.Settings("0.0.0.0", 0, 1, null)));
        assertEquals("--host", e.where());
        try (ForecastService locked = ForecastService.start(store, new ForecastService.Settings("127.0.0.1", 0, 1, "s3cret"))) {
            String base = "http://127.0.0.1:" + locked.port();
            assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/health")).header("Authorization", "Bearer wrong").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/health")).header("Authorization", "Bearer s3cret").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
