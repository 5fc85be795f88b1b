package io.learncast.forecast.verdict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/**
 * A stopping threshold with the bound it keeps, or the reason there is none. {@link #choose} picks
 * the largest threshold P whose out-of-fold stops keep the {@link LossBound}: the thresholds of
 * {@link #GRID} are tried from the smallest up and the first that breaks the bound ends the search
 * (fixed-sequence testing: the learners a threshold stops only grow with it, so the bound holds for
 * the chosen P without a correction for having tried several). It refuses — {@code threshold} null,
 * one line in {@code refusal} — when the corpus has too few learners or late learners for the bound
 * to be provable even with none stopped, or when already the smallest threshold breaks it.
 *
 * <p>The bound is on runs like the verdict's corpus, under the verdict's out-of-fold models; on a space
 * the corpus does not cover it is a hope, which {@code verdict eval --verdict-db} measures.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SafeThreshold(@JsonProperty("bound") LossBound bound,
                            @JsonProperty("min_fraction") double minFraction,
                            @JsonProperty("hold") int hold,
                            @JsonProperty("threshold") Double threshold,
                            @JsonProperty("refusal") String refusal,
                            @JsonProperty("runs") int runs,
                            @JsonProperty("learners") int learners,
                            @JsonProperty("late_learners") int lateLearners,
                            @JsonProperty("learners_stopped") int learnersStopped,
                            @JsonProperty("late_learners_stopped") int lateLearnersStopped,
                            @JsonProperty("learner_loss_upper") double learnerLossUpper,
                            @JsonProperty("late_loss_upper") double lateLossUpper,
                            @JsonProperty("steps_trained") long stepsTrained,
                            @JsonProperty("steps_saved") long stepsSaved) {

    /** Thresholds tried by {@link #choose}: 48 log-spaced steps from 10⁻⁴ to 0.5. */
    static final double[] GRID = grid(1e-4, 0.5, 48);

    private static double[] grid(double lo, double hi, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = Double.parseDouble(String.format(Locale.ROOT, "%.3g", lo * Math.pow(hi / lo, i / (n - 1.0))));
        return g;
    }

    public boolean acts() { return threshold != null; }

    public double savedShare() { return stepsTrained == 0 ? 0 : stepsSaved / (double) stepsTrained; }

    /** Whether the stops keep the bound (always true for a chosen threshold). */
    public boolean withinBound() {
        return learnerLossUpper <= bound.maxLearnerLoss() + 1e-12 && lateLossUpper <= bound.maxLateLoss() + 1e-12;
    }

    /** The largest threshold that keeps {@code bound} on {@code trials}, or a refusal. */
    public static SafeThreshold choose(StopTrials trials, LossBound bound, double minFraction, int hold) {
        int nL = trials.learners(), nLate = trials.lateLearners();
        double conf = bound.confidence();
        double floorL = ClopperPearson.upper(0, nL, conf), floorLate = ClopperPearson.upper(0, nLate, conf);
        if (floorL > bound.maxLearnerLoss() + 1e-12) {
            return refuse(trials, bound, minFraction, hold, String.format(Locale.ROOT,
                    "its corpus has %d learner%s: even with none stopped, the %s upper bound on learners lost is %s > %s "
                            + "(it takes ≥ %d learners; train more runs, or allow more with --max-loss)",
                    nL, nL == 1 ? "" : "s", LossBound.pct(conf), LossBound.pct(floorL), LossBound.pct(bound.maxLearnerLoss()),
                    ClopperPearson.runsNeeded(bound.maxLearnerLoss(), conf)));
        }
        if (floorLate > bound.maxLateLoss() + 1e-12) {
            return refuse(trials, bound, minFraction, hold, String.format(Locale.ROOT,
                    "its corpus has %d late learner%s: even with none stopped, the %s upper bound on late learners lost is %s > %s "
                            + "(it takes ≥ %d late learners; train more runs near the grokking boundary, or allow more with --max-late-loss)",
                    nLate, nLate == 1 ? "" : "s", LossBound.pct(conf), LossBound.pct(floorLate), LossBound.pct(bound.maxLateLoss()),
                    ClopperPearson.runsNeeded(bound.maxLateLoss(), conf)));
        }
        SafeThreshold chosen = null;
        SafeThreshold first = null;
        for (double t : GRID) {
            SafeThreshold s = of(trials, bound, new VerdictPolicy(t, minFraction, hold));
            if (first == null) first = s;
            if (!s.withinBound()) break;
            chosen = s;
        }
        if (chosen == null) {
            return refuse(trials, bound, minFraction, hold, String.format(Locale.ROOT,
                    "even P < %s stops %d of %d learners and %d of %d late learners out of fold (upper bounds %s and %s, over %s)",
                    num(GRID[0]), first.learnersStopped(), nL, first.lateLearnersStopped(), nLate, LossBound.pct(first.learnerLossUpper()),
                    LossBound.pct(first.lateLossUpper()), bound.describe()));
        }
        return chosen;
    }

    /** What {@code policy}'s threshold does on {@code trials}, with its upper bounds (whether or not it keeps {@code bound}). */
    public static SafeThreshold of(StopTrials trials, LossBound bound, VerdictPolicy policy) {
        VerdictEval.PolicyScore s = trials.simulate(policy);
        double conf = bound.confidence();
        return new SafeThreshold(bound, policy.minFraction(), policy.hold(), policy.threshold(), null, s.runs(), s.learners(), s.lateLearners(),
                s.learnersStopped(), s.lateLearnersStopped(), ClopperPearson.upper(s.learnersStopped(), s.learners(), conf),
                ClopperPearson.upper(s.lateLearnersStopped(), s.lateLearners(), conf), s.stepsTrained(), s.stepsSaved());
    }

    private static SafeThreshold refuse(StopTrials trials, LossBound bound, double minFraction, int hold, String why) {
        return new SafeThreshold(bound, minFraction, hold, null, why, trials.runs().size(), trials.learners(), trials.lateLearners(), 0, 0,
                Double.NaN, Double.NaN, 0, 0);
    }

    /** What the threshold did out of fold, e.g. "0 of 125 learners stopped (95 % upper bound 2.4 %), 0 of 48 late learners (6.1 %), 64.8 % of the compute saved". */
    public String summary() {
        return String.format(Locale.ROOT, "%d of %d learners stopped (%s upper bound %s), %d of %d late learners (%s), %s of the compute saved",
                learnersStopped, learners, LossBound.pct(bound.confidence()), pct1(learnerLossUpper), lateLearnersStopped, lateLearners,
                pct1(lateLossUpper), pct1(savedShare()));
    }

    static String num(double x) { return String.format(Locale.ROOT, "%.3g", x).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", ""); }

    static String pct1(double share) { return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * share); }
}
