package io.learncast.forecast.judge;

import io.learncast.data.CurvePoint;
import io.learncast.data.WeightMeasures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The judge never reads test data, nor anything after the checkpoint it judges. */
class JudgeFeaturesTest {

    private static WeightMeasures measures(SplittableRandom r) {
        List<WeightMeasures.Layer> ls = List.of(new WeightMeasures.Layer(46, 64, 5 + r.nextDouble(), 2 + r.nextDouble(), 3 + r.nextDouble()),
                new WeightMeasures.Layer(64, 23, 4 + r.nextDouble(), 1 + r.nextDouble(), 2 + r.nextDouble()));
        WeightMeasures.Fourier f = new WeightMeasures.Fourier(23, 5, r.nextDouble(), r.nextDouble(), List.of(1, 2, 3, 4, 5));
        WeightMeasures.Logits l = new WeightMeasures.Logits(256, List.of(1, 2, 3, 4, 5), r.nextDouble(), r.nextDouble(), r.nextDouble());
        return new WeightMeasures(ls, f, f, r.nextDouble() * 10, l);
    }

    private static List<CurvePoint> curve(long seed, SplittableRandom testSide) {
        SplittableRandom r = new SplittableRandom(seed);
        List<CurvePoint> c = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double trainLoss = 1 + r.nextDouble();
            double trainAcc = r.nextDouble();
            double norm = 5 + r.nextDouble();
            WeightMeasures m = measures(r);
            c.add(new CurvePoint(100L * i, trainLoss, trainAcc, testSide.nextDouble() * 5, testSide.nextDouble(), norm, m));
        }
        return c;
    }

    @Test
    void testLossAndAccuracyNeverReachTheFeatures() {
        // the same training side, two unrelated test curves: every feature of every checkpoint must agree
        List<CurvePoint> a = curve(7, new SplittableRandom(1));
        List<CurvePoint> b = curve(7, new SplittableRandom(2));
        assertFalse(a.get(3).testAcc() == b.get(3).testAcc(), "the test curves differ");
        for (int i = 0; i < a.size(); i++) assertArrayEquals(JudgeFeatures.of(a, i), JudgeFeatures.of(b, i), 0.0, "checkpoint " + i);
    }

    @Test
    void laterEvaluationsNeverReachACheckpointsFeatures() {
        List<CurvePoint> full = curve(9, new SplittableRandom(3));
        for (int i = 0; i < full.size(); i++) {
            assertArrayEquals(JudgeFeatures.of(full, i), JudgeFeatures.of(full.subList(0, i + 1), i), 0.0, "checkpoint " + i);
        }
    }

    @Test
    void noFeatureIsNamedForTestData() {
        for (String n : JudgeFeatures.ALL) assertFalse(n.contains("test"), n);
        assertEquals(JudgeFeatures.ALL.size(), JudgeFeatures.of(curve(1, new SplittableRandom(1)), 4).length);
    }

    @Test
    void progressMeasuresAreReadAndTheirTrendLooksBack() {
        List<CurvePoint> c = curve(11, new SplittableRandom(1));
        double[] x = JudgeFeatures.of(c, 8);
        int at = JudgeFeatures.ALL.indexOf("restricted_acc");
        int trend = JudgeFeatures.ALL.indexOf("trend_restricted_acc");
        assertEquals(c.get(8).measures().logits().restrictedAcc(), x[at], 0);
        assertEquals(c.get(8).measures().logits().restrictedAcc() - c.get(8 - JudgeFeatures.WINDOW).measures().logits().restrictedAcc(), x[trend], 1e-12);
        assertTrue(JudgeFeatures.names(JudgeFeatures.Set.FULL).contains("restricted_acc"));
        assertFalse(JudgeFeatures.names(JudgeFeatures.Set.WEIGHTS).contains("restricted_acc"), "a weights file has no training rows");
    }

    @Test
    void longRangeFeaturesCountFromMemorisationAndRanksAreShares() {
        SplittableRandom r = new SplittableRandom(3);
        List<CurvePoint> c = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            WeightMeasures m = measures(r);
            c.add(new CurvePoint(100L * i, 0.1, i >= 4 ? 1.0 : 0.5, 1, 0, 5, m));
        }
        int since = JudgeFeatures.ALL.indexOf("evals_since_memorised");
        int norm = JudgeFeatures.ALL.indexOf("log_w_norm_since_memorised");
        assertTrue(Double.isNaN(JudgeFeatures.of(c, 3)[since]), "not memorised yet");
        assertEquals(0, JudgeFeatures.of(c, 4)[since]);
        assertEquals(21, JudgeFeatures.of(c, 25)[since]);
        int memorised = JudgeFeatures.ALL.indexOf("memorised");
        assertEquals(0, JudgeFeatures.of(c, 3)[memorised], "the indicator beside the counts (seventh session)");
        assertEquals(1, JudgeFeatures.of(c, 4)[memorised]);
        assertEquals(1, JudgeFeatures.of(c, 25)[memorised]);
        assertEquals(Math.log(c.get(25).measures().weightNorm() / c.get(4).measures().weightNorm()), JudgeFeatures.of(c, 25)[norm], 1e-12);
        double[] x = JudgeFeatures.of(c, 25);
        WeightMeasures.Layer first = c.get(25).measures().layers().get(0);
        assertEquals(first.stableRank() / 46, x[JudgeFeatures.ALL.indexOf("w_first_stable_rank_frac")], 1e-12, "over the smallest side");
        int longTrend = JudgeFeatures.ALL.indexOf("long_trend_restricted_acc");
        assertEquals(c.get(25).measures().logits().restrictedAcc() - c.get(25 - JudgeFeatures.LONG_WINDOW).measures().logits().restrictedAcc(), x[longTrend], 1e-12);
        assertTrue(JudgeFeatures.names(JudgeFeatures.Set.WEIGHTS).contains("w_mean_stable_rank_frac"), "a file has its ranks");
        assertFalse(JudgeFeatures.names(JudgeFeatures.Set.WEIGHTS).contains("evals_since_memorised"), "a file has no history");
        assertEquals(x[JudgeFeatures.ALL.indexOf("w_first_stable_rank_frac")], JudgeFeatures.ofWeights(c.get(25).measures())[JudgeFeatures.ALL.indexOf("w_first_stable_rank_frac")]);
    }
}
