package io.learncast.forecast.validation;

import io.learncast.common.Seeds;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.BoostedCure;
import io.learncast.forecast.model.Candidate;
import io.learncast.forecast.model.ProbabilityModel;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Grouped k-fold cross-validation of candidates: out-of-fold predictions for every row (each fitted
 * without any row of the row's config group), scored on the rows of the runs' own budgets.
 */
public final class CrossValidation {
    private CrossValidation() {}

    /** A candidate's out-of-fold predictions and their scores. */
    public record Result(Candidate candidate, double[] outOfFold, Metrics metrics, double seconds) {}

    /** The folds used for a table (grouped by config group; deterministic given the seed). */
    public static GroupedKFold folds(FeatureTable t, int k, long seed) {
        return GroupedKFold.of(t.groups(), k, seed);
    }

    /** Out-of-fold predictions of {@code c} for every row of {@code t}. Folds run in parallel. */
    public static double[] outOfFold(FeatureTable t, Candidate c, GroupedKFold folds, long seed) {
        double[] oof = new double[t.size()];
        List<GroupedKFold.Split> splits = folds.splits();
        IntStream.range(0, splits.size()).parallel().forEach(f -> {
            GroupedKFold.Split s = splits.get(f);
            ProbabilityModel m = c.fit(t.subset(s.train()), Seeds.derive(seed, f));
            for (int i : s.test()) oof[i] = m.probability(t.row(i).x());
        });
        return oof;
    }

    public static Result evaluate(FeatureTable t, Candidate c, GroupedKFold folds, long seed) {
        long t0 = System.nanoTime();
        double[] oof = outOfFold(t, c, folds, seed);
        return new Result(c, oof, score(t, oof), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Cross-validates the boosted structured model at several numbers of rounds with one fit per fold
     * (the model at r rounds is the first r rounds of the longer fit).
     */
    public static List<Result> evaluateRounds(FeatureTable t, Candidate.CureTrees c, int[] rounds, GroupedKFold folds, long seed) {
        long t0 = System.nanoTime();
        int max = java.util.Arrays.stream(rounds).max().orElse(0);
        Candidate.CureTrees longest = c.withRounds(max);
        double[][] oof = new double[rounds.length][t.size()];
        List<GroupedKFold.Split> splits = folds.splits();
        IntStream.range(0, splits.size()).parallel().forEach(f -> {
            GroupedKFold.Split s = splits.get(f);
            BoostedCure m = longest.fitModel(t.subset(s.train()).runs(), Seeds.derive(seed, f));
            // every round count from one walk of the trees per run (the same values as m.truncated(r).probability):
            // the states read the config only, so consecutive rows of one run (its budgets) share them
            double[] config = null;
            io.learncast.forecast.model.CureModel.State[] states = null;
            int nc = io.learncast.forecast.features.Features.N_CONFIG;
            for (int i : s.test()) {
                double[] x = t.row(i).x();
                if (states == null || !java.util.Arrays.equals(x, 0, nc, config, 0, nc)) {
                    states = m.states(x, rounds);
                    config = x;
                }
                double budget = Math.pow(2, x[nc]);
                for (int k = 0; k < rounds.length; k++) oof[k][i] = states[k].pWithin(budget);
            }
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        List<Result> out = new java.util.ArrayList<>();
        for (int k = 0; k < rounds.length; k++) out.add(new Result(c.withRounds(rounds[k]), oof[k], score(t, oof[k]), secs));
        return out;
    }

    /** Scores predictions on the listed-budget rows of {@code t}. */
    public static Metrics score(FeatureTable t, double[] p) {
        int n = 0;
        for (FeatureTable.Row r : t.rows()) if (r.listed()) n++;
        double[] q = new double[n];
        int[] y = new int[n];
        int k = 0;
        for (int i = 0; i < t.size(); i++) {
            FeatureTable.Row r = t.row(i);
            if (!r.listed()) continue;
            q[k] = p[i];
            y[k++] = r.learned() ? 1 : 0;
        }
        return Metrics.of(q, y);
    }
}
