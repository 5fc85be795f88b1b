package io.learncast.farm.measure;

/**
 * A read-only view of a row-major {@code rows × cols} float matrix at {@code offset} in {@code data},
 * rows {@code stride} floats apart (a trainer's padded layout needs no copy).
 */
public record Matrix(float[] data, int offset, int rows, int cols, int stride) {
    public Matrix {
        if (rows <= 0 || cols <= 0 || stride < cols || offset < 0 || (long) offset + (long) (rows - 1) * stride + cols > data.length) {
            throw new IllegalArgumentException("matrix view " + rows + "×" + cols + " (stride " + stride + ") does not fit " + data.length + " floats");
        }
    }

    /** A dense matrix. */
    public static Matrix of(float[] data, int rows, int cols) {
        return new Matrix(data, 0, rows, cols, cols);
    }

    public float get(int r, int c) {
        return data[offset + r * stride + c];
    }
}
