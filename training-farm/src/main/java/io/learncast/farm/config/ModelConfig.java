package io.learncast.farm.config;

import io.learncast.common.UserError;
import io.learncast.farm.config.knob.Knob.Arch;

/**
 * The network. An MLP is {@code depth} hidden layers of {@code width} units with its activation; a
 * transformer is {@code layers} blocks of {@code heads}-head attention over a {@code dModel}-wide residual
 * stream and a ReLU MLP of {@code dMlp} units, with or without pre-LayerNorm. {@code initScale} applies to
 * both. The transformer's components are null on an MLP (so MLP configs keep their JSON and hashes); the
 * MLP's keep their defaults on a transformer. Ranges are the catalogue's
 * ({@link io.learncast.farm.config.knob.KnobCatalogue}), checked when a {@link RunConfig} is built.
 */
public record ModelConfig(int depth, int width, Activation activation, double initScale,
                          Arch arch, Integer layers, Integer dModel, Integer heads, Integer dMlp, Toggle layerNorm) {
    public static final int MAX_LAYERS = 4;
    public static final int MIN_D_MODEL = 4;
    public static final int MAX_D_MODEL = 1024;
    public static final int MAX_HEADS = 64;
    public static final int MAX_D_MLP = 8192;
    public static final int DEFAULT_D_MODEL = 128;
    public static final int DEFAULT_HEADS = 4;

    public ModelConfig {
        if (activation == null) activation = Activation.RELU;
        if (arch == null) arch = Arch.MLP;
        if (arch == Arch.TRANSFORMER) {
            if (layers == null) layers = 1;
            if (dModel == null) dModel = DEFAULT_D_MODEL;
            if (heads == null) heads = DEFAULT_HEADS;
            if (dMlp == null || dMlp == 0) dMlp = 4 * dModel;
            if (layerNorm == null) layerNorm = Toggle.OFF;
            // each in its range before how they combine, so the error names what is wrong
            io.learncast.farm.config.knob.KnobCatalogue.D_MODEL.check(dModel);
            io.learncast.farm.config.knob.KnobCatalogue.HEADS.check(heads);
            if (dModel % heads != 0) {
                throw new UserError("heads", heads + " heads do not divide d_model " + dModel, "choose heads dividing d_model: " + divisors(dModel));
            }
        } else {
            for (Object[] t : new Object[][] {{"layers", layers}, {"d_model", dModel}, {"heads", heads}, {"d_mlp", dMlp}, {"layer_norm", layerNorm}}) {
                if (t[1] != null) throw new UserError((String) t[0], t[0] + " does not apply to an MLP", "drop " + t[0] + ", or set arch transformer");
            }
        }
    }

    private static String divisors(int n) {
        java.util.List<String> d = new java.util.ArrayList<>();
        for (int i = 1; i <= Math.min(n, MAX_HEADS); i++) if (n % i == 0) d.add(Integer.toString(i));
        return String.join(", ", d);
    }

    /** An MLP of {@code depth} hidden layers of {@code width} units. */
    public static ModelConfig mlp(int depth, int width, Activation activation, double initScale) {
        return new ModelConfig(depth, width, activation, initScale, Arch.MLP, null, null, null, null, null);
    }

    /** A transformer ({@code dMlp} 0 = 4·d_model), init scale 1. */
    public static ModelConfig transformer(int layers, int dModel, int heads, int dMlp, boolean layerNorm) {
        return new ModelConfig(1, 128, Activation.RELU, 1.0, Arch.TRANSFORMER, layers, dModel, heads, dMlp, layerNorm ? Toggle.ON : Toggle.OFF);
    }

    public boolean isTransformer() { return arch == Arch.TRANSFORMER; }

    /** One short line: {@code d1×w128 relu}, or {@code tfm 1L d128 h4 mlp512} ({@code ln} with LayerNorm). */
    public String describe() {
        return isTransformer() ? "tfm " + layers + "L d" + dModel + " h" + heads + " mlp" + dMlp + (layerNorm.on() ? " ln" : "")
                : "d" + depth + "×w" + width + " " + activation.key();
    }

    /** Trainable parameters of the MLP for an input of {@code inputWidth} (one-hot width for tokens) and {@code classes} outputs. */
    public long paramCount(int inputWidth, int classes) {
        long p = (long) inputWidth * width + width;
        p += (long) (depth - 1) * ((long) width * width + width);
        p += (long) width * classes + classes;
        return p;
    }

    /** Trainable parameters of the transformer for {@code vocab} tokens (read-out token included), {@code positions} and {@code classes}. */
    public long transformerParamCount(int vocab, int positions, int classes) {
        return transformerParams(layers, dModel, dMlp, layerNorm.on(), vocab, positions, classes);
    }

    /**
     * The transformer's forward FLOPs for one example, as a researcher's implementation spends them: every position
     * through every block (QKV, scores and mixing over all T×T pairs, output projection, MLP), 2 per multiply-add,
     * the unembedding at the read-out position only (see {@code TransformerShape}).
     */
    public static double transformerForwardFlops(int layers, int dModel, int heads, int dMlp, int positions, int classes) {
        double d = dModel, t = positions;
        double proj = t * (3 * d * d + d * d);
        double attn = 2 * heads * t * t * (dModel / heads);
        double mlp = t * 2 * d * dMlp;
        return layers * 2 * (proj + attn + mlp) + 2 * d * classes;
    }

    /** The transformer's parameter count (embeddings, per block QKV/out/MLP with biases and LayerNorm gains, unembedding). */
    public static long transformerParams(int layers, int dModel, int dMlp, boolean layerNorm, int vocab, int positions, int classes) {
        long d = dModel;
        long perLayer = d * 3 * d + 3 * d + d * d + d + d * dMlp + dMlp + (long) dMlp * d + d + (layerNorm ? 4 * d : 0);
        return (long) (vocab + positions) * d + layers * perLayer + (layerNorm ? 2 * d : 0) + d * classes + classes;
    }
}
