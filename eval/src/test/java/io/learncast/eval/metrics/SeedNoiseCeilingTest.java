package io.learncast.eval.metrics;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The ceiling recovers a noise level we planted. */
class SeedNoiseCeilingTest {

    @Test
    void recoversKnownNoise() {
        SplittableRandom r = new SplittableRandom(3);
        int cells = 4000, seeds = 4;
        String[] cell = new String[cells * seeds];
        int[] y = new int[cells * seeds];
        double truth = 0;
        for (int c = 0; c < cells; c++) {
            double q = c % 2 == 0 ? 0.1 : 0.5; // half the configs are noisy coin flips
            truth += q * (1 - q) / cells;
            for (int s = 0; s < seeds; s++) {
                cell[c * seeds + s] = "c" + c;
                y[c * seeds + s] = r.nextDouble() < q ? 1 : 0;
            }
        }
        SeedNoiseCeiling.Result res = SeedNoiseCeiling.of(cell, y);
        assertEquals(truth, res.floor(), 0.01, "floor estimates E[q(1-q)] = " + truth);
        assertEquals(truth * seeds / (seeds - 1.0), res.siblingBrier(), 0.012);
        assertEquals(cells, res.cells());
    }

    @Test
    void deterministicOutcomesHaveNoNoise() {
        String[] cell = {"a", "a", "b", "b", "c"};
        int[] y = {1, 1, 0, 0, 1};
        SeedNoiseCeiling.Result res = SeedNoiseCeiling.of(cell, y);
        assertEquals(0, res.siblingBrier(), 1e-12);
        assertEquals(2, res.cells(), "single-seed cells are skipped");
    }
}
