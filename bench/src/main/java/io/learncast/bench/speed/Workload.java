package io.learncast.bench.speed;

import io.learncast.farm.config.ModelConfig;
import io.learncast.data.DataSpec;
import io.learncast.farm.config.TargetConfig;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.OptimConfig;
import io.learncast.data.Dataset;
import io.learncast.data.Datasets;
import io.learncast.data.Metric;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.train.BatchTrainer;
import io.learncast.farm.train.fast.FastTrainer;
import io.learncast.farm.train.fast.FastTransformerTrainer;
import io.learncast.farm.train.transformer.TransformerShape;

import java.util.ArrayList;
import java.util.List;

/**
 * A standard benchmark workload: one network shape, optimiser and batch size, trained for {@code steps}
 * steps with an evaluation every 100 (as the farm does). Early stopping is off (the property must hold
 * for 100 evaluations), so every run trains its whole budget on every side. {@code transformer} is the
 * transformer's shape, or null for the MLP given by the config's depth and width.
 */
record Workload(String key, String title, RunConfig config, int runs, TransformerShape transformer) {
    static final int EVAL_EVERY = 100;

    Workload(String key, String title, RunConfig config, int runs) {
        this(key, title, config, runs, null);
    }

    static List<Workload> standard() {
        return List.of(
                new Workload("modadd97", "modadd p=97, w64, batch 512, frac 0.5",
                        base("modadd:p=97", 0.5, null, 1, 64, Optimizer.ADAMW, 1e-3, 1.0, 512, 500), 8),
                new Workload("modadd23", "modadd p=23, w256, full batch, frac 0.8",
                        base("modadd:p=23", 0.8, null, 1, 256, Optimizer.ADAMW, 1e-3, 1.0, 0, 500), 8),
                new Workload("parity", "sparse parity n=20 k=3, w64, batch 32, 2k train",
                        base("sparse-parity:n=20,k=3", null, 2000, 1, 64, Optimizer.SGD, 0.1, 0.0, 32, 2000), 16),
                new Workload("addition", "2-digit addition, d2×w128, batch 256, frac 0.5",
                        base("addition:digits=2", 0.5, null, 2, 128, Optimizer.ADAMW, 1e-3, 0.1, 256, 300), 8),
                new Workload("tfm23", "transformer 1L d64 h4, modadd p=23, full batch, frac 0.5",
                        base("modadd:p=23", 0.5, null, 1, 64, Optimizer.ADAMW, 1e-3, 1.0, 0, 500), 8, TransformerShape.of(1, 64, 4)),
                new Workload("tfm47", "transformer 1L d64 h4, modadd p=47, full batch, frac 0.3",
                        base("modadd:p=47", 0.3, null, 1, 64, Optimizer.ADAMW, 1e-3, 1.0, 0, 300), 8, TransformerShape.of(1, 64, 4)),
                new Workload("tfm97", "transformer 2L d128 h4, modadd p=97, batch 256, frac 0.3",
                        base("modadd:p=97", 0.3, null, 1, 128, Optimizer.ADAMW, 1e-3, 1.0, 256, 200), 4, TransformerShape.of(2, 128, 4)));
    }

    boolean isTransformer() { return transformer != null; }

    /** The farm's fast trainer for this workload's architecture. */
    BatchTrainer fast() {
        return transformer == null ? new FastTrainer() : new FastTransformerTrainer(transformer);
    }

    /** The reference trainer (DL4J for the MLP, SameDiff for the transformer), one run at a time. */
    BatchTrainer reference() {
        return transformer == null ? BatchTrainer.oneAtATime(new io.learncast.farm.train.Dl4jTrainer())
                : new io.learncast.farm.train.transformer.SameDiffTransformerTrainer(transformer);
    }

    private static RunConfig base(String task, Double frac, Integer n, int depth, int width, Optimizer opt, double lr, double wd, int batch, long steps) {
        return RunConfig.defaults(task).with(new DataSpec(frac, n, null, 0)).with(ModelConfig.mlp(depth, width, Activation.RELU, 1.0))
                .with(new OptimConfig(opt, lr, wd, batch)).with(new BudgetConfig(steps, EVAL_EVERY, null))
                .with(new TargetConfig(task, Metric.TEST_ACC, 0.95, 100)); // never confirmed within the budget: no early stop
    }

    /** Replica {@code i} of this workload (its own seed: own data split, init and order). */
    RunConfig replica(int i) {
        return config.withReplica(0xBE7C, i);
    }

    List<RunConfig> replicas(int from, int count) {
        List<RunConfig> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(replica(from + i));
        return out;
    }

    static Dataset data(RunConfig c) {
        return Datasets.build(c.taskSpec(), c.dataSpec(), c.dataSeed());
    }
}
