package io.learncast.farm.config;

/** The optimiser: kind, learning rate, weight decay and batch size (0 = the whole training set). */
public record OptimConfig(Optimizer optimizer, double lr, double wd, int batch) {
    public OptimConfig {
        if (optimizer == null) optimizer = Optimizer.ADAMW;
    }

    public boolean fullBatch() { return batch == 0; }
}
