package io.learncast.farm.config;

import io.learncast.data.SequenceFormat;
import io.learncast.data.Task;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;

/**
 * Facts about a config's task that do not need the data materialised: input width, classes, the size
 * of the universe and of the training set, and its sequence form for a transformer ({@code positions} and
 * {@code vocab}, read-out token included; 0 when it has none). Used for typed store columns and forecaster features.
 */
public record TaskFacts(int inputWidth, int classes, long universe, long nTrain, boolean tokens, int positions, int vocab) {

    public static TaskFacts of(RunConfig c) {
        Task t = TaskCatalog.create(TaskSpec.parse(c.task(), "task"), c.dataSeed(), "task");
        long u = t.universeSize();
        long n = c.trainFrac() != null ? Math.max(1, Math.round(c.trainFrac() * u)) : c.nTrain();
        SequenceFormat seq = SequenceFormat.orNull(t.spec().name(), t.inputSpace());
        return new TaskFacts(t.inputSpace().inputWidth(), t.numClasses(), u, n, t.inputSpace().isTokens(),
                seq == null ? 0 : seq.positions(), seq == null ? 0 : seq.vocab());
    }

    public long paramCount(RunConfig c) {
        if (c.model().isTransformer()) {
            if (positions == 0) SequenceFormat.requireSequenceTask(c.taskSpec().name()); // the format's clear error
            return c.model().transformerParamCount(vocab, positions, classes);
        }
        return c.paramCount(inputWidth, classes);
    }

    /** Examples the optimiser sees per step. */
    public long effectiveBatch(RunConfig c) { return c.fullBatch() ? nTrain : Math.min(c.batch(), nTrain); }
}
