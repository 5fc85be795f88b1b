package io.learncast.forecast.synthetic;

import io.learncast.data.DataSpec;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.common.Hashing;
import io.learncast.common.Seeds;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.data.CurvePoint;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.Provenance;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.Store;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A corpus of runs whose confirmation step T is a known function of the config (plus a small seed
 * noise), shaped like the real phenomena: modular addition learns only with enough data, some weight
 * decay and a sane learning rate, after T ∝ lr^−0.9 · wd^−0.7 · frac^−1.2 steps; sparse parity learns
 * with enough samples, after T ∝ lr^−0.8 · n^−0.4; learning rates above 0.05 diverge on modular tasks.
 */
public final class SyntheticCorpus {
    private SyntheticCorpus() {}

    public static final double SEED_NOISE = 0.12;
    private static final int[] MOD_P = {23, 31, 47, 59, 97};
    private static final int[] WIDTHS = {16, 32, 64, 128, 256, 512};
    private static final long[] STEPS = {1000, 2000, 3000, 5000};

    /** Whether a config learns at all, and its median steps-to-learn (reach step, before confirmation) when it does. */
    public record Truth(boolean learns, boolean diverges, double medianSteps) {}

    public static Truth truth(Knobs k) {
        if (k.taskKind().equals("sparse-parity")) {
            boolean learns = k.nTrain() >= 250 * Math.pow(64.0 / k.width(), 0.25) && k.lr() <= 0.05;
            return new Truth(learns, false, 1500 * Math.pow(1e-2 / k.lr(), 0.8) * Math.pow(1000.0 / k.nTrain(), 0.4));
        }
        double frac = k.trainFraction();
        boolean diverges = k.lr() > 0.05;
        boolean learns = !diverges && frac * (1 + 0.15 * Math.log(k.width() / 64.0) / Math.log(2)) >= 0.3 && k.wd() >= 0.02;
        double t = 600 * Math.pow(1e-3 / k.lr(), 0.9) * Math.pow(1 / Math.max(k.wd(), 1e-6), 0.7) * Math.pow(0.5 / frac, 1.2)
                * Math.pow(k.classes() / 23.0, 0.3);
        return new Truth(learns, diverges, t);
    }

    /** A random config of the synthetic space (replica 0). */
    public static RunConfig randomConfig(Random r) {
        long steps = STEPS[r.nextInt(STEPS.length)];
        List<Long> budgets = List.of(steps / 4, steps / 2);
        int width = WIDTHS[r.nextInt(WIDTHS.length)];
        if (r.nextDouble() < 0.6) {
            int p = MOD_P[r.nextInt(MOD_P.length)];
            double frac = Math.round((0.15 + 0.75 * r.nextDouble()) * 100) / 100.0;
            double lr = Math.exp(Math.log(2e-4) + r.nextDouble() * Math.log(0.1 / 2e-4));
            double wd = Math.exp(Math.log(0.005) + r.nextDouble() * Math.log(3 / 0.005));
            return RunConfig.defaults("modadd:p=" + p).with(new DataSpec(frac, null, null, 0)).with(ModelConfig.mlp(1, width, Activation.RELU, 1))
                    .with(new OptimConfig(Optimizer.ADAMW, lr, wd, r.nextBoolean() ? 0 : 128)).with(new BudgetConfig(steps, 100, budgets)).withReplica(Seeds.DEFAULT_MASTER, 0);
        }
        int n = (int) Math.round(Math.exp(Math.log(50) + r.nextDouble() * Math.log(5000 / 50.0)));
        double lr = Math.exp(Math.log(1e-3) + r.nextDouble() * Math.log(0.1 / 1e-3));
        double wd = r.nextBoolean() ? 0 : Math.exp(Math.log(1e-3) + r.nextDouble() * Math.log(0.1 / 1e-3));
        return RunConfig.defaults("sparse-parity:k=3,n=20").with(new DataSpec(null, n, 2000, 0)).with(ModelConfig.mlp(1, Math.min(width, 256), Activation.RELU, 1))
                .with(new OptimConfig(Optimizer.ADAMW, lr, wd, 32)).with(new BudgetConfig(steps, 100, budgets)).withReplica(Seeds.DEFAULT_MASTER, 0);
    }

