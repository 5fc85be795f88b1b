package io.learncast.forecast.verdict;

/**
 * Exact (Clopper–Pearson) one-sided upper confidence bounds on a binomial proportion: having seen
 * {@code k} of {@code n} learners stopped, the largest loss rate q for which seeing k or fewer would
 * still happen with probability ≥ 1 − confidence. With none stopped it is 1 − (1 − confidence)^(1/n)
 * (≈ 3/n at 95 %: the "rule of three").
 */
public final class ClopperPearson {
    private ClopperPearson() {}

    /** The one-sided upper bound at {@code confidence} on the rate behind {@code k} of {@code n}; 1 when n = 0. */
    public static double upper(int k, int n, double confidence) {
        if (n <= 0 || k >= n) return 1;
        if (k < 0) throw new IllegalArgumentException("k " + k + " < 0");
        double alpha = 1 - confidence;
        if (k == 0) return 1 - Math.pow(alpha, 1.0 / n);
        // P(X ≤ k; n, q) falls with q: bisect for the q where it equals alpha
        double lo = k / (double) n, hi = 1;
        for (int it = 0; it < 200 && hi - lo > 1e-12; it++) {
            double mid = (lo + hi) / 2;
            if (cdf(k, n, mid) > alpha) lo = mid; else hi = mid;
        }
        return hi;
    }

    /** The fewest runs that, with none stopped, support an upper bound ≤ {@code maxRate} at {@code confidence}. */
    public static int runsNeeded(double maxRate, double confidence) {
        if (maxRate >= 1) return 0;
        return (int) Math.ceil(Math.log(1 - confidence) / Math.log1p(-maxRate) - 1e-9);
    }

    /** P(X ≤ k) for X ~ Binomial(n, q), summed in log space. */
    static double cdf(int k, int n, double q) {
        if (q <= 0) return 1;
        if (q >= 1) return k >= n ? 1 : 0;
        double logTerm = n * Math.log1p(-q); // log P(X = 0)
        double ratio = Math.log(q) - Math.log1p(-q);
        double sum = 0;
        for (int i = 0; i <= k; i++) {
            sum += Math.exp(logTerm);
            logTerm += Math.log((n - i) / (double) (i + 1)) + ratio;
        }
        return Math.min(1, sum);
    }
}
