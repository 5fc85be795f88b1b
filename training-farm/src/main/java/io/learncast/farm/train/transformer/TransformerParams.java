package io.learncast.farm.train.transformer;

import io.learncast.farm.train.InitialWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The transformer's parameters, in one canonical order that every trainer shares, and their initial
 * values. With d = d_model, m = d_mlp, V the vocabulary (read-out token included), T the positions and
 * C the classes:
 *
 * <pre>
 * embed.tokens     V × d       token embeddings                      weight
 * embed.positions  T × d       learned positional embeddings         weight
 * per block l = 0 … layers−1:
 *   l.ln1.gain, l.ln1.bias    d   (only with LayerNorm)             gain 1 / bias 0
 *   l.attn.qkv.w    d × 3d     columns [Q | K | V], head h at h·d/H … within each   weight
 *   l.attn.qkv.b    3d                                               bias
 *   l.attn.out.w    d × d      rows: the heads' outputs, concatenated weight
 *   l.attn.out.b    d                                                bias
 *   l.ln2.gain, l.ln2.bias    d   (only with LayerNorm)
 *   l.mlp.in.w      d × m, l.mlp.in.b   m                            weight / bias
 *   l.mlp.out.w     m × d, l.mlp.out.b  d                            weight / bias
 * final.ln.gain, final.ln.bias d  (only with LayerNorm)
 * unembed.w        d × C, unembed.b  C                               weight / bias (untied from embed)
 * </pre>
 *
 * <p>Matrices are row-major {@code [fan_in][fan_out]} (a row vector times the matrix), as in
 * {@link InitialWeights}. Biases sit where {@code nn.Linear} and {@code nn.MultiheadAttention} put them
 * (every projection has one; embeddings have none); LayerNorm has a gain and a bias.
 *
 * <p>Initial values come from the run's init seed alone, in plain Java, so every trainer starts from the
 * same numbers: one {@link SplittableRandom} draws the weights in the order above, each matrix row by
 * row, from N(0, (initScale / √fan_in)²) with fan_in = d_model for the embeddings and the d-row
 * matrices and d_mlp for {@code mlp.out.w} (1/√d_model throughout is Nanda et al.'s choice; the
 * MLP's 1/√fan_in rule gives the same here); biases start at 0 and gains at 1. Weight decay applies to
 * the weights (embeddings and unembedding included), never to biases or LayerNorm parameters.
 */
public final class TransformerParams {
    private TransformerParams() {}

    public enum Kind { WEIGHT, BIAS, GAIN }

    /** One parameter tensor: {@code rows × cols} (a vector has one row), its role, and the fan-in of its init. */
    public record Tensor(String name, int rows, int cols, Kind kind, int fanIn) {
        public int size() { return rows * cols; }

        /** Weight decay applies to weights only. */
        public boolean decayed() { return kind == Kind.WEIGHT; }
    }

    /** The tensors in canonical order. */
    public static List<Tensor> tensors(TransformerShape s, int vocab, int positions, int classes) {
        int d = s.dModel();
        int m = s.dMlp();
        List<Tensor> t = new ArrayList<>();
        t.add(new Tensor("embed.tokens", vocab, d, Kind.WEIGHT, d));
        t.add(new Tensor("embed.positions", positions, d, Kind.WEIGHT, d));
        for (int l = 0; l < s.layers(); l++) {
            String p = l + ".";
            if (s.layerNorm()) layerNorm(t, p + "ln1", d);
            t.add(new Tensor(p + "attn.qkv.w", d, 3 * d, Kind.WEIGHT, d));
            t.add(new Tensor(p + "attn.qkv.b", 1, 3 * d, Kind.BIAS, d));
            t.add(new Tensor(p + "attn.out.w", d, d, Kind.WEIGHT, d));
            t.add(new Tensor(p + "attn.out.b", 1, d, Kind.BIAS, d));
            if (s.layerNorm()) layerNorm(t, p + "ln2", d);
            t.add(new Tensor(p + "mlp.in.w", d, m, Kind.WEIGHT, d));
            t.add(new Tensor(p + "mlp.in.b", 1, m, Kind.BIAS, d));
            t.add(new Tensor(p + "mlp.out.w", m, d, Kind.WEIGHT, m));
            t.add(new Tensor(p + "mlp.out.b", 1, d, Kind.BIAS, m));
        }
        if (s.layerNorm()) layerNorm(t, "final.ln", d);
        t.add(new Tensor("unembed.w", d, classes, Kind.WEIGHT, d));
        t.add(new Tensor("unembed.b", 1, classes, Kind.BIAS, d));
        return t;
    }

    private static void layerNorm(List<Tensor> t, String name, int d) {
        t.add(new Tensor(name + ".gain", 1, d, Kind.GAIN, d));
        t.add(new Tensor(name + ".bias", 1, d, Kind.BIAS, d));
    }

    /** Initial values of {@code tensors}, one row-major array each (see the class comment). */
    public static float[][] initial(List<Tensor> tensors, long initSeed, double initScale) {
        SplittableRandom rnd = new SplittableRandom(initSeed);
        float[][] out = new float[tensors.size()][];
        for (int i = 0; i < out.length; i++) {
            Tensor t = tensors.get(i);
            float[] v = new float[t.size()];
            switch (t.kind()) {
                case WEIGHT -> {
                    double sd = initScale / Math.sqrt(t.fanIn());
                    for (int j = 0; j < v.length; j++) v[j] = (float) (InitialWeights.gaussian(rnd) * sd);
                }
                case GAIN -> java.util.Arrays.fill(v, 1f);
                case BIAS -> { } // zeros
            }
            out[i] = v;
        }
        return out;
    }
}
