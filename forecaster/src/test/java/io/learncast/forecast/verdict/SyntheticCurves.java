package io.learncast.forecast.verdict;

import io.learncast.data.DataSpec;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.common.Seeds;
import io.learncast.data.CurvePoint;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Learning curves with a known truth, shaped like grokking on modular addition: every run memorises
 * (train accuracy 1 by step m, test accuracy near 0); it generalises only when weight decay × training
 * fraction ≥ 0.15, at step G = m + 400 / (wd·frac)^0.8 (seed noise 15 %), test accuracy rising
 * sharply around G. Before G, weight decay shrinks the weight norm in proportion to the way left to G;
 * a run that never generalises keeps a flat norm. So a late learner looks exactly like a memoriser in
 * its accuracies for most of its budget, and differs only in its config and its weight norm.
 */
final class SyntheticCurves {
    private SyntheticCurves() {}

    static final long BUDGET = 3000;
    static final int EVERY = 50;
    static final double[] WD = {0.03, 0.1, 0.3, 1, 3};
    static final double[] FRAC = {0.3, 0.5, 0.7, 0.9};
    static final int[] WIDTH = {64, 128, 256};

    record Corpus(List<RunRecord> runs, Map<Long, List<CurvePoint>> curves) {}

    static Corpus generate(int seeds, long seed) { return generate(seeds, seed, 23, 1); }

    /**
     * The same truth for modular addition mod {@code p}: chance accuracy 1/p and a chance-level loss of
     * ln p, so the raw curves of two moduli differ where the scale-free summaries do not. Run ids start
     * at {@code firstId}.
     */
    static Corpus generate(int seeds, long seed, int p, long firstId) {
        Random rnd = new Random(seed);
        List<RunRecord> runs = new ArrayList<>();
        Map<Long, List<CurvePoint>> curves = new HashMap<>();
        long id = firstId;
        for (double wd : WD) for (double frac : FRAC) for (int width : WIDTH) {
            RunConfig base = RunConfig.defaults("modadd:p=" + p).with(new DataSpec(frac, null, null, 0)).with(ModelConfig.mlp(1, width, Activation.RELU, 1))
                    .with(new OptimConfig(Optimizer.ADAMW, 1e-3, wd, 0)).with(new BudgetConfig(BUDGET, EVERY, List.of(1000L, 2000L, BUDGET)));
            for (int s = 0; s < seeds; s++) {
                RunConfig c = base.withReplica(Seeds.DEFAULT_MASTER, s);
                List<CurvePoint> curve = curve(wd, frac, width, p, rnd);
                OptionalLong reach = c.property().reachedStep(curve, BUDGET);
                Outcome outcome = Outcome.NOT_LEARNED;
                Long confirm = null;
                if (reach.isPresent()) {
                    outcome = Outcome.LEARNED;
                    confirm = reach.getAsLong() + (long) c.hold() * EVERY;
                    final long cut = confirm;
                    curve = curve.stream().filter(q -> q.step() <= cut).toList();
                }
                long trained = curve.get(curve.size() - 1).step();
                runs.add(new RunRecord(id, c.groupHash(), c.configHash(), "synthetic", s, c, Knobs.of(c), outcome, confirm, trained, BUDGET, EVERY, c.budgets()));
                curves.put(id, curve);
                id++;
            }
        }
        return new Corpus(runs, curves);
    }

    /** Whether the truth says this config generalises at all (within the budget or later). */
    static boolean generalises(double wd, double frac) { return wd * frac >= 0.15 - 1e-9; }

    static List<CurvePoint> curve(double wd, double frac, int width, Random rnd) { return curve(wd, frac, width, 23, rnd); }

    static List<CurvePoint> curve(double wd, double frac, int width, int p, Random rnd) {
        double m = 150 * Math.pow(256.0 / width, 0.3) * Math.exp(0.1 * rnd.nextGaussian());
        boolean learns = generalises(wd, frac);
        double g = learns ? m + 400 / Math.pow(wd * frac, 0.8) * Math.exp(0.15 * rnd.nextGaussian()) : Double.POSITIVE_INFINITY;
        double chance = 1.0 / p;
        double chanceLoss = Math.log(p);
        double norm0 = 20 * Math.sqrt(width / 64.0) * Math.sqrt(p / 23.0); // embeddings grow with p: raw norms differ across moduli
        List<CurvePoint> out = new ArrayList<>();
        for (long t = 0; t <= BUDGET; t += EVERY) {
            double train = chance + (1 - chance) * sigmoid((t - m) / (m / 5));
            double gen = learns ? sigmoid((t - g) / 120) : 0;
            double test = Math.min(1, Math.max(0, chance / 4 + (1 - chance / 4) * gen + 0.01 * rnd.nextGaussian()));
            double trainLoss = Math.max(1e-4, chanceLoss * (1 - train) + 1e-3);
            double testLoss = chanceLoss * (1 + Math.log1p(Math.max(0, t - m) / m) * (1 - gen) / 3.1) - 0.97 * chanceLoss * gen;
            double grown = norm0 * (0.6 + 0.4 * Math.min(1, t / m));
            double shrink = learns && t > m ? Math.exp(-0.6 * Math.min(1, (t - m) / (g - m))) : 1;
            double norm = grown * shrink * (1 + 0.003 * rnd.nextGaussian());
            out.add(new CurvePoint(t, trainLoss, train, Math.max(0.01, testLoss), test, norm));
        }
        return out;
    }

    static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }
}
