package io.learncast.forecast.validation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The scores against values computed by hand. */
class MetricsTest {
    static final double[] P = {0.9, 0.2, 0.6, 0.4};
    static final int[] Y = {1, 0, 0, 1};

    @Test
    void brierLogLossAccuracy() {
        // (0.01 + 0.04 + 0.36 + 0.36) / 4
        assertEquals(0.1925, Metrics.brier(P, Y), 1e-12);
        double ll = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4;
        assertEquals(ll, Metrics.logLoss(P, Y), 1e-12);
        assertEquals(0.5, Metrics.accuracy(P, Y), 1e-12);
    }

    @Test
    void aucCountsOrderedPairsAndTies() {
        // positives 0.9, 0.4; negatives 0.2, 0.6: pairs (0.9>0.2) (0.9>0.6) (0.4>0.2) (0.4<0.6) → 3/4
        assertEquals(0.75, Metrics.auc(P, Y), 1e-12);
        assertEquals(0.5, Metrics.auc(new double[] {0.3, 0.3}, new int[] {1, 0}), 1e-12);
        assertTrue(Double.isNaN(Metrics.auc(new double[] {0.3}, new int[] {1})));
    }

    @Test
    void logLossIsClipped() {
        assertEquals(-Math.log(Metrics.CLIP), Metrics.logLoss(new double[] {0}, new int[] {1}), 1e-9);
    }

    @Test
    void calibrationError() {
        // bins: 0.9 → bin 9 (|0.9 − 1|), 0.2 → bin 2 (0.2), 0.6 → bin 6 (0.6), 0.4 → bin 4 (0.6): (0.1 + 0.2 + 0.6 + 0.6) / 4
        assertEquals(0.375, Metrics.ece(P, Y, 10), 1e-12);
    }
}
