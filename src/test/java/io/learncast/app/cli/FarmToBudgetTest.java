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

/**
 * {@code farm run --to-budget} and a spec's {@code to_budget: true}: runs that learn keep training to their budget, with
 * their own label unchanged (real training); runs of other sweeps stop at their confirmation.
 */
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

    /** Two sweeps in one store, trained together by one plain {@code farm run}: only the one whose spec says to_budget trains on. */
    @Test
    void aSweepWithToBudgetTrainsToItsBudgetAndAnotherStopsAtConfirmation(@TempDir Path dir) throws Exception {
        String db = dir.resolve("store").toString();
        Path full = Files.writeString(dir.resolve("full.yaml"), SPEC.replace("name: to-budget", "name: full") + "master_seed: 1\nto_budget: true\n");
        Path plain = Files.writeString(dir.resolve("plain.yaml"), SPEC.replace("name: to-budget", "name: plain") + "master_seed: 2\n");
        CliRunner.Result e = CliRunner.run("farm", "enqueue", full.toString(), "--db", db);
        assertEquals(0, e.code(), e.out() + e.err());
        assertTrue(e.out().contains("to budget: every run trains to 600 steps past its confirmation"), e.out());
        assertEquals(0, CliRunner.run("farm", "enqueue", plain.toString(), "--db", db).code());

        CliRunner.Result r = CliRunner.run("farm", "run", "--db", db, "--workers", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        try (Store s = JdbcStore.open(StoreLocation.parse(db, "db"))) {
            var sweeps = s.catalog().sweeps();
            assertEquals(List.of("full", "plain"), sweeps.stream().map(w -> w.name()).toList());
            for (StoredRun run : s.catalog().runs(RunFilter.done())) {
                boolean toBudget = run.sweepId() == sweeps.get(0).id();
                assertEquals(Outcome.LEARNED, run.outcome(), "train accuracy 0.9 is reached early");
                assertTrue(run.confirmStep() < 600, "its own confirmation is recorded: " + run.confirmStep());
                List<CurvePoint> c = s.catalog().curve(run.id());
                long last = c.get(c.size() - 1).step();
                if (toBudget) assertEquals(600, last, "a to_budget sweep's run trains on to its budget");
                else assertEquals(run.confirmStep(), last, "an ordinary sweep's run stops at its confirmation");
            }
            assertEquals(4, s.catalog().runs(RunFilter.done()).size());
        }
        CliRunner.Result st = CliRunner.run("farm", "status", "--db", db);
        assertEquals(0, st.code(), st.err());
        assertTrue(st.out().contains("trains to") && st.out().contains("budget") && st.out().contains("confirmation"), st.out());
        CliRunner.Result js = CliRunner.run("farm", "status", "--db", db, "--json");
        assertTrue(js.out().contains("\"to_budget\" : true") && js.out().contains("\"to_budget\" : false"), js.out());
    }

    @Test
    void aBadToBudgetIsOneLineNamingItsPathAndWritesNothing(@TempDir Path dir) throws Exception {
        String db = dir.resolve("store").toString();
        Path bad = Files.writeString(dir.resolve("bad.yaml"), SPEC + "to_budget: maybe\n");
        CliRunner.Result e = CliRunner.run("farm", "enqueue", bad.toString(), "--db", db);
        assertEquals(2, e.code(), e.out() + e.err());
        assertTrue(e.err().contains(bad + ": to_budget: expected true or false, got 'maybe'"), e.err());
        assertEquals(1, e.err().strip().lines().count(), "one line: " + e.err());
        assertFalse(Files.exists(dir.resolve("store")), "nothing written");
    }
}
