package io.learncast.eval.scoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.learncast.forecast.features.FeatureTable;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Every held-out row an evaluation scored, with the forecaster's out-of-fold probability: where a split's Brier
 * comes from. A row is one run at one of its budgets; {@code cell} (config group and budget) is what the seed-noise
 * ceiling pools, so summing squared errors per cell shows which configs carry the error beyond the floor.
 */
public final class HeldOutRows {

    /**
     * One scored row. {@code forecast} is P(learned by {@code budget}) from the model fitted without this run's config;
     * {@code never_learned} the categorical values its forecast's {@code never_learned} warning named (empty: none).
     */
    @JsonPropertyOrder({"split", "run_id", "source", "group_hash", "cell", "config", "budget", "learned", "forecast", "squared_error", "never_learned"})
    public record Row(@JsonProperty("split") String split,
                      @JsonProperty("run_id") long runId,
                      @JsonProperty("source") String source,
                      @JsonProperty("group_hash") String groupHash,
                      @JsonProperty("cell") String cell,
                      @JsonProperty("config") String config,
                      @JsonProperty("budget") long budget,
                      @JsonProperty("learned") int learned,
                      @JsonProperty("forecast") double forecast,
                      @JsonProperty("squared_error") double squaredError,
                      @JsonProperty("never_learned") String neverLearned) {}

    private static final CsvMapper MAPPER = new CsvMapper();
    private static final CsvSchema SCHEMA = MAPPER.schemaFor(Row.class).withHeader();

    private HeldOutRows() {}

    /** The seed-noise ceiling's cell of a row: its config group at its budget (the one key {@link Evaluator} pools by). */
    static String cell(FeatureTable.Row r) { return r.groupHash() + "@" + r.budget(); }

    /** The rows of every split, split by split, in the order they were scored. */
    public static List<Row> of(Evaluation e) {
        List<Row> out = new ArrayList<>();
        for (SplitScore s : e.splits()) {
            List<FeatureTable.Row> rows = s.scored();
            for (int i = 0; i < rows.size(); i++) {
                FeatureTable.Row r = rows.get(i);
                double p = s.forecast()[i];
                int y = r.learned() ? 1 : 0;
                out.add(new Row(s.split(), r.run().runId(), r.run().source(), r.groupHash(), cell(r),
                        r.run().config().describeGroup(), r.budget(), y, p, (p - y) * (p - y), s.neverLearnedOf().get(i)));
            }
        }
        return out;
    }

    /** Writes {@code rows} as CSV with a header; returns how many. */
    public static int write(List<Row> rows, Writer w) throws IOException {
        MAPPER.writer(SCHEMA).writeValues(w).writeAll(rows).flush();
        return rows.size();
    }
}
