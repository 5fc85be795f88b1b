package io.learncast.farm.store;

import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;

import java.time.Instant;

/** A run as the store holds it: config, queue state and (when DONE) its outcome. */
public record StoredRun(
        long id,
        RunConfig config,
        String configHash,
        String groupHash,
        String source,
        Long sweepId,
        RunState state,
        int claims,
        int attempts,
        Instant createdAt,
        Instant firstStartedAt,
        Instant finishedAt,
        Outcome outcome,
        Long stepsToLearn,
        Long confirmStep,
        Long stepsTrained,
        Double finalTestAcc,
        Double bestTestAcc,
        Double finalTrainAcc,
        Double finalTestLoss,
        Double finalTrainLoss,
        Long wallMs,
        String datasetFingerprint,
        long paramCount,
        long trainSize,
        int numClasses,
        String trainer,
        String worker,
        String error,
        String provenanceJson,
        String verdictJson) {

    public boolean learned() { return outcome == Outcome.LEARNED; }

    /** Was the property reached and confirmed within {@code budget} steps? Only meaningful for DONE runs with steps ≥ budget. */
    public boolean learnedWithin(long budget) { return confirmStep != null && confirmStep <= budget; }
}
