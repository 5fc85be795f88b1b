package io.learncast.farm.train;

import io.learncast.data.Dataset;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.RunResult;

import java.util.List;

/**
 * Trains several runs of one shape (equal {@link RunConfig#shapeKey()}) together. Each run keeps its
 * own seed, data, learning rate, weight decay, budget and early stop. Results come back in input
 * order; an entry is null where that run's listener asked to abandon it.
 */
public interface BatchTrainer {

    String name();

    /** How many runs this trainer takes at once (1 for one-at-a-time trainers). */
    int maxBatch();

    List<RunResult> train(List<RunConfig> configs, List<Dataset> data, List<TrainingListener> listeners);

    /** Any single-run trainer, run by run. */
    static BatchTrainer oneAtATime(Trainer t) {
        return new BatchTrainer() {
            @Override public String name() { return t.name(); }

            @Override public int maxBatch() { return 1; }

            @Override
            public List<RunResult> train(List<RunConfig> configs, List<Dataset> data, List<TrainingListener> listeners) {
                java.util.ArrayList<RunResult> out = new java.util.ArrayList<>();
                for (int i = 0; i < configs.size(); i++) out.add(t.train(configs.get(i), data.get(i), listeners.get(i)));
                return out;
            }
        };
    }
}
