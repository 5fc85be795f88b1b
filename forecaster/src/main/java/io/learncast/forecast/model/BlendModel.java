package io.learncast.forecast.model;

import java.util.List;

/**
 * A weighted average of models on the log-odds scale. With non-negative weights and monotone members
 * it stays monotone in the budget.
 */
public record BlendModel(List<ProbabilityModel> members, double[] weights) implements ProbabilityModel, FittedForecaster.TwoBudgets {

    @Override
    public String name() {
        StringBuilder sb = new StringBuilder("blend(");
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) sb.append('+');
            sb.append(members.get(i).name()).append(String.format(java.util.Locale.ROOT, "·%.2f", weights[i]));
        }
        return sb.append(')').toString();
    }

    @Override
    public double probability(double[] x) {
        double s = 0;
        for (int i = 0; i < members.size(); i++) s += weights[i] * logit(members.get(i).probability(x));
        return CureModel.sigmoid(s);
    }

    @Override
    public double[] probabilities(double[] x, long b0, long b1) {
        double s0 = 0, s1 = 0;
        for (int i = 0; i < members.size(); i++) {
            ProbabilityModel m = members.get(i);
            double[] p = m instanceof FittedForecaster.TwoBudgets two ? two.probabilities(x, b0, b1)
                    : new double[] {m.probability(x), m.probability(io.learncast.forecast.features.Features.atBudget(x, b1))};
            s0 += weights[i] * logit(p[0]);
            s1 += weights[i] * logit(p[1]);
        }
        return new double[] {CureModel.sigmoid(s0), CureModel.sigmoid(s1)};
    }

    static double logit(double p) {
        double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return Math.log(q / (1 - q));
    }
}
