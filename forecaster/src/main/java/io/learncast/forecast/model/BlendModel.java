package io.learncast.forecast.model;

import java.util.List;

/**
 * A weighted average of models on the log-odds scale. With non-negative weights and monotone members
 * it stays monotone in the budget.
 */
public record BlendModel(List<ProbabilityModel> members, double[] weights) implements ProbabilityModel {

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

    static double logit(double p) {
        double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return Math.log(q / (1 - q));
    }
}
