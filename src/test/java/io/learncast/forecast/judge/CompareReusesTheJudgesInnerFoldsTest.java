package io.learncast.forecast.judge;

import io.learncast.app.cli.CliRunner;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.validation.GroupedKFold;
import io.learncast.forecast.validation.Metrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * On a real corpus (modadd p = 23 MLPs trained here by the farm, with weight measures): {@code judge fit --compare} hands the
 * judge's own regression heads and their inner out-of-fold predictions to the alternatives instead of fitting them again — the
 * same numbers as refitting, and no regression fitted twice — and the judge chosen by nested cross-validation chooses on each
 * outer fold's fitting rows alone.
 */
class CompareReusesTheJudgesInnerFoldsTest {
    @TempDir static Path dir;
    static JudgeRows rows;
    /** The judge's own hyperparameters. */
    static final JudgeModel.Params FAST = JudgeModel.Params.defaults();

    @BeforeAll
    static void train() throws Exception {
        String db = dir.resolve("store").toString();
        Path grid = Files.writeString(dir.resolve("mlp.yaml"), """
                name: judge-reuse
                property: {task: "modadd:p=23", metric: test_acc, threshold: 0.95, hold: 2}
                axes:
                  width: [64, 128]
                  lr: [1e-2]
                  wd: [1]
                  optimizer: [adamw]
                  train_frac: [0.6, 0.7, 0.8, 0.9]
                  batch: [full]
                  budgets: [3000]
                seeds: 1
                eval_every: 50
                """);
        assertEquals(0, CliRunner.run("farm", "enqueue", grid.toString(), "--db", db).code());
        CliRunner.Result run = CliRunner.run("farm", "run", "--db", db, "--workers", "1", "--to-budget"); // 3 of 8 cross, at steps 1,050–2,500
        assertEquals(0, run.code(), run.err());
        try (var s = JdbcStore.open(StoreLocation.parse(db, "db"))) {
            rows = Judges.rows(s, 100);
        }
        int pos = rows.rows().stream().mapToInt(JudgeRows.Row::now).sum();
        assertTrue(pos > 10 && pos < rows.rows().size() - 10, "both classes: " + pos + " of " + rows.rows().size());
    }

    /**
     * Features that do not exist yet are NaN (e.g. evaluations since memorisation, before it). A version-1 judge handed them
     * to Smile's trees, whose regression trees then failed their internal assertion {@code trueChild.size == split.trueCount}
     * under surefire's {@code -ea} (the sixth session's version of this test replaced NaN by a finite stand-in to get past
     * it); a version-2 judge imputes them ({@link JudgeFeatures#imputed}), so the whole judge — classifiers, regressions,
     * their inner folds, the weights-only judge — fits on the raw rows with assertions on.
     */
    @Test
    void theJudgeFitsRealRowsWithMissingFeaturesUnderAssertions() {
        boolean ea = false;
        assert ea = true;
        assertTrue(ea, "surefire runs with assertions on");
        int since = JudgeFeatures.ALL.indexOf("evals_since_memorised");
        long nan = rows.rows().stream().filter(r -> Double.isNaN(r.x()[since])).count();
        assertTrue(nan > 5, "rows before memorisation: " + nan);
        JudgeFitter.Fitted f = JudgeFitter.fit(rows, options(false));
        assertEquals(JudgeModel.VERSION, f.full().version());
        assertTrue(Double.isFinite(f.report().scores().get(0).auc()));
    }

    private static JudgeFitter.Options options(boolean compare) {
        return new JudgeFitter.Options(2, 19, FAST, 4, compare);
    }

