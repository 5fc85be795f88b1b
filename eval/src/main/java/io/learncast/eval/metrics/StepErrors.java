package io.learncast.eval.metrics;

import java.util.Arrays;

/**
 * Errors of steps-to-learn forecasts. Probability scores (Brier, log loss, AUC, ECE) live in the
 * forecaster's {@link io.learncast.forecast.validation.Metrics}, which the fitter's cross-validation
 * uses too, so eval and model selection score with the same code.
 */
public final class StepErrors {
    private StepErrors() {}

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
}
