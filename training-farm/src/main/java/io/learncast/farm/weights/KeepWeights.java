package io.learncast.farm.weights;

import java.util.List;

/**
 * Whether a farm keeps each run's final weights, and up to what size ({@code farm run --keep-weights},
 * {@code --keep-weights-limit}). Off by default: weights cost the store far more than a curve (a modadd p=23
 * width-128 MLP: 34 KB, measured; trained float32 deflates by only ≈ 7 %). A run whose file is over the limit, or whose
 * weights are not finite (it diverged), is not kept — said once in the log, never an error.
 */
public record KeepWeights(boolean on, long limitBytes) {
    /** 8 MiB compressed per run. */
    public static final long DEFAULT_LIMIT = 8L << 20;
    public static final KeepWeights OFF = new KeepWeights(false, DEFAULT_LIMIT);

    public KeepWeights {
        if (limitBytes <= 0) throw new IllegalArgumentException("the weights limit must be positive");
    }

    public static KeepWeights upTo(long limitBytes) { return new KeepWeights(true, limitBytes); }

    /** What became of one run's weights: kept (the file) or not (why). */
    public record Packed(KeptWeights kept, String notKept) {}

    /** Packs a run's final arrays, or says why they are not kept (null arrays: the trainer does not hand them over). */
    public Packed pack(List<WeightArray> arrays) {
        if (!on) return new Packed(null, null);
        if (arrays == null || arrays.isEmpty()) return new Packed(null, "this trainer does not hand over its weights");
        for (WeightArray a : arrays) {
            if (!a.finite()) return new Packed(null, a.name() + " holds NaN or infinite values (the run diverged)");
        }
        byte[] npz = NpzWriter.write(arrays);
        if (npz.length > limitBytes) {
            return new Packed(null, npz.length + " bytes compressed, over the limit of " + limitBytes + " (--keep-weights-limit)");
        }
        return new Packed(new KeptWeights(KeptWeights.formatOf(arrays), npz, NpzWriter.rawBytes(arrays)), null);
    }
}
