package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.forecast.validation.Metrics;

import java.util.List;

/**
 * What a fit saw and found: the corpus (runs, rows, groups, hash), when and with which code, the
 * candidates' grouped cross-validation scores, the chosen model, its calibration, and the features.
 * Stored in the artifact and as the registry's summary JSON. {@code trend}: the structured model a forecast leans on beyond
 * the corpus ({@link FittedForecaster#trend}); null when there is none (reports written before it, corpora above 20,000 rows).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FitReport(@JsonProperty("format_version") int formatVersion,
                        @JsonProperty("created") String created,
                        @JsonProperty("code_version") String codeVersion,
                        @JsonProperty("corpus_runs") int corpusRuns,
                        @JsonProperty("corpus_rows") int corpusRows,
                        @JsonProperty("corpus_groups") int corpusGroups,
                        @JsonProperty("corpus_hash") String corpusHash,
                        @JsonProperty("corpus_source") String corpusSource,
                        @JsonProperty("folds") int folds,
                        @JsonProperty("seed") long seed,
                        @JsonProperty("chosen") String chosen,
                        @JsonProperty("chosen_family") String chosenFamily,
                        @JsonProperty("chosen_cv") Metrics chosenCv,
                        @JsonProperty("calibrated_cv") Metrics calibratedCv,
                        @JsonProperty("calibration") Calibration calibration,
                        @JsonProperty("candidates") List<CandidateScore> candidates,
                        @JsonProperty("features") List<String> features,
                        @JsonProperty("fit_seconds") double fitSeconds,
                        @JsonProperty("trend") String trend) {

    /** One candidate's grouped-CV scores (on the rows of the runs' own budgets). */
    public record CandidateScore(@JsonProperty("name") String name, @JsonProperty("family") String family,
                                 @JsonProperty("metrics") Metrics metrics, @JsonProperty("seconds") double seconds) {}

    private static final com.fasterxml.jackson.databind.ObjectMapper LENIENT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** Reads a report (e.g. a registry summary); fields written by newer versions are ignored. */
    public static FitReport parse(String json) {
        try {
            return LENIENT.readValue(json, FitReport.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("not a fit report: " + e.getOriginalMessage(), e);
        }
    }

    /** The best-scoring candidate of a family (lowest Brier), or null. */
    public CandidateScore best(String family) {
        CandidateScore best = null;
        for (CandidateScore c : candidates) {
            if (!c.family().equals(family)) continue;
            if (best == null || c.metrics().brier() < best.metrics().brier()) best = c;
        }
        return best;
    }
}
