package io.learncast.farm.config;

/**
 * The optimiser: kind, learning rate, weight decay, batch size (0 = the whole training set) and whether an epoch's
 * incomplete last batch is dropped (learncast's trainers drop it; {@link Toggle#OFF} describes imported runs that kept it).
 */
public record OptimConfig(Optimizer optimizer, double lr, double wd, int batch, Toggle dropLast) {
    public OptimConfig {
        if (optimizer == null) optimizer = Optimizer.ADAMW;
        // a full batch has no incomplete last batch: one identity whatever drop_last says
        if (dropLast == null || batch == 0) dropLast = Toggle.ON;
    }

    public OptimConfig(Optimizer optimizer, double lr, double wd, int batch) { this(optimizer, lr, wd, batch, Toggle.ON); }

    public boolean fullBatch() { return batch == 0; }
}
