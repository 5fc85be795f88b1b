package io.learncast.farm.train.fast.bench;

import io.learncast.data.Dataset;
import io.learncast.data.Datasets;
import io.learncast.data.Metric;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * A standard benchmark workload: one network shape, optimiser and batch size, trained for {@code steps}
 * steps with an evaluation every 100 (as the farm does). Early stopping is off (the property must hold
 * for 100 evaluations), so every run trains its whole budget on every side.
 */
record Workload(String key, String title, RunConfig config, int runs) {
    static final int EVAL_EVERY = 100;

    static List<Workload> standard() {
        return List.of(
                new Workload("modadd97", "modadd p=97, w64, batch 512, frac 0.5",
                        base("modadd:p=97", 0.5, null, 1, 64, Optimizer.ADAMW, 1e-3, 1.0, 512, 500), 8),
                new Workload("modadd23", "modadd p=23, w256, full batch, frac 0.8",
                        base("modadd:p=23", 0.8, null, 1, 256, Optimizer.ADAMW, 1e-3, 1.0, 0, 500), 8),
                new Workload("parity", "sparse parity n=20 k=3, w64, batch 32, 2k train",
                        base("sparse-parity:n=20,k=3", null, 2000, 1, 64, Optimizer.SGD, 0.1, 0.0, 32, 2000), 16),
                new Workload("addition", "2-digit addition, d2×w128, batch 256, frac 0.5",
                        base("addition:digits=2", 0.5, null, 2, 128, Optimizer.ADAMW, 1e-3, 0.1, 256, 300), 8));
    }

    private static RunConfig base(String task, Double frac, Integer n, int depth, int width, Optimizer opt, double lr, double wd, int batch, long steps) {
        return RunConfig.defaults(task).withData(frac, n, null, 0).withModel(depth, width, Activation.RELU, 1.0)
                .withOptim(opt, lr, wd, batch).withBudget(steps, EVAL_EVERY, null)
                .withProperty(task, Metric.TEST_ACC, 0.95, 100); // never confirmed within the budget: no early stop
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
