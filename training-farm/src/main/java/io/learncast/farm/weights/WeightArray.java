package io.learncast.farm.weights;

import java.util.Arrays;

/**
 * One named array of a trained network: {@code layerN} (2-D, inputs × outputs, row-major) or {@code biasN}
 * (1-D), the names and orientation of the documented {@code .npz} format (README, "Judge a network trained
 * elsewhere"). The values are a copy: the trainer keeps training its own.
 */
public record WeightArray(String name, int[] shape, float[] values) {
    public WeightArray {
        if (name == null || !name.matches("[a-z]+[0-9]{1,2}")) throw new IllegalArgumentException("bad array name " + name);
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
