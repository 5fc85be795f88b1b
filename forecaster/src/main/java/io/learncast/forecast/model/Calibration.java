package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Platt scaling on the log-odds: p' = σ(a·logit(p) + b), with a &gt; 0 so that it never reverses an
 * order (and P stays monotone in the budget). Fitted on out-of-fold predictions only: calibrating on
 * in-sample predictions would learn the model's overconfidence on rows it has seen.
 */
public record Calibration(@JsonProperty("a") double a, @JsonProperty("b") double b) {

    public static final Calibration IDENTITY = new Calibration(1, 0);

    public double apply(double p) {
        if (a == 1 && b == 0) return p;
        return CureModel.sigmoid(a * BlendModel.logit(p) + b);
    }

    /** Maximum-likelihood (a, b) by Newton's method, with a weak prior toward the identity. */
    public static Calibration fit(double[] p, int[] y) {
        double a = 1, b = 0;
        double prior = 1.0; // pulls (a, b) toward (1, 0): a handful of rows cannot move it far
        for (int it = 0; it < 50; it++) {
            double ga = -prior * (a - 1), gb = -prior * b;
            double haa = prior, hab = 0, hbb = prior;
            for (int i = 0; i < p.length; i++) {
                double z = BlendModel.logit(p[i]);
                double q = CureModel.sigmoid(a * z + b);
                double r = y[i] - q;
                ga += r * z;
                gb += r;
                double w = q * (1 - q);
                haa += w * z * z;
                hab += w * z;
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (det <= 1e-12) break;
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            a += da;
            b += db;
            if (Math.abs(da) + Math.abs(db) < 1e-9) break;
        }
        if (!(a > 0.05) || !Double.isFinite(b)) return IDENTITY;
        return new Calibration(a, b);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isIdentity() { return a == 1 && b == 0; }
}
