package io.learncast.eval.metrics;

import java.util.Arrays;

/**
 * Metrics of probabilistic binary forecasts {@code p} against outcomes {@code y} (0/1). All are
 * plain functions of arrays so they can be checked against hand-computed values.
 */
public final class Metrics {
    private Metrics() {}

    /** Probabilities are clipped to [ε, 1−ε] for the log loss, so one confident miss is costly but finite. */
    public static final double EPS = 1e-6;

    public static double brier(double[] p, int[] y) {
        check(p, y);
        double s = 0;
        for (int i = 0; i < p.length; i++) s += (p[i] - y[i]) * (p[i] - y[i]);
        return s / p.length;
    }

    public static double logLoss(double[] p, int[] y) {
        check(p, y);
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - EPS, Math.max(EPS, p[i]));
            s -= y[i] == 1 ? Math.log(q) : Math.log(1 - q);
        }
        return s / p.length;
    }

    /** Fraction of outcomes on the side of 0.5 the forecast chose (p = 0.5 counts as "learns"). */
    public static double accuracy(double[] p, int[] y) {
        check(p, y);
        int ok = 0;
        for (int i = 0; i < p.length; i++) if ((p[i] >= 0.5 ? 1 : 0) == y[i]) ok++;
        return ok / (double) p.length;
    }

    /** Area under the ROC curve (Mann–Whitney, ties get average ranks); NaN when only one class is present. */
    public static double auc(double[] p, int[] y) {
        check(p, y);
        int n = p.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(p[a], p[b]));
        double[] rank = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && p[idx[j + 1]] == p[idx[i]]) j++;
            double r = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) rank[idx[k]] = r;
            i = j + 1;
        }
        long pos = 0;
        double sumPos = 0;
        for (int i = 0; i < n; i++) {
            if (y[i] == 1) {
                pos++;
                sumPos += rank[i];
            }
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) return Double.NaN;
        return (sumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** Expected calibration error over {@code bins} equal-width bins: Σ (n_b/n)·|mean y − mean p| in each bin. */
    public static double ece(double[] p, int[] y, int bins) {
        check(p, y);
        double[] sp = new double[bins];
        double[] sy = new double[bins];
        int[] cnt = new int[bins];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(bins - 1, (int) Math.floor(p[i] * bins));
            sp[b] += p[i];
            sy[b] += y[i];
            cnt[b]++;
        }
        double e = 0;
        for (int b = 0; b < bins; b++) if (cnt[b] > 0) e += Math.abs(sy[b] - sp[b]) / p.length;
        return e;
    }

    /** Median |log2(predicted) − log2(actual)| of steps-to-learn; NaN when empty. */
    public static double medianAbsLog2Error(double[] predicted, double[] actual) {
        if (predicted.length != actual.length) throw new IllegalArgumentException("length mismatch");
        if (predicted.length == 0) return Double.NaN;
        double[] e = new double[predicted.length];
        for (int i = 0; i < e.length; i++) e[i] = Math.abs(log2(predicted[i]) - log2(actual[i]));
        return median(e);
    }

    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double log2(double v) { return Math.log(v) / Math.log(2); }

    private static void check(double[] p, int[] y) {
        if (p.length != y.length) throw new IllegalArgumentException("forecasts and outcomes differ in length: " + p.length + " vs " + y.length);
        if (p.length == 0) throw new IllegalArgumentException("no forecasts to score");
    }
}
