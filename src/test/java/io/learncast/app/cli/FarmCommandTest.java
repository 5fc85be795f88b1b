package io.learncast.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The farm commands in-process on an embedded store: enqueue (idempotent, validated), run, status. */
class FarmCommandTest {
    @TempDir Path dir;

    static final String TINY = """
            name: tiny
            property: {task: "modadd:p=5"}
            axes:
              width: [4, 8]
              lr: [1e-2]
              train_frac: [0.6]
              batch: [full]
              budgets: [10, 20]
            eval_every: 10
            seeds: 2
            """;

    Path spec(String name, String text) throws Exception { return Files.writeString(dir.resolve(name), text); }

    String db() { return dir.resolve("store").toString(); }

    static JsonNode json(String out) throws Exception { return new ObjectMapper().readTree(out); }

    /** The summary line of {@code farm run --json} output: its last line (one line per finished run comes before it). */
    static JsonNode summary(String out) throws Exception {
        List<String> lines = out.lines().toList();
        JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals("summary", last.get("event").asText(), out);
        return last;
    }

    @Test
    void enqueueingTheSameSpecTwiceAddsNothingTheSecondTime() throws Exception {
        Path s = spec("tiny.yaml", TINY);
        CliRunner.Result first = CliRunner.run("farm", "enqueue", s.toString(), "--db", db());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("added 4 runs"), first.out());
        assertTrue(first.out().contains("2 configs × 2 seeds = 4 runs"), first.out());
        CliRunner.Result again = CliRunner.run("farm", "enqueue", s.toString(), "--db", db(), "--json");
        assertEquals(0, again.code(), again.err());
        JsonNode j = json(again.out());
        assertEquals(0, j.get("added").asInt());
        assertEquals(4, j.get("already_present").asInt());
        assertTrue(j.get("sweep_known").asBoolean());
        // the same runs from a reformatted spec (as JSON, reordered) are recognised too
        Path asJson = spec("tiny.json", """
                {"seeds": 2, "eval_every": 10, "name": "tiny", "property": {"task": "modadd:p=5"},
                 "axes": {"budgets": [10, 20], "batch": ["full"], "train_frac": [0.6], "lr": [0.01], "width": [4, 8]}}
                """);
        JsonNode k = json(CliRunner.run("farm", "enqueue", asJson.toString(), "--db", db(), "--json").out());
        assertEquals(j.get("sweep_id").asLong(), k.get("sweep_id").asLong());
        assertEquals(0, k.get("added").asInt());
        // one more seed adds exactly the new replicas
        JsonNode more = json(CliRunner.run("farm", "enqueue", spec("more.yaml", TINY.replace("seeds: 2", "seeds: 3")).toString(), "--db", db(), "--json").out());
        assertEquals(2, more.get("added").asInt());
        assertEquals(4, more.get("already_present").asInt());
    }

    @Test
    void aDryRunValidatesAndShowsTheRunsButWritesNothing() throws Exception {
        CliRunner.Result r = CliRunner.run("farm", "enqueue", spec("tiny.yaml", TINY).toString(), "--db", db(), "--dry-run");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("not enqueued (--dry-run)") && r.out().contains("modadd:p=5 d1×w4"), r.out());
        assertTrue(r.out().contains("no store yet in " + db() + ": an enqueue would create it and add all 4 runs"), r.out());
        assertFalse(Files.exists(Path.of(db())), "nothing written");
    }

    @Test
    void aDryRunSaysHowManyOfItsRunsTheStoreAlreadyHolds() throws Exception {
        assertEquals(0, CliRunner.run("farm", "enqueue", spec("tiny.yaml", TINY).toString(), "--db", db()).code());
        Path more = spec("more.yaml", TINY.replace("seeds: 2", "seeds: 3"));
        CliRunner.Result r = CliRunner.run("farm", "enqueue", more.toString(), "--db", db(), "--dry-run");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(": 4 of these runs already there; an enqueue would add 2"), r.out());
        JsonNode j = json(CliRunner.run("farm", "enqueue", more.toString(), "--db", db(), "--dry-run", "--json").out());
        assertEquals(4, j.get("already_present").asInt(), j.toString());
        assertEquals(2, j.get("would_add").asInt(), j.toString());
        assertFalse(j.has("added"), "nothing was added: " + j);
        JsonNode status = json(CliRunner.run("farm", "status", "--db", db(), "--json").out());
        assertEquals(4, status.get("states").get("queued").asInt(), "the dry runs enqueued nothing: " + status);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "axes: {width: [4, 8, 0]}                    | axes.width[2]       | width 0 is out of range (hidden units per layer, 1–4096)",
            "axes: {widht: [4]}                          | axes.widht          | unknown key 'widht' (did you mean 'width'?",
            "axes: {lr: {log: [0, 1], n: 3}}             | axes.lr.log         | a log range needs low > 0",
            "axes: {wd: {lin: [1, 0], n: 3}}             | axes.wd.lin         | low 1.0 is greater than high 0.0",
            "axes: {depth: []}                           | axes.depth          | empty",
            "axes: {batch: [full, many]}                 | axes.batch[1]       | expected a whole number, got 'many' (a batch size ≥ 1, or full)",
            "axes: {budgets: [15]}                       | axes.budgets[0]     | not a multiple of eval_every (100)",
            "sampling: {sobol: 0}                        | sampling.sobol      | 0 is out of range",
            "seeds: -1                                   | seeds               | out of range (replicas per config, 1–1000)",
    })
    void aBadSpecIsOneClearLineExitTwoAndWritesNothing(String axes, String path, String message) throws Exception {
        Path s = spec("bad.yaml", "property: {task: \"modadd:p=5\"}\n" + axes + "\n");
        CliRunner.Result r = CliRunner.run("farm", "enqueue", s.toString(), "--db", db());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: " + s + ": " + path + ": "), "names the file and the field's path: " + r.err());
        assertTrue(r.err().contains(message), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(Files.exists(Path.of(db())), "nothing written for a bad spec");
    }

    @Test
    void aSpecWhoseCsvIsMissingOrWhoseFileIsMissingIsAUserError() throws Exception {
        CliRunner.Result none = CliRunner.run("farm", "enqueue", dir.resolve("nope.yaml").toString(), "--db", db());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no such spec file"), none.err());
        CliRunner.Result csv = CliRunner.run("farm", "enqueue", spec("csv.yaml", "property: {task: \"csv:path=/no/such.csv,label=y\"}\n").toString(), "--db", db());
        assertEquals(2, csv.code());
        assertTrue(csv.err().startsWith("error: " + dir.resolve("csv.yaml") + ": property.task: ") && csv.err().contains("cannot read"), csv.err());
        assertFalse(Files.exists(Path.of(db())));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--workers 0         | --workers  | 1–256",
            "--lease 0           | --lease    | 1–86400 seconds",
            "--max-runs 0        | --max-runs | positive",
            "--trainer nope      | --trainer  | unknown trainer 'nope'",
    })
    void badRunFlagsAreUserErrors(String flags, String flag, String fragment) {
        String[] f = flags.trim().split("\\s+");
        CliRunner.Result r = CliRunner.run("farm", "run", f[0], f[1], "--db", db());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(flag) && r.err().contains(fragment), r.err());
        assertFalse(Files.exists(Path.of(db())));
    }

    @Test
    void aFarmRunTrainsTheQueueAndStatusReportsIt() throws Exception {
        assertEquals(0, CliRunner.run("farm", "enqueue", spec("tiny.yaml", TINY).toString(), "--db", db()).code());
        CliRunner.Result run = CliRunner.run("farm", "run", "--db", db(), "--workers", "2", "--lease", "10", "--json");
        assertEquals(0, run.code(), run.err());
        JsonNode j = summary(run.out());
        List<JsonNode> runLines = new java.util.ArrayList<>();
        for (String l : run.out().lines().toList()) runLines.add(json(l));
        runLines.remove(runLines.size() - 1);
        assertEquals(4, runLines.size(), "one line per finished run: " + run.out());
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (JsonNode r : runLines) {
            assertEquals("run", r.get("event").asText());
            assertEquals("completed", r.get("status").asText());
            assertTrue(ids.add(r.get("run_id").asLong()), "each run once: " + run.out());
            assertTrue(r.get("outcome").asText().matches("learned|not_learned|diverged"), r.toString());
            assertEquals(r.get("outcome").asText().equals("learned"), r.get("learned").asBoolean());
            assertTrue(r.get("steps_trained").asLong() > 0 && r.has("config") && r.has("config_hash") && r.has("final_test_acc"), r.toString());
        }
        assertEquals(java.util.Set.of(1L, 2L, 3L, 4L), java.util.Set.copyOf(runLines.stream().map(r -> r.get("done").asLong()).toList()));
        assertEquals(4, j.get("completed").asInt());
        assertEquals(j.get("completed").asInt(), j.get("learned").asInt() + j.get("not_learned").asInt() + j.get("diverged").asInt());
        assertEquals(0, j.get("queue").get("queued").asInt());
        assertTrue(j.get("store_share").asDouble() > 0 && j.get("store_share").asDouble() < 1, run.out());

        CliRunner.Result st = CliRunner.run("farm", "status", "--db", db(), "--json");
        assertEquals(0, st.code(), st.err());
        JsonNode s = json(st.out());
        assertEquals(4, s.get("states").get("done").asInt());
        assertEquals(0, s.get("workers_alive").asInt(), "the worker has stopped");
        assertEquals(1, s.get("workers").size());
        assertEquals(4, s.get("workers").get(0).get("runs_done").asInt());
        assertEquals("tiny", s.get("sweeps").get(0).get("name").asText());
        assertEquals(4, s.get("sweeps").get(0).get("done").asInt());
        assertTrue(s.get("runs_per_minute").asDouble() > 0);

        CliRunner.Result text = CliRunner.run("farm", "status", "--db", db());
        assertTrue(text.out().contains("runs: 4 (0 queued, 0 running, 4 done, 0 failed)"), text.out());
        assertTrue(text.out().contains("ETA nothing left"), text.out());

        CliRunner.Result idle = CliRunner.run("farm", "run", "--db", db(), "--workers", "1");
        assertEquals(0, idle.code(), idle.err());
        assertTrue(idle.out().contains("0 runs finished"), "an empty queue ends the farm at once: " + idle.out());
    }

    @Test
    void servingToOtherInterfacesNeedsAPassword() {
        CliRunner.Result r = CliRunner.run("store", "serve", "--allow-others", "--port", "0", "--data", db());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--allow-others") && r.err().contains("password is required") && r.err().contains("LEARNCAST_DB_PASSWORD"), r.err());
        assertFalse(Files.exists(Path.of(db())), "nothing written");
    }
}
