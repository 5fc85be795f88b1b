package io.learncast.forecast.verdict;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.forecast.model.Calibration;
import io.learncast.forecast.validation.Metrics;

import java.util.List;

/**
 * Provenance and grouped-CV scores of a fitted verdict: what it saw (corpus runs, rows and a hash of
 * every run's id, config, outcome and confirmation step; its tasks with their learners and late
 * learners), when and by which code, how it was fitted (feature set, folds, seed), its out-of-fold
 * scores per fraction of the budget, and its stopping threshold with the bound it keeps (or why it
 * has none). {@code origin} says where an imported verdict was fitted (null for one fitted here).
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
                            @JsonProperty("features") List<String> features,
                            @JsonProperty("feature_set") String featureSet,
                            @JsonProperty("tasks") List<TaskCount> tasks,
                            @JsonProperty("stopping") SafeThreshold stopping,
                            @JsonProperty("origin") String origin) {

    /** The runs of one task (its full spec, e.g. {@code modadd:p=23}) in the verdict's corpus. */
    public record TaskCount(@JsonProperty("task") String task, @JsonProperty("runs") int runs, @JsonProperty("learners") int learners,
                            @JsonProperty("late_learners") int lateLearners) {}

    public VerdictReport withOrigin(String o) {
        return new VerdictReport(formatVersion, codeVersion, created, corpusRuns, corpusRows, corpusHash, learners, lateLearners, folds, seed, params,
                fractions, calibration, overall, byFraction, features, featureSet, tasks, stopping, o);
    }

    /** Out-of-fold scores of the rows cut at one fraction of the budget (runs still training there). */
    public record FractionScore(@JsonProperty("fraction") double fraction, @JsonProperty("rows") int rows,
                                @JsonProperty("learners") int learners, @JsonProperty("metrics") Metrics metrics) {}
}
