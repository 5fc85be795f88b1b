package io.learncast.farm.train.fast;

import io.learncast.data.Split;

/**
 * The activation buffers one thread needs to train and evaluate networks of one {@link Layout}, reused
 * by every run of that layout and every step: nothing is allocated per step. Minibatches and evaluation
 * sets are processed in chunks of at most {@code chunk} rows (gradients accumulate across chunks), so the
 * buffers stay small enough for the core's L2 cache whatever the batch size.
 */
final class Workspace {
    final Layout lay;
    final int chunk;
    private final Kernels k;
    private final float[][] pre;
    private final float[][] act;
    private final float[] out;
    private final float[] epsA;
    private final float[] epsB;
    private final float[] scratch;
    /** Transposed weights of layers 1…depth ({@code realCols × widthPad}), rebuilt each step for the backward pass. */
    private final float[][] wt;
    /** Row offsets {@code r·cols[l]} for gathering the columns of layer l's weights. */
    private final int[][] rowMaps;
    private final float[] x;
    private final int[] tok;
    private final float[] mask;
    private final int[] best;
    private final float[] labelProb;

    Workspace(Layout lay, int chunk, Kernels k) {
        this.lay = lay;
        this.chunk = chunk;
        this.k = k;
        int hid = chunk * lay.widthPad;
        pre = new float[lay.depth][hid];
        act = new float[lay.depth][hid];
        out = new float[chunk * lay.classesPad];
        epsA = new float[hid];
        epsB = new float[hid];
        scratch = new float[hid];
        wt = new float[lay.layers()][];
        rowMaps = new int[lay.layers()][];
        for (int l = 1; l < lay.layers(); l++) {
            wt[l] = new float[lay.realCols[l] * lay.widthPad];
            rowMaps[l] = new int[k.lanes()];
            for (int r = 0; r < k.lanes(); r++) rowMaps[l][r] = r * lay.cols[l];
        }
        x = lay.tokens ? null : new float[chunk * lay.inputRows];
        tok = lay.tokens ? new int[chunk * lay.positions] : null;
        mask = lay.classMask();
        best = new int[chunk];
        labelProb = new float[chunk];
    }

    /** One optimiser step of {@code net} on the training examples {@code idx[0 … batch)}. */
    void step(Net net, Split train, int[] idx, int batch) {
        net.clearGradients();
        for (int l = 1; l < lay.layers(); l++) {
            k.transpose(net.w, lay.wOff[l], lay.cols[l], lay.rows[l], lay.realCols[l], wt[l], lay.widthPad, rowMaps[l]);
        }
        for (int from = 0; from < batch; from += chunk) {
            int n = Math.min(chunk, batch - from);
            load(train, idx, from, n);
            forward(net, n, true);
            backward(net, n, train.labels(), idx, from);
        }
        net.update(k, batch);
    }

    /** Adds the loss and accuracy of {@code net} on rows {@code 0 … count)} of {@code split} to {@code score}. */
    void evaluate(Net net, Split split, int count, Score score) {
        int[] labels = split.labels();
        int c = lay.classes;
        int ld = lay.classesPad;
        for (int from = 0; from < count; from += chunk) {
            int n = Math.min(chunk, count - from);
            load(split, null, from, n);
            forward(net, n, false);
            // margins read the logits, before score() (the vector kernel turns each row into e^(z − max) in place)
            if (score.margins) score.marginSum = k.margins(out, 0, ld, n, ld, c, mask, labels, from, score.marginSum);
            if (score.probe != null) {
                for (int r = 0; r < n && score.probe.wants(); r++) score.probe.add(out, r * ld, labels[from + r]);
            }
            k.score(out, 0, ld, n, ld, c, mask, labels, from, labelProb, best);
            for (int r = 0; r < n; r++) score.add(labelProb[r], best[r] == labels[from + r]);
        }
    }

    /** Copies the inputs of examples {@code idx[from … from+n)} (or rows {@code from …} when idx is null) into the chunk. */
    private void load(Split s, int[] idx, int from, int n) {
        if (lay.tokens) {
            int p = lay.positions;
            int[] src = s.tokens();
            for (int r = 0; r < n; r++) {
                int e = idx == null ? from + r : idx[from + r];
                for (int q = 0; q < p; q++) tok[r * p + q] = q * lay.vocab + src[e * p + q];
            }
        } else {
            int d = lay.inputRows;
            float[] src = s.features();
            for (int r = 0; r < n; r++) {
                int e = idx == null ? from + r : idx[from + r];
                System.arraycopy(src, e * d, x, r * d, d);
            }
        }
    }

