package io.learncast.app.cli;

import io.learncast.data.CurvePoint;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunFilter;
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

/** {@code farm run --to-budget}: runs that learn keep training to their budget, with their own label unchanged (real training). */
class FarmToBudgetTest {
    static final String SPEC = """
            name: to-budget
            property: {task: "modadd:p=11", metric: train_acc, threshold: 0.9}
            axes:
              width: [64]
              lr: [1e-2]
              train_frac: [0.6]
              batch: [full]
              budgets: [600]
            eval_every: 50
            seeds: 2
            """;

    @Test
    void learnedRunsTrainOnToTheirBudget(@TempDir Path dir) throws Exception {
        String db = dir.resolve("store").toString();
        Path spec = Files.writeString(dir.resolve("s.yaml"), SPEC);
        CliRunner.Result e = CliRunner.run("farm", "enqueue", spec.toString(), "--db", db);
        assertEquals(0, e.code(), e.out() + e.err());
        CliRunner.Result r = CliRunner.run("farm", "run", "--db", db, "--workers", "1", "--to-budget");
        assertEquals(0, r.code(), r.out() + r.err());
        try (Store s = JdbcStore.open(StoreLocation.parse(db, "db"))) {
            List<StoredRun> runs = s.catalog().runs(RunFilter.done());
            assertEquals(2, runs.size());
            for (StoredRun run : runs) {
                assertEquals(Outcome.LEARNED, run.outcome(), "train accuracy 0.9 is reached early");
                assertTrue(run.confirmStep() < 600, "its own confirmation is recorded: " + run.confirmStep());
                List<CurvePoint> c = s.catalog().curve(run.id());
                assertEquals(600, c.get(c.size() - 1).step(), "but it trained on to its budget");
            }
        }
        CliRunner.Result both = CliRunner.run("farm", "run", "--db", db, "--to-budget", "--early-stop", "auto");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--to-budget and --early-stop contradict each other"), both.err());
    }
}
