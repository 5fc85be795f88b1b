package io.learncast.forecast.verdict;

import io.learncast.forecast.model.Calibration;

/**
 * Platt scaling for boosted trees, fitted robustly: boosted trees put many rows at log-odds near ±14,
 * where an undamped Newton step on (a, b) can overshoot to a near-step function. Here the slope a is
 * searched on a grid (0.05–3) and, for each, the intercept b solved by a safeguarded 1-D Newton; the
 * pair with the highest likelihood wins. The map is monotone (a &gt; 0), so AUC is unchanged.
 */
final class PlattFit {
    private PlattFit() {}

    static Calibration fit(double[] p, int[] y) {
        if (p.length == 0) return Calibration.IDENTITY;
        double[] z = new double[p.length];
        for (int i = 0; i < p.length; i++) z[i] = logit(VerdictModel.clip(p[i]));
        double bestA = 1, bestB = 0, bestLl = Double.NEGATIVE_INFINITY;
        for (int g = 0; g <= 60; g++) {
            double a = 0.05 * Math.pow(60, g / 60.0); // 0.05 … 3, log-spaced
            double b = interceptFor(a, z, y);
            double ll = logLik(a, b, z, y);
            if (ll > bestLl) {
                bestLl = ll;
                bestA = a;
                bestB = b;
            }
        }
        return new Calibration(bestA, bestB);
    }

    private static double interceptFor(double a, double[] z, int[] y) {
        double b = 0;
        for (int it = 0; it < 60; it++) {
            double g = 0, h = 1e-6;
            for (int i = 0; i < z.length; i++) {
                double q = sigmoid(a * z[i] + b);
                g += y[i] - q;
                h += q * (1 - q);
            }
            double step = Math.max(-2, Math.min(2, g / h));
            b += step;
            if (Math.abs(step) < 1e-9) break;
        }
        return b;
    }

    private static double logLik(double a, double b, double[] z, int[] y) {
        double ll = 0;
        for (int i = 0; i < z.length; i++) {
            double q = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(a * z[i] + b)));
            ll += y[i] == 1 ? Math.log(q) : Math.log(1 - q);
        }
        return ll;
    }

    static double logit(double p) { return Math.log(p / (1 - p)); }

    static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }
}
