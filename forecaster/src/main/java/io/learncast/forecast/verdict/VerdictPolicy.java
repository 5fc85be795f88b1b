package io.learncast.forecast.verdict;

import io.learncast.common.UserError;

/**
 * When a verdict stops a run: its calibrated P(learn) is below {@code threshold}, at or after
 * {@code minFraction} of the budget, with the test metric not rising, at {@code hold} consecutive cuts.
 * The guards are for late learners: before {@code minFraction} a memorising run and a future grokker look
 * alike; a run whose test accuracy climbs is left alone whatever the model says; and one low verdict is
 * not enough (a late learner's weight norm often starts to shrink only a little after memorising).
 *
 * <p>The verdict is consulted at the first evaluation at or past each of {@link VerdictRows#FRACTIONS}
 * (the fractions it was trained on), so the farm and {@code verdict eval}'s simulation stop at the same steps.
 */
public record VerdictPolicy(double threshold, double minFraction, int hold) {

    public static final double DEFAULT_MIN_FRACTION = 0.1;
    public static final int DEFAULT_HOLD = 2;
    /** Test metric progress (towards the threshold) gained over the slope window that counts as "rising". */
    static final double RISING = 0.05;

    public VerdictPolicy {
        if (!(threshold > 0 && threshold < 1)) throw new UserError("--early-stop", "P " + threshold + " is outside (0, 1)", "e.g. 0.01: stop runs whose P(learn) falls below 1 %");
        if (!(minFraction >= 0 && minFraction < 1)) throw new UserError("--min-fraction", "fraction " + minFraction + " is outside [0, 1)", "e.g. 0.1");
        if (hold < 1 || hold > 10) throw new UserError("--hold", "hold " + hold + " is outside 1–10", "the consecutive low verdicts needed to stop, default 2");
    }

    public VerdictPolicy(double threshold, double minFraction) { this(threshold, minFraction, DEFAULT_HOLD); }

    public static VerdictPolicy of(double threshold) { return new VerdictPolicy(threshold, DEFAULT_MIN_FRACTION, DEFAULT_HOLD); }

    /** Whether a verdict with probability {@code p} at fraction {@code f}, test metric rising or not, counts towards a stop. */
    public boolean low(double p, double f, boolean rising) {
        return f + 1e-9 >= minFraction && p < threshold && !rising;
    }

    /** Counts consecutive low verdicts at cuts, one run at a time. */
    public static final class Streak {
        private int n;

        /** Adds the verdict at the next cut; true when the run should stop here. */
        public boolean add(VerdictPolicy policy, double p, double f, boolean rising) {
            n = policy.low(p, f, rising) ? n + 1 : 0;
            return n >= policy.hold();
        }

        public int length() { return n; }
    }

    /** The index of the checkpoint fraction that a step at fraction {@code f} completes (-1 before the first). */
    static int checkpoint(double f) {
        int k = -1;
        for (int i = 0; i < VerdictRows.FRACTIONS.length; i++) if (f + 1e-9 >= VerdictRows.FRACTIONS[i]) k = i;
        return k;
    }
}
