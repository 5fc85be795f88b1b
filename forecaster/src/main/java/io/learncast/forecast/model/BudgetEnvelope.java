package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.forecast.features.Features;

/**
 * Makes any model monotone in the budget: P(B) is the largest forecast over the grid budgets ≤ B and B
 * itself. Learning within a smaller budget implies learning within a larger one, so a forecast that
 * drops as B grows is always wrong somewhere; tree models are piecewise constant in the budget with
 * steps at the corpus's budgets, so the grid of those budgets catches every step.
 */
public final class BudgetEnvelope implements ProbabilityModel {
    private final ProbabilityModel inner;
    private final long[] grid;

    public BudgetEnvelope(ProbabilityModel inner, long[] grid) {
        this.inner = inner;
        this.grid = grid.clone();
        java.util.Arrays.sort(this.grid);
    }

    public ProbabilityModel inner() { return inner; }

    @JsonProperty("grid")
    public long[] grid() { return grid.clone(); }

    @Override public String name() { return inner.name(); }

    @Override
    public double probability(double[] x) {
        double p = inner.probability(x);
        double budget = Math.pow(2, x[Features.N_CONFIG]);
        for (long b : grid) {
            if (b >= budget * (1 - 1e-9)) break;
            p = Math.max(p, inner.probability(Features.atBudget(x, b)));
        }
        return p;
    }
}
