package io.learncast.forecast.model;

import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;

/**
 * Shapley values of a cooperative game given by its value on coalitions (bit masks of players).
 * Exact for up to {@value #EXACT_MAX} players (every coalition evaluated once); beyond that,
 * {@code permutations} random orders with a fixed seed (unbiased, and the same answer every time).
 * The values add up to v(all) − v(none) exactly in both cases.
 */
public final class Shapley {
    private Shapley() {}

    public static final int EXACT_MAX = 8;

    public static double[] values(int players, LongToDoubleFunction v, int permutations, long seed) {
        return players <= EXACT_MAX ? exact(players, v) : sampled(players, v, permutations, seed);
    }

    public static double[] exact(int k, LongToDoubleFunction v) {
        int n = 1 << k;
        double[] value = new double[n];
        for (int s = 0; s < n; s++) value[s] = v.applyAsDouble(s);
        double[] weight = new double[k];
        for (int size = 0; size < k; size++) weight[size] = 1.0 / (k * binomial(k - 1, size));
        double[] phi = new double[k];
        for (int s = 0; s < n; s++) {
            int size = Integer.bitCount(s);
            for (int i = 0; i < k; i++) {
                if ((s & (1 << i)) != 0) continue;
                phi[i] += weight[size] * (value[s | (1 << i)] - value[s]);
            }
        }
        return phi;
    }

    public static double[] sampled(int k, LongToDoubleFunction v, int permutations, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] phi = new double[k];
        int[] order = new int[k];
        int m = Math.max(1, permutations);
        for (int p = 0; p < m; p++) {
            for (int i = 0; i < k; i++) order[i] = i;
            for (int i = k - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            long s = 0;
            double prev = v.applyAsDouble(0);
            for (int i : order) {
                s |= 1L << i;
                double cur = v.applyAsDouble(s);
                phi[i] += cur - prev;
                prev = cur;
            }
        }
        for (int i = 0; i < k; i++) phi[i] /= m;
        return phi;
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return c;
    }
}
