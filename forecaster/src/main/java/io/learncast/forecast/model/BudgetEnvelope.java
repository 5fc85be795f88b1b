package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.forecast.features.Features;

import java.util.TreeSet;

/**
 * Makes any model monotone in the budget: P(B) is the largest forecast of the inner model over the
 * grid budgets ≤ B. The grid holds the corpus's budgets (where the tree models' steps in the budget
 * lie, and where forecasts are scored) extended by halvings down to 1 step and doublings up to 2²⁴;
 * between grid points P is flat. Learning within a smaller budget implies learning within a larger
 * one, so a forecast that drops as B grows is always wrong somewhere.
 *
 * <p>An empty grid means no envelope: P(B) is the inner model's at B, for properties that can end as
 * B grows (memorisation, read off the curves; the corpus's labels then say so).
 */
public final class BudgetEnvelope implements ProbabilityModel, FittedForecaster.TwoBudgets {
    private final ProbabilityModel inner;
    private final long[] grid;

    public BudgetEnvelope(ProbabilityModel inner, long[] budgets) {
        this.inner = inner;
        this.grid = budgets.length == 0 ? new long[0] : extend(budgets);
    }

    static long[] extend(long[] budgets) {
        TreeSet<Long> g = new TreeSet<>();
        for (long b : budgets) if (b >= 1) g.add(b);
        if (g.isEmpty()) g.add(1000L);
        for (long b = g.first() / 2; b >= 1; b /= 2) g.add(b);
        g.add(1L);
        for (long b = g.last() * 2; b <= 1L << 24; b *= 2) g.add(b);
        return g.stream().mapToLong(Long::longValue).toArray();
    }

    public ProbabilityModel inner() { return inner; }

    @JsonProperty("grid")
    public long[] grid() { return grid.clone(); }

    @Override public String name() { return inner.name(); }

    /** P at two budgets of one row in one scan of the grid. */
    @Override
    public double[] probabilities(double[] x, long b0, long b1) {
        if (grid.length == 0) return new double[] {inner.probability(Features.atBudget(x, b0)), inner.probability(Features.atBudget(x, b1))};
        long lo = Math.min(b0, b1), hi = Math.max(b0, b1);
        double pLo = 0, p = 0;
        for (long b : grid) {
            if (b > hi * (1 + 1e-9)) break;
            p = Math.max(p, inner.probability(Features.atBudget(x, b)));
            if (b <= lo * (1 + 1e-9)) pLo = p;
        }
        return b0 <= b1 ? new double[] {pLo, p} : new double[] {p, pLo};
    }

    @Override
    public double probability(double[] x) {
        if (grid.length == 0) return inner.probability(x);
        double budget = Math.pow(2, x[Features.N_CONFIG]);
        double p = 0;
        for (long b : grid) {
            if (b > budget * (1 + 1e-9)) break;
            p = Math.max(p, inner.probability(Features.atBudget(x, b)));
        }
        return p;
    }
}
