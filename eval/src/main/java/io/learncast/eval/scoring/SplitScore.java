package io.learncast.eval.scoring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.forecast.features.FeatureTable;

import java.util.List;

/**
 * The scores of one split: how many folds, runs and rows were scored, the base rate, every model's
 * scores, the ceiling, and notes (e.g. a fold skipped because its fit side had one outcome only).
 * {@code scored}/{@code forecast} (the scored rows and the forecaster's out-of-fold probabilities, in
 * the same order) feed the calibration plot and are not part of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SplitScore(@JsonProperty("split") String split,
                         @JsonProperty("folds") int folds,
                         @JsonProperty("fit_runs") int fitRuns,
                         @JsonProperty("scored_runs") int scoredRuns,
                         @JsonProperty("scored_rows") int scoredRows,
                         @JsonProperty("learned_fraction") double learnedFraction,
                         @JsonProperty("models") List<ModelScore> models,
                         @JsonProperty("ceiling") Ceiling ceiling,
                         @JsonProperty("notes") List<String> notes,
                         @JsonIgnore List<FeatureTable.Row> scored,
                         @JsonIgnore double[] forecast) {

    public ModelScore model(String name) {
        return models.stream().filter(m -> m.model().equals(name)).findFirst().orElse(null);
    }
}
