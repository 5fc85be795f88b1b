package io.learncast.forecast.verdict;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.UserError;

import java.util.Locale;

/**
 * What a stopping rule may cost: at most {@code maxLearnerLoss} of the runs that would have learned,
 * and separately at most {@code maxLateLoss} of the late learners (memorised first, generalised later —
 * the runs a verdict is most tempted to stop), each as a one-sided Clopper–Pearson upper confidence
 * bound at {@code confidence} on the share stopped out of fold. A bound of 1 switches that check off.
 */
public record LossBound(@JsonProperty("max_learner_loss") double maxLearnerLoss,
                        @JsonProperty("max_late_loss") double maxLateLoss,
                        @JsonProperty("confidence") double confidence) {

    public static final double DEFAULT_MAX_LOSS = 0.01;
    public static final double DEFAULT_CONFIDENCE = 0.95;

    public LossBound {
        if (!(maxLearnerLoss > 0 && maxLearnerLoss <= 1)) {
            throw new UserError("--max-loss", "share " + maxLearnerLoss + " is outside (0, 1]", "e.g. 0.01: lose at most 1 % of learners");
        }
        if (!(maxLateLoss > 0 && maxLateLoss <= 1)) {
            throw new UserError("--max-late-loss", "share " + maxLateLoss + " is outside (0, 1]", "e.g. 0.01: lose at most 1 % of late learners (1 switches the check off)");
        }
        if (!(confidence >= 0.5 && confidence < 1)) {
            throw new UserError("--confidence", "confidence " + confidence + " is outside [0.5, 1)", "e.g. 0.95 (the default)");
        }
    }

    public static LossBound defaults() { return new LossBound(DEFAULT_MAX_LOSS, DEFAULT_MAX_LOSS, DEFAULT_CONFIDENCE); }

    /** The bound in one phrase, e.g. "≤ 1 % of learners and ≤ 1 % of late learners lost (95 % upper bounds)". */
    public String describe() {
        return "≤ " + pct(maxLearnerLoss) + " of learners" + (maxLateLoss < 1 ? " and ≤ " + pct(maxLateLoss) + " of late learners" : "")
                + " lost (" + pct(confidence) + " one-sided Clopper–Pearson bounds, out of fold)";
    }

    static String pct(double share) {
        double v = 100 * share;
        return (Math.abs(v - Math.rint(v)) < 1e-9 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, v < 1 ? "%.2f" : "%.1f", v)) + " %";
    }
}
