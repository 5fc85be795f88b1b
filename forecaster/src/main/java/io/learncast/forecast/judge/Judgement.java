package io.learncast.forecast.judge;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What the judge says about one checkpoint: P(the property holds now), P(it holds within {@code delta}
 * steps), the feature set it read ("full" or "weights"), and the measures that drove it: each one's value,
 * the corpus median, and how much P moves when that measure alone is set to the median (effect = P − P at median).
 * {@code predictedTestAcc}: the test accuracy the judge's regression head expects at this checkpoint (from weights and
 * training data; null for a judge without one — registered before the fifth session, or the weights-only judge).
 * {@code headNow}, {@code headWithin} (ninth session): the head each P was read from — the mean of the classifier's and the
 * regression's, the classifier alone or the regression alone, with the boosting hyperparameters when the judge records them
 * (chosen by inner AUC at {@code judge fit}).
 */
public record Judgement(@JsonProperty("p_now") double pNow, @JsonProperty("p_within") double pWithin, @JsonProperty("delta") long delta,
                        @JsonProperty("features") String features, @JsonProperty("drivers") List<Driver> drivers,
                        @JsonProperty("predicted_test_acc") Double predictedTestAcc, @JsonProperty("head_now") String headNow,
                        @JsonProperty("head_within") String headWithin) {
    public record Driver(@JsonProperty("measure") String measure, @JsonProperty("value") double value, @JsonProperty("median") double median,
                         @JsonProperty("effect_within") double effectWithin, @JsonProperty("effect_now") double effectNow) {}
}
