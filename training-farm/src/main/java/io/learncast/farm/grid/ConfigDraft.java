package io.learncast.farm.grid;

import io.learncast.data.Metric;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;

import java.util.List;

/**
 * A run config under construction: starts from {@code learncast train}'s defaults, takes one value per
 * axis, and becomes a {@link RunConfig} (which validates it) in one step.
 */
final class ConfigDraft {
    String task;
    Metric metric;
    double threshold;
    int hold;
    Double trainFrac;
    Integer nTrain;
    Integer testSize;
    double labelNoise;
    int depth;
    int width;
    Activation activation;
    double initScale;
    Optimizer optimizer;
    double lr;
    /** Null until an axis sets it: the default depends on the optimiser. */
    Double wd;
    int batch;
    long steps;
    int evalEvery;
    List<Long> budgets;

    /** Defaults as {@code learncast train} has them; the data default (fraction or size) is the caller's. */
    ConfigDraft(String task, Metric metric, double threshold, int hold, long steps, int evalEvery, List<Long> budgets) {
        RunConfig d = RunConfig.defaults("modadd:p=7");
        this.task = task;
        this.metric = metric;
        this.threshold = threshold;
        this.hold = hold;
        this.trainFrac = d.trainFrac();
        this.nTrain = null;
        this.testSize = d.testSize();
        this.labelNoise = d.labelNoise();
        this.depth = d.depth();
        this.width = d.width();
        this.activation = d.activation();
        this.initScale = d.initScale();
        this.optimizer = d.optimizer();
        this.lr = d.lr();
        this.wd = null;
        this.batch = d.batch();
        this.steps = steps;
        this.evalEvery = evalEvery;
        this.budgets = budgets;
    }

    /** Default training-set size for tasks too large for a train fraction (as {@code learncast train}). */
    static final int DEFAULT_N_TRAIN = 1000;

    /** Uses a fraction of the universe, or a number of examples when the task has too many for a fraction. */
    ConfigDraft dataDefaultFor(boolean fractionAllowed) {
        if (fractionAllowed) {
            trainFrac = 0.5;
            nTrain = null;
        } else {
            trainFrac = null;
            nTrain = DEFAULT_N_TRAIN;
        }
        return this;
    }

    ConfigDraft set(AxisField f, Object v) {
        switch (f) {
            case TASK -> task = (String) v;
            case DEPTH -> depth = (Integer) v;
            case WIDTH -> width = (Integer) v;
            case ACTIVATION -> activation = Activation.parse((String) v, "activation");
            case INIT_SCALE -> initScale = (Double) v;
            case OPTIMIZER -> optimizer = Optimizer.parse((String) v, "optimizer");
            case LR -> lr = (Double) v;
            case WD -> wd = (Double) v;
            case BATCH -> batch = (Integer) v;
            case TRAIN_FRAC -> {
                trainFrac = (Double) v;
                nTrain = null;
            }
            case N_TRAIN -> {
                nTrain = (Integer) v;
                trainFrac = null;
            }
            case LABEL_NOISE -> labelNoise = (Double) v;
            case TEST_SIZE -> testSize = (Integer) v;
        }
        return this;
    }

    RunConfig build() {
        return new RunConfig(task, metric, threshold, hold, trainFrac, nTrain, testSize, labelNoise, depth, width, activation, initScale,
                optimizer, lr, wd != null ? wd : optimizer.defaultWeightDecay(), batch, steps, evalEvery, budgets, 0, 0);
    }
}
