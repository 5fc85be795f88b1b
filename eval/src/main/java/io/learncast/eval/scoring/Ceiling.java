package io.learncast.eval.scoring;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The seed-noise ceiling on a split's scored rows: over every (config, budget) cell trained with
 * several seeds, the Brier score of predicting each seed's outcome by its siblings' mean
 * ({@code siblingBrier}, the ceiling), the unbiased irreducible-noise estimate ({@code floor}), and the
 * forecaster's Brier on exactly those rows with its ratio to the ceiling (1 = as good as knowing the
 * siblings' outcomes; below 1 is possible because a model pools neighbouring configs, while the sibling
 * mean of few seeds is itself noisy) and its ratio to the floor ({@code floorRatio}: 1 is perfect).
 */
public record Ceiling(@JsonProperty("cells") int cells,
                      @JsonProperty("rows") int rows,
                      @JsonProperty("sibling_brier") double siblingBrier,
                      @JsonProperty("floor") double floor,
                      @JsonProperty("mixed_cells") double mixedCells,
                      @JsonProperty("forecaster_brier") double forecasterBrier,
                      @JsonProperty("ratio") double ratio,
                      @JsonProperty("floor_ratio") double floorRatio) {}
