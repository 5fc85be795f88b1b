package io.learncast.data.property;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What one curve says about one property. For a monotone property (a threshold, grokking):
 * {@code eventStep} is the step at which it was reached and confirmed (null if not), {@code never} says
 * the curve rules it out for every budget (the run generalised too soon to grok, or diverged), and
 * {@code observedTo} is the last evaluated step: beyond it, a property not yet decided is
 * <em>censored</em> — unknown, never "not learned". For memorisation (which can flip back as the budget
 * grows) {@code pointwise} holds the label at each evaluated step.
 *
 * <p>{@code reachStep} is the first step of the confirmed window; for grokking {@code tMem} and
 * {@code tGen} are the reach steps of the train and test thresholds when the curve shows both, and
 * {@link #delayRatio()} is t_gen / t_mem.
 */
public record CurveLabel(Long eventStep, Long reachStep, boolean never, long observedTo, Long tMem, Long tGen,
                         NavigableMap<Long, Boolean> pointwise) {

    public CurveLabel {
        pointwise = pointwise == null ? null : java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(pointwise));
    }

    /** The label within {@code budget}: true, false, or null when the curve ends before it is decided (censored). */
    public Boolean within(long budget) {
        if (pointwise != null) {
            if (budget > observedTo) return never ? Boolean.FALSE : null;
            Map.Entry<Long, Boolean> e = pointwise.floorEntry(budget);
            return e == null ? Boolean.FALSE : e.getValue();
        }
        if (eventStep != null && eventStep <= budget) return Boolean.TRUE;
        if (never || budget <= observedTo) return Boolean.FALSE;
        return null;
    }

    /** True when the label at {@code budget} is unknown. */
    public boolean censoredAt(long budget) { return within(budget) == null; }

    /** t_gen / t_mem when the curve shows both reaches (grokkers and fast generalisers), else null. */
    public Double delayRatio() {
        return tMem == null || tGen == null || tMem <= 0 ? null : (double) tGen / tMem;
    }

    /** A word for tables: learned@step, never, no (by the last step), or censored beyond it. */
    public String describeAt(long budget) {
        Boolean b = within(budget);
        if (b == null) return "censored>" + observedTo;
        if (b) return eventStep != null ? "yes@" + eventStep : "yes";
        return never ? "never" : "no";
    }
}
