package io.learncast.farm.train.transformer;

import io.learncast.data.SequenceFormat;
import io.learncast.data.Dataset;
import io.learncast.farm.config.RunConfig;

import java.util.List;

/**
 * One transformer as a trainer builds it: a {@link TransformerShape} applied to a task's sequences
 * ({@link SequenceFormat}) and classes. The maths every trainer implements:
 *
 * <pre>
 * h₀[t]   = embed.tokens[x_t] + embed.positions[t]                         t = 0 … T−1
 * block l:  a   = LN₁(h) or h
 *           q, k, v = a·W_qkv + b_qkv, split in H heads of d/H
 *           A_h[i, j] = softmax_j( q_h[i]·k_h[j] / √(d/H) ) over j ≤ i     (causal)
 *           h  += concat_h(Σ_j A_h[i, j] v_h[j]) · W_out + b_out
 *           h  += ReLU(LN₂(h)·W_in + b_in) · W_mlp_out + b_mlp_out          (LN₂(h) = h without LayerNorm)
 * logits  = LN_f(h[T−1]) · W_U + b_U                                        (read-out at the last position)
 * loss    = mean over the minibatch of −log softmax(logits)[label]
 * </pre>
 *
 * LayerNorm (when on) is {@code (x − mean)/√(var + ε)·gain + bias} over the d_model features, biased
 * variance, ε = {@value #LN_EPS} (PyTorch's {@code nn.LayerNorm} default).
 */
public record TransformerModel(TransformerShape shape, SequenceFormat format, int classes) {
    public static final float LN_EPS = 1e-5f;

    /** The model for {@code shape} on dataset {@code d}; a {@link io.learncast.common.UserError} if d is not a token task. */
    public static TransformerModel of(TransformerShape shape, Dataset d) {
        return new TransformerModel(shape, SequenceFormat.of(d), d.numClasses());
    }

    public int positions() { return format.positions(); }

    public int vocab() { return format.vocab(); }

    public List<TransformerParams.Tensor> tensors() {
        return TransformerParams.tensors(shape, vocab(), positions(), classes);
    }

    /** The run's initial parameters, in {@link #tensors()} order. */
    public float[][] initial(RunConfig c) {
        return TransformerParams.initial(tensors(), c.initSeed(), c.initScale());
    }

    /** Softmax temperature of the attention scores: 1/√(d_model / heads). */
    public float attentionScale() {
        return (float) (1.0 / Math.sqrt(shape.headDim()));
    }

    public long paramCount() { return shape.paramCount(vocab(), positions(), classes); }
}
