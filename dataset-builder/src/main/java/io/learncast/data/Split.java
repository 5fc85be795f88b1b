package io.learncast.data;

/**
 * One side of a dataset. Exactly one of {@code tokens} (n × positions operand indices, row-major)
 * and {@code features} (n × dim floats, row-major) is non-null.
 */
public record Split(int size, int[] labels, int[] tokens, float[] features) {

    public static Split ofTokens(int[] tokens, int[] labels) {
        return new Split(labels.length, labels, tokens, null);
    }

    public static Split ofFeatures(float[] features, int[] labels) {
        return new Split(labels.length, labels, null, features);
    }

    public boolean isTokens() { return tokens != null; }

    /** Writes row {@code i} as its one-hot / dense input vector into {@code out} at {@code offset}. */
    public void writeInput(int i, InputSpace space, float[] out, int offset) {
        if (isTokens()) {
            java.util.Arrays.fill(out, offset, offset + space.dim(), 0f);
            for (int pos = 0; pos < space.positions(); pos++) {
                out[offset + pos * space.vocab() + tokens[i * space.positions() + pos]] = 1f;
            }
        } else {
            System.arraycopy(features, i * space.dim(), out, offset, space.dim());
        }
    }
}
