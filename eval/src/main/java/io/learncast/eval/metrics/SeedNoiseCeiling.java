package io.learncast.eval.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The noise no forecaster can beat. For every (config group, budget) trained with several seeds,
 * each seed's outcome is predicted by the mean outcome of its siblings; the Brier score of those
 * predictions is the <em>sibling Brier</em>. With n seeds per cell and true learning probability q,
 * its expectation is q(1−q)·n/(n−1), so {@code floor} = Σ sibling error·(n−1)/n estimates the
 * irreducible E[q(1−q)] itself.
 */
public final class SeedNoiseCeiling {

    /** @param siblingBrier Brier of predicting a seed from its siblings; @param floor the unbiased irreducible-noise estimate. */
    public record Result(int cells, int rows, double siblingBrier, double floor, double disagreementRate) {}

    private SeedNoiseCeiling() {}

    /** {@code cellOfRow} identifies (group, budget); {@code y} the outcome per row (one row per seed). */
    public static Result of(String[] cellOfRow, int[] y) { return of(cellOfRow, y, floorByRow(cellOfRow, y)); }

    /** As {@link #of(String[], int[])}, from the rows' shares {@link #floorByRow} already gave (a caller that needs both computes them once). */
    public static Result of(String[] cellOfRow, int[] y, double[] share) {
        Map<String, int[]> cells = cells(cellOfRow, y);
        double sib = 0, floor = 0;
        int rows = 0;
        for (int i = 0; i < y.length; i++) {
            if (Double.isNaN(share[i])) continue;
            int n = cells.get(cellOfRow[i])[0];
            floor += share[i];
            sib += share[i] * n / (n - 1);
            rows++;
        }
        if (rows == 0) return new Result(0, 0, Double.NaN, Double.NaN, Double.NaN);
        int used = 0, mixed = 0;
        for (int[] c : cells.values()) {
            if (c[0] < 2) continue;
            used++;
            if (c[1] > 0 && c[1] < c[0]) mixed++;
        }
        return new Result(used, rows, sib / rows, floor / rows, mixed / (double) used);
    }

    /**
     * Each row's share of the floor: the squared error of predicting it by its siblings' mean, times (n−1)/n; NaN for a
     * row whose cell has one seed. Their mean over the multi-seed rows is {@link Result#floor()}; summed over a resample of
     * whole configs, the floor of that resample (eval's interval for the forecaster's ratio to it).
     */
    public static double[] floorByRow(String[] cellOfRow, int[] y) {
        Map<String, int[]> cells = cells(cellOfRow, y);
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            int[] c = cells.get(cellOfRow[i]);
            int n = c[0];
            if (n < 2) {
                out[i] = Double.NaN;
                continue;
            }
            double pred = (c[1] - y[i]) / (double) (n - 1);
            out[i] = (pred - y[i]) * (pred - y[i]) * (n - 1) / n;
        }
        return out;
    }

    /** Rows and learners per cell, in first-seen order. */
    private static Map<String, int[]> cells(String[] cellOfRow, int[] y) {
        Map<String, int[]> cells = new LinkedHashMap<>();
        for (int i = 0; i < y.length; i++) {
            int[] c = cells.computeIfAbsent(cellOfRow[i], k -> new int[2]);
            c[0]++;
            c[1] += y[i];
        }
        return cells;
    }
}
