package io.learncast.eval.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.eval.metrics.Interval;

/**
 * One model's scores on a split's scored rows, each with a group-bootstrap 95 % interval.
 * {@code stepsLog2Error} (median |log2 predicted/actual steps-to-learn| over the runs that learned) is
 * null for models that do not forecast steps.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelScore(@JsonProperty("model") String model,
                         @JsonProperty("description") String description,
                         @JsonProperty("n") int n,
                         @JsonProperty("auc") Interval auc,
                         @JsonProperty("brier") Interval brier,
                         @JsonProperty("log_loss") Interval logLoss,
                         @JsonProperty("accuracy") Interval accuracy,
                         @JsonProperty("ece") Interval ece,
                         @JsonProperty("steps_median_abs_log2_error") Interval stepsLog2Error,
                         @JsonProperty("steps_n") Integer stepsN) {}
