package io.learncast.eval.scoring;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The seed-noise ceiling on a split's scored rows: over every (config, budget) cell trained with
 * several seeds, the Brier score of predicting each seed's outcome by its siblings' mean
 * ({@code siblingBrier}, the ceiling), the unbiased irreducible-noise estimate ({@code floor}), and the
 * forecaster's Brier on exactly those rows with its ratio to the ceiling (1 = as good as knowing the
 * siblings' outcomes; below 1 is possible because a model pools neighbouring configs, while the sibling
 * mean of few seeds is itself noisy) and its ratio to the floor ({@code floorRatio}: 1 is perfect), with a
 * 95 % interval for that ratio from the split's group bootstrap (whole configs resampled, so a cell's seeds stay
 * together): a target such as "≤ 2× the floor" is read against the interval, not the point alone.
 */
public record Ceiling(@JsonProperty("cells") int cells,
                      @JsonProperty("rows") int rows,
                      @JsonProperty("sibling_brier") double siblingBrier,
                      @JsonProperty("floor") double floor,
                      @JsonProperty("mixed_cells") double mixedCells,
                      @JsonProperty("forecaster_brier") double forecasterBrier,
                      @JsonProperty("ratio") double ratio,
                      @JsonProperty("floor_ratio") double floorRatio,
                      @JsonProperty("floor_ratio_interval") io.learncast.eval.metrics.Interval floorRatioInterval) {

    /** "2.65× [2.10, 3.31]", or the point alone when the bootstrap gave no interval. */
    public String floorRatioText() {
        if (floorRatioInterval == null || Double.isNaN(floorRatioInterval.low())) return String.format(java.util.Locale.ROOT, "%.2f×", floorRatio);
        return String.format(java.util.Locale.ROOT, "%.2f× [%.2f, %.2f]", floorRatio, floorRatioInterval.low(), floorRatioInterval.high());
    }
}