    private static Map<String, double[]> empty(int n) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (String a : Alternatives.NAMES) {
            double[] v = new double[n];
            Arrays.fill(v, Double.NaN);
            m.put(a, v);
        }
        return m;
    }

    @Test
    void theAlternativesReadTheJudgesInnerFoldsAndScoreExactlyAsRefitted() {
        int n = rows.rows().size();
        GroupedKFold folds = GroupedKFold.of(rows.groups(), 2, 19);
        for (GroupedKFold.Split s : folds.splits()) {
            long seed = io.learncast.common.Seeds.derive(19, s.fold());
            String[] g = Arrays.stream(s.train()).mapToObj(i -> rows.groups()[i]).toArray(String[]::new);
            assertNotNull(AccuracyHead.innerFolds(g, FAST, io.learncast.common.Seeds.derive(seed, 101)), "the fold has inner folds to reuse");
            JudgeModel.Fit fit = JudgeModel.fitWithInner(rows, s.train(), JudgeFeatures.Set.FULL, FAST, seed, true);
            assertEquals(s.train().length, fit.inner().now().length);
            Map<String, double[]> nowReused = empty(n);
            Map<String, double[]> withinReused = empty(n);
            long before = AccuracyHead.FITS.get();
            Alternatives.outOfFold(rows, s, fit, options(true), seed, nowReused, withinReused);
            assertEquals(0, AccuracyHead.FITS.get() - before, "no regression fitted again");
            Map<String, double[]> nowRefit = empty(n);
            Map<String, double[]> withinRefit = empty(n);
            Alternatives.outOfFold(rows, s, new JudgeModel.Fit(fit.model(), null), options(true), seed, nowRefit, withinRefit);
            assertTrue(AccuracyHead.FITS.get() - before >= 8, "refitting: three inner folds and the head, per target");
            for (String a : Alternatives.NAMES) {
                assertArrayEquals(nowRefit.get(a), nowReused.get(a), 0.0, a + ", now");
                assertArrayEquals(withinRefit.get(a), withinReused.get(a), 0.0, a + ", within");
            }
            double[] st = Arrays.stream(s.test()).mapToDouble(i -> nowReused.get(Alternatives.STACKED)[i]).toArray();
            assertTrue(Arrays.stream(st).distinct().count() > 5, "the stacked classifier was fitted, not a constant");
        }
    }

    @Test
    void compareFitsNoRegressionMoreThanTheJudgeAlone() {
        long a = AccuracyHead.FITS.get();
        JudgeFitter.outOfFold(rows, GroupedKFold.of(rows.groups(), 2, 19), options(false));
        long plain = AccuracyHead.FITS.get() - a;
        long b = AccuracyHead.FITS.get();
        JudgeFitter.OutOfFold cmp = JudgeFitter.outOfFold(rows, GroupedKFold.of(rows.groups(), 2, 19), options(true));
        long compared = AccuracyHead.FITS.get() - b;
        assertTrue(plain >= 16, "the judge's own regressions: " + plain);
        assertEquals(plain, compared, "--compare reuses the judge's regressions and inner folds");
        // the judge's out-of-fold P is the same with and without the comparison beside it
        JudgeFitter.OutOfFold again = JudgeFitter.outOfFold(rows, GroupedKFold.of(rows.groups(), 2, 19), options(false));
        assertArrayEquals(again.now().get("judge"), cmp.now().get("judge"), 0.0);
        assertEquals(2, cmp.choices().size());
    }

    @Test
    void theNestedChoiceNeverReadsTheOuterFoldItIsScoredOn() {
        GroupedKFold folds = GroupedKFold.of(rows.groups(), 2, 19);
        GroupedKFold.Split s = folds.splits().get(0);
        long seed = io.learncast.common.Seeds.derive(19, s.fold());
        JudgeModel.Fit fit = JudgeModel.fitWithInner(rows, s.train(), JudgeFeatures.Set.FULL, FAST, seed, true);
        NestedChoice.Choice c = NestedChoice.choose(rows, s.fold(), s.train(), fit, FAST, seed);
        assertTrue(Arrays.stream(c.innerAucNow()).allMatch(Double::isFinite), Arrays.toString(c.innerAucNow()));
        assertTrue(NestedChoice.CANDIDATES.contains(c.now()) && NestedChoice.CANDIDATES.contains(c.within()));

        // the outer fold's scored rows with their labels turned around: a choice that read them would move
        JudgeRows other = withOuterLabelsFlipped(rows, s);
        JudgeModel.Fit fit2 = JudgeModel.fitWithInner(other, s.train(), JudgeFeatures.Set.FULL, FAST, seed, true);
        NestedChoice.Choice c2 = NestedChoice.choose(other, s.fold(), s.train(), fit2, FAST, seed);
        assertEquals(c.now(), c2.now());
        assertEquals(c.within(), c2.within());
        assertArrayEquals(c.innerAucNow(), c2.innerAucNow(), 0.0);
        assertArrayEquals(c.innerAucWithin(), c2.innerAucWithin(), 0.0);
        // while the outer scores do see the flip
        double[] p = Arrays.stream(s.test()).mapToDouble(i -> NestedChoice.p(fit.model(), c.now(), rows.rows().get(i).x(), false)).toArray();
        int[] y = Arrays.stream(s.test()).map(i -> rows.rows().get(i).now()).toArray();
        int[] y2 = Arrays.stream(s.test()).map(i -> other.rows().get(i).now()).toArray();
        assertNotEquals(Metrics.of(p, y).auc(), Metrics.of(p, y2).auc());
    }

    /**
     * Eighth session: the nested choice chooses the boosting hyperparameters with the judge, among an a-priori grid, on each outer
     * fold's inner folds — every grid point's candidates scored on the same inner folds, the first point's exactly as the choice
     * over the judge's own params alone, the outer fold's labels never read — and the out-of-fold P is the chosen point's judge's.
     */
    @Test
    void theNestedChoiceChoosesTheHyperparametersOnTheFittingRowsAlone() {
        List<JudgeModel.Params> grid = JudgeModel.Params.grid();
        assertEquals(FAST, grid.get(0));
        GroupedKFold folds = GroupedKFold.of(rows.groups(), 2, 19);
        GroupedKFold.Split s = folds.splits().get(0);
        long seed = io.learncast.common.Seeds.derive(19, s.fold());
        List<JudgeModel.Fit> fits = grid.stream().map(g -> JudgeModel.fitWithInner(rows, s.train(), JudgeFeatures.Set.FULL, g, seed, true)).toList();
        NestedChoice.Choice c = NestedChoice.choose(rows, s.fold(), s.train(), fits, grid, seed);
        assertEquals(6, c.innerAucNow().length);
        assertTrue(Arrays.stream(c.innerAucNow()).allMatch(Double::isFinite), Arrays.toString(c.innerAucNow()));
        NestedChoice.Choice first = NestedChoice.choose(rows, s.fold(), s.train(), fits.get(0), grid.get(0), seed);
        NestedChoice.Choice second = NestedChoice.choose(rows, s.fold(), s.train(), fits.get(1), grid.get(1), seed);
        assertArrayEquals(first.innerAucNow(), Arrays.copyOfRange(c.innerAucNow(), 0, 3), 0.0);
        assertArrayEquals(second.innerAucWithin(), Arrays.copyOfRange(c.innerAucWithin(), 3, 6), 0.0);
        assertNotEquals(Arrays.toString(first.innerAucNow()), Arrays.toString(second.innerAucNow()), "the grid's points are different judges");
        List<String> names = NestedChoice.candidates(grid);
        int best = 0;
        for (int j = 1; j < 6; j++) if (c.innerAucNow()[j] > c.innerAucNow()[best]) best = j;
        assertEquals(names.get(best), c.now());

        // the outer fold's scored rows with their labels turned around leave the choice as it was
        JudgeRows other = withOuterLabelsFlipped(rows, s);
        List<JudgeModel.Fit> fits2 = grid.stream().map(g -> JudgeModel.fitWithInner(other, s.train(), JudgeFeatures.Set.FULL, g, seed, true)).toList();
        NestedChoice.Choice c2 = NestedChoice.choose(other, s.fold(), s.train(), fits2, grid, seed);
        assertEquals(c.now(), c2.now());
        assertEquals(c.within(), c2.within());
        assertArrayEquals(c.innerAucNow(), c2.innerAucNow(), 0.0);
        assertArrayEquals(c.innerAucWithin(), c2.innerAucWithin(), 0.0);

        // judge fit --compare over the grid: six candidates per fold, and each scored row's P is its fold's chosen judge's
        JudgeFitter.Options o = new JudgeFitter.Options(2, 19, FAST, 4, true, grid);
        JudgeFitter.OutOfFold oof = JudgeFitter.outOfFold(rows, folds, o);
        for (GroupedKFold.Split t : folds.splits()) {
            NestedChoice.Choice ct = oof.choices().get(t.fold());
            assertEquals(6, ct.innerAucWithin().length);
            long sd = io.learncast.common.Seeds.derive(19, t.fold());
            List<JudgeModel> models = grid.stream().map(g -> JudgeModel.fitWithInner(rows, t.train(), JudgeFeatures.Set.FULL, g, sd, true).model()).toList();
            for (int i : t.test()) {
                double[] x = rows.rows().get(i).x();
                assertEquals(NestedChoice.p(models, grid, ct.now(), x, false), oof.now().get(NestedChoice.NAME)[i], 0.0);
                assertEquals(NestedChoice.p(models, grid, ct.within(), x, true), oof.within().get(NestedChoice.NAME)[i], 0.0);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new JudgeFitter.Options(2, 19, FAST, 4, true, List.of(grid.get(1), FAST)),
                "the grid starts with the registered judge's params");
    }

    /**
     * Ninth session: the registered judge is the nested line's procedure on the whole corpus — every grid point's judge fitted on
     * every row with the fit's seed, head and point chosen per target by AUC on the corpus's inner folds — not the mean at the
     * first point. The grid here starts with a deliberately weak point (10 rounds of 2-leaf trees), so the choice moves off the
     * first point's mean and a judge registered as before (that mean) fails the test.
     */
    @Test
    void theRegisteredJudgeIsTheOneTheNestedChoiceMakesOnTheWholeCorpus() {
        JudgeModel.Params weak = new JudgeModel.Params(10, FAST.maxDepth(), 2, FAST.nodeSize(), FAST.shrinkage(), FAST.subsample());
        JudgeModel.Params small = new JudgeModel.Params(60, FAST.maxDepth(), 4, FAST.nodeSize(), FAST.shrinkage(), FAST.subsample()); // a small grid: a fast test
        List<JudgeModel.Params> grid = List.of(weak, small);
        JudgeFitter.Fitted f = JudgeFitter.fit(rows, new JudgeFitter.Options(2, 19, weak, 4, false, grid));
        // the choice computed here from its parts: both points' judges on every row, seed 19, chosen on the corpus's inner folds
        int[] all = java.util.stream.IntStream.range(0, rows.rows().size()).toArray();
        List<JudgeModel.Fit> fits = grid.stream().map(g -> JudgeModel.fitWithInner(rows, all, JudgeFeatures.Set.FULL, g, 19, true)).toList();
        NestedChoice.Choice c = NestedChoice.choose(rows, -1, all, fits, grid, 19);
        assertTrue(Arrays.stream(c.innerAucNow()).allMatch(Double::isFinite), "the corpus has inner folds: " + Arrays.toString(c.innerAucNow()));
        assertFalse(c.now().equals(NestedChoice.MEAN) && c.within().equals(NestedChoice.MEAN), "the choice moves off the first point's mean: " + c);
        JudgeReport.Registered r = f.report().registered();
        assertEquals(c.now(), r.now());
        assertEquals(c.within(), r.within());
        assertEquals(NestedChoice.head(grid, c.now()), r.nowHead());
        assertEquals(NestedChoice.label(grid.get(NestedChoice.point(grid, c.within()))), r.withinParams());
        assertArrayEquals(c.innerAucNow(), r.innerAucNow().stream().mapToDouble(Double::doubleValue).toArray(), 0.0);
        assertArrayEquals(c.innerAucWithin(), r.innerAucWithin().stream().mapToDouble(Double::doubleValue).toArray(), 0.0);
        // the registered judge, and the same read back from its artifact, answers with the chosen heads on every row
        JudgeRegistry.Stored back = JudgeRegistry.read(JudgeRegistry.write(f));
        assertEquals(JudgeFitter.FORMAT_VERSION, back.report().formatVersion());
        List<JudgeModel> models = fits.stream().map(JudgeModel.Fit::model).toList();
        JudgeModel firstMean = models.get(0);
        int differs = 0;
        for (JudgeRows.Row row : rows.rows()) {
            double[] x = row.x();
            double pn = NestedChoice.p(models, grid, c.now(), x, false);
            double pw = NestedChoice.p(models, grid, c.within(), x, true);
            for (JudgeModel m : List.of(f.full(), back.full())) {
                assertEquals(pn, m.pNow(x), 0.0);
                assertEquals(pw, m.pWithin(x), 0.0);
                Judgement j = m.judge(x, 2);
                assertEquals(pn, j.pNow(), 0.0);
                assertEquals(pw, j.pWithin(), 0.0);
            }
            if (pn != firstMean.pNow(x) || pw != firstMean.pWithin(x)) differs++;
        }
        assertTrue(differs > rows.rows().size() / 2, "a judge registered as before (the first point's mean) answers otherwise: " + differs);
        Judgement j = back.full().judge(rows.rows().get(0).x(), 2);
        assertEquals(r.nowHead() + " [" + r.nowParams() + "]", j.headNow());
        assertEquals(r.withinHead() + " [" + r.withinParams() + "]", j.headWithin());
    }

    /** The rows with the outer fold's scored rows' labels turned around: a choice that read them would move. */
    private static JudgeRows withOuterLabelsFlipped(JudgeRows rows, GroupedKFold.Split s) {
        boolean[] test = new boolean[rows.rows().size()];
        for (int i : s.test()) test[i] = true;
        List<JudgeRows.Row> flipped = new ArrayList<>();
        for (int i = 0; i < rows.rows().size(); i++) {
            JudgeRows.Row r = rows.rows().get(i);
            flipped.add(!test[i] ? r : new JudgeRows.Row(r.run(), r.index(), r.step(), r.x(), 1 - r.now(), r.within() < 0 ? -1 : 1 - r.within(),
                    1 - r.testAcc(), r.trainAcc(), Double.isNaN(r.futureAcc()) ? Double.NaN : 1 - r.futureAcc()));
        }
        return new JudgeRows(List.copyOf(flipped), rows.delta());
    }
}
