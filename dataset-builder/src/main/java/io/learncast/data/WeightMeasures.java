package io.learncast.data;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What a network's weights look like at one evaluation: a few numbers per weight matrix, and for token
 * tasks how concentrated the input embedding and the output (unembedding) matrix are in the Fourier
 * basis of the input group Z_p (the key-frequency measure of Nanda et al. 2023). Computed from weight
 * matrices only (plus the train-set margin), so any architecture that can list its matrices can have them.
 *
 * @param layers      one entry per weight matrix, input first
 * @param embed       Fourier measure of the input embedding over the token group; null for dense inputs
 * @param unembed     Fourier measure of the output matrix over the class index; null unless classes form Z_p
 * @param trainMargin mean over the evaluated training rows of (logit of the label − largest other logit); NaN if not measured
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WeightMeasures(List<Layer> layers, Fourier embed, Fourier unembed, double trainMargin) {

    public WeightMeasures {
        layers = List.copyOf(layers);
    }

    /**
     * One weight matrix (biases excluded).
     *
     * @param spectral   largest singular value, by power iteration
     * @param stableRank {@code ‖W‖_F² / ‖W‖₂²}: the effective rank that needs no SVD (1 for rank one, ≤ rank)
     */
    public record Layer(int rows, int cols, double frobenius, double spectral, double stableRank) {}

    /**
     * Power of a matrix along a Z_p axis, by frequency k = 1 … ⌊p/2⌋ (k and p−k together; k = 0, the
     * constant, left out).
     *
     * @param topKShare     share of that (non-constant) power in the {@code topK} strongest frequencies
     * @param concentration 1 − (spectral entropy / log of the number of frequencies): 0 spread evenly, 1 one frequency
     * @param keyFrequencies the {@code topK} strongest frequencies, strongest first
     */
    public record Fourier(int group, int topK, double topKShare, double concentration, List<Integer> keyFrequencies) {
        public Fourier {
            keyFrequencies = List.copyOf(keyFrequencies);
        }
    }

    /** Sum of the matrices' squared Frobenius norms, rooted: the weight norm without biases. */
    public double weightNorm() {
        double s = 0;
        for (Layer l : layers) s += l.frobenius * l.frobenius;
        return Math.sqrt(s);
    }
}
