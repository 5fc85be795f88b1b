package io.learncast.forecast.validation;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Scores of probabilistic forecasts against 0/1 outcomes. AUC is Smile's; log loss stays ours because it clips
 * probabilities to [1e-6, 1 − 1e-6] (a forecaster that says 0 and is wrong is charged 13.8 nats, not infinity;
 * Smile's {@code LogLoss} does not clip).
 */
public record Metrics(@JsonProperty("n") int n,
                      @JsonProperty("brier") double brier,
                      @JsonProperty("log_loss") double logLoss,
                      @JsonProperty("auc") double auc,
                      @JsonProperty("accuracy") double accuracy,
                      @JsonProperty("ece") double ece) {

    public static final double CLIP = 1e-6;

    public static Metrics of(double[] p, int[] y) {
        if (p.length != y.length) throw new IllegalArgumentException("lengths differ");
        return new Metrics(p.length, brier(p, y), logLoss(p, y), auc(p, y), accuracy(p, y), ece(p, y, 10));
    }

    public static double brier(double[] p, int[] y) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - y[i];
            s += d * d;
        }
        return p.length == 0 ? Double.NaN : s / p.length;
    }

    public static double logLoss(double[] p, int[] y) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - CLIP, Math.max(CLIP, p[i]));
            s -= y[i] == 1 ? Math.log(q) : Math.log(1 - q);
        }
        return p.length == 0 ? Double.NaN : s / p.length;
    }

    public static double accuracy(double[] p, int[] y) {
        int ok = 0;
        for (int i = 0; i < p.length; i++) if ((p[i] >= 0.5 ? 1 : 0) == y[i]) ok++;
        return p.length == 0 ? Double.NaN : (double) ok / p.length;
    }

    /**
     * Area under the ROC curve: Smile's rank-sum AUC (ties share their mean rank, as ours did); NaN when only
     * one class occurs (Smile's 0/0).
     */
    public static double auc(double[] p, int[] y) {
        if (p.length != y.length) throw new IllegalArgumentException("lengths differ");
        return p.length == 0 ? Double.NaN : smile.validation.metric.AUC.of(y, p);
    }

    /** Expected calibration error over {@code bins} equal-width probability bins. */
    public static double ece(double[] p, int[] y, int bins) {
        double[] sp = new double[bins];
        double[] sy = new double[bins];
        int[] cnt = new int[bins];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(bins - 1, (int) (p[i] * bins));
            sp[b] += p[i];
            sy[b] += y[i];
            cnt[b]++;
        }
        double e = 0;
        for (int b = 0; b < bins; b++) if (cnt[b] > 0) e += Math.abs(sp[b] - sy[b]);
        return p.length == 0 ? Double.NaN : e / p.length;
    }
}
