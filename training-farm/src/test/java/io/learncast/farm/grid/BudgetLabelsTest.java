package io.learncast.farm.grid;

import io.learncast.farm.config.BudgetConfig;
import io.learncast.data.Dataset;
import io.learncast.data.Datasets;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.farm.train.Dl4jTrainer;
import io.learncast.farm.train.TrainingListener;
import io.learncast.farm.worker.WorkerPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The compute axis for free: a config trained once to its largest budget answers "learned within B"
 * for every smaller budget exactly as a separate, shorter training of the same seed does (real DL4J).
 */
class BudgetLabelsTest {
    @TempDir Path dir;

    @Test
    void labelsReadOffOneCurveMatchSeparateShorterTrainingsOfTheSameSeed() {
        // learns around step 225 and is confirmed at the next evaluation: budgets on both sides of it
        GridSpec g = GridSpec.parse("""
                name: budgets
                property: {task: "sparse-parity:n=10,k=3"}
                axes:
                  n_train: [400]
                  width: [64]
                  lr: [1e-2]
                  wd: [0]
                  batch: [32]
                  budgets: [150, 225, 250, 400]
                eval_every: 25
                """, "budgets", false);
        List<RunConfig> runs = g.expand();
        assertEquals(1, runs.size());
        RunConfig longest = runs.get(0);
        assertEquals(400, longest.steps());
        try (Store s = JdbcStore.open(StoreLocation.parse(dir.toString(), "--db"), 4)) {
            s.queue().enqueue(runs, "farm", null);
            WorkerPool.run(s, WorkerPool.Options.defaults(1).withLease(Duration.ofSeconds(30)), null);
            StoredRun stored = s.catalog().runs(RunFilter.done()).get(0);
            boolean sawYes = false;
            boolean sawNo = false;
            for (long budget : g.budgets()) {
                RunConfig shorter = longest.with(new BudgetConfig(budget, longest.evalEvery(), null));
                assertEquals(longest.seed(), shorter.seed(), "the same seed");
                Dataset d = Datasets.build(shorter.taskSpec(), shorter.dataSpec(), shorter.dataSeed());
                RunResult separate = new Dl4jTrainer().train(shorter, d, TrainingListener.NONE);
                boolean fromCurve = s.catalog().learnedWithin(stored.id(), budget).orElseThrow();
                assertEquals(separate.learned(), fromCurve, "budget " + budget + ": a separate training says " + separate.outcome()
                        + ", the longest run's curve says " + fromCurve + " (confirmed at " + stored.confirmStep() + ")");
                assertEquals(separate.learned(), stored.learnedWithin(budget));
                sawYes |= fromCurve;
                sawNo |= !fromCurve;
            }
            assertTrue(sawYes && sawNo, "the budgets straddle the learning step (confirmed at " + stored.confirmStep() + ")");
        }
    }
}
