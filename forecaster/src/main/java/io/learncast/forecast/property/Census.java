package io.learncast.forecast.property;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How well a corpus labels a property: {@code runs} finished runs; {@code labelled} runs whose label
 * is known at one or more of their budgets; {@code censored} runs whose curve ends before the property is
 * decided at every budget; {@code positive} runs with the property within their largest budget, and
 * {@code negative} runs without it there; {@code metricRecorded} false when no curve records the metric.
 */
public record Census(@JsonProperty("property") String property,
                     @JsonProperty("runs") int runs,
                     @JsonProperty("labelled") int labelled,
                     @JsonProperty("censored") int censored,
                     @JsonProperty("positive") int positive,
                     @JsonProperty("negative") int negative,
                     @JsonProperty("metric_recorded") boolean metricRecorded) {}
