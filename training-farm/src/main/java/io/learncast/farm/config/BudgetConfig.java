package io.learncast.farm.config;

import io.learncast.common.UserError;

import java.util.List;
import java.util.TreeSet;

/**
 * The compute: the step budget, the evaluation interval, and the smaller budgets a sweep asked about
 * (read off the run's curve; the largest is always {@code steps}).
 */
public record BudgetConfig(long steps, int evalEvery, List<Long> budgets) {
    public BudgetConfig {
        io.learncast.farm.config.knob.KnobCatalogue.STEPS.check(steps); // before the interval, which is checked against it
        if (!(evalEvery >= 1 && evalEvery <= steps)) {
            throw new UserError("eval_every", "evaluation interval " + evalEvery + " is out of range", "1–" + steps + " (the step budget)");
        }
        TreeSet<Long> b = new TreeSet<>(budgets == null ? List.of() : budgets);
        for (long v : b) {
            if (v < 1 || v > steps) throw new UserError("budgets", "budget " + v + " is outside 1–" + steps, "budgets are step counts up to the largest budget");
        }
        b.add(steps);
        budgets = List.copyOf(b);
    }
}
