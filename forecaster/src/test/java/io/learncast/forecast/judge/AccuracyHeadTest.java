package io.learncast.forecast.judge;

import io.learncast.forecast.validation.Metrics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The regression head of the judge: P(test accuracy ≥ 0.95) derived from a regression of logit test accuracy is a
 * non-decreasing function of the predicted accuracy, and it ranks held-out configs' checkpoints by their true accuracy.
 */
class AccuracyHeadTest {
    private static final List<String> NAMES = List.of("a", "b", "c");
    /** Fewer, larger steps than the judge's defaults: the same model, faster on a busy machine. */
    private static final JudgeModel.Params FAST = new JudgeModel.Params(60, 20, 4, 20, 0.1, 0.7);

    /** Rows of 40 configs × 25 checkpoints: test accuracy rises with a and b (plus a config offset and noise); c is noise. */
    private record Data(double[][] x, double[] acc, String[] groups) {}

    private static Data data(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1000;
        double[][] x = new double[n][];
        double[] acc = new double[n];
        String[] g = new String[n];
        for (int cfg = 0; cfg < 40; cfg++) {
            double offset = r.nextGaussian() * 0.5;
            for (int k = 0; k < 25; k++) {
                int i = cfg * 25 + k;
                double a = r.nextDouble() * 6 - 3;
                double b = r.nextDouble();
                x[i] = new double[] {a, b, r.nextDouble()};
                acc[i] = 1 / (1 + Math.exp(-(1.5 * a + 2 * b + offset + r.nextGaussian() * 0.3)));
                g[i] = "config-" + cfg;
            }
        }
        return new Data(x, acc, g);
    }

    @Test
    void pRisesWithThePredictedAccuracyAndRanksHeldOutConfigs() {
        Data d = data(5);
        int[] fit = IntStream.range(0, 750).toArray(); // configs 0–29
        int[] held = IntStream.range(750, 1000).toArray(); // configs 30–39, never seen
        double[][] x = Arrays.stream(fit).mapToObj(i -> d.x()[i]).toArray(double[][]::new);
        double[] z = Arrays.stream(fit).mapToDouble(i -> AccuracyHead.target(d.acc()[i])).toArray();
        int[] y = Arrays.stream(fit).map(i -> d.acc()[i] >= 0.95 ? 1 : 0).toArray();
        String[] g = Arrays.stream(fit).mapToObj(i -> d.groups()[i]).toArray(String[]::new);
        AccuracyHead h = AccuracyHead.fit(x, z, y, g, NAMES, FAST, 11);

        Integer[] order = Arrays.stream(held).boxed().sorted(Comparator.comparingDouble(i -> h.z(d.x()[i]))).toArray(Integer[]::new);
        for (int j = 1; j < order.length; j++) {
            assertTrue(h.p(d.x()[order[j]]) >= h.p(d.x()[order[j - 1]]), "P never falls as the predicted accuracy rises");
        }
        double[] p = Arrays.stream(held).mapToDouble(i -> h.p(d.x()[i])).toArray();
        int[] yh = Arrays.stream(held).map(i -> d.acc()[i] >= 0.95 ? 1 : 0).toArray();
        assertTrue(Arrays.stream(yh).sum() > 10, "held-out positives");
        assertTrue(Metrics.of(p, yh).auc() > 0.9, "held-out AUC " + Metrics.of(p, yh).auc());
        double meanP = Arrays.stream(p).average().orElseThrow();
        double rate = Arrays.stream(yh).average().orElseThrow();
        assertEquals(rate, meanP, 0.1, "calibrated on inner out-of-fold predictions: the mean P is near the held-out rate");
    }

    @Test
    void theTargetIsTheClippedLogit() {
        assertEquals(0, AccuracyHead.target(0.5), 1e-12);
        assertEquals(AccuracyHead.target(AccuracyHead.HI), AccuracyHead.target(1.0), 0);
        assertEquals(AccuracyHead.target(AccuracyHead.LO), AccuracyHead.target(0.0), 0);
        assertTrue(AccuracyHead.target(0.96) > AccuracyHead.target(0.94));
    }

    @Test
    void theSameRowsAndSeedGiveTheSameHead() {
        Data d = data(8);
        double[] z = Arrays.stream(d.acc()).map(AccuracyHead::target).toArray();
        int[] y = Arrays.stream(d.acc()).mapToInt(a -> a >= 0.95 ? 1 : 0).toArray();
        AccuracyHead a = AccuracyHead.fit(d.x(), z, y, d.groups(), NAMES, FAST, 3);
        AccuracyHead b = AccuracyHead.fit(d.x(), z, y, d.groups(), NAMES, FAST, 3);
        for (double[] x : d.x()) assertEquals(a.p(x), b.p(x), 0.0);
    }
}
