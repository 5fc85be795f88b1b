package io.learncast.forecast.verdict;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.forecast.model.Calibration;
import io.learncast.forecast.validation.Metrics;

import java.util.List;

/**
 * Provenance and grouped-CV scores of a fitted verdict: what it saw (corpus runs, rows and a hash of
 * every run's id, config, outcome and confirmation step), when and by which code, how it was fitted,
 * and its out-of-fold scores per fraction of the budget.
 */
public record VerdictReport(@JsonProperty("format_version") int formatVersion,
                            @JsonProperty("code_version") String codeVersion,
                            @JsonProperty("created") String created,
                            @JsonProperty("corpus_runs") int corpusRuns,
                            @JsonProperty("corpus_rows") int corpusRows,
                            @JsonProperty("corpus_hash") String corpusHash,
                            @JsonProperty("learners") int learners,
                            @JsonProperty("late_learners") int lateLearners,
                            @JsonProperty("folds") int folds,
                            @JsonProperty("seed") long seed,
                            @JsonProperty("params") VerdictModel.Params params,
                            @JsonProperty("fractions") double[] fractions,
                            @JsonProperty("calibration") Calibration calibration,
                            @JsonProperty("cv_overall") Metrics overall,
                            @JsonProperty("cv_by_fraction") List<FractionScore> byFraction,
                            @JsonProperty("features") List<String> features) {

    /** Out-of-fold scores of the rows cut at one fraction of the budget (runs still training there). */
    public record FractionScore(@JsonProperty("fraction") double fraction, @JsonProperty("rows") int rows,
                                @JsonProperty("learners") int learners, @JsonProperty("metrics") Metrics metrics) {}
}
