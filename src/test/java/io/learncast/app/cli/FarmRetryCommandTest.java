package io.learncast.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code learncast farm retry}: runs that failed because their CSV file went missing are re-queued once it is
 * back (only the named sweep's), and then train to DONE; the summary lists their last error.
 */
class FarmRetryCommandTest {
    @TempDir Path dir;

    String db() { return dir.resolve("store").toString(); }

    static String spec(String name, String task) {
        return """
                name: %s
                property: {task: "%s"}
                axes:
                  width: [4, 8]
                  lr: [1e-2]
                  train_frac: [0.6]
                  batch: [full]
                  budgets: [20]
                eval_every: 10
                """.formatted(name, task);
    }

    @Test
    void failedRunsOfASweepAreRequeuedAndTrainOnceTheirCauseIsFixed() throws Exception {
        Path csv = dir.resolve("points.csv");
        StringBuilder rows = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 40; i++) rows.append(i % 7).append(',').append(i % 5).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
        Files.writeString(csv, rows);
        Path own = Files.writeString(dir.resolve("own.yaml"), spec("own-table", "csv:path=" + csv + ",label=y"));
        Path other = Files.writeString(dir.resolve("other.yaml"), spec("other", "modadd:p=5"));
        assertEquals(0, CliRunner.run("farm", "enqueue", own.toString(), "--db", db()).code());
        assertEquals(0, CliRunner.run("farm", "enqueue", other.toString(), "--db", db()).code());
        Path moved = Files.move(csv, dir.resolve("points.csv.away"));
        CliRunner.Result run = CliRunner.run("farm", "run", "--db", db(), "--workers", "1");
        assertEquals(0, run.code(), run.err());
        try (Store s = JdbcStore.open(StoreLocation.parse(db(), "--db"))) {
            assertEquals(2, s.catalog().count(RunFilter.all().withState(RunState.FAILED)), "the CSV runs failed three times each");
            assertEquals(2, s.catalog().count(RunFilter.all().withState(RunState.DONE)));
        }

        CliRunner.Result none = CliRunner.run("farm", "retry", "--sweep", "other", "--db", db());
        assertEquals(0, none.code(), none.err());
        assertTrue(none.out().contains("no failed runs in sweep other"), none.out());
        CliRunner.Result unknown = CliRunner.run("farm", "retry", "--sweep", "nosuch", "--db", db());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("--sweep: no sweep named 'nosuch'") && unknown.err().contains("own-table"), unknown.err());

        Files.move(moved, csv);
        CliRunner.Result retry = CliRunner.run("farm", "retry", "--sweep", "own-table", "--db", db(), "--json");
        assertEquals(0, retry.code(), retry.err());
        JsonNode j = new ObjectMapper().readTree(retry.out());
        assertEquals(2, j.get("requeued").asInt());
        assertEquals(2, j.get("by_sweep").get("own-table").asInt());
        assertTrue(j.get("last_errors").fieldNames().next().contains("cannot build the dataset"), retry.out());
        try (Store s = JdbcStore.open(StoreLocation.parse(db(), "--db"))) {
            for (long id : List.of(j.get("run_ids").get(0).asLong(), j.get("run_ids").get(1).asLong())) {
                StoredRun r = s.catalog().run(id).orElseThrow();
                assertEquals(RunState.QUEUED, r.state());
                assertEquals(0, r.attempts());
                assertEquals(3, r.claims());
            }
        }
        assertEquals(0, CliRunner.run("farm", "run", "--db", db(), "--workers", "1").code());
        try (Store s = JdbcStore.open(StoreLocation.parse(db(), "--db"))) {
            assertEquals(4, s.catalog().count(RunFilter.all().withState(RunState.DONE)));
            assertEquals(0, s.catalog().count(RunFilter.all().withState(RunState.FAILED)));
        }
        CliRunner.Result again = CliRunner.run("farm", "retry", "--db", db());
        assertTrue(again.out().contains("no failed runs: nothing to retry"), again.out());
    }
}
