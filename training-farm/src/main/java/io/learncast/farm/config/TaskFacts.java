package io.learncast.farm.config;

import io.learncast.data.SequenceFormat;
import io.learncast.data.Task;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;

/**
 * Facts about a config's task that do not need the data materialised: input width, classes, the size
 * of the universe and of the training set. Used for typed store columns and forecaster features.
 */
public record TaskFacts(int inputWidth, int classes, long universe, long nTrain, boolean tokens) {

    public static TaskFacts of(RunConfig c) {
        Task t = TaskCatalog.create(TaskSpec.parse(c.task(), "task"), c.dataSeed(), "task");
        long u = t.universeSize();
        long n = c.trainFrac() != null ? Math.max(1, Math.round(c.trainFrac() * u)) : c.nTrain();
        return new TaskFacts(t.inputSpace().inputWidth(), t.numClasses(), u, n, t.inputSpace().isTokens());
    }

    public long paramCount(RunConfig c) {
        if (c.model().isTransformer()) {
            // the task as a token sequence (read-out token appended); a task that is not one is the format's clear error
            Task t = TaskCatalog.create(TaskSpec.parse(c.task(), "task"), c.dataSeed(), "task");
            SequenceFormat f = SequenceFormat.of(t.spec().name(), t.inputSpace());
            return c.model().transformerParamCount(f.vocab(), f.positions(), classes);
        }
        return c.paramCount(inputWidth, classes);
    }

    /** Examples the optimiser sees per step. */
    public long effectiveBatch(RunConfig c) { return c.fullBatch() ? nTrain : Math.min(c.batch(), nTrain); }
}