    /** The run a config would give under the synthetic truth, for replica {@code replica}. */
    public static RunRecord run(long id, RunConfig c, int replica, Random noise) {
        RunConfig rc = c.withReplica(Seeds.DEFAULT_MASTER, replica);
        Knobs k = Knobs.of(rc);
        Truth t = truth(k);
        int e = rc.evalEvery();
        Outcome outcome;
        Long confirm = null;
        long trained = rc.steps();
        double reach = t.medianSteps() * Math.exp(SEED_NOISE * noise.nextGaussian());
        if (t.diverges()) {
            outcome = Outcome.DIVERGED;
            trained = Math.min(rc.steps(), 200);
        } else if (t.learns() && (long) Math.ceil(reach / e) * e + (long) rc.hold() * e <= rc.steps()) {
            outcome = Outcome.LEARNED;
            confirm = Math.max(1, (long) Math.ceil(reach / e)) * e + (long) rc.hold() * e;
            trained = confirm;
        } else {
            outcome = Outcome.NOT_LEARNED;
        }
        return new RunRecord(id, rc.groupHash(), rc.configHash(), "synthetic", replica, rc, k, outcome, confirm, trained, rc.steps(), e, rc.budgets());
    }

    /** {@code groups} random configs, each with 1 to {@code maxSeeds} replicas. */
    public static List<RunRecord> generate(int groups, int maxSeeds, long seed) {
        Random r = new Random(seed);
        Random noise = new Random(Seeds.derive(seed, "noise"));
        List<RunRecord> out = new ArrayList<>();
        long id = 1;
        for (int g = 0; g < groups; g++) {
            RunConfig c = randomConfig(r);
            int seeds = 1 + r.nextInt(Math.max(1, maxSeeds));
            for (int s = 0; s < seeds; s++) out.add(run(id++, c, s, noise));
        }
        return out;
    }

    /**
     * The run as a {@link RunResult} (a two-point curve and plausible accuracies), to import synthetic
     * corpora into a store for tests and benchmarks. Imported runs are marked with the trainer "synthetic".
     */
    public static RunResult result(RunRecord r) {
        boolean learned = r.learned();
        double acc = learned ? 0.97 : r.diverged() ? 1.0 / r.knobs().classes() : 0.3;
        List<CurvePoint> curve = List.of(new CurvePoint(0, 3, 0.05, 3, 0.05, 10), new CurvePoint(r.stepsTrained(), 0.1, 1.0, learned ? 0.1 : 3, acc, 20));
        String fp = Hashing.sha256Hex("synthetic|" + r.configHash());
        java.time.Instant now = java.time.Instant.now();
        return new RunResult(r.outcome(), learned ? r.confirmStep() - (long) r.knobs().hold() * r.evalEvery() : null, r.confirmStep(), r.stepsTrained(),
                acc, acc, 1.0, learned ? 0.1 : 3, 0.1, 1, fp, (int) Math.min(Integer.MAX_VALUE, r.knobs().nTrain()), 1000, r.knobs().classes(), "synthetic", curve,
                Provenance.forTraining(r.config(), fp, "synthetic", now, now));
    }

    /** Imports synthetic runs into a store (source "synthetic"); returns how many were new. */
    public static int importInto(Store store, List<RunRecord> runs) {
        int n = 0;
        for (RunRecord r : runs) if (store.queue().importRun(r.config(), result(r), "synthetic") != null) n++;
        return n;
    }

    /** A fingerprint of a synthetic corpus (for provenance). */
    public static String describe(int groups, int maxSeeds, long seed) {
        return "synthetic:" + Hashing.sha256Hex(groups + "|" + maxSeeds + "|" + seed).substring(0, 12);
    }
}
