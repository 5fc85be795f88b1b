package io.learncast.eval.scoring;

import io.learncast.common.UserError;
import io.learncast.eval.metrics.GroupBootstrap;
import io.learncast.eval.metrics.Interval;
import io.learncast.eval.split.Split;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.features.FeatureTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Scoring on a synthetic corpus in a real store, whose truth the forecaster can learn and the baselines cannot. */
class EvaluatorTest {
    @TempDir static Path dir;
    static Store store;
    static List<StoredRun> runs;
    static final Evaluator EVAL = new Evaluator(Evaluator.Options.defaults().withResamples(200));

    @BeforeAll
    static void corpus() {
        store = SyntheticStore.open(dir, 90, 3, 11);
        runs = SyntheticStore.runs(store);
    }

    @AfterAll
    static void close() { store.close(); }

    @Test
    void kfoldScoresEveryListedRowOnceAndTheForecasterBeatsTheBaselines() {
        SplitScore s = EVAL.score(runs, Split.parse("kfold:3"), line -> { });
        assertEquals(3, s.folds());
        assertEquals(runs.size(), s.scoredRuns(), "every run is scored once");
        assertEquals(FeatureTable.from(runs).listedOnly().size(), s.scoredRows());
        assertEquals(List.of(Evaluator.FORECASTER, Evaluator.GBT, Evaluator.LOG_COMPUTE, Evaluator.MAJORITY), s.models().stream().map(ModelScore::model).toList());
        ModelScore f = s.model(Evaluator.FORECASTER), maj = s.model(Evaluator.MAJORITY), lc = s.model(Evaluator.LOG_COMPUTE);
        assertTrue(f.auc().value() > 0.85, "forecaster AUC " + f.auc().format());
        assertTrue(f.auc().value() > lc.auc().value(), "forecaster AUC " + f.auc().format() + " vs log compute " + lc.auc().format());
        assertTrue(f.brier().high() < maj.brier().low(), "forecaster " + f.brier().format() + " vs majority " + maj.brier().format());
        assertTrue(f.brier().value() < lc.brier().value(), "forecaster " + f.brier().format() + " vs log compute " + lc.brier().format());
        assertTrue(f.brier().low() <= f.brier().value() && f.brier().value() <= f.brier().high());
        assertNotNull(f.stepsLog2Error(), "the forecaster forecasts steps");
        assertTrue(f.stepsLog2Error().value() < 1, "steps within a factor 2 in the median: " + f.stepsLog2Error().format());
        assertNull(maj.stepsLog2Error());
        assertNotNull(s.ceiling(), "configs with several seeds give a ceiling");
        assertTrue(s.ceiling().rows() > 0 && s.ceiling().ratio() > 0);
        Interval fr = s.ceiling().floorRatioInterval();
        assertNotNull(fr, "the floor ratio has its bootstrap interval");
        assertTrue(fr.low() <= s.ceiling().floorRatio() && s.ceiling().floorRatio() <= fr.high(), s.ceiling().floorRatioText());
        assertEquals(s.scoredRows(), s.forecast().length);
    }

    @Test
    void extrapolationScoresOnlyTheHeldOutRegion() {
        SplitScore s = EVAL.score(runs, Split.parse("test:width>64"), line -> { });
        assertEquals(1, s.folds());
        Set<Long> wide = new HashSet<>();
        for (StoredRun r : runs) if (r.config().width() > 64) wide.add(r.id());
        assertEquals(wide.size(), s.scoredRuns());
        for (FeatureTable.Row r : s.scored()) assertTrue(r.knobs().width() > 64);
    }

    @Test
    void userErrors() {
        UserError none = assertThrows(UserError.class, () -> EVAL.score(List.of(), Split.parse("kfold"), l -> { }));
        assertTrue(none.what().contains("no finished runs"));
        UserError empty = assertThrows(UserError.class, () -> EVAL.score(runs, Split.parse("test:width>100000"), l -> { }));
        assertTrue(empty.what().contains("nothing would be scored"), empty.what());
        UserError all = assertThrows(UserError.class, () -> EVAL.score(runs, Split.parse("test:width>0"), l -> { }));
        assertTrue(all.what().contains("nothing is left to fit on"), all.what());
        UserError field = assertThrows(UserError.class, () -> EVAL.score(runs, Split.parse("test:colour>3"), l -> { }));
        assertTrue(field.what().contains("unknown field 'colour'"), field.what());
        UserError one = assertThrows(UserError.class, () -> EVAL.score(runs, Split.parse("leave-out:source"), l -> { }));
        assertTrue(one.what().contains("same source"), one.what());
    }

