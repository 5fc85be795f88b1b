package io.learncast.farm.result;

import io.learncast.data.CurvePoint;

import java.util.List;

/**
 * The result of training one run. {@code stepsToLearn} is the first evaluation step at which the
 * property was reached (and later held); {@code confirmStep} the evaluation that confirmed it, so
 * "learned within budget B" is exactly {@code confirmStep ≤ B}. Both are null when not learned.
 * {@code verdictJson} is the early verdict that stopped a STOPPED_EARLY run (null otherwise).
 */
public record RunResult(
        Outcome outcome,
        Long stepsToLearn,
        Long confirmStep,
        long stepsTrained,
        double finalTestAcc,
        double bestTestAcc,
        double finalTrainAcc,
        double finalTestLoss,
        double finalTrainLoss,
        long wallMs,
        String datasetFingerprint,
        int trainSize,
        int testSize,
        int numClasses,
        String trainer,
        List<CurvePoint> curve,
        Provenance provenance,
        String verdictJson) {

    /** A result without an early verdict (every outcome but STOPPED_EARLY). */
    public RunResult(Outcome outcome, Long stepsToLearn, Long confirmStep, long stepsTrained, double finalTestAcc, double bestTestAcc,
                     double finalTrainAcc, double finalTestLoss, double finalTrainLoss, long wallMs, String datasetFingerprint, int trainSize,
                     int testSize, int numClasses, String trainer, List<CurvePoint> curve, Provenance provenance) {
        this(outcome, stepsToLearn, confirmStep, stepsTrained, finalTestAcc, bestTestAcc, finalTrainAcc, finalTestLoss, finalTrainLoss, wallMs,
                datasetFingerprint, trainSize, testSize, numClasses, trainer, curve, provenance, null);
    }

    public boolean learned() { return outcome == Outcome.LEARNED; }

    public boolean learnedWithin(long budget) { return confirmStep != null && confirmStep <= budget; }
}
