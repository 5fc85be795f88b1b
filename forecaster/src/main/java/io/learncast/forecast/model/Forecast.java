package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A forecast for one config at one budget.
 *
 * <ul>
 *   <li>{@code p}: calibrated P(learned within {@code budget} steps); {@code pLow}–{@code pHigh}: its 80 %
 *   interval over parameter draws of the structured model (how much P would move with another corpus
 *   of the same kind: it widens away from the trained configs).</li>
 *   <li>{@code pEver}: P(learns at all, however long it trains), the cure model's π.</li>
 *   <li>{@code stepsMedian}, {@code stepsLow}–{@code stepsHigh}: median and 10–90 % range of the
 *   confirmation step among runs of this config that learn (seed-to-seed and model spread).</li>
 *   <li>{@code attributions}: how each knob that differs from the reference config moves P (Shapley
 *   values: they add up to {@code p − referenceP}).</li>
 *   <li>{@code neighbours}: the closest configs actually trained, with their outcomes.</li>
 *   <li>{@code warnings}: where the query lies outside what the corpus covers.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Forecast(@JsonProperty("task") String task,
                       @JsonProperty("config") String config,
                       @JsonProperty("config_hash") String configHash,
                       @JsonProperty("group_hash") String groupHash,
                       @JsonProperty("budget") long budget,
                       @JsonProperty("p") double p,
                       @JsonProperty("p_low") double pLow,
                       @JsonProperty("p_high") double pHigh,
                       @JsonProperty("p_ever") double pEver,
                       @JsonProperty("steps_median") Double stepsMedian,
                       @JsonProperty("steps_low") Double stepsLow,
                       @JsonProperty("steps_high") Double stepsHigh,
                       @JsonProperty("reference") Reference reference,
                       @JsonProperty("attributions") List<Attribution> attributions,
                       @JsonProperty("neighbours") List<Neighbour> neighbours,
                       @JsonProperty("warnings") List<String> warnings,
                       @JsonProperty("model") String model) {

    /** The reference config attributions start from: the corpus's typical config of the task kind, at the median budget. */
    public record Reference(@JsonProperty("config") String config, @JsonProperty("budget") long budget, @JsonProperty("p") double p) {}

    /** One knob's Shapley contribution to P: query value, reference value, and the change in P it accounts for. */
    public record Attribution(@JsonProperty("knob") String knob, @JsonProperty("value") String value,
                              @JsonProperty("reference") String reference, @JsonProperty("contribution") double contribution) {}

    /**
     * A trained config near the query: its runs (seeds), how many learned within the query's budget
     * among those that can tell, their median confirmation step, and the distance (standardised knobs).
     */
    public record Neighbour(@JsonProperty("config") String config, @JsonProperty("group_hash") String groupHash,
                            @JsonProperty("runs") int runs, @JsonProperty("known") int known, @JsonProperty("learned") int learned,
                            @JsonProperty("steps_trained") long stepsTrained, @JsonProperty("median_confirm_step") Long medianConfirmStep,
                            @JsonProperty("outcomes") String outcomes, @JsonProperty("distance") double distance) {}

    /** The interval's and the steps' meaning, for people reading JSON. */
    public static final String INTERVAL_MEANING = "80% interval of P over parameter draws of the structured model (epistemic: it widens away from trained configs)";
}
