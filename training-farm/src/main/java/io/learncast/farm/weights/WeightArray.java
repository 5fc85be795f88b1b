package io.learncast.farm.weights;

import java.util.Arrays;

/**
 * One named array of a trained network, named and oriented as the documented {@code .npz} formats
 * (docs/JUDGE.md, "Weights files"): an MLP's {@code layerN} (2-D, inputs × outputs, row-major) or {@code biasN}
 * (1-D); a transformer's canonical tensors ({@code embed.tokens}, {@code 0.attn.qkv.w}, {@code unembed.b}, …).
 * The values are a copy: the trainer keeps training its own.
 */
public record WeightArray(String name, int[] shape, float[] values) {
    /** Allowed names: an MLP's layerN / biasN, or a transformer tensor's dotted name (an optional block number first). */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z]+[0-9]{1,2}|([0-9]{1,2}\\.)?[a-z]+(\\.[a-z]+){1,2}");

    public WeightArray {
        if (name == null || !NAME.matcher(name).matches()) throw new IllegalArgumentException("bad array name " + name);
        if (shape.length < 1 || shape.length > 2) throw new IllegalArgumentException("arrays have 1 or 2 dimensions");
        long n = 1;
        for (int d : shape) n *= d;
        if (n != values.length) throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " does not hold " + values.length + " values");
        shape = shape.clone();
    }

    /** A matrix of {@code rows × cols} copied out of a padded row-major layout (rows {@code stride} apart from {@code offset}). */
    public static WeightArray matrix(String name, float[] data, int offset, int rows, int cols, int stride) {
        float[] v = new float[rows * cols];
        for (int r = 0; r < rows; r++) System.arraycopy(data, offset + r * stride, v, r * cols, cols);
        return new WeightArray(name, new int[] {rows, cols}, v);
    }

    /** A vector of {@code n} values copied from {@code offset}. */
    public static WeightArray vector(String name, float[] data, int offset, int n) {
        return new WeightArray(name, new int[] {n}, Arrays.copyOfRange(data, offset, offset + n));
    }

    public boolean finite() {
        for (float v : values) if (!Float.isFinite(v)) return false;
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightArray a && name.equals(a.name) && Arrays.equals(shape, a.shape) && Arrays.equals(values, a.values);
    }

    @Override
    public int hashCode() { return name.hashCode() * 31 + Arrays.hashCode(shape); }

    @Override
    public String toString() { return name + Arrays.toString(shape); }
}
