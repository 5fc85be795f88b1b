package io.learncast.forecast.features;

import io.learncast.data.property.CurveLabel;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;

import java.util.List;

/**
 * What one finished run says about its config's steps-to-learn T (the confirmation step): learned
 * with T = {@code confirmStep}, observed to the evaluation interval; not learned after
 * {@code stepsTrained} steps (T &gt; stepsTrained: right-censored); or diverged (it never learns).
 *
 * <p>{@code steps} is the budget the run was given; {@code budgets} the budgets its sweep asked about
 * (the table's listed rows).
 */
public record RunRecord(long runId, String groupHash, String configHash, String source, int replica, RunConfig config, Knobs knobs,
                        Outcome outcome, Long confirmStep, long stepsTrained, long steps, int evalEvery, List<Long> budgets,
                        CurveLabel label) {

    public RunRecord {
        budgets = budgets == null ? List.of(steps) : List.copyOf(budgets);
    }

    /** A record labelled by the property the run was trained for. */
    public RunRecord(long runId, String groupHash, String configHash, String source, int replica, RunConfig config, Knobs knobs,
                     Outcome outcome, Long confirmStep, long stepsTrained, long steps, int evalEvery, List<Long> budgets) {
        this(runId, groupHash, configHash, source, replica, config, knobs, outcome, confirmStep, stepsTrained, steps, evalEvery, budgets, null);
    }

    public boolean learned() { return outcome == Outcome.LEARNED && confirmStep != null; }

    public boolean diverged() { return outcome == Outcome.DIVERGED; }

    /** The label at {@code budget}, or null when the run cannot tell (stopped early before {@code budget}). */
    public Boolean learnedWithin(long budget) {
        if (label != null) return label.within(budget);
        if (confirmStep != null) return confirmStep <= budget;
        return budget <= labelledUpTo() ? Boolean.FALSE : null;
    }

    /** The largest budget this run can label: its step budget, or the steps trained for a run stopped early. */
    public long labelledUpTo() {
        if (label != null) return label.never() ? Long.MAX_VALUE : label.eventStep() != null ? Long.MAX_VALUE : label.observedTo();
        if (confirmStep != null) return Long.MAX_VALUE;
        return outcome == Outcome.STOPPED_EARLY || outcome == Outcome.NOT_LEARNED ? stepsTrained : steps;
    }
}
