package io.learncast.eval.scoring;

import io.learncast.eval.split.Split;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.model.ForecasterFitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eval scores the forecast's {@code never_learned} warning on held-out rows, each fold's forecaster judging its own fit
 * side: on the PyTorch snapshot ({@code bench/torch-corpus/torch-mlp-v1.runs.jsonl.gz}), fitted on lr &lt; 0.003 and
 * scored on lr ≥ 0.003, it fires on a few rows, and those rows mostly did not learn; on the synthetic corpus, where every
 * categorical value learned somewhere, it never fires.
 */
class NeverLearnedScoreTest {
    @Test
    void itFiresRarelyAndOnRowsThatMostlyDidNotLearn(@TempDir Path dir) throws Exception {
        try (Store s = SnapshotStore.open(dir)) {
            List<StoredRun> runs = s.catalog().runs(RunFilter.done());
            Evaluator eval = new Evaluator(Evaluator.Options.defaults().withResamples(50).withSearch(ForecasterFitter.Search.QUICK));
            SplitScore score = eval.score(runs, Split.parse("test:lr>=0.003"), line -> { });
            SplitScore.NeverLearned nl = score.neverLearned();
            System.out.println("never_learned on the snapshot, lr >= 0.003: " + nl);
            assertEquals(score.scoredRows(), nl.rows());
            assertTrue(nl.fired() > 0 && nl.fired() <= 0.05 * nl.rows(), "fires, rarely: " + nl);
            assertTrue(nl.learned() <= nl.fired() / 4, "on rows that mostly did not learn: " + nl);
            assertNotNull(nl.meanP());
            assertTrue(nl.meanP() <= 3.0 / 5 + 1e-12, "P held to 3 ÷ n (n ≥ 5) where it fired: " + nl);
        }
    }

    @Test
    void quietWhereEveryValueLearned(@TempDir Path dir) {
        try (Store s = SyntheticStore.open(dir, 60, 2, 5)) {
            SplitScore score = new Evaluator(Evaluator.Options.defaults().withResamples(50)).score(SyntheticStore.runs(s), Split.parse("kfold:3"), line -> { });
            assertEquals(new SplitScore.NeverLearned(score.scoredRows(), 0, 0, null), score.neverLearned());
        }
    }
}
