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
