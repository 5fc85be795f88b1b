package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Forecasts that know when they leave the corpus: beyond a query's nearness threshold (the distance within
 * which 95 % of held-out configs of its task have a trained neighbour), its log-odds lean toward the fitted
 * corpus's base rate, divided by distance ÷ threshold: {@code p' = σ(t + (logit p − t) / w)}, {@code w =
 * max(1, distance / threshold)}. The intervals widen by {@code W = max(w, 1 + gap / threshold)}, where the gap is the
 * query's to the box its task's trained configs span ({@link Neighbourhood#beyond}: a knob the task never varied adds
 * little to the distance, so changing it alone looked "near"): the steps-to-learn spread is multiplied by W (and widened by what {@link StepsCalibration} measured) and the P
 * interval runs from the model's own forecast to the one leaned by W. The point leans by w only: leaning it by W too
 * cost Brier on three of six extrapolation splits (docs/FORECASTER.md).
 *
 * <p>Why: the structured model's log-linear trends carry on past the corpus with the confidence they had
 * inside it, and on extrapolation folds the errors are confident ones (issue 16: fit modadd p ≤ 47, score
 * p = 61, 97 — Brier 1.85× a GBT's, ECE 0.108). For a fixed config w does not depend on the budget and
 * the map is increasing in p, so P stays monotone in the budget; inside the corpus (w = 1) nothing changes.
 * Artifacts fitted before it have none and forecast as they did.
 *
 * @param logit the log-odds of the fitted corpus's base rate (its rows at the runs' own budgets)
 */
public record Tempering(@JsonProperty("logit") double logit) {

    /** The corpus base rate's tempering; rates of 0 or 1 are kept off the edge (the log-odds stay finite). */
    public static Tempering toward(double baseRate) {
        double r = Math.min(1 - 1e-4, Math.max(1e-4, baseRate));
        return new Tempering(BlendModel.logit(r));
    }

    /** {@code p} leaned toward the base rate by {@code widen} (≥ 1; 1 leaves it as it is). */
    public double apply(double p, double widen) {
        if (!(widen > 1)) return p;
        return CureModel.sigmoid(logit + (BlendModel.logit(p) - logit) / widen);
    }
}
