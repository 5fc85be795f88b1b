package io.learncast.eval.scoring;

import io.learncast.eval.report.Labels;
import io.learncast.eval.split.Split;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A run stopped early by the verdict is a censored label: not learned by its stop, unknown after. Eval
 * scores it only at listed budgets up to its stop (as not learned — true), never beyond, even when the
 * truth is that it would have learned; the report's labels say "unknown" there.
 */
class StoppedRunsTest {
    @TempDir static Path dir;
    static Store store;
    static List<StoredRun> runs;
    /** Stopped run id → the truth had it trained on: learned, at which step (null: not within its budget). */
    static final Map<Long, Long> wouldHaveLearnedAt = new HashMap<>();

    @BeforeAll
    static void corpus() {
        List<RunRecord> all = SyntheticCorpus.generate(80, 2, 13);
        List<RunRecord> stored = new ArrayList<>();
        int k = 0;
        for (RunRecord r : all) {
            long stop = stopBefore(r);
            if (stop > 0 && k++ % 3 == 0) {
                // the verdict stopped it at `stop`: a learner it should not have stopped, or a run that would not have learned
                stored.add(new RunRecord(r.runId(), r.groupHash(), r.configHash(), r.source(), r.replica(), r.config(), r.knobs(),
                        Outcome.STOPPED_EARLY, null, stop, r.steps(), r.evalEvery(), r.budgets()));
                wouldHaveLearnedAt.put(r.runId(), r.learned() ? r.confirmStep() : null);
            } else {
                stored.add(r);
            }
        }
        store = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "test"));
        SyntheticCorpus.importInto(store, stored);
        runs = store.catalog().runs(RunFilter.done());
    }

    /** A listed budget (below the budget) the run had not learned by: where the verdict could have stopped it; 0 when none. */
    static long stopBefore(RunRecord r) {
        long best = 0;
        for (long b : r.budgets()) if (b < r.steps() && (!r.learned() || r.confirmStep() > b)) best = Math.max(best, b);
        return best;
    }

    @AfterAll
    static void close() { store.close(); }

    @Test
    void evalScoresAStoppedRunOnlyUpToItsStop() {
        long stopped = runs.stream().filter(r -> r.outcome() == Outcome.STOPPED_EARLY).count();
        long stoppedLearners = wouldHaveLearnedAt.values().stream().filter(java.util.Objects::nonNull).count();
        assertTrue(stopped >= 10 && stoppedLearners >= 3, stopped + " stopped, " + stoppedLearners + " of them learners");
        SplitScore s = new Evaluator(Evaluator.Options.defaults().withResamples(50)).score(runs, Split.parse("kfold:3"), line -> { });
        int scoredAtStop = 0;
        for (FeatureTable.Row row : s.scored()) {
            RunRecord r = row.run();
            if (r.outcome() != Outcome.STOPPED_EARLY) continue;
            assertTrue(row.budget() <= r.stepsTrained(), "run " + r.runId() + " stopped at " + r.stepsTrained() + " scored at budget " + row.budget());
            assertFalse(row.learned(), "not learned by its stop");
            scoredAtStop++;
        }
        assertTrue(scoredAtStop > 0, "stopped runs are still scored where their label is known");
        // every stopped learner would have been scored "not learned" at its full budget had eval not censored it
        for (StoredRun r : runs) {
            if (r.outcome() != Outcome.STOPPED_EARLY) continue;
            long full = r.config().steps();
            assertTrue(s.scored().stream().noneMatch(row -> row.run().runId() == r.id() && row.budget() == full), "run " + r.id() + " scored at its full budget");
        }
    }

    @Test
    void theForecasterLearnsFromAStoppedRunAsCensoredNotAsAFailure() {
        // the same corpus twice: the stopped runs as stopped (censored at their stop), and as if they had not learned in their full budget
        List<RunRecord> censored = new ArrayList<>(), failed = new ArrayList<>();
        for (StoredRun r : runs) {
            RunRecord rec = FeatureTable.record(r);
            censored.add(rec);
            failed.add(rec.outcome() != Outcome.STOPPED_EARLY ? rec : new RunRecord(rec.runId(), rec.groupHash(), rec.configHash(), rec.source(),
                    rec.replica(), rec.config(), rec.knobs(), Outcome.NOT_LEARNED, null, rec.steps(), rec.steps(), rec.evalEvery(), rec.budgets()));
        }
        var options = io.learncast.forecast.model.ForecasterFitter.Options.defaults().withSearch(io.learncast.forecast.model.ForecasterFitter.Search.QUICK).withDraws(0);
        var fc = io.learncast.forecast.model.ForecasterFitter.fit(FeatureTable.fromRecords(censored, new FeatureTable.Options(true)), options);
        var ff = io.learncast.forecast.model.ForecasterFitter.fit(FeatureTable.fromRecords(failed, new FeatureTable.Options(true)), options);
        // at the stopped learners' configs and full budgets, the censored fit is not dragged towards "never learns"
        double sumC = 0, sumF = 0;
        int n = 0;
        for (StoredRun r : runs) {
            if (wouldHaveLearnedAt.get(r.id()) == null) continue;
            sumC += fc.probability(r.config(), r.config().steps());
            sumF += ff.probability(r.config(), r.config().steps());
            n++;
        }
        assertTrue(sumC / n > sumF / n + 0.02, "mean P at the stopped learners: censored " + sumC / n + " vs counted as failures " + sumF / n);
    }

    @Test
    void theReportsLabelIsUnknownAfterTheStop() {
        for (StoredRun r : runs) {
            if (r.outcome() != Outcome.STOPPED_EARLY) continue;
            assertEquals(Boolean.FALSE, Labels.learnedWithin(r, r.stepsTrained()), "not learned by its stop");
            assertNull(Labels.learnedWithin(r, r.stepsTrained() + r.config().evalEvery()), "unknown after it");
            assertNull(Labels.learnedWithin(r, r.config().steps()), "unknown at the full budget");
        }
        StoredRun learned = runs.stream().filter(StoredRun::learned).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, Labels.learnedWithin(learned, learned.config().steps()));
        assertEquals(Boolean.FALSE, Labels.learnedWithin(learned, learned.confirmStep() - 1));
        StoredRun not = runs.stream().filter(r -> r.outcome() == Outcome.NOT_LEARNED).findFirst().orElseThrow();
        assertEquals(Boolean.FALSE, Labels.learnedWithin(not, not.config().steps()));
    }
}
