package io.learncast.eval.metrics;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Step errors and the grouped bootstrap against values computed by hand. */
class StepErrorsAndBootstrapTest {
    @Test
    void medianAbsoluteLog2ErrorOfSteps() {
        // errors: |log2 2| = 1, |log2 0.5| = 1, 0, |log2 4| = 2 → median 1
        assertEquals(1.0, StepErrors.medianAbsLog2Error(new double[] {200, 50, 100, 400}, new double[] {100, 100, 100, 100}), 1e-12);
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
        Interval iv = new GroupBootstrap(g, 300, 7).interval(GroupBootstrap.on(ps, ys, io.learncast.forecast.validation.Metrics::brier));
        assertTrue(iv.low() < iv.value() && iv.value() < iv.high(), iv.format());
        assertTrue(iv.high() - iv.low() < 0.1, iv.format());
    }
}
