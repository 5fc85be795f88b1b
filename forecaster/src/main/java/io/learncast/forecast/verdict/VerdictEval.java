package io.learncast.forecast.verdict;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores the verdict honestly: out-of-fold probabilities (config groups held out) at 5, 10, 25 and
 * 50 % of the budget; the compute a stopping policy saves and the learners it loses, simulated at the
 * steps the farm would consult it; and late learners (memorised first, generalised later) stopped by
 * the verdict versus an Optuna-style median pruner.
 *
 * <p>Compute is counted in training steps: a run costs its steps to confirmation (learned), divergence,
 * or its budget; a stopped run costs its steps to the stop. Runs that ended before the first checkpoint
 * cost the same under every policy and stay in the denominator.
 */
public final class VerdictEval {
    private VerdictEval() {}

    public static final double[] REPORTED_FRACTIONS = {0.05, 0.1, 0.25, 0.5};
    public static final double[] THRESHOLDS = {0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5};
    public static final double[] LEARNER_LOSSES = {0.0, 0.01, 0.05};
    /** Optuna's MedianPruner default: no pruning at a step until this many other runs reported it. */
    static final int MEDIAN_STARTUP = 5;

    /** What a stopping rule did to a corpus. */
    public record PolicyScore(@JsonProperty("name") String name,
                              @JsonProperty("threshold") Double threshold,
                              @JsonProperty("min_fraction") double minFraction,
                              @JsonProperty("runs") int runs,
                              @JsonProperty("stopped") int stopped,
                              @JsonProperty("learners") int learners,
                              @JsonProperty("learners_stopped") int learnersStopped,
                              @JsonProperty("late_learners") int lateLearners,
                              @JsonProperty("late_learners_stopped") int lateLearnersStopped,
                              @JsonProperty("steps_trained") long stepsTrained,
                              @JsonProperty("steps_saved") long stepsSaved) {

        public double savedShare() { return stepsTrained == 0 ? 0 : stepsSaved / (double) stepsTrained; }

        public double learnerLoss() { return learners == 0 ? 0 : learnersStopped / (double) learners; }

        public double lateLoss() { return lateLearners == 0 ? 0 : lateLearnersStopped / (double) lateLearners; }
    }

    /** The largest compute saving whose learner loss stays within {@code maxLoss} (over the threshold grid). */
    public record SavingAtLoss(@JsonProperty("max_learner_loss") double maxLoss, @JsonProperty("policy") PolicyScore policy) {}

    public record Result(@JsonProperty("runs") int runs,
                         @JsonProperty("rows") int rows,
                         @JsonProperty("learners") int learners,
                         @JsonProperty("late_learners") int lateLearners,
                         @JsonProperty("by_fraction") List<VerdictReport.FractionScore> byFraction,
                         @JsonProperty("policies") List<PolicyScore> policies,
                         @JsonProperty("saving_at_loss") List<SavingAtLoss> savingAtLoss,
                         @JsonProperty("median_pruner") PolicyScore medianPruner,
                         @JsonProperty("min_fraction") double minFraction,
                         @JsonProperty("safe_threshold") SafeThreshold safe) {}

    /** Scores out-of-fold probabilities {@code p} (one per row of {@code rows}) with stops from {@code minFraction} on, under the default bound. */
    public static Result score(VerdictRows rows, double[] p, double minFraction) {
        return score(rows, p, minFraction, LossBound.defaults());
    }

