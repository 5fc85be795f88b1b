package io.learncast.farm.weights;

import java.util.List;

/**
 * A run's kept final weights: the {@code .npz} bytes ({@link NpzWriter}), their format tag and their
 * uncompressed size. {@value #FORMAT}: an MLP's {@code layer0 … layerN} (inputs × outputs) and
 * {@code bias0 … biasN}, float32 — the format {@code learncast judge --weights} reads. {@value #FORMAT_TRANSFORMER}:
 * a transformer's canonical tensors under their own names ({@code embed.tokens}, {@code 0.attn.qkv.w}, …,
 * {@code unembed.b}; docs/JUDGE.md, "Weights files"), float32, unpadded.
 */
public record KeptWeights(String format, byte[] npz, long rawBytes) {
    public static final String FORMAT = "npz-mlp-1";
    public static final String FORMAT_TRANSFORMER = "npz-transformer-1";

    public KeptWeights {
        if (format == null || npz == null) throw new IllegalArgumentException("format and bytes are required");
    }

    /**
     * The format of a trainer's arrays, from their names (an allow-list): {@value #FORMAT} when every name is
     * layerN / biasN, {@value #FORMAT_TRANSFORMER} when they hold {@code embed.tokens} and {@code unembed.w};
     * anything else is a trainer's bug.
     */
    public static String formatOf(List<WeightArray> arrays) {
        if (arrays.stream().allMatch(a -> a.name().matches("(layer|bias)[0-9]{1,2}"))) return FORMAT;
        boolean transformer = arrays.stream().anyMatch(a -> a.name().equals("embed.tokens")) && arrays.stream().anyMatch(a -> a.name().equals("unembed.w"))
                && arrays.stream().noneMatch(a -> a.name().matches("(layer|bias)[0-9]{1,2}"));
        if (transformer) return FORMAT_TRANSFORMER;
        throw new IllegalArgumentException("arrays of no known weights format: " + arrays);
    }
}
