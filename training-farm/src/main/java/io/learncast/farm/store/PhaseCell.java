package io.learncast.farm.store;

/**
 * One cell of a phase diagram: its bins, its runs, how many are DONE, how many can tell whether the property
 * was reached within the budget ({@code known}: learned within it, or trained at least that long), how many
 * did ({@code learned}), how many diverged, and one run of the cell (the lowest id) to forecast it by.
 */
public record PhaseCell(double x, double y, long runs, long done, long known, long learned, long diverged, long sampleRunId) {
    /** The observed fraction learned within the budget, or null when no run can tell. */
    public Double fraction() { return known == 0 ? null : learned / (double) known; }
}
