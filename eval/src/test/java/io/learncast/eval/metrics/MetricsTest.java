package io.learncast.eval.metrics;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Metrics against values computed by hand. */
class MetricsTest {
    final double[] p = {0.9, 0.8, 0.3, 0.6, 0.1};
    final int[] y = {1, 0, 1, 1, 0};

    @Test
    void brierLogLossAccuracy() {
        // (0.01 + 0.64 + 0.49 + 0.16 + 0.01) / 5
        assertEquals(0.262, Metrics.brier(p, y), 1e-12);
        double ll = -(Math.log(0.9) + Math.log(0.2) + Math.log(0.3) + Math.log(0.6) + Math.log(0.9)) / 5;
        assertEquals(ll, Metrics.logLoss(p, y), 1e-12);
        assertEquals(0.6, Metrics.accuracy(p, y), 1e-12); // right: 0.9→1, 0.6→1, 0.1→0
    }

    @Test
    void aucCountsOrderedPairsWithTiesAsHalf() {
        // positives 0.9, 0.3, 0.6 vs negatives 0.8, 0.1: pairs won = (0.9>0.8, 0.9>0.1, 0.3>0.1, 0.6>0.1) = 4 of 6
        assertEquals(4 / 6.0, Metrics.auc(p, y), 1e-12);
        assertEquals(0.5, Metrics.auc(new double[] {0.5, 0.5}, new int[] {1, 0}), 1e-12);
        assertTrue(Double.isNaN(Metrics.auc(new double[] {0.2, 0.4}, new int[] {1, 1})));
    }

    @Test
    void eceWeightsBinsByTheirShare() {
        // bins of width 0.5: [0.1, 0.3] has mean p 0.2, mean y 0.5; [0.6, 0.8, 0.9] mean p 0.7667, mean y 2/3
        double e = 2 / 5.0 * Math.abs(0.5 - 0.2) + 3 / 5.0 * Math.abs(2 / 3.0 - 2.3 / 3);
        assertEquals(e, Metrics.ece(p, y, 2), 1e-12);
        assertEquals(0, Metrics.ece(new double[] {1, 0}, new int[] {1, 0}, 10), 1e-12);
    }

    @Test
    void medianAbsoluteLog2ErrorOfSteps() {
        // errors: |log2 2| = 1, |log2 0.5| = 1, 0, |log2 4| = 2 → median 1
        assertEquals(1.0, Metrics.medianAbsLog2Error(new double[] {200, 50, 100, 400}, new double[] {100, 100, 100, 100}), 1e-12);
    }

    @Test
    void groupBootstrapBracketsThePointEstimate() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 400;
        double[] ps = new double[n];
        int[] ys = new int[n];
        String[] g = new String[n];
        for (int i = 0; i < n; i++) {
            ps[i] = r.nextDouble();
            ys[i] = r.nextDouble() < ps[i] ? 1 : 0;
            g[i] = "g" + (i / 4);
        }
        Interval iv = new GroupBootstrap(g, 300, 7).interval(GroupBootstrap.on(ps, ys, Metrics::brier));
        assertTrue(iv.low() < iv.value() && iv.value() < iv.high(), iv.format());
        assertTrue(iv.high() - iv.low() < 0.1, iv.format());
    }
}
