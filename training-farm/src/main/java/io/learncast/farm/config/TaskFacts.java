package io.learncast.farm.config;

import io.learncast.data.SequenceFormat;
import io.learncast.data.Task;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;

/**
 * Facts about a task that do not need its data materialised: its kind (the spec's name), the size of its
 * universe, input width, classes, whether inputs are tokens, and its sequence form for a transformer
 * ({@code positions} and {@code vocab}, read-out token included; 0 when it has none, e.g. a CSV table). The
 * store's typed columns and the forecaster's features (which keeps them in model artifacts) both read these.
 */
public record TaskFacts(String kind, long universe, int inputWidth, int classes, boolean tokens, int positions, int vocab) {

    /** Facts known without building the task (from a stored run whose task cannot be built here): no sequence form. */
    public TaskFacts(String kind, long universe, int inputWidth, int classes, boolean tokens) { this(kind, universe, inputWidth, classes, tokens, 0, 0); }

    /** The facts of a config's task, built with the config's data seed. */
    public static TaskFacts of(RunConfig c) { return of(TaskCatalog.create(TaskSpec.parse(c.task(), "task"), c.dataSeed(), "task")); }

    public static TaskFacts of(Task t) {
        SequenceFormat seq = SequenceFormat.orNull(t.spec().name(), t.inputSpace());
        return new TaskFacts(t.spec().name(), t.universeSize(), t.inputSpace().inputWidth(), t.numClasses(), t.inputSpace().isTokens(),
                seq == null ? 0 : seq.positions(), seq == null ? 0 : seq.vocab());
    }

    /** A config's training-set size: its count, or its fraction of the universe (at least 1). */
    public long nTrain(RunConfig c) { return c.trainFrac() != null ? Math.max(1, Math.round(c.trainFrac() * universe)) : c.nTrain(); }

    public long paramCount(RunConfig c) {
        if (c.model().isTransformer()) {
            if (positions == 0) SequenceFormat.requireSequenceTask(c.taskSpec().name()); // the format's clear error
            return c.model().transformerParamCount(vocab, positions, classes);
        }
        return c.paramCount(inputWidth, classes);
    }

    /** Examples the optimiser sees per step. */
    public long effectiveBatch(RunConfig c) {
        long n = nTrain(c);
        return c.fullBatch() ? n : Math.min(c.batch(), n);
    }
}
