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
 *   <li>{@code pEver}: P(learns at all, however long it trains), the cure model's π; {@code horizon} says how much of it
 *   lies after the longest budget the task was trained to ({@link Horizon}).</li>
 *   <li>{@code stepsMedian}, {@code stepsLow}–{@code stepsHigh}: median and 10–90 % range of the
 *   confirmation step among runs of this config that learn (seed-to-seed and model spread).</li>
 *   <li>{@code attributions}: how each knob that differs from the reference config moves P (Shapley
 *   values: they add up to {@code p − referenceP}).</li>
 *   <li>{@code neighbours}: the closest configs actually trained, with their outcomes.</li>
 *   <li>{@code warnings}: where the query lies outside what the corpus covers ({@link Warning}).</li>
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
                       @JsonProperty("warnings") List<Warning> warnings,
                       @JsonProperty("model") String model,
                       @JsonProperty("horizon") Horizon horizon) {

    /** A forecast without its {@link Horizon} (plans, properties that end, older callers). */
    public Forecast(String task, String config, String configHash, String groupHash, long budget, double p, double pLow, double pHigh,
                    double pEver, Double stepsMedian, Double stepsLow, Double stepsHigh, Reference reference, List<Attribution> attributions,
                    List<Neighbour> neighbours, List<Warning> warnings, String model) {
        this(task, config, configHash, groupHash, budget, p, pLow, pHigh, pEver, stepsMedian, stepsLow, stepsHigh, reference, attributions,
                neighbours, warnings, model, null);
    }

    /**
     * How much of {@code p_ever} the corpus has seen: {@code steps} is the longest budget any run of the query's task (of
     * its kind, {@code of}, when the task was never trained) speaks for, and {@code p_ever_after} the part of P(ever
     * learns) the cure model puts after it — learning no run of the task was trained long enough to show, so an
     * extrapolation of the steps-to-learn distribution. A high P(ever) beside a low P(learn) reads as "it will learn";
     * this says whether anything trained supports that (plain SGD at a small lr: P(ever) 1.000, all of it after the
     * 4,000 steps trained).
     */
    public record Horizon(@JsonProperty("steps") long steps, @JsonProperty("of") String of, @JsonProperty("p_ever_after") double pEverAfter) {}

    /** The reference config attributions start from: the corpus's typical config of the task kind, at the median budget. */
    public record Reference(@JsonProperty("config") String config, @JsonProperty("budget") long budget, @JsonProperty("p") double p) {}

    /** One knob's Shapley contribution to P: query value, reference value, and the change in P it accounts for. */
    public record Attribution(@JsonProperty("knob") String knob, @JsonProperty("value") String value,
                              @JsonProperty("reference") String reference, @JsonProperty("contribution") double contribution) {}

    /**
     * A trained config near the query: its runs (seeds), how many learned within the query's budget
     * among those that can tell, their median confirmation step, and the distance (standardised knobs).
     * {@code budgets}: the step budgets its runs were trained to, with how many runs each; more than one
     * means the line mixes runs of different budgets (its config line then shows them all).
     */
    public record Neighbour(@JsonProperty("config") String config, @JsonProperty("group_hash") String groupHash,
                            @JsonProperty("runs") int runs, @JsonProperty("known") int known, @JsonProperty("learned") int learned,
                            @JsonProperty("steps_trained") long stepsTrained, @JsonProperty("median_confirm_step") Long medianConfirmStep,
                            @JsonProperty("outcomes") String outcomes, @JsonProperty("distance") double distance,
                            @JsonProperty("budgets") List<Budget> budgets) {

        /** True when the runs of this config line were trained to different budgets. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean mixedBudgets() { return budgets != null && budgets.size() > 1; }
    }

    /** Runs of a neighbour trained to one step budget. */
    public record Budget(@JsonProperty("steps") long steps, @JsonProperty("runs") int runs) {}

    /**
     * Why a forecast may be less reliable than its interval says, as fields a script can act on.
     * {@code kind}: {@code task_kind} (the kind was never trained), {@code task} (this task was never
     * trained), {@code range} (a numeric knob outside what was trained for this task; {@code range} is
     * [min, max]), {@code category} (a value never trained for this task; {@code range} lists those that
     * were), {@code nearness} (no trained config is close: {@code value} is the distance to the nearest,
     * {@code range} [0, the task's threshold]), {@code tempered} (beyond the corpus the forecast leaned toward the
     * corpus's base rate and its intervals widened: {@code value} is the factor, distance ÷ threshold or 1 + the gap
     * to the task's trained box ÷ threshold; {@code range} lists the knobs outside that box, empty when the distance
     * alone decided), {@code never_learned} (an optimizer, activation or weight decay on/off none of whose runs of this
     * task — or, when it has fewer than five, of its kind — learned while another value's did, so P is held to 3 ÷ those
     * runs, where the model's own P reached it: {@code range} is [runs, learners], the learners 0), {@code unread} (a knob the forecaster does not read yet). {@code knob} names the knob ({@code config} for nearness and tempered),
     * {@code value} is the query's (a number or a word); {@code message} says it all in one sentence.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Warning(@JsonProperty("kind") String kind, @JsonProperty("knob") String knob, @JsonProperty("value") Object value,
                          @JsonProperty("range") List<Object> range, @JsonProperty("message") String message) {
        public static final String TASK_KIND = "task_kind";
        public static final String TASK = "task";
        public static final String RANGE = "range";
        public static final String CATEGORY = "category";
        public static final String NEARNESS = "nearness";
        public static final String TEMPERED = "tempered";
        /** A knob set away from its default that the forecaster does not read: the forecast is the default's. */
        public static final String UNREAD = "unread";
        /** A categorical value none of whose runs learned: P is held to what 0 of them allows ({@link Coverage#neverLearned}). */
        public static final String NEVER_LEARNED = "never_learned";

        @Override
        public String toString() { return message; }
    }

    /** The interval's and the steps' meaning, for people reading JSON. */
    public static final String INTERVAL_MEANING = "80% interval of P over parameter draws of the structured model (epistemic: it widens away from trained configs)";
}
