package io.learncast.forecast.judge;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * How the judge scored, out of fold under grouped cross-validation (a config's seeds and budgets on one
 * side): AUC, Brier and calibration error per target and model beside the baselines, the reliability
 * table of the judge, the lead on grokking runs and the false alarms on memorisers, and the P-trajectories
 * of a few grokking runs (the report's figure). With provenance.
 */
public record JudgeReport(@JsonProperty("format_version") int formatVersion,
                          @JsonProperty("code_version") String codeVersion,
                          @JsonProperty("fitted_at") String fittedAt,
                          @JsonProperty("runs") long runs,
                          @JsonProperty("rows") int rows,
                          @JsonProperty("groups") long groups,
                          @JsonProperty("folds") int folds,
                          @JsonProperty("seed") long seed,
                          @JsonProperty("delta") long delta,
                          @JsonProperty("tasks") List<String> tasks,
                          @JsonProperty("scores") List<Score> scores,
                          @JsonProperty("reliability") List<Bin> reliability,
                          @JsonProperty("lead") Lead lead,
                          @JsonProperty("trajectories") List<Trajectory> trajectories,
                          @JsonProperty("by_arch") List<ArchScore> byArch,
                          @JsonProperty("pooled_from") List<String> pooledFrom,
                          @JsonProperty("compared") List<Compared> compared,
                          @JsonProperty("nested_choices") List<NestedChoice> nestedChoices,
                          @JsonProperty("registered") Registered registered) {

    /**
     * The same report, saying which further stores' runs were pooled into the corpus ({@code judge fit --also-db}), and
     * naming each trajectory's run by its store and the run id it has there: in the pooled rows the k-th further store's
     * ids are offset by k·{@link Judges#STORE_OFFSET} (so runs of two stores never share a key), which means nothing
     * to a reader who looks the run up in its store.
     */
    public JudgeReport withPooledFrom(String main, List<String> stores) {
        List<Trajectory> named = trajectories == null ? null : trajectories.stream().map(t -> {
            int k = (int) (t.runId() / Judges.STORE_OFFSET);
            if (k < 0 || k > stores.size()) throw new IllegalArgumentException("run id " + t.runId() + " is from no pooled store");
            long own = t.runId() % Judges.STORE_OFFSET;
            String store = k == 0 ? main : stores.get(k - 1);
            String prefix = "run #" + t.runId();
            String label = t.label().startsWith(prefix) ? "run #" + own + " of " + store + t.label().substring(prefix.length()) : t.label();
            return new Trajectory(own, label, t.steps(), t.trainAcc(), t.testAcc(), t.pNow(), t.pWithin(), store);
        }).toList();
        return new JudgeReport(formatVersion, codeVersion, fittedAt, runs, rows, groups, folds, seed, delta, tasks, scores, reliability, lead, named,
                byArch, List.copyOf(stores), compared, nestedChoices, registered);
    }

    /**
     * The registered judge (ninth session): the choice the nested line makes per outer fold, made on the whole corpus — per target
     * the candidate ({@code now}, {@code within}: as named in {@code candidates}), its head and its grid point, chosen by AUC on the
     * corpus's inner folds ({@code inner_auc_…}, in {@code candidates} order; NaN when the corpus is too small for inner folds, and
     * the mean at the judge's own hyperparameters then stays). Null in reports written before.
     */
    public record Registered(@JsonProperty("now") String now, @JsonProperty("now_head") String nowHead, @JsonProperty("now_params") String nowParams,
                             @JsonProperty("within") String within, @JsonProperty("within_head") String withinHead,
                             @JsonProperty("within_params") String withinParams, @JsonProperty("candidates") List<String> candidates,
                             @JsonProperty("inner_auc_now") List<Double> innerAucNow, @JsonProperty("inner_auc_within") List<Double> innerAucWithin) {}

    /**
     * {@code judge fit --compare}: the judge each outer fold chose by nested cross-validation (sixth session) for now and for
     * within Δ, with every candidate's AUC on that fold's inner out-of-fold predictions (the outer fold's scored rows never
     * enter them). Null in reports without {@code --compare} and in reports written before.
     */
    public record NestedChoice(@JsonProperty("fold") int fold, @JsonProperty("now") String now, @JsonProperty("within") String within,
                               @JsonProperty("candidates") List<String> candidates, @JsonProperty("inner_auc_now") List<Double> innerAucNow,
                               @JsonProperty("inner_auc_within") List<Double> innerAucWithin) {}

    /** An alternative judge scored beside the registered one ({@code judge fit --compare}): its lead (its scores are in {@code scores}). */
    public record Compared(@JsonProperty("model") String model, @JsonProperty("lead") Lead lead) {}

    /**
     * The same out-of-fold predictions restricted to one architecture's runs (a corpus of MLPs and transformers):
     * how the judge fitted on both does on, e.g., held-out MLP configs alone. Empty for a one-architecture corpus
     * (and null in reports written before it).
     */
    public record ArchScore(@JsonProperty("arch") String arch, @JsonProperty("runs") long runs, @JsonProperty("scores") List<Score> scores,
                            @JsonProperty("lead") Lead lead) {}

    /** One model on one target, out of fold. */
    public record Score(@JsonProperty("target") String target, @JsonProperty("model") String model, @JsonProperty("n") int n,
                        @JsonProperty("positives") int positives, @JsonProperty("auc") double auc, @JsonProperty("brier") double brier,
                        @JsonProperty("ece") double ece) {}

    /** Reliability of the judge's P(now): mean forecast and observed rate per tenth. */
    public record Bin(@JsonProperty("from") double from, @JsonProperty("to") double to, @JsonProperty("n") int n,
                      @JsonProperty("mean_p") double meanP, @JsonProperty("observed") double observed) {}

    /**
     * The judge's "yes" (P(within Δ) ≥ threshold) on grokking runs (memorised first: train accuracy ≥ 0.99
     * while test accuracy was below the threshold, then crossed it) against memorisers (train accuracy ≥
     * 0.99 at some evaluation, never crossed). The threshold is the smallest whose false-alarm rate on
     * memorisers is ≤ 5 % out of fold (chosen on the same out-of-fold predictions it is scored on: the
     * lead is optimistic by that choice). Lead = evaluations from the first "yes" to the first crossing.
     */
    public record Lead(@JsonProperty("threshold") double threshold, @JsonProperty("grokking_runs") int grokkingRuns,
                       @JsonProperty("memorisers") int memorisers, @JsonProperty("false_alarms") int falseAlarms,
                       @JsonProperty("false_alarm_rate") double falseAlarmRate, @JsonProperty("median_lead") double medianLead,
                       @JsonProperty("leads") List<Integer> leads, @JsonProperty("median_lead_at_half") double medianLeadAtHalf,
                       @JsonProperty("false_alarm_rate_at_half") double falseAlarmRateAtHalf,
                       @JsonProperty("median_lead_now") double medianLeadNow,
                       @JsonProperty("clear_memorisers") int clearMemorisers, @JsonProperty("threshold_clear") double thresholdClear,
                       @JsonProperty("clear_false_alarms") int clearFalseAlarms, @JsonProperty("median_lead_clear") double medianLeadClear,
                       @JsonProperty("leads_clear") List<Integer> leadsClear) {}

    /**
     * A run's test accuracy beside the judge's out-of-fold P over training. {@code store}: the store the run is in, in a
     * pooled corpus ({@code judge fit --also-db}; {@code run_id} is then the run's id in that store), else null (the
     * store fitted on).
     */
    public record Trajectory(@JsonProperty("run_id") long runId, @JsonProperty("label") String label, @JsonProperty("steps") List<Long> steps,
                             @JsonProperty("train_acc") List<Double> trainAcc, @JsonProperty("test_acc") List<Double> testAcc,
                             @JsonProperty("p_now") List<Double> pNow, @JsonProperty("p_within") List<Double> pWithin,
                             @JsonProperty("store") String store) {}
}
