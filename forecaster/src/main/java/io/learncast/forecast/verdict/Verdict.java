package io.learncast.forecast.verdict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The early verdict on one run at one step: P(learned by the end of the budget), when it would learn,
 * and whether a policy stops it here. {@code stop} is null when no policy was asked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verdict(@JsonProperty("run_id") Long runId,
                      @JsonProperty("model_id") Long modelId,
                      @JsonProperty("step") long step,
                      @JsonProperty("budget") long budget,
                      @JsonProperty("fraction") double fraction,
                      @JsonProperty("p_learn") double pLearn,
                      @JsonProperty("learn_step_median") long learnStepMedian,
                      @JsonProperty("train_acc") double trainAcc,
                      @JsonProperty("test_acc") double testAcc,
                      @JsonProperty("memorised_at") Long memorisedAt,
                      @JsonProperty("test_rising") boolean testRising,
                      @JsonProperty("threshold") Double threshold,
                      @JsonProperty("min_fraction") Double minFraction,
                      @JsonProperty("hold") Integer hold,
                      @JsonProperty("low_in_a_row") Integer lowInARow,
                      @JsonProperty("stop") Boolean stop) {

    /**
     * This verdict judged by {@code policy}, {@code lowInARow} being the consecutive low verdicts at the
     * cuts up to here (this one included when it is one).
     */
    public Verdict judged(VerdictPolicy policy, int lowInARow) {
        return new Verdict(runId, modelId, step, budget, fraction, pLearn, learnStepMedian, trainAcc, testAcc, memorisedAt, testRising,
                policy.threshold(), policy.minFraction(), policy.hold(), lowInARow, lowInARow >= policy.hold());
    }

    public Verdict withIds(Long run, Long model) {
        return new Verdict(run, model, step, budget, fraction, pLearn, learnStepMedian, trainAcc, testAcc, memorisedAt, testRising, threshold,
                minFraction, hold, lowInARow, stop);
    }
}
