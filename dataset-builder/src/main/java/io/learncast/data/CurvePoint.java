package io.learncast.data;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One evaluation of a run: losses are the data loss (no regularisation term), accuracies in [0, 1].
 * {@code measures} (what the weights look like at this evaluation) is null where a trainer does not
 * measure them or a store predates them.
 */
public record CurvePoint(long step, double trainLoss, double trainAcc, double testLoss, double testAcc, double weightNorm,
                         @JsonInclude(JsonInclude.Include.NON_NULL) WeightMeasures measures) {

    public CurvePoint(long step, double trainLoss, double trainAcc, double testLoss, double testAcc, double weightNorm) {
        this(step, trainLoss, trainAcc, testLoss, testAcc, weightNorm, null);
    }

    /** True when every recorded number is finite (a non-finite loss or norm means the run diverged). */
    public boolean isFinite() {
        return Double.isFinite(trainLoss) && Double.isFinite(testLoss) && Double.isFinite(weightNorm);
    }

    /** This point without its weight measures. */
    public CurvePoint withoutMeasures() {
        return measures == null ? this : new CurvePoint(step, trainLoss, trainAcc, testLoss, testAcc, weightNorm);
    }
}
