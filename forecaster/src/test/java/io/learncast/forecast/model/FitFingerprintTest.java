package io.learncast.forecast.model;

import io.learncast.farm.config.ConfigJson;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forecaster's fitted models, bit for bit, on a seeded synthetic corpus: the boosted structured model (π's trees
 * monotone in the data, μ's free, the search's spec) and the steps calibration's pseudo folds. The fingerprints were
 * recorded with the code before the sixth session's speed-ups (HistogramTrees' histograms, BoostedCure's gradients,
 * the calibration's scheduling), which were meant to change no result: any change to a tree's split, a leaf's value or
 * the calibration's figures changes the SHA-256 of the model's JSON (Jackson writes each double's shortest exact
 * form). A change meant to change results must re-record them and say so: the sixth session's {@code full_batch} fix (a batch
 * as large as the training set reads as full) changed the synthetic corpus's small-p batch-128 rows, so these were re-recorded
 * from the code before the speed-ups with that fix alone, and the merged tree reproduces them. The eleventh session's
 * squares held at the edge ({@link Basis#squaresHeld}) re-recorded them again: the models' JSON gained the field
 * {@code "squares_held":true} and nothing else (without it, both hash as before: checked), while the steps calibration,
 * which scores pseudo folds beyond their own fitting range, now measures jump 0.0934 and slope 0.2922 (was 0.1785 and
 * 0.2244: squares continued on the tangent sent those held-out learners' steps further from their intervals). The sixteenth
 * session's calibration measures about the median leaned on the trend, each fold's learners sharing one unit of weight:
 * jump 0.1205, slope 0 (was 0.0934 and 0.2922); the models are untouched. Its interval then gained a line per side:
 * above jump 0.4394, below 0 (the synthetic corpus's pseudo-extrapolations err late).
 */
class FitFingerprintTest {
    static List<RunRecord> runs;
    static final Candidate.Cure QUADRATIC = new Candidate.Cure(Basis.Spec.defaults(), 3, 3);

    @BeforeAll
    static void corpus() {
        runs = SyntheticCorpus.generate(1500, 3, 7);
    }

    @Test
    void theBoostedStructuredModelIsFittedAsBefore() throws Exception {
        BoostedCure.Spec spec = BoostedCure.Spec.defaults().withMonotone(ForecasterFitter.MONOTONE_PI).withRounds(60);
        BoostedCure m = new Candidate.CureTrees(QUADRATIC, spec).fitModel(runs, 20261206L);
        assertEquals("610fa0f9e1205d6f4d53f900dbf1318b064e2ebbc13b93b620b6893703cb7462", sha256(ConfigJson.MAPPER.writeValueAsString(m)));
    }

    @Test
    void unconstrainedTreesAreFittedAsBefore() throws Exception {
        BoostedCure.Spec spec = BoostedCure.Spec.defaults().withRounds(40);
        BoostedCure m = new Candidate.CureTrees(QUADRATIC, spec).fitModel(runs, 11L);
        assertEquals("938c9a8fd66e50c574dfd7f5037228727655281b92135d24cd37a0526fb94eb8", sha256(ConfigJson.MAPPER.writeValueAsString(m)));
    }

    @Test
    void theStepsCalibrationIsMeasuredAsBefore() {
        StepsCalibration c = StepsCalibration.fit(runs, QUADRATIC, ForecasterFitter.TREND, 5L);
        assertEquals("StepsCalibration[jump=0.1205, slope=0.0, learners=2267, folds=14, above=Side[jump=0.4394, slope=0.0], below=Side[jump=0.0, slope=0.0]]", String.valueOf(c));
    }

    /** The search scores one fit at several rounds in one walk of the trees: the same probabilities as the truncated models'. */
    @Test
    void probabilitiesAtSeveralRoundsAreTheTruncatedModels() {
        BoostedCure m = new Candidate.CureTrees(QUADRATIC, BoostedCure.Spec.defaults().withMonotone(ForecasterFitter.MONOTONE_PI).withRounds(30))
                .fitModel(runs.subList(0, 600), 3L);
        int[] rounds = {0, 5, 30, 12, 40};
        FeatureTable t = FeatureTable.fromRecords(runs.subList(600, 900), FeatureTable.Options.defaults());
        for (int i = 0; i < t.size(); i++) {
            double[] x = t.row(i).x();
            double[] p = m.probabilities(x, rounds);
            for (int k = 0; k < rounds.length; k++) {
                assertEquals(Double.doubleToLongBits(m.truncated(rounds[k]).probability(x)), Double.doubleToLongBits(p[k]), "row " + i + " rounds " + rounds[k]);
            }
        }
    }

    /** The search's out-of-fold predictions at several rounds (one walk per run, shared by its budgets' rows) are each fold's truncated models'. */
    @Test
    void crossValidatedRoundsAreTheTruncatedFoldModels() {
        FeatureTable t = FeatureTable.fromRecords(runs.subList(0, 900), FeatureTable.Options.defaults());
        Candidate.CureTrees ct = new Candidate.CureTrees(QUADRATIC, BoostedCure.Spec.defaults().withMonotone(ForecasterFitter.MONOTONE_PI));
        int[] rounds = {0, 10, 25};
        io.learncast.forecast.validation.GroupedKFold folds = io.learncast.forecast.validation.CrossValidation.folds(t, 3, 4L);
        List<io.learncast.forecast.validation.CrossValidation.Result> r = io.learncast.forecast.validation.CrossValidation.evaluateRounds(t, ct, rounds, folds, 4L);
        int checked = 0;
        for (int f = 0; f < folds.splits().size(); f++) {
            io.learncast.forecast.validation.GroupedKFold.Split s = folds.splits().get(f);
            BoostedCure m = ct.withRounds(25).fitModel(t.subset(s.train()).runs(), io.learncast.common.Seeds.derive(4L, f));
            for (int k = 0; k < rounds.length; k++) {
                BoostedCure mk = m.truncated(rounds[k]);
                for (int i : s.test()) {
                    assertEquals(Double.doubleToLongBits(mk.probability(t.row(i).x())), Double.doubleToLongBits(r.get(k).outOfFold()[i]), "row " + i + " rounds " + rounds[k]);
                    checked++;
                }
            }
        }
        assertEquals(3 * t.size(), checked);
        assertTrue(t.size() > 900, "several budgets per run: " + t.size() + " rows");
    }

    /** Started beside the search for the search's only backbone, the calibration is the one measured after it; for another backbone it is refitted. */
    @Test
    void theCalibrationBesideTheSearchIsTheOneAfterIt() {
        List<Candidate> search = ForecasterFitter.candidates(ForecasterFitter.Search.QUICK, 30_000);
        assertEquals(QUADRATIC, ForecasterFitter.soleBackbone(search));
        assertEquals(null, ForecasterFitter.soleBackbone(ForecasterFitter.candidates(ForecasterFitter.Search.QUICK, 1_000)));
        ForecasterFitter.EarlySteps early = ForecasterFitter.EarlySteps.start(search, runs, ForecasterFitter.TREND, 5L, 0);
        assertEquals("StepsCalibration[jump=0.1205, slope=0.0, learners=2267, folds=14, above=Side[jump=0.4394, slope=0.0], below=Side[jump=0.0, slope=0.0]]",
                String.valueOf(early.result(QUADRATIC, () -> { throw new AssertionError("refitted though started beside the search"); })));
        Candidate.Cure linear = new Candidate.Cure(ForecasterFitter.LINEAR, 1, 1);
        StepsCalibration other = ForecasterFitter.EarlySteps.start(search, runs, ForecasterFitter.TREND, 5L, 0).result(linear, () -> StepsCalibration.fit(runs.subList(0, 10), linear, ForecasterFitter.TREND, 5L));
        assertEquals(null, other); // the fallback ran (ten runs are too few to calibrate on)
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
