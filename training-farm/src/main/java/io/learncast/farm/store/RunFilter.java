package io.learncast.farm.store;

import io.learncast.farm.result.Outcome;

import java.util.List;

/**
 * A typed query over runs. Every field is optional (null = any); values are bound as parameters,
 * never spliced into SQL.
 */
public record RunFilter(
        String task,
        RunState state,
        Outcome outcome,
        String source,
        Integer minWidth,
        Integer maxWidth,
        Long sweepId,
        Boolean learned,
        List<Long> ids,
        int limit,
        int offset) {

    public static final int UNLIMITED = Integer.MAX_VALUE;

    public static RunFilter all() { return new RunFilter(null, null, null, null, null, null, null, null, null, UNLIMITED, 0); }

    public static RunFilter done() { return all().withState(RunState.DONE); }

    public RunFilter withState(RunState s) { return new RunFilter(task, s, outcome, source, minWidth, maxWidth, sweepId, learned, ids, limit, offset); }

    public RunFilter withTask(String t) { return new RunFilter(t, state, outcome, source, minWidth, maxWidth, sweepId, learned, ids, limit, offset); }

    public RunFilter withOutcome(Outcome o) { return new RunFilter(task, state, o, source, minWidth, maxWidth, sweepId, learned, ids, limit, offset); }

    public RunFilter withSource(String s) { return new RunFilter(task, state, outcome, s, minWidth, maxWidth, sweepId, learned, ids, limit, offset); }

    public RunFilter withWidth(Integer min, Integer max) { return new RunFilter(task, state, outcome, source, min, max, sweepId, learned, ids, limit, offset); }

    public RunFilter withSweep(Long id) { return new RunFilter(task, state, outcome, source, minWidth, maxWidth, id, learned, ids, limit, offset); }

    public RunFilter withLearned(Boolean l) { return new RunFilter(task, state, outcome, source, minWidth, maxWidth, sweepId, l, ids, limit, offset); }

    public RunFilter withIds(List<Long> i) { return new RunFilter(task, state, outcome, source, minWidth, maxWidth, sweepId, learned, i, limit, offset); }

    public RunFilter page(int limit, int offset) { return new RunFilter(task, state, outcome, source, minWidth, maxWidth, sweepId, learned, ids, limit, offset); }
}
