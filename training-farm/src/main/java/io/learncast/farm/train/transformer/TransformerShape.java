package io.learncast.farm.train.transformer;

import io.learncast.common.UserError;
import io.learncast.farm.config.ModelConfig;

/**
 * The shape of a small decoder-only transformer: {@code layers} blocks of causal multi-head
 * self-attention ({@code heads} heads over a residual stream of width {@code dModel}) and a ReLU MLP
 * ({@code dMlp} hidden units; 0 means the default 4·d_model), with or without pre-LayerNorm. The
 * architecture itself is described in {@link TransformerParams} and docs/PERFORMANCE.md.
 *
 * <p>Validation errors name the knob key ({@code layers}, {@code d_model}, {@code heads}, {@code d_mlp}),
 * which callers relocate to their own flag or spec path.
 */
public record TransformerShape(int layers, int dModel, int heads, int dMlp, boolean layerNorm) {
    public static final int MAX_LAYERS = ModelConfig.MAX_LAYERS;
    public static final int MIN_D_MODEL = ModelConfig.MIN_D_MODEL;
    public static final int MAX_D_MODEL = ModelConfig.MAX_D_MODEL;
    public static final int MAX_HEADS = ModelConfig.MAX_HEADS;
    public static final int MAX_D_MLP = ModelConfig.MAX_D_MLP;

    public TransformerShape {
        check(layers >= 1 && layers <= MAX_LAYERS, "layers", "layers " + layers + " is out of range", "the number of transformer blocks, 1–" + MAX_LAYERS);
        check(dModel >= MIN_D_MODEL && dModel <= MAX_D_MODEL, "d_model", "d_model " + dModel + " is out of range",
                "the width of the residual stream, " + MIN_D_MODEL + "–" + MAX_D_MODEL + ", e.g. 64 or 128");
        check(heads >= 1 && heads <= MAX_HEADS, "heads", "heads " + heads + " is out of range", "attention heads per block, 1–" + MAX_HEADS + ", dividing d_model");
        check(dModel % heads == 0, "heads", heads + " heads do not divide d_model " + dModel,
                "choose heads dividing d_model, e.g. " + divisors(dModel));
        if (dMlp == 0) dMlp = 4 * dModel;
        check(dMlp >= 1 && dMlp <= MAX_D_MLP, "d_mlp", "d_mlp " + dMlp + " is out of range", "hidden units of each block's MLP, 1–" + MAX_D_MLP + " (default 4·d_model)");
    }

    /** A shape with the default MLP width (4·d_model) and no LayerNorm, as in Nanda et al.'s grokking setup. */
    public static TransformerShape of(int layers, int dModel, int heads) {
        return new TransformerShape(layers, dModel, heads, 0, false);
    }

    /** The shape a transformer config asks for. */
    public static TransformerShape of(ModelConfig m) {
        if (!m.isTransformer()) throw new IllegalArgumentException("not a transformer config");
        return new TransformerShape(m.layers(), m.dModel(), m.heads(), m.dMlp(), m.layerNorm().on());
    }

    public TransformerShape withLayerNorm(boolean on) {
        return new TransformerShape(layers, dModel, heads, dMlp, on);
    }

    /** Width of one attention head: d_model / heads. */
    public int headDim() { return dModel / heads; }

    /**
     * Trainable parameters for a vocabulary of {@code vocab} tokens (read-out token included), sequences of
     * {@code positions} and {@code classes} outputs: the sum of {@link TransformerParams#tensors}' sizes.
     */
    public long paramCount(int vocab, int positions, int classes) {
        return ModelConfig.transformerParams(layers, dModel, dMlp, layerNorm, vocab, positions, classes);
    }

    /**
     * Forward-pass FLOPs for one example, counted as a researcher's implementation spends them: every
     * position through every block (QKV, attention scores and mixing, output projection, MLP), 2 FLOPs a
     * multiply-add, the attention scores over all T×T pairs before the causal mask, the unembedding at the read-out position only; lookups, softmax, LayerNorm and
     * biases are not counted. (The fast trainer skips the last block's work at earlier positions, so it
     * spends fewer: see docs/PERFORMANCE.md.)
     */
    public double forwardFlopsPerExample(int positions, int classes) {
        return ModelConfig.transformerForwardFlops(layers, dModel, heads, dMlp, positions, classes);
    }

    /** Training FLOPs for one example: forward plus backward, the usual 3 × forward. */
    public double trainingFlopsPerExample(int positions, int classes) {
        return 3 * forwardFlopsPerExample(positions, classes);
    }

    /** One line for people, e.g. {@code 1L d64 h4 mlp256} or {@code 2L d128 h4 mlp512 ln}. */
    public String describe() {
        return layers + "L d" + dModel + " h" + heads + " mlp" + dMlp + (layerNorm ? " ln" : "");
    }

    private static String divisors(int n) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int h = 1; h <= Math.min(n, MAX_HEADS) && shown < 6; h++) {
            if (n % h == 0) {
                if (shown++ > 0) sb.append(", ");
                sb.append(h);
            }
        }
        return sb.toString();
    }

    private static void check(boolean ok, String key, String what, String hint) {
        if (!ok) throw new UserError(key, what, hint);
    }
}
