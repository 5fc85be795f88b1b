package io.learncast.forecast.verdict;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdicts a stopping rule would have acted on, per run and per cut, with what each run did
 * without a rule: enough to replay any threshold, minimum fraction and hold without refitting.
 * Built from out-of-fold probabilities when a verdict is fitted (and stored with it, so its stopping
 * bound can be recomputed for another policy), or from a verdict's predictions on runs it has never
 * seen (transfer). Columnar: one entry per cut, in run order then cut order.
 */
public record StopTrials(@JsonProperty("runs") List<Run> runs,
                         @JsonProperty("run") int[] run,
                         @JsonProperty("fraction") double[] fraction,
                         @JsonProperty("step") long[] step,
                         @JsonProperty("p") double[] p,
                         @JsonProperty("rising") boolean[] rising) {

    /**
     * A run: its budget, the steps training it without a rule cost (to its confirmation if it learned,
     * else its budget or divergence), whether it learned by the end of its budget and whether it was a
     * late learner (memorised first, generalised later).
     */
    public record Run(@JsonProperty("id") long id, @JsonProperty("group") String group, @JsonProperty("task") String task,
                      @JsonProperty("budget") long budget, @JsonProperty("trained_steps") long trainedSteps,
                      @JsonProperty("learned") boolean learned, @JsonProperty("late") boolean late) {}

    /** The trials of {@code rows} with probabilities {@code p} (one per row). */
    public static StopTrials of(VerdictRows rows, double[] p) {
        if (p.length != rows.size()) throw new IllegalArgumentException(p.length + " probabilities for " + rows.size() + " rows");
        List<Run> runs = new ArrayList<>();
        Map<Long, Integer> index = new HashMap<>();
        for (VerdictRows.RunInfo i : rows.runInfos()) {
            index.put(i.runId(), runs.size());
            runs.add(new Run(i.runId(), i.group(), i.task(), i.budget(), i.trainedSteps(), i.learned(), i.lateLearner()));
        }
        int n = rows.size();
        int[] run = new int[n];
        double[] f = new double[n];
        long[] step = new long[n];
        boolean[] rising = new boolean[n];
        for (int k = 0; k < n; k++) {
            VerdictRows.Row r = rows.rows().get(k);
            run[k] = index.get(r.run().runId());
            f[k] = r.fraction();
            step[k] = r.step();
            rising[k] = r.rising();
        }
        return new StopTrials(runs, run, f, step, p.clone(), rising);
    }

    public int learners() { return (int) runs.stream().filter(Run::learned).count(); }

    public int lateLearners() { return (int) runs.stream().filter(Run::late).count(); }

    /** What {@code policy} would have done: each run stopped at its first cut where the policy says so. */
    public VerdictEval.PolicyScore simulate(VerdictPolicy policy) {
        Map<Integer, Long> stopAt = new HashMap<>();
        Map<Integer, VerdictPolicy.Streak> streaks = new HashMap<>();
        for (int k = 0; k < run.length; k++) { // a run's cuts are in order
            if (stopAt.containsKey(run[k])) continue;
            VerdictPolicy.Streak s = streaks.computeIfAbsent(run[k], x -> new VerdictPolicy.Streak());
            if (s.add(policy, p[k], fraction[k], rising[k])) stopAt.put(run[k], step[k]);
        }
        int learners = 0, learnersStopped = 0, late = 0, lateStopped = 0;
        long trained = 0, saved = 0;
        for (int i = 0; i < runs.size(); i++) {
            Run info = runs.get(i);
            trained += info.trainedSteps();
            if (info.learned()) learners++;
            if (info.late()) late++;
            Long s = stopAt.get(i);
            if (s == null) continue;
            saved += Math.max(0, info.trainedSteps() - s);
            if (info.learned()) learnersStopped++;
            if (info.late()) lateStopped++;
        }
        return new VerdictEval.PolicyScore("verdict P < " + policy.threshold(), policy.threshold(), policy.minFraction(), runs.size(),
                stopAt.size(), learners, learnersStopped, late, lateStopped, trained, saved);
    }
}
