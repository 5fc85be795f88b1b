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
 * the same order) feed the calibration plot and are not part of the JSON, nor is {@code neverLearnedOf} (per scored row,
 * the values its {@code never_learned} warning named, "" when none: `eval --rows` writes it). {@code chosen}: the model the forecaster's
 * search chose in each fold, in fold order (what was scored; a search that flips between folds or seeds shows here).
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
                         @JsonProperty("steps_interval") StepsCoverage stepsInterval,
                         @JsonProperty("chosen") List<String> chosen,
                         @JsonProperty("never_learned") NeverLearned neverLearned,
                         @JsonIgnore List<FeatureTable.Row> scored,
                         @JsonIgnore double[] forecast,
                         @JsonIgnore List<String> neverLearnedOf) {

    /**
     * How often the forecaster's 80 % steps-to-learn interval (its 10 % and 90 % quantiles) held the step at which
     * a held-out run that learned confirmed it: {@code covered} of {@code runs} (a calibrated interval: 70–90 %),
     * with the interval's median width in log2 steps.
     */
    public record StepsCoverage(@JsonProperty("runs") int runs, @JsonProperty("covered") int covered, @JsonProperty("coverage") double coverage,
                                @JsonProperty("median_width_log2") double medianWidthLog2) {}

    /**
     * How the forecast's {@code never_learned} warning fared on the held-out rows: it fired on {@code fired} of {@code rows}
     * (each fold's forecaster judging its own fit side's counts and its own P), and {@code learned} of those learned;
     * {@code meanP} is their mean forecast, held to 3 ÷ the value's runs (null when it never fired). A warning worth having
     * fires rarely and, when it fires, on outcomes that mostly did not learn.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NeverLearned(@JsonProperty("rows") int rows, @JsonProperty("fired") int fired, @JsonProperty("learned") int learned,
                               @JsonProperty("mean_p") Double meanP) {

        /** The record from the rows' named values ({@code ""}: the warning did not fire), outcomes and forecasts, in one order. */
        static NeverLearned of(List<String> named, int[] y, double[] p) {
            int fired = 0, learned = 0;
            double sum = 0;
            for (int i = 0; i < y.length; i++) {
                if (named.get(i).isEmpty()) continue;
                fired++;
                learned += y[i];
                sum += p[i];
            }
            return new NeverLearned(y.length, fired, learned, fired == 0 ? null : sum / fired);
        }
    }

    public ModelScore model(String name) {
        return models.stream().filter(m -> m.model().equals(name)).findFirst().orElse(null);
    }
}
