package io.learncast.forecast.synthetic;

import io.learncast.farm.config.ModelConfig;
import io.learncast.data.DataSpec;
import io.learncast.farm.config.TargetConfig;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.OptimConfig;
import io.learncast.common.Hashing;
import io.learncast.data.CurvePoint;
import io.learncast.data.Metric;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.Provenance;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.Store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic corpus with a known grokking boundary, for tests: modular addition mod 23, configs over
 * weight decay × train fraction, every run memorising (train accuracy 1) at step 100. With
 * {@code s = log10(wd) + 4·(frac − 0.6)}: s ≤ 0 never generalises (a memoriser: test accuracy stays at
 * chance); 0 &lt; s ≤ 1.2 groks at t_gen = 100·(3 + 20·(1 − min(s, 1))) ± 50 steps (delay ratio 3–23); s &gt; 1.2
 * generalises at step 200 (a fast learner, no grokking). Curves are evaluated every 50 steps to 3000.
 */
public final class SyntheticGrokking {
    private SyntheticGrokking() {}

    public static final long BUDGET = 3000;
    public static final int EVERY = 50;

    /** The boundary's score of a config. */
    public static double score(double wd, double frac) { return Math.log10(wd) + 4 * (frac - 0.6); }

    /** The true generalisation step of a config (reach of test accuracy ≥ 0.95), or -1 for never. */
    public static long tGen(double wd, double frac, Random noise) {
        double s = score(wd, frac);
        if (s <= 0) return -1;
        if (s > 1.2) return 200;
        long t = Math.round(100 * (3 + 20 * (1 - Math.min(s, 1))) / EVERY) * EVERY;
        return Math.max(300, t + EVERY * (noise.nextInt(3) - 1));
    }

    public static RunConfig config(double wd, double frac, int replica) {
        return RunConfig.defaults("modadd:p=23").with(new DataSpec(frac, null, null, 0)).with(ModelConfig.mlp(1, 128, Activation.RELU, 1))
                .with(new OptimConfig(Optimizer.ADAMW, 1e-3, wd, 0)).with(new BudgetConfig(BUDGET, EVERY, List.of(1000L, 2000L))).withReplica(15, replica);
    }

    /**
     * The curve of a run trained to its budget ({@code stopAt} ≤ 0) or stopped at step {@code stopAt} (as a
     * run trained for another property stops at its confirmation).
     */
    public static List<CurvePoint> curve(double wd, double frac, Random noise, long stopAt) {
        long tg = tGen(wd, frac, noise);
        List<CurvePoint> c = new ArrayList<>();
        for (long step = 0; step <= BUDGET; step += EVERY) {
            if (stopAt > 0 && step > stopAt) break;
            double train = step >= 100 ? 1.0 : 0.3 + 0.006 * step;
            double test = tg >= 0 && step >= tg ? 0.99 : 0.04;
            c.add(new CurvePoint(step, step >= 100 ? 0.01 : 2.0, train, test >= 0.95 ? 0.05 : 4.0, test, 10 + step / 100.0));
        }
        return c;
    }

    /** A run's result from its curve, labelled for the property it was trained for ({@code c}'s). */
    public static RunResult result(RunConfig c, List<CurvePoint> curve) {
        CurvePoint last = curve.get(curve.size() - 1);
        var reach = c.property().reachedStep(curve, last.step());
        Long confirm = reach.isPresent() ? reach.getAsLong() + (long) c.hold() * EVERY : null;
        String fp = Hashing.sha256Hex("synthetic-grokking|" + c.configHash());
        Instant now = Instant.now();
        return new RunResult(confirm != null ? Outcome.LEARNED : Outcome.NOT_LEARNED, reach.isPresent() ? reach.getAsLong() : null, confirm, last.step(),
                last.testAcc(), last.testAcc(), last.trainAcc(), last.testLoss(), last.trainLoss(), 1, fp, (int) Math.round(529 * c.trainFrac()),
                529 - (int) Math.round(529 * c.trainFrac()), 23, "synthetic", curve, Provenance.forTraining(c, fp, "synthetic", now, now));
    }

    /**
     * Imports a grid of wd × frac configs ({@code seeds} each) trained to the budget, plus {@code stopped}
     * more configs whose runs stopped at step 150 (censored for grokking); returns how many runs were added.
     */
    public static int importInto(Store store, int wdSteps, int fracSteps, int seeds, int stopped, long seed) {
        Random noise = new Random(seed);
        int n = 0;
        for (int i = 0; i < wdSteps; i++) {
            double wd = Math.pow(10, -1.5 + 2.0 * i / Math.max(1, wdSteps - 1));
            for (int j = 0; j < fracSteps; j++) {
                double frac = 0.3 + 0.65 * j / Math.max(1, fracSteps - 1);
                for (int r = 0; r < seeds; r++) {
                    RunConfig c = config(wd, frac, r);
                    if (store.queue().importRun(c, result(c, curve(wd, frac, noise, 0)), "synthetic") != null) n++;
                }
            }
        }
        for (int k = 0; k < stopped; k++) {
            double wd = Math.pow(10, -1.5 + 2.0 * noise.nextDouble()), frac = 0.3 + 0.65 * noise.nextDouble();
            RunConfig c = config(wd, frac, 100 + k);
            c = c.with(new TargetConfig(c.task(), Metric.TRAIN_ACC, 0.99, 1)); // trained for memorising: stops at its confirmation, step 150
            if (store.queue().importRun(c, result(c, curve(wd, frac, noise, 150)), "synthetic-stopped") != null) n++;
        }
        return n;
    }
}
