package io.learncast.forecast.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Platt scaling recovers a known miscalibration and never reverses an order. */
class CalibrationTest {
    @Test
    void recoversAKnownMiscalibration() {
        // the model's log-odds are twice too confident and shifted by 0.5
        Random r = new Random(1);
        int n = 20_000;
        double[] p = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double trueLogit = 3 * r.nextGaussian();
            p[i] = CureModel.sigmoid(2 * trueLogit + 0.5);
            y[i] = r.nextDouble() < CureModel.sigmoid(trueLogit) ? 1 : 0;
        }
        Calibration c = Calibration.fit(p, y);
        assertEquals(0.5, c.a(), 0.05);
        assertEquals(-0.25, c.b(), 0.08);
        double prev = -1;
        for (double q = 0.001; q < 1; q += 0.001) {
            double v = c.apply(q);
            assertTrue(v >= prev);
            prev = v;
        }
    }

    @Test
    void identityStaysIdentity() {
        assertEquals(0.37, Calibration.IDENTITY.apply(0.37), 0);
    }
}
