package io.learncast.app.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A model just fitted and registered, and its fit report ({@code judge fit --json}, {@code verdict fit --json}). */
@JsonPropertyOrder(alphabetic = true) // the order it had as a sorted map
public record FitJson<R>(@JsonProperty("model_id") long modelId, @JsonProperty("report") R report) {}
