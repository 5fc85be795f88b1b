package io.learncast.farm.weights;

/**
 * A run's kept final weights: the {@code .npz} bytes ({@link NpzWriter}), their format tag and their
 * uncompressed size. {@value #FORMAT}: an MLP's {@code layer0 … layerN} (inputs × outputs) and
 * {@code bias0 … biasN}, float32 — the format {@code learncast judge --weights} reads.
 */
public record KeptWeights(String format, byte[] npz, long rawBytes) {
    public static final String FORMAT = "npz-mlp-1";

    public KeptWeights {
        if (format == null || npz == null) throw new IllegalArgumentException("format and bytes are required");
    }
}
