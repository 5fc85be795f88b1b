package io.learncast.app.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.app.cli.CliRunner;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.Corpus;
import io.learncast.forecast.store.ForecasterRegistry;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a request may make the service do. Found by the hostile pass: {@code csv:path=/etc/passwd,…} was opened
 * (a 400 quoted {@code root:x:0:0:…}) and errors told whether a path existed; duplicate keys were accepted (last
 * one winning) while specs and corpus files refuse them. Now a CSV task must name a dataset already in the store,
 * its facts come from the store (the file is never opened), and every body is read strictly.
 */
class HttpInputTest {
    @TempDir static Path dir;
    static Store store;
    static ForecastService service;
    static Path csv;
    static String task;
    static String fingerprint;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    static String db() { return dir.resolve("store").toString(); }

    @BeforeAll
    static void start() throws Exception {
        csv = dir.resolve("points.csv");
        StringBuilder rows = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 60; i++) rows.append(i % 7).append(',').append((i * 3) % 5).append(',').append((i % 7) + (i * 3) % 5 > 5 ? "hi" : "lo").append('\n');
        Files.writeString(csv, rows);
        task = "csv:label=y,path=" + csv.toAbsolutePath();
        Path spec = Files.writeString(dir.resolve("own.yaml"), """
                name: own-table
                property: {task: "%s"}
                axes:
                  width: [8, 16]
                  lr: [1e-2]
                  train_frac: [0.5]
                  batch: [full]
                  budgets: [100]
                eval_every: 50
                """.formatted(task));
        assertEquals(0, CliRunner.run("farm", "enqueue", spec.toString(), "--db", db()).code());
        CliRunner.Result run = CliRunner.run("farm", "run", "--db", db(), "--workers", "1");
        assertEquals(0, run.code(), run.err());
        store = JdbcStore.open(StoreLocation.parse(db(), "--db"));
        StoredRun trained = store.catalog().runs(RunFilter.all().withState(RunState.DONE)).get(0);
        fingerprint = trained.datasetFingerprint();
        assertNotNull(fingerprint);
        SyntheticCorpus.importInto(store, SyntheticCorpus.generate(100, 2, 7));
        ForecasterRegistry.save(store, ForecasterFitter.fit(Corpus.table(store, FeatureTable.Options.defaults()),
                ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK).withFolds(3).withRounds(30).withDraws(10)));
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

    static String forecastBody(String t) {
        return "{\"task\":" + JSON.valueToTree(t) + ",\"width\":12,\"lr\":0.01,\"wd\":1,\"optimizer\":\"adamw\",\"batch\":\"full\",\"train_frac\":0.5,\"steps\":100}";
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"csv:path=/etc/passwd,label=zzz", "csv:path=/etc/passwd,label=root", "csv:path=/no/such/file.csv,label=zzz",
            "csv:path=/etc,label=zzz", "csv:path=/proc/self/environ,label=x", "csv:fingerprint=0000000000000000000000000000000000000000000000000000000000000000"})
    void aCsvTaskNotInTheStoreGetsOneFixedAnswerAndNoFileIsOpened(String t) throws Exception {
        HttpResponse<String> r = post(forecastBody(t));
        assertEquals(400, r.statusCode(), r.body());
        JsonNode doc = JSON.readTree(r.body());
        assertEquals("task", doc.get("field").asText());
        assertTrue(doc.get("error").asText().startsWith("task: " + StoredTasks.UNKNOWN), r.body());
        assertFalse(r.body().contains("root") || r.body().contains("/etc") || r.body().contains("/no/such"), "echoes nothing of the path or file: " + r.body());
    }

    @Test
    void aStoredCsvTaskIsForecastFromTheStoreAsTheCliDoesEvenWithTheFileGone() throws Exception {
        CliRunner.Result cli = CliRunner.run("forecast", "--task", task, "--width", "12", "--lr", "0.01", "--wd", "1", "--optimizer", "adamw",
                "--batch", "full", "--train-frac", "0.5", "--steps", "100", "--json", "--db", db());
        assertEquals(0, cli.code(), cli.err());
        double p = JSON.readTree(cli.out()).get("forecast").get("p").asDouble();
        Path away = Files.move(csv, dir.resolve("points.moved"));
        try {
            for (String t : new String[] {task, "csv:fingerprint=" + fingerprint, "csv:path=" + csv.toAbsolutePath() + ",label=y"}) {
                HttpResponse<String> r = post(forecastBody(t));
                assertEquals(200, r.statusCode(), t + ": " + r.body());
                assertEquals(p, JSON.readTree(r.body()).get("forecast").get("p").asDouble(), 1e-12, "the store's facts are the file's: " + t);
            }
        } finally {
            Files.move(away, csv);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"task\":\"modadd:p=23\",\"width\":64,\"width\":128}", "{\"task\":\"modadd:p=23\",\"task\":\"modadd:p=97\"}",
            "{\"task\":\"modadd:p=23\"} {\"task\":\"modadd:p=97\"}", "{\"task\":\"modadd:p=23\"} trailing"})
    void duplicateKeysAndTrailingTextAreRefused(String body) throws Exception {
        HttpResponse<String> r = post(body);
        assertEquals(400, r.statusCode(), r.body());
        JsonNode doc = JSON.readTree(r.body());
        assertEquals("body", doc.get("field").asText());
        assertTrue(doc.get("error").asText().contains("not valid JSON"), r.body());
    }
}
