package io.learncast.farm.train;

import io.learncast.data.Dataset;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.RunResult;

/** Trains one run to its budget (or until the property is confirmed, or it diverges). */
public interface Trainer {

    String name();

    /** Trains {@code config} on {@code data}; returns null if {@code listener} asked to abandon the run. */
    RunResult train(RunConfig config, Dataset data, TrainingListener listener);
}