    /**
     * Scores out-of-fold probabilities {@code p} (one per row of {@code rows}) with stops from
     * {@code minFraction} on; {@code safe} is the threshold {@code bound} allows on these same verdicts
     * (the one {@code verdict fit} records and {@code farm run --early-stop auto} uses).
     */
    public static Result score(VerdictRows rows, double[] p, double minFraction, LossBound bound) {
        List<VerdictReport.FractionScore> by = new ArrayList<>();
        for (double f : REPORTED_FRACTIONS) by.add(VerdictFitter.score(rows, p, f));
        StopTrials trials = StopTrials.of(rows, p);
        List<PolicyScore> policies = new ArrayList<>();
        for (double t : THRESHOLDS) policies.add(trials.simulate(new VerdictPolicy(t, minFraction)));
        List<SavingAtLoss> saving = new ArrayList<>();
        for (double loss : LEARNER_LOSSES) {
            PolicyScore best = null;
            for (PolicyScore s : policies) {
                if (s.learnerLoss() <= loss + 1e-12 && (best == null || s.stepsSaved() > best.stepsSaved())) best = s;
            }
            saving.add(new SavingAtLoss(loss, best));
        }
        int learners = (int) rows.runInfos().stream().filter(VerdictRows.RunInfo::learned).count();
        int late = (int) rows.runInfos().stream().filter(VerdictRows.RunInfo::lateLearner).count();
        return new Result(rows.runs(), rows.size(), learners, late, by, policies, saving, medianPruner(rows, minFraction), minFraction,
                SafeThreshold.choose(trials, bound, minFraction, VerdictPolicy.DEFAULT_HOLD));
    }

    /** Stops each run at its first checkpoint where the policy says so. */
    public static PolicyScore simulate(VerdictRows rows, double[] p, VerdictPolicy policy) {
        return StopTrials.of(rows, p).simulate(policy);
    }

    /**
     * Optuna's median pruner: at each checkpoint, a run whose best test accuracy so far is below the
     * median test accuracy of the other runs of its task and budget still training at that step is
     * stopped (once at least {@value #MEDIAN_STARTUP} others reported there), from {@code minFraction}
     * of the budget on.
     */
    public static PolicyScore medianPruner(VerdictRows rows, double minFraction) {
        int acc = CurveFeatures.ALL.indexOf("test_acc");
        int best = CurveFeatures.ALL.indexOf("best_test_acc");
        Map<String, List<VerdictRows.Row>> byCut = new LinkedHashMap<>();
        for (VerdictRows.Row r : rows.rows()) {
            byCut.computeIfAbsent(r.run().config().task() + "|" + r.run().steps() + "|" + r.fraction(), k -> new ArrayList<>()).add(r);
        }
        Map<Long, Long> stopAt = new HashMap<>();
        List<VerdictRows.Row> ordered = new ArrayList<>(rows.rows());
        ordered.sort((a, b) -> Double.compare(a.fraction(), b.fraction()));
        for (VerdictRows.Row r : ordered) {
            if (r.fraction() + 1e-9 < minFraction || stopAt.containsKey(r.run().runId())) continue;
            List<VerdictRows.Row> peers = byCut.get(r.run().config().task() + "|" + r.run().steps() + "|" + r.fraction());
            double[] others = peers.stream().filter(q -> q.run().runId() != r.run().runId()).mapToDouble(q -> q.x()[acc]).sorted().toArray();
            if (others.length < MEDIAN_STARTUP) continue;
            double median = others.length % 2 == 1 ? others[others.length / 2] : (others[others.length / 2 - 1] + others[others.length / 2]) / 2;
            if (r.x()[best] < median) stopAt.put(r.run().runId(), r.step());
        }
        return tally("median pruner", null, minFraction, rows, stopAt);
    }

    private static PolicyScore tally(String name, Double threshold, double minFraction, VerdictRows rows, Map<Long, Long> stopAt) {
        int learners = 0, learnersStopped = 0, late = 0, lateStopped = 0;
        long trained = 0, saved = 0;
        for (VerdictRows.RunInfo info : rows.runInfos()) {
            trained += info.trainedSteps();
            Long s = stopAt.get(info.runId());
            if (info.learned()) learners++;
            if (info.lateLearner()) late++;
            if (s == null) continue;
            saved += Math.max(0, info.trainedSteps() - s);
            if (info.learned()) learnersStopped++;
            if (info.lateLearner()) lateStopped++;
        }
        return new PolicyScore(name, threshold, minFraction, rows.runs(), stopAt.size(), learners, learnersStopped, late, lateStopped, trained, saved);
    }
}
