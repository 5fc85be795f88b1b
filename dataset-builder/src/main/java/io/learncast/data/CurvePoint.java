package io.learncast.data;

/** One evaluation of a run: losses are the data loss (no regularisation term), accuracies in [0, 1]. */
public record CurvePoint(long step, double trainLoss, double trainAcc, double testLoss, double testAcc, double weightNorm) {

    /** True when every recorded number is finite (a non-finite loss or norm means the run diverged). */
    public boolean isFinite() {
        return Double.isFinite(trainLoss) && Double.isFinite(testLoss) && Double.isFinite(weightNorm);
    }
}
