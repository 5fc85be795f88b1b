package io.learncast.farm.store;

import java.util.List;

/**
 * Aggregates and sorted pages over runs, computed in the store (the dashboard's queries): a phase diagram's
 * cells, the runs of one cell, a sorted page of runs, and the tasks with their properties.
 */
public interface RunStats {

    /** The cells of a phase diagram that hold at least one run, by x then y. */
    List<PhaseCell> phase(PhaseQuery q);

    /** The runs of one cell (its bins as {@link #phase} gives them), by id, at most {@code limit}. */
    List<StoredRun> cellRuns(PhaseQuery q, double xBin, double yBin, int limit);

    /** A page of runs matching {@code filter} (its limit and offset), sorted by {@code order}, then id. */
    List<StoredRun> runs(RunFilter filter, RunOrder order, boolean descending);

    /** Every task with each property its runs were judged by, most runs first. */
    List<TaskProperty> tasks();
}
