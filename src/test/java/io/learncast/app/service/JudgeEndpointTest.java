package io.learncast.app.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.app.cli.CliRunner;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /v1/judge on a real store: runs trained with measures, a judge fitted by the command, the server answering. */
class JudgeEndpointTest {
    @TempDir static Path dir;
    static Store store;
    static ForecastService service;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        String db = dir.resolve("store").toString();
        Path spec = Files.writeString(dir.resolve("judge.yaml"), """
                name: judge-small
                property: {task: "modadd:p=11", metric: test_acc, threshold: 0.95, hold: 2}
                axes:
                  width: [16, 32]
                  lr: [1e-2]
                  wd: [1]
                  optimizer: [adamw]
                  train_frac: [0.6, 0.9]
                  batch: [full]
                  budgets: [600]
                seeds: 1
                eval_every: 50
                """);
        assertEquals(0, CliRunner.run("farm", "enqueue", spec.toString(), "--db", db).code());
        CliRunner.Result run = CliRunner.run("farm", "run", "--db", db, "--workers", "1");
        assertEquals(0, run.code(), run.err());
        CliRunner.Result fit = CliRunner.run("judge", "fit", "--db", db, "--folds", "2");
        assertEquals(0, fit.code(), fit.err());
        assertTrue(fit.out().contains("train accuracy alone"), fit.out());
        store = JdbcStore.open(StoreLocation.parse(db, "--db"));
        service = ForecastService.start(store, new ForecastService.Settings("127.0.0.1", 0, 2, null));
    }

    @AfterAll
    static void stop() {
        service.close();
        store.close();
    }

    static HttpResponse<String> post(String type, byte[] body, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/v1/judge" + query))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aStoredRunIsJudgedAsTheCommandJudgesIt() throws Exception {
        HttpResponse<String> r = post("application/json", "{\"run\": 1}".getBytes(), "");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = JSON.readTree(r.body()).get("judgement");
        double p = j.get("p_now").asDouble();
        assertTrue(p >= 0 && p <= 1, r.body());
        assertEquals("full", j.get("features").asText());
        CliRunner.Result cli = CliRunner.run("judge", "1", "--json", "--db", dir.resolve("store").toString());
        assertEquals(0, cli.code(), cli.err());
        assertEquals(p, JSON.readTree(cli.out()).get("judgement").get("p_now").asDouble(), 1e-12);
    }

    @Test
    void badInputIsA400NamingWhatIsWrong() throws Exception {
        byte[] pickled;
        try (InputStream in = JudgeEndpointTest.class.getResourceAsStream("/judge/pickled.npz")) {
            pickled = in.readAllBytes();
        }
        HttpResponse<String> r = post("application/octet-stream", pickled, "?task=modadd:p=23");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("Python objects"), r.body());
        r = post("application/octet-stream", pickled, "");
        assertEquals(400, r.statusCode());
        assertEquals("task", JSON.readTree(r.body()).get("field").asText());
        r = post("application/json", "{\"run\": 1, \"path\": \"/etc/passwd\"}".getBytes(), "");
        assertEquals(400, r.statusCode());
        assertEquals("path", JSON.readTree(r.body()).get("field").asText());
        r = post("application/json", "{\"run\": 1, \"step\": 7}".getBytes(), "");
        assertEquals(400, r.statusCode(), r.body());
    }
}