    @Test
    void metricsMatchHandComputedValues() {
        // p = 0.9, 0.2, 0.6, 0.4 for y = 1, 0, 0, 1, each row its own group
        double[] p = {0.9, 0.2, 0.6, 0.4};
        int[] y = {1, 0, 0, 1};
        ModelScore m = Evaluator.score("m", "", p, y, new GroupBootstrap(new String[] {"a", "b", "c", "d"}, 50, 1), null, null);
        assertEquals((0.01 + 0.04 + 0.36 + 0.36) / 4, m.brier().value(), 1e-12);
        assertEquals(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4, m.logLoss().value(), 1e-12);
        assertEquals(0.5, m.accuracy().value(), 1e-12, "0.9 and 0.2 right, 0.6 and 0.4 wrong");
        // pairs (positive, negative): (0.9,0.2) (0.9,0.6) (0.4,0.2) right, (0.4,0.6) wrong → 3/4
        assertEquals(0.75, m.auc().value(), 1e-12);
        // ten bins: each row alone in its bin, |mean p − observed| = 0.1, 0.2, 0.6, 0.6 → mean 0.375
        assertEquals(0.375, m.ece().value(), 1e-12);
    }

    @Test
    void ceilingOnAKnownNoiseLevel() {
        SplittableRandom r = new SplittableRandom(5);
        int cells = 3000, seeds = 2;
        String[] cell = new String[cells * seeds];
        int[] y = new int[cells * seeds];
        double[] truthP = new double[cells * seeds];
        double noise = 0;
        for (int c = 0; c < cells; c++) {
            double q = c % 3 == 0 ? 0.5 : c % 3 == 1 ? 0.9 : 0.02;
            noise += q * (1 - q) / cells;
            for (int s = 0; s < seeds; s++) {
                int i = c * seeds + s;
                cell[i] = "c" + c;
                y[i] = r.nextDouble() < q ? 1 : 0;
                truthP[i] = q;
            }
        }
        Ceiling c = Evaluator.ceiling(cell, y, truthP, new GroupBootstrap(cell, 200, 11));
        assertEquals(noise, c.floor(), 0.01, "the floor estimates the planted noise");
        assertEquals(2 * noise, c.siblingBrier(), 0.02, "with two seeds the sibling Brier is twice the noise");
        assertEquals(noise, c.forecasterBrier(), 0.01, "a forecaster that knows q scores the noise itself");
        assertEquals(0.5, c.ratio(), 0.05, "… which is half the two-seed ceiling");
        assertEquals(1.0, c.floorRatio(), 0.1, "… and the floor itself");
        // the ratio's interval resamples whole cells: it brackets the point and, on 3,000 cells, the truth
        Interval iv = c.floorRatioInterval();
        assertTrue(iv.low() <= c.floorRatio() && c.floorRatio() <= iv.high(), c.floorRatioText());
        assertTrue(iv.low() < 1.0 && 1.0 < iv.high(), "the planted ratio 1 lies inside " + c.floorRatioText());
        assertTrue(iv.high() - iv.low() < 0.3, "and the interval is informative: " + c.floorRatioText());
        // a forecaster that only knows the base rate sits well above the floor, interval and all
        double[] flat = new double[y.length];
        java.util.Arrays.fill(flat, java.util.Arrays.stream(y).average().orElseThrow());
        Ceiling worse = Evaluator.ceiling(cell, y, flat, new GroupBootstrap(cell, 200, 11));
        assertTrue(worse.floorRatioInterval().low() > iv.high(), worse.floorRatioText() + " vs " + c.floorRatioText());
        assertNull(Evaluator.ceiling(cell, y, truthP, null).floorRatioInterval(), "no bootstrap, no interval");
        assertNull(Evaluator.ceiling(new String[] {"a", "b"}, new int[] {1, 0}, new double[] {0.5, 0.5}, null), "no multi-seed cell, no ceiling");
    }
}
