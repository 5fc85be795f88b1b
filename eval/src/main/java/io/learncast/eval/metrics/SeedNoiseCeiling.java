package io.learncast.eval.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    public static Result of(String[] cellOfRow, int[] y) {
        Map<String, List<Integer>> cells = new LinkedHashMap<>();
        for (int i = 0; i < y.length; i++) cells.computeIfAbsent(cellOfRow[i], k -> new ArrayList<>()).add(y[i]);
        double sib = 0, floor = 0;
        int rows = 0, used = 0, mixed = 0;
        for (List<Integer> c : cells.values()) {
            int n = c.size();
            if (n < 2) continue;
            used++;
            int sum = c.stream().mapToInt(Integer::intValue).sum();
            if (sum > 0 && sum < n) mixed++;
            for (int v : c) {
                double pred = (sum - v) / (double) (n - 1);
                double e = (pred - v) * (pred - v);
                sib += e;
                floor += e * (n - 1) / n;
                rows++;
            }
        }
        if (rows == 0) return new Result(0, 0, Double.NaN, Double.NaN, Double.NaN);
        return new Result(used, rows, sib / rows, floor / rows, mixed / (double) used);
    }
}
