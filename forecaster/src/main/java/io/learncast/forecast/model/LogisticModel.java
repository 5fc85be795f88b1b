package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import smile.classification.LogisticRegression;

/**
 * Smile's L2-penalised logistic regression on standardised feature rows: the linear baseline.
 * Stored as its coefficients, so it needs no Java serialisation.
 */
public record LogisticModel(@JsonProperty("mean") double[] mean,
                            @JsonProperty("sd") double[] sd,
                            @JsonProperty("w") double[] w,
                            @JsonProperty("b") double b) implements ProbabilityModel {

    public static LogisticModel fit(double[][] x, int[] y, double lambda) { return fit(x, y, lambda, null); }

    /**
     * Fits on the given feature columns only ({@code null}: all of them), e.g. log compute alone for a
     * scaling-law baseline; the other columns get weight 0.
     */
    public static LogisticModel fit(double[][] x, int[] y, double lambda, int[] columns) {
        if (columns != null) {
            double[][] sub = new double[x.length][columns.length];
            for (int i = 0; i < x.length; i++) for (int j = 0; j < columns.length; j++) sub[i][j] = x[i][columns[j]];
            LogisticModel m = fit(sub, y, lambda, null);
            int p = x[0].length;
            double[] mean = new double[p], sd = new double[p], w = new double[p];
            for (int j = 0; j < columns.length; j++) {
                mean[columns[j]] = m.mean()[j];
                sd[columns[j]] = m.sd()[j];
                w[columns[j]] = m.w()[j];
            }
            return new LogisticModel(mean, sd, w, m.b());
        }
        int n = x.length, p = x[0].length;
        double[] mean = new double[p], sd = new double[p];
        for (double[] r : x) for (int j = 0; j < p; j++) mean[j] += r[j] / n;
        for (double[] r : x) for (int j = 0; j < p; j++) sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n;
        for (int j = 0; j < p; j++) sd[j] = sd[j] > 1e-18 ? Math.sqrt(sd[j]) : 0;
        int pos = 0;
        for (int v : y) pos += v;
        if (pos == 0 || pos == n) {
            double c = (pos + 0.5) / (n + 1.0);
            return new LogisticModel(mean, sd, new double[p], Math.log(c / (1 - c)));
        }
        double[][] z = new double[n][p];
        for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) z[i][j] = sd[j] > 0 ? (x[i][j] - mean[j]) / sd[j] : 0;
        LogisticRegression.Binomial m = LogisticRegression.binomial(z, y, lambda, 1e-6, 500);
        double[] coef = m.coefficients(); // Smile puts the intercept last
        double[] w = new double[p];
        System.arraycopy(coef, 0, w, 0, p);
        return new LogisticModel(mean, sd, w, coef[p]);
    }

    @Override public String name() { return "logistic"; }

    @Override
    public double probability(double[] x) {
        double s = b;
        for (int j = 0; j < w.length; j++) if (sd[j] > 0) s += w[j] * (x[j] - mean[j]) / sd[j];
        return CureModel.sigmoid(s);
    }
}
