package io.learncast.forecast.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The Newton histogram trees find the right splits and leaf values, and ensembles stay intact when flattened. */
class HistogramTreesTest {

    @Test
    void aTreeRecoversAStepFunctionWithNewtonLeaves() {
        Random r = new Random(1);
        int n = 2000;
        double[][] x = new double[n][3];
        double[] g = new double[n], h = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextInt(100) / 100.0;
            x[i][1] = r.nextDouble();
            x[i][2] = r.nextInt(4);
            double target = (x[i][0] > 0.3 ? 2 : -1) + (x[i][2] == 3 ? 1 : 0);
            h[i] = 0.5 + r.nextDouble();
            g[i] = target * h[i];
        }
        int[] rows = java.util.stream.IntStream.range(0, n).toArray();
        FlatTrees t = HistogramTrees.grow(new HistogramTrees.Bins(x, new int[] {0, 1, 2}), g, h, rows, 4, 5, 0.0, 0.0, 100);
        assertEquals(1, t.size());
        for (int i = 0; i < n; i++) {
            double expect = (x[i][0] > 0.3 ? 2 : -1) + (x[i][2] == 3 ? 1 : 0);
            assertEquals(expect, t.sum(x[i]), 0.05, "row " + i);
        }
        FlatTrees again = HistogramTrees.grow(new HistogramTrees.Bins(x, new int[] {0, 1, 2}), g, h, rows, 4, 5, 0.0, 0.0, 100);
        assertEquals(t.threshold().length, again.threshold().length);
        assertArrayEquals(t.value(), again.value(), 0, "deterministic");
    }

    @Test
    void aMonotoneColumnNeverMakesTheTreeDecreaseAlongIt() {
        // the target rises in x0 up to 0.6 and falls after it (a bump), and steps in x1: a free tree follows the fall
        Random r = new Random(7);
        int n = 3000;
        double[][] x = new double[n][2];
        double[] g = new double[n], h = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextInt(50) / 50.0;
            x[i][1] = r.nextInt(5);
            double target = (x[i][0] < 0.6 ? 3 * x[i][0] : 1.8 - 4 * (x[i][0] - 0.6)) + (x[i][1] >= 2 ? 1 : 0);
            h[i] = 0.5 + r.nextDouble();
            g[i] = target * h[i];
        }
        int[] rows = java.util.stream.IntStream.range(0, n).toArray();
        HistogramTrees.Bins b = new HistogramTrees.Bins(x, new int[] {0, 1});
        FlatTrees free = HistogramTrees.grow(b, g, h, rows, 16, 5, 1.0, 0.0, 100);
        FlatTrees up = HistogramTrees.grow(b, g, h, rows, 16, 5, 1.0, 0.0, 100, new int[] {1, 0});
        FlatTrees down = HistogramTrees.grow(b, g, h, rows, 16, 5, 1.0, 0.0, 100, new int[] {-1, 0});
        boolean freeFalls = false;
        for (int v1 = 0; v1 < 5; v1++) {
            for (int k = 0; k + 1 < 50; k++) {
                double[] a = {k / 50.0, v1}, z = {(k + 1) / 50.0, v1};
                assertTrue(up.sum(z) >= up.sum(a) - 1e-12, "non-decreasing at x0 = " + a[0] + ", x1 = " + v1);
                assertTrue(down.sum(z) <= down.sum(a) + 1e-12, "non-increasing at x0 = " + a[0] + ", x1 = " + v1);
                if (free.sum(z) < free.sum(a) - 0.1) freeFalls = true;
            }
            // the free column still splits: x1 ≥ 2 lifts the output
            assertTrue(up.sum(new double[] {0.3, 3}) > up.sum(new double[] {0.3, 0}) + 0.5, "x1 stays free");
        }
        assertTrue(freeFalls, "without the constraint the tree follows the fall");
        // where the truth rises, the constrained tree follows it
        assertEquals(3 * 0.3 + 1, up.sum(new double[] {0.3, 3}), 0.35);
        assertArrayEquals(up.value(), HistogramTrees.grow(b, g, h, rows, 16, 5, 1.0, 0.0, 100, new int[] {1, 0}).value(), 0, "deterministic");
        // no constraint is the tree as before, to the bit
        assertArrayEquals(free.value(), HistogramTrees.grow(b, g, h, rows, 16, 5, 1.0, 0.0, 100, new int[] {0, 0}).value(), 0);
    }

    @Test
    void concatenatedEnsemblesSumTheirTreesAndKeepPrefixes() {
        double[][] x = {{0}, {1}, {2}, {3}};
        double[] h = {1, 1, 1, 1};
        int[] rows = {0, 1, 2, 3};
        HistogramTrees.Bins b = new HistogramTrees.Bins(x, new int[] {0});
        FlatTrees a = HistogramTrees.grow(b, new double[] {1, 1, 5, 5}, h, rows, 2, 1, 0, 0, 100);
        FlatTrees c = HistogramTrees.grow(b, new double[] {-2, 3, 3, 3}, h, rows, 2, 1, 0, 0, 100);
        FlatTrees both = FlatTrees.concat(List.of(a, c));
        for (double[] v : x) {
            assertEquals(a.sum(v) + c.sum(v), both.sum(v), 1e-12);
            assertEquals(a.sum(v), both.first(1).sum(v), 1e-12);
        }
        assertEquals(0, both.first(0).sum(x[2]), 0);
    }
}
