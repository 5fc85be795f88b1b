package io.learncast.app.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.synthetic.SyntheticGrokking;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code "property"} in {@code POST /v1/forecast}: that property's forecast, or 400 with the reason (real socket, real H2). */
class PropertyForecastHttpTest {
    @TempDir static Path dir;
    static Store store;
    static ForecastService service;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String CONFIG = "\"task\":\"modadd:p=23\",\"width\":128,\"lr\":1e-3,\"wd\":1,\"train_frac\":0.7,\"batch\":\"full\",\"steps\":3000";

    @BeforeAll
    static void start() {
        store = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "db"));
        SyntheticGrokking.importInto(store, 6, 6, 1, 0, 4);
        service = ForecastService.start(store, new ForecastService.Settings("127.0.0.1", 0, 2, null));
    }

    @AfterAll
    static void stop() {
        service.close();
        store.close();
    }

    static HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/v1/forecast"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersThePropertyAskedOrSaysWhyNot() throws Exception {
        HttpResponse<String> r = post("{" + CONFIG + ",\"property\":\"grokking\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode doc = new ObjectMapper().readTree(r.body());
        assertEquals("grokking:k=3,train=0.99,test=0.95,hold=1", doc.get("property").asText());
        assertTrue(doc.get("forecast").get("p").asDouble() >= 0);
        assertTrue(doc.has("delay_ratio"));
        HttpResponse<String> alike = post("{" + CONFIG + ",\"property\":\"train_acc>=0.99\"}");
        assertEquals(400, alike.statusCode(), alike.body());
        assertTrue(alike.body().contains("nothing to tell apart"), alike.body());
        assertEquals(400, post("{" + CONFIG + ",\"property\":7}").statusCode());
        HttpResponse<String> bad = post("{" + CONFIG + ",\"property\":\"val_acc>=0.9\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("unknown metric"), bad.body());
        HttpResponse<String> plain = post("{" + CONFIG + "}");
        assertEquals(503, plain.statusCode(), "no default forecaster: the property's answer is never reused for it");
    }
}
