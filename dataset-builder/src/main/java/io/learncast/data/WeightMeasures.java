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
 * @param logits      restricted / excluded logits on training rows (Z_p → Z_p tasks); null when not measured
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WeightMeasures(List<Layer> layers, Fourier embed, Fourier unembed, double trainMargin, Logits logits) {

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

    /**
     * Training rows' logits split by frequency along the class axis Z_p (Nanda et al. 2023's restricted and
     * excluded logits), at the unembedding's key frequencies.
     *
     * @param rows           training rows probed
     * @param keyFrequencies the frequencies kept (restricted) or removed (excluded)
     * @param keyShare       share of the logits' non-constant power at those frequencies (mean over rows, power-weighted)
     * @param restrictedAcc  training accuracy of the logits restricted to the constant and the key frequencies
     * @param excludedAcc    training accuracy of the logits with the key frequencies removed
     */
    public record Logits(int rows, List<Integer> keyFrequencies, double keyShare, double restrictedAcc, double excludedAcc) {
        public Logits {
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
