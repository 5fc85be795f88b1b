package io.learncast.data;

import io.learncast.common.UserError;

import java.util.List;
import java.util.OptionalLong;

/**
 * What it means for a run to have "learned": a task, a metric and a threshold, reached at some
 * evaluation and held at the next {@code hold} evaluations. Default: test accuracy ≥ 0.95, reached
 * and held at the next evaluation.
 *
 * <p>"Learned within budget B" means reached and confirmed by B: the confirming evaluations must lie
 * within the budget too. So the label never flips back as B grows, and reading it off a longer run's
 * curve gives exactly what a separate training stopped at B reports.
 */
public record Property(TaskSpec task, Metric metric, double threshold, int hold) {

    public static final double DEFAULT_THRESHOLD = 0.95;
    public static final int DEFAULT_HOLD = 1;

    public Property {
        if (task == null) throw new UserError("task", "no task given", "e.g. modadd:p=97");
        if (metric == null) metric = Metric.TEST_ACC;
        if (!Double.isFinite(threshold)) throw new UserError("threshold", "threshold is not a number", "e.g. 0.95");
        if (metric.higherIsBetter() && (threshold <= 0 || threshold > 1)) {
            throw new UserError("threshold", "accuracy threshold " + threshold + " is outside (0, 1]", "e.g. 0.95");
        }
        if (!metric.higherIsBetter() && threshold <= 0) {
            throw new UserError("threshold", "loss threshold " + threshold + " must be positive", "e.g. 0.1");
        }
        if (hold < 0 || hold > 100) throw new UserError("hold", "hold " + hold + " is outside 0–100", "the number of later evaluations that must confirm, default 1");
    }

    public static Property defaultFor(TaskSpec task) {
        return new Property(task, Metric.TEST_ACC, DEFAULT_THRESHOLD, DEFAULT_HOLD);
    }

    /** The first evaluation step at which the property was reached and then held, all within {@code budget}. */
    public OptionalLong reachedStep(List<CurvePoint> curve, long budget) {
        int n = curve.size();
        for (int i = 0; i + hold < n; i++) {
            CurvePoint p = curve.get(i);
            if (curve.get(i + hold).step() > budget) break;
            if (p.step() <= 0) continue;
            boolean held = true;
            for (int j = i; j <= i + hold; j++) {
                if (!metric.meets(metric.value(curve.get(j)), threshold)) {
                    held = false;
                    break;
                }
            }
            if (held) return OptionalLong.of(p.step());
        }
        return OptionalLong.empty();
    }

    /** Whether the property was reached (and held) within {@code budget} steps. */
    public boolean learnedWithin(List<CurvePoint> curve, long budget) {
        return reachedStep(curve, budget).isPresent();
    }

    /**
     * For a curve growing during training: when its last {@code hold + 1} points all meet the threshold,
     * the reach is confirmed and training can stop; returns the reach step ({@code hold} evaluations back).
     */
    public OptionalLong confirmedAt(List<CurvePoint> curve) {
        int n = curve.size();
        if (n < hold + 1) return OptionalLong.empty();
        for (int j = n - 1 - hold; j < n; j++) {
            CurvePoint p = curve.get(j);
            if (p.step() <= 0 || !metric.meets(metric.value(p), threshold)) return OptionalLong.empty();
        }
        // Training stops at the first full window, so no earlier point can have been confirmed.
        return OptionalLong.of(curve.get(n - 1 - hold).step());
    }

    public String describe() {
        String cmp = metric.higherIsBetter() ? " ≥ " : " ≤ ";
        String h = hold == 0 ? "" : hold == 1 ? ", reached and held at the next evaluation" : ", reached and held for " + hold + " more evaluations";
        return task.canonical() + ": " + metric.label() + cmp + threshold + h;
    }
}
