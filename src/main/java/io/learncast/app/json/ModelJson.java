package io.learncast.app.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.learncast.farm.store.ModelRecord;
import io.learncast.forecast.model.FitReport;

/**
 * A registered forecaster: its provenance and fit report ({@code forecast models --json}, with {@code active};
 * {@code GET /v1/model}, the active one, without it).
 */
@JsonPropertyOrder(alphabetic = true) // the order it had as a sorted map
public record ModelJson(@JsonProperty("id") long id, @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("active") Boolean active,
                        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("kind") String kind,
                        @JsonProperty("created") String created, @JsonProperty("code_version") String codeVersion,
                        @JsonProperty("format_version") int formatVersion, @JsonProperty("corpus_runs") int corpusRuns,
                        @JsonProperty("corpus_rows") int corpusRows, @JsonProperty("corpus_hash") String corpusHash,
                        @JsonProperty("artifact_sha256") String artifactSha256, @JsonProperty("report") FitReport report) {

    /** As {@code forecast models} lists it: whether it is the active one, no kind (they are all forecasters). */
    public static ModelJson listed(ModelRecord r) {
        return new ModelJson(r.id(), r.active(), null, r.createdAt().toString(), r.codeVersion(), r.formatVersion(), r.corpusRuns(), r.corpusRows(),
                r.corpusHash(), r.artifactSha256(), FitReport.parse(r.summaryJson()));
    }

    /** As the API serves the active one: its kind, no active flag. */
    public static ModelJson served(ModelRecord r) {
        return new ModelJson(r.id(), null, r.kind(), r.createdAt().toString(), r.codeVersion(), r.formatVersion(), r.corpusRuns(), r.corpusRows(),
                r.corpusHash(), r.artifactSha256(), FitReport.parse(r.summaryJson()));
    }
}