    /** Logits of the loaded chunk into {@code out}, turned into class probabilities if {@code softmax}. */
    private void forward(Net net, int n, boolean softmax) {
        float[] w = net.w;
        int hp = lay.widthPad;
        if (lay.tokens) {
            k.embed(w, lay.wOff[0], hp, tok, 0, lay.positions, n, hp, w, lay.bOff[0], pre[0], 0, hp);
        } else {
            k.matmul(x, 0, lay.inputRows, w, lay.wOff[0], hp, pre[0], 0, hp, n, lay.inputRows, hp, w, lay.bOff[0]);
        }
        k.activate(lay.activation, pre[0], act[0], 0, n * hp);
        for (int l = 1; l < lay.depth; l++) {
            k.matmul(act[l - 1], 0, hp, w, lay.wOff[l], hp, pre[l], 0, hp, n, lay.width, hp, w, lay.bOff[l]);
            k.activate(lay.activation, pre[l], act[l], 0, n * hp);
        }
        int o = lay.depth;
        int cp = lay.classesPad;
        k.matmul(act[o - 1], 0, hp, w, lay.wOff[o], cp, out, 0, cp, n, lay.width, cp, w, lay.bOff[o]);
        if (softmax) k.softmax(out, 0, cp, n, cp, mask);
    }

    /** Accumulates the chunk's gradient of the summed cross-entropy into {@code net.g}. */
    private void backward(Net net, int n, int[] labels, int[] idx, int from) {
        float[] g = net.g;
        int hp = lay.widthPad;
        int cp = lay.classesPad;
        int o = lay.depth;
        for (int r = 0; r < n; r++) out[r * cp + labels[idx[from + r]]] -= 1f; // softmax + cross-entropy: p − y
        k.matmulTransAAcc(act[o - 1], 0, hp, out, 0, cp, g, lay.wOff[o], cp, n, lay.width, cp);
        k.columnSumsAcc(out, 0, cp, n, cp, g, lay.bOff[o]);
        float[] eps = epsA;
        float[] other = epsB;
        k.matmul(out, 0, cp, wt[o], 0, hp, eps, 0, hp, n, lay.classes, hp, null, 0);
        for (int l = o - 1; l >= 0; l--) {
            k.activationBackward(lay.activation, pre[l], act[l], eps, scratch, 0, n * hp);
            if (l > 0) {
                k.matmulTransAAcc(act[l - 1], 0, hp, eps, 0, hp, g, lay.wOff[l], hp, n, lay.width, hp);
                k.columnSumsAcc(eps, 0, hp, n, hp, g, lay.bOff[l]);
                k.matmul(eps, 0, hp, wt[l], 0, hp, other, 0, hp, n, lay.width, hp, null, 0);
                float[] t = eps;
                eps = other;
                other = t;
            } else {
                if (lay.tokens) k.embedBackward(eps, 0, hp, tok, 0, lay.positions, n, hp, g, lay.wOff[0], hp);
                else k.matmulTransAAcc(x, 0, lay.inputRows, eps, 0, hp, g, lay.wOff[0], hp, n, lay.inputRows, hp);
                k.columnSumsAcc(eps, 0, hp, n, hp, g, lay.bOff[0]);
            }
        }
    }

    /**
     * Mean cross-entropy and accuracy, accumulated row by row with the rules of
     * {@link io.learncast.farm.train.Scores} (probabilities floored at 10⁻³⁰). The log-likelihood is kept as a
     * product with a separate binary exponent, so there is one logarithm per evaluation set, not one per row.
     */
    static final class Score {
        /** Whether to also sum logit margins (the weight measures' train margin). */
        final boolean margins;
        /** The weight measures' restricted / excluded logits probe; null when not measured. */
        final io.learncast.farm.measure.LogitProbe probe;
        /** Sum of the rows' margins so far ({@link Kernels#margins}). */
        double marginSum;
        private double product = 1;
        private long exponent;
        private int sinceNormalised;
        private int correct;
        private int n;

        /** One example: the probability given to its label, and whether the first most probable class was it. */
        void add(float labelProb, boolean hit) {
            if (hit) correct++;
            product *= Math.max(labelProb, 1e-30); // NaN stays NaN
            if (++sinceNormalised == 8) { // 8 factors ≥ 1e-30 cannot underflow a double
                int e = Math.getExponent(product);
                exponent += e;
                product = Math.scalb(product, -e);
                sinceNormalised = 0;
            }
            n++;
        }

        Score() {
            this(false, null);
        }

        Score(boolean margins) {
            this(margins, null);
        }

        Score(boolean margins, io.learncast.farm.measure.LogitProbe probe) {
            this.margins = margins;
            this.probe = probe;
        }

        /** Mean margin over the rows seen; NaN when margins were not asked for. */
        double margin() {
            return margins && n > 0 ? marginSum / n : Double.NaN;
        }

        /** {@code [loss, accuracy]}. */
        double[] result() {
            double logLikelihood = Math.log(product) + exponent * Math.log(2);
            return new double[] {-logLikelihood / n, correct / (double) n};
        }
    }
}
