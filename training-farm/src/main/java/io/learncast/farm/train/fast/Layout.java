package io.learncast.farm.train.fast;

import io.learncast.data.Dataset;
import io.learncast.data.InputSpace;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.RunConfig;

import java.util.Arrays;

/**
 * Where every parameter of one MLP lives in its flat {@code float[]}: layer l's weights
 * ({@code rows[l] × cols[l]}, row-major, at {@code wOff[l]}) then its bias ({@code cols[l]} at
 * {@code bOff[l]}). Layer 0 is the input layer: an embedding table of {@code positions·vocab} rows for
 * token inputs (the rows of the one-hot weight matrix), or {@code dim} rows for dense inputs. Column
 * counts are padded to the kernels' vector length with zero columns, which stay exactly zero: their
 * units compute f(0) = 0 for every activation here, and their gradients are zero.
 */
final class Layout {
    final boolean tokens;
    final int positions;
    final int vocab;
    /** Rows of layer 0: positions·vocab (tokens) or the input dimension (dense). */
    final int inputRows;
    final int width;
    final int widthPad;
    final int depth;
    final int classes;
    final int classesPad;
    final Activation activation;
    final int[] rows;
    final int[] cols;
    final int[] realCols;
    final int[] wOff;
    final int[] bOff;
    final int size;

    Layout(InputSpace input, int classes, int depth, int width, Activation activation, int lanes) {
        this.tokens = input.isTokens();
        this.positions = input.positions();
        this.vocab = input.vocab();
        this.inputRows = input.inputWidth();
        this.width = width;
        this.widthPad = pad(width, lanes);
        this.depth = depth;
        this.classes = classes;
        this.classesPad = pad(classes, lanes);
        this.activation = activation;
        int layers = depth + 1;
        rows = new int[layers];
        cols = new int[layers];
        realCols = new int[layers];
        wOff = new int[layers];
        bOff = new int[layers];
        int off = 0;
        for (int l = 0; l < layers; l++) {
            rows[l] = l == 0 ? inputRows : width;
            realCols[l] = l == depth ? classes : width;
            cols[l] = l == depth ? classesPad : widthPad;
            wOff[l] = off;
            off += rows[l] * cols[l];
            bOff[l] = off;
            off += cols[l];
        }
        size = off;
    }

    static Layout of(RunConfig c, Dataset d, int lanes) {
        return new Layout(d.input(), d.numClasses(), c.depth(), c.width(), c.activation(), lanes);
    }

    static int pad(int n, int lanes) {
        return (n + lanes - 1) / lanes * lanes;
    }

    int layers() { return depth + 1; }

    /** 0 for real classes, −∞ for padding: added to logits before the softmax. */
    float[] classMask() {
        float[] m = new float[classesPad];
        Arrays.fill(m, classes, classesPad, Float.NEGATIVE_INFINITY);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && tokens == l.tokens && positions == l.positions && vocab == l.vocab && inputRows == l.inputRows
                && width == l.width && widthPad == l.widthPad && depth == l.depth && classes == l.classes && classesPad == l.classesPad
                && activation == l.activation;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {tokens ? 1 : 0, positions, vocab, inputRows, width, widthPad, depth, classes, classesPad, activation.ordinal()});
    }
}
