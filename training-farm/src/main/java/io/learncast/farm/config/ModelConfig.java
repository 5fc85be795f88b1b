package io.learncast.farm.config;

/**
 * The network: depth × width MLP with its activation and init scale. Ranges are the catalogue's
 * ({@link io.learncast.farm.config.knob.KnobCatalogue}), checked when a {@link RunConfig} is built.
 */
public record ModelConfig(int depth, int width, Activation activation, double initScale) {
    public ModelConfig {
        if (activation == null) activation = Activation.RELU;
    }

    /** An MLP of {@code depth} hidden layers of {@code width} units. */
    public static ModelConfig mlp(int depth, int width, Activation activation, double initScale) {
        return new ModelConfig(depth, width, activation, initScale);
    }

    /** Trainable parameters for an input of {@code inputWidth} (one-hot width for tokens) and {@code classes} outputs. */
    public long paramCount(int inputWidth, int classes) {
        long p = (long) inputWidth * width + width;
        p += (long) (depth - 1) * ((long) width * width + width);
        p += (long) width * classes + classes;
        return p;
    }
}
