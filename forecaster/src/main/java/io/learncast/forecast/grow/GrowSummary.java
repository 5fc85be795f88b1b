package io.learncast.forecast.grow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.store.GrowRound;

import java.io.IOException;
import java.util.List;

/**
 * A grow round's summary, stored as JSON in its {@code grow_rounds} row: written when the round starts (what
 * was proposed, with which forecaster) and completed when it finishes (how its runs and its forecasts fared,
 * the refit). Keys are written in alphabetical order and absent until known, as the summaries stored before
 * this record were, so old rows read back unchanged.
 *
 * @param proposedWith the forecaster that proposed the round (written as null for a seed batch)
 * @param runsDone     finished runs of the round; this and the fields after it are null until the round is done
 */
@JsonPropertyOrder(alphabetic = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true) // a stored report: a key of another version must not make the round unreadable
public record GrowSummary(@JsonProperty("spec_name") String specName,
                          @JsonProperty("spec_hash") String specHash,
                          @JsonProperty("batch") int batch,
                          @JsonProperty("seeded") boolean seeded,
                          @JsonProperty("proposed_with") @JsonInclude(JsonInclude.Include.ALWAYS) Long proposedWith,
                          @JsonProperty("ledger_entries") int ledgerEntries,
                          @JsonProperty("enqueued") int enqueued,
                          @JsonProperty("axes") List<String> axes,
                          @JsonProperty("axis_log") List<Boolean> axisLog,
                          @JsonProperty("proposals") List<Proposal> proposals,
                          @JsonProperty("runs_done") Integer runsDone,
                          @JsonProperty("runs_learned") Integer runsLearned,
                          @JsonProperty("prospective") Prospective prospective,
                          @JsonProperty("corpus_runs") Integer corpusRuns,
                          @JsonProperty("fit") Fit fit) {

    public GrowSummary {
        axes = axes == null ? List.of() : List.copyOf(axes);
        axisLog = axisLog == null ? List.of() : List.copyOf(axisLog);
        proposals = proposals == null ? List.of() : List.copyOf(proposals);
    }

    /** The summary of a round without one (or with one that does not parse): every field absent. */
    public static final GrowSummary EMPTY = new GrowSummary(null, null, 0, false, null, 0, 0, null, null, null, null, null, null, null, null);

    /**
     * A proposed config: its run, its knob values along the space's axes, its point in the unit cube and, with a
     * forecaster, its score and forecasts (one per budget).
     *
     * @param values a value per axis as a spec writes it: a number, or a name (task, activation, optimiser)
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Proposal(@JsonProperty("run_id") long runId,
                           @JsonProperty("config_hash") String configHash,
                           @JsonProperty("values") List<Object> values,
                           @JsonProperty("point") double[] point,
                           @JsonProperty("score") Double score,
                           @JsonProperty("p") List<Double> p,
                           @JsonProperty("p_low") List<Double> pLow,
                           @JsonProperty("p_high") List<Double> pHigh) {

        /** The axis value at {@code axis} as a number (the caller picked a numeric axis). */
        public double number(int axis) { return ((Number) values.get(axis)).doubleValue(); }
    }

    /** How the forecasts recorded before training fared on the round's finished runs. */
    @JsonPropertyOrder(alphabetic = true)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Prospective(@JsonProperty("n") int n,
                              @JsonProperty("brier") double brier,
                              @JsonProperty("mean_p") double meanP,
                              @JsonProperty("learned_share") double learnedShare) {}

    /** The refit after a round: a registered model and its scores, or why there was none. */
    @JsonDeserialize(using = FitReader.class)
    public sealed interface Fit permits Refit, Skipped {}

    /** The model fitted after the round and its cross-validated scores. */
    @JsonPropertyOrder(alphabetic = true)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonDeserialize(using = JsonDeserializer.None.class) // not the interface's reader, which delegates here
    public record Refit(@JsonProperty("model_id") long modelId,
                        @JsonProperty("chosen") String chosen,
                        @JsonProperty("cv_auc") double cvAuc,
                        @JsonProperty("cv_brier") double cvBrier,
                        @JsonProperty("cv_log_loss") double cvLogLoss,
                        @JsonProperty("corpus_rows") int corpusRows,
                        @JsonProperty("seconds") double seconds,
                        @JsonProperty("ledger_scored") int ledgerScored) implements Fit {}

    /** No refit; stored as the bare sentence ({@code "skipped: …"}), as summaries always were. */
    @JsonDeserialize(using = JsonDeserializer.None.class)
    public record Skipped(@JsonValue String reason) implements Fit {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public Skipped {}
    }

    /** Reads {@code fit}: a string is a skipped refit, an object a refit. */
    static final class FitReader extends JsonDeserializer<Fit> {
        @Override
        public Fit deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonNode n = p.readValueAsTree();
            return n.isTextual() ? new Skipped(n.asText()) : ctx.readTreeAsValue(n, Refit.class);
        }
    }

    /** The round's outcome added to the summary written when it started. */
    public GrowSummary finished(int runsDone, int runsLearned, Prospective prospective, int corpusRuns, Fit fit) {
        return new GrowSummary(specName, specHash, batch, seeded, proposedWith, ledgerEntries, enqueued, axes, axisLog, proposals,
                runsDone, runsLearned, prospective, corpusRuns, fit);
    }

    /** The refit, when there was one. */
    public Refit refit() { return fit instanceof Refit r ? r : null; }

    public String json() { return ConfigJson.write(this); }

    /** A round's summary ({@link #EMPTY} when absent or unreadable: the round row is still shown). */
    public static GrowSummary of(GrowRound r) {
        if (r.summaryJson() == null || r.summaryJson().isBlank()) return EMPTY;
        try {
            return ConfigJson.MAPPER.readValue(r.summaryJson(), GrowSummary.class);
        } catch (IOException e) {
            return EMPTY;
        }
    }
}
