package io.learncast.app.security;

import io.learncast.app.cli.CliRunner;
import io.learncast.app.service.ForecastService;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Injection strings in every filter and field a user controls — CLI {@code runs} filters, HTTP
 * {@code /v1/runs} parameters, grid spec fields, corpus import fields — never reach SQL as text. H2 records
 * the text of every statement it runs ({@code INFORMATION_SCHEMA.QUERY_STATISTICS}); none may contain the
 * marker the injection strings carry, and the data must come back as data.
 */
class SqlInjectionTest {
    @TempDir Path dir;

    static final String MARK = "ZQXJ";
    static final List<String> INJECTIONS = List.of(
            MARK + "' OR '1'='1",
            MARK + "'; DROP TABLE runs; --",
            MARK + "\"; DELETE FROM runs; --",
            MARK + "%' UNION SELECT config_json FROM runs --",
            MARK + "\\'; SHUTDOWN; --",
            MARK + "' || (SELECT COUNT(*) FROM runs) || '",
            MARK + "/* */ OR 1=1");

    @Test
    void injectionStringsReachTheStoreOnlyAsBoundValues() throws Exception {
        String url = "jdbc:h2:mem:inj" + UUID.randomUUID().toString().replace("-", "");
        StoreLocation loc = StoreLocation.parse(url, "--db");
        try (Store store = JdbcStore.open(loc, 4);
             Connection admin = DriverManager.getConnection(loc.jdbcUrl(), loc.user(), loc.password())) {
            try (Statement s = admin.createStatement()) {
                s.execute("SET QUERY_STATISTICS_MAX_ENTRIES 100000");
                s.execute("SET QUERY_STATISTICS TRUE");
            }
            // spec fields: the name is free text (kept as data); a bad task is refused
            for (String inj : INJECTIONS) {
                Path spec = Files.writeString(dir.resolve("spec-" + INJECTIONS.indexOf(inj) + ".yaml"), """
                        name: "%s"
                        property: {task: "modadd:p=5"}
                        axes: {width: [4], wd: [0], lr: [1e-2], train_frac: [0.6], batch: [full], budgets: [%d]}
                        eval_every: 10
                        """.formatted(inj.replace("\\", "\\\\").replace("\"", "\\\""), 20 + 10 * INJECTIONS.indexOf(inj)));
                CliRunner.Result r = CliRunner.run("farm", "enqueue", spec.toString(), "--db", url);
                assertEquals(0, r.code(), r.err());
                Path badTask = Files.writeString(dir.resolve("task-" + INJECTIONS.indexOf(inj) + ".yaml"), """
                        property: {task: "%s"}
                        axes: {width: [4], budgets: [20]}
                        """.formatted(inj.replace("\\", "\\\\").replace("\"", "\\\"")));
                assertEquals(2, CliRunner.run("farm", "enqueue", badTask.toString(), "--db", url).code());
            }
            assertEquals(INJECTIONS.size(), count(admin, "SELECT COUNT(*) FROM runs"));
            try (PreparedStatement ps = admin.prepareStatement("SELECT name FROM sweeps ORDER BY id"); ResultSet rs = ps.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (rs.next()) names.add(rs.getString(1));
                assertEquals(INJECTIONS, names, "the names are stored as given");
            }

            // corpus import: free-text fields carry the strings; they come back as data
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < INJECTIONS.size(); i++) {
                String inj = INJECTIONS.get(i).replace("\\", "\\\\").replace("\"", "\\\"");
                lines.add("{\"task\":\"modadd\",\"p\":23,\"train_frac\":0.5,\"steps\":" + (1000 + i) + ",\"learned\":false,\"source\":\"" + inj
                        + "\",\"note\":\"" + inj + "\"}");
            }
            Path corpus = Files.writeString(dir.resolve("corpus.jsonl"), String.join("\n", lines) + "\n");
            CliRunner.Result imp = CliRunner.run("corpus", "import", corpus.toString(), "--db", url);
            assertEquals(0, imp.code(), imp.err());
            Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"task\":\"" + INJECTIONS.get(1).replace("\"", "\\\"") + "\",\"steps\":10,\"learned\":false}\n");
            assertEquals(2, CliRunner.run("corpus", "import", bad.toString(), "--db", url).code());
            assertEquals(2L * INJECTIONS.size(), count(admin, "SELECT COUNT(*) FROM runs"));

            // CLI filters: free-text filters find exactly the matching rows; typed ones refuse the string
            for (String inj : INJECTIONS) {
                CliRunner.Result r = CliRunner.run("runs", "--db", url, "--source", inj, "--json");
                assertEquals(0, r.code(), r.err());
                assertEquals(1, r.out().split("\"id\"").length - 1, "exactly the one run imported with source " + inj + ":\n" + r.out());
                assertEquals(0, CliRunner.run("runs", "--db", url, "--task", inj).code());
                assertEquals(2, CliRunner.run("runs", "--db", url, "--state", inj).code());
                assertEquals(2, CliRunner.run("runs", "--db", url, "--outcome", inj).code());
            }

            // HTTP filters
            try (ForecastService svc = ForecastService.start(store, new ForecastService.Settings("127.0.0.1", 0, 2, null))) {
                HttpClient client = HttpClient.newHttpClient();
                for (String inj : INJECTIONS) {
                    String q = URLEncoder.encode(inj, StandardCharsets.UTF_8);
                    HttpResponse<String> bySource = get(client, svc.port(), "/v1/runs?source=" + q);
                    assertEquals(200, bySource.statusCode(), bySource.body());
                    assertEquals(1, bySource.body().split("\"id\"").length - 1, bySource.body());
                    assertEquals(200, get(client, svc.port(), "/v1/runs?task=" + q).statusCode());
                    for (String typed : List.of("state", "outcome", "limit", "offset", "min_width", "max_width")) {
                        assertEquals(400, get(client, svc.port(), "/v1/runs?" + typed + "=" + q).statusCode(), typed);
                    }
                    HttpResponse<String> f = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + svc.port() + "/v1/forecast"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"task\":\"" + inj.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(400, f.statusCode(), f.body());
                }
            }

            assertEquals(2L * INJECTIONS.size(), count(admin, "SELECT COUNT(*) FROM runs"), "nothing was deleted");
            List<String> statements = new ArrayList<>();
            try (PreparedStatement ps = admin.prepareStatement("SELECT SQL_STATEMENT FROM INFORMATION_SCHEMA.QUERY_STATISTICS");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) statements.add(rs.getString(1));
            }
            assertTrue(statements.stream().anyMatch(s -> s.contains("source = ?")), "the statistics saw the filtered queries: " + statements.size());
            assertTrue(statements.stream().anyMatch(s -> s.toUpperCase().startsWith("INSERT INTO RUNS")), "… and the inserts");
            List<String> leaked = statements.stream().filter(s -> s.contains(MARK)).toList();
            assertEquals(List.of(), leaked, "no statement text contains request or spec text");
        }
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
