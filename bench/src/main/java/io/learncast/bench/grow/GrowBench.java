package io.learncast.bench.grow;

import io.learncast.forecast.grow.Proposer;
import io.learncast.forecast.grow.Strategy;
import io.learncast.common.Seeds;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.validation.Metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The grow benchmark's core, pool-based: every config of a fixed pool (sampled from the space) and of
 * a fixed held-out set was trained once beforehand, and a strategy only decides which pool runs the
 * forecaster may see. Each repetition starts both strategies from the same random seed runs; after
 * every round the forecaster is refitted on the runs picked so far and scored (AUC, Brier) on the
 * held-out runs at their own budgets. A run picked by several strategies or repetitions was trained
 * once: the comparison is of which runs are picked, not of training noise.
 */
public final class GrowBench {
    private GrowBench() {}

    public record Options(int reps, int rounds, int batch, int seedRuns, ForecasterFitter.Search search, Proposer.Options proposer, long seed) {}

    /** A trained pool run and its point in the space. */
    public record PoolRun(RunRecord record, double[] point) {}

    /** The forecaster after a round: how many runs it was fitted on, and its held-out scores. */
    public record Point(Strategy strategy, int rep, int round, int runs, double auc, double brier, double fitSeconds) {}

    public record Result(List<Point> points, int pool, int heldOutRuns, int heldOutRows, double heldOutLearned) {}

    public static Result run(List<PoolRun> pool, List<RunRecord> heldOut, List<Long> budgets, Options o, Consumer<String> progress) {
        FeatureTable test = FeatureTable.fromRecords(heldOut, FeatureTable.Options.defaults()).listedOnly();
        int[] y = test.y();
        List<Point> points = new ArrayList<>();
        for (int rep = 0; rep < o.reps(); rep++) {
            Random r = new Random(Seeds.derive(o.seed(), "grow-bench-rep:" + rep));
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < pool.size(); i++) order.add(i);
            java.util.Collections.shuffle(order, r);
            List<Integer> seedRuns = order.subList(0, Math.min(o.seedRuns(), order.size()));
            for (Strategy s : Strategy.values()) {
                boolean[] picked = new boolean[pool.size()];
                List<RunRecord> train = new ArrayList<>();
                for (int i : seedRuns) {
                    picked[i] = true;
                    train.add(pool.get(i).record());
                }
                // the random strategy walks the rest of this repetition's shuffled order
                int cursor = seedRuns.size();
                for (int round = 0; round <= o.rounds(); round++) {
                    long t0 = System.nanoTime();
                    FittedForecaster f = fit(train, o.search());
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double[] p = f == null ? constant(train, y.length) : f.probabilities(test);
                    Point pt = new Point(s, rep, round, train.size(), Metrics.auc(p, y), Metrics.brier(p, y), secs);
                    points.add(pt);
                    progress.accept(String.format(java.util.Locale.ROOT, "rep %d %-11s round %2d: %3d runs  AUC %.3f  Brier %.4f  (fit %.1f s)",
                            rep + 1, s.key(), round, pt.runs(), pt.auc(), pt.brier(), secs));
                    if (round == o.rounds()) break;
                    List<Integer> next = new ArrayList<>();
                    if (s == Strategy.RANDOM || f == null) {
                        while (next.size() < o.batch() && cursor < order.size()) {
                            int i = order.get(cursor++);
                            if (!picked[i]) next.add(i);
                        }
                    } else {
                        List<Proposer.Candidate> cands = new ArrayList<>();
                        List<Integer> index = new ArrayList<>();
                        for (int i = 0; i < pool.size(); i++) {
                            if (picked[i]) continue;
                            cands.add(new Proposer.Candidate(pool.get(i).record().config(), pool.get(i).point()));
                            index.add(i);
                        }
                        List<Proposer.Proposal> props = Proposer.propose(s, f, cands, budgets, o.batch(), o.proposer());
                        for (Proposer.Proposal pr : props) {
                            for (int j = 0; j < cands.size(); j++) {
                                if (cands.get(j).config() == pr.config()) {
                                    next.add(index.get(j));
                                    break;
                                }
                            }
                        }
                    }
                    if (next.isEmpty()) break;
                    for (int i : next) {
                        picked[i] = true;
                        train.add(pool.get(i).record());
                    }
                }
            }
        }
        double learned = Arrays.stream(y).average().orElse(Double.NaN);
        return new Result(points, pool.size(), heldOut.size(), y.length, learned);
    }

    private static FittedForecaster fit(List<RunRecord> train, ForecasterFitter.Search search) {
        FeatureTable t = FeatureTable.fromRecords(train, FeatureTable.Options.defaults());
        int pos = 0;
        for (FeatureTable.Row row : t.listedOnly().rows()) if (row.learned()) pos++;
        ForecasterFitter.Options o = ForecasterFitter.Options.defaults().withSearch(search);
        int k = Math.min(5, t.groupCount());
        if (k < 2 || pos == 0 || pos == t.listedCount()) return null;
        return ForecasterFitter.fit(t, o.withFolds(k));
    }

    private static double[] constant(List<RunRecord> train, int n) {
        FeatureTable t = FeatureTable.fromRecords(train, FeatureTable.Options.defaults()).listedOnly();
        double rate = Arrays.stream(t.y()).average().orElse(0.5);
        double[] p = new double[n];
        Arrays.fill(p, rate);
        return p;
    }

    /** Mean of a metric per strategy and round across repetitions: {runs, mean, min, max} per round. */
    public static double[][] summary(List<Point> points, Strategy s, boolean auc) {
        int rounds = points.stream().filter(p -> p.strategy() == s).mapToInt(Point::round).max().orElse(-1) + 1;
        double[][] out = new double[rounds][];
        for (int round = 0; round < rounds; round++) {
            final int rr = round;
            double[] v = points.stream().filter(p -> p.strategy() == s && p.round() == rr).mapToDouble(p -> auc ? p.auc() : p.brier()).toArray();
            double runs = points.stream().filter(p -> p.strategy() == s && p.round() == rr).mapToInt(Point::runs).average().orElse(Double.NaN);
            out[round] = new double[] {runs, Arrays.stream(v).average().orElse(Double.NaN), Arrays.stream(v).min().orElse(Double.NaN),
                    Arrays.stream(v).max().orElse(Double.NaN)};
        }
        return out;
    }
}
