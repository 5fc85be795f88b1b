package io.learncast.farm.train.fast;

import io.learncast.farm.config.Activation;
import io.learncast.farm.train.transformer.TransformerModel;

/**
 * The buffers one thread needs to train and evaluate transformers of one {@link TransformerLayout},
 * reused by every run of that layout and every step (nothing is allocated per step). Examples go
 * through in chunks of {@code chunk} (their {@code chunk·T} rows stay in cache); gradients accumulate
 * across chunks.
 *
 * <p>Rows are (example, position) pairs. The last block only needs the read-out position's output, so
 * there it computes keys and values at every position but the query, the attention mix, the output
 * projection and the MLP at the read-out position alone — the same numbers as computing every position
 * and keeping the last, with 1/T of that block's work after the attention.
 */
final class TransformerWorkspace {
    final TransformerLayout lay;
    final int chunk;
    private final Kernels k;
    private final AttentionShape att;
    private final int layers, t, d, dP, qW, qkvW, mP, cP;
    private final boolean ln;

    private final float[][] x;      // x[l]: residual stream into block l (chunk·T rows); x[layers]: after the last block (chunk rows)
    private final float[][] a;      // LN₁(x[l]) (LayerNorm only)
    private final float[][] mean1, rstd1, mean2, rstd2;
    private final float[][] qkv;    // [Q | K | V] per row
    private final float[][] probs;  // attention probabilities
    private final float[][] z;      // heads' mixes, before the output projection
    private final float[][] y;      // residual stream after attention
    private final float[][] b;      // LN₂(y) (LayerNorm only)
    private final float[][] hpre, hact;
    private final float[] tmp;      // a projection's output before its residual add
    private final float[] f, meanF, rstdF;
    private final float[] out;      // logits, then probabilities, then p − y

    private final float[] dRes0, dRes1, dA, dZ, dH, hScratch, dQKV, scratch;

    /** Transposed weights for the backward pass, rebuilt each step. */
    private final float[][] qkvT, outT, inT, mlpOutT;
    private final float[] unT;
    private final int[] mapQkv, mapD, mapM, mapC;

    private final int[] rows;       // per row: its token's and its position's row in the embedding table
    private final float[] zeroBias;
    private final float[] colMask, classMask;
    private final int[] best;
    private final float[] labelProb;

    TransformerWorkspace(TransformerLayout lay, int chunk, Kernels k) {
        this.lay = lay;
        this.chunk = chunk;
        this.k = k;
        this.att = lay.attention;
        layers = lay.layers;
        t = lay.t;
        d = lay.d;
        dP = lay.dP;
        qW = lay.qW;
        qkvW = lay.qkvW;
        mP = lay.mP;
        cP = lay.cP;
        ln = lay.ln;
        int r = chunk * t;
        x = new float[layers + 1][];
        a = new float[layers][];
        mean1 = new float[layers][];
        rstd1 = new float[layers][];
        mean2 = new float[layers][];
        rstd2 = new float[layers][];
        qkv = new float[layers][];
        probs = new float[layers][];
        z = new float[layers][];
        y = new float[layers][];
        b = new float[layers][];
        hpre = new float[layers][];
        hact = new float[layers][];
        qkvT = new float[layers][];
        outT = new float[layers][];
        inT = new float[layers][];
        mlpOutT = new float[layers][];
        for (int l = 0; l < layers; l++) {
            boolean last = l == layers - 1;
            int rq = last ? chunk : r;
            x[l] = new float[r * dP];
            if (ln) {
                a[l] = new float[r * dP];
                mean1[l] = new float[r];
                rstd1[l] = new float[r];
                b[l] = new float[rq * dP];
                mean2[l] = new float[rq];
                rstd2[l] = new float[rq];
            }
            qkv[l] = new float[r * qkvW];
            probs[l] = new float[att.probsSize(chunk, last ? t - 1 : 0)];
            z[l] = new float[rq * qW];
            y[l] = new float[rq * dP];
            hpre[l] = new float[rq * mP];
            hact[l] = new float[rq * mP];
            qkvT[l] = new float[qkvW * dP];
            outT[l] = new float[dP * qW];
            inT[l] = new float[mP * dP];
            mlpOutT[l] = new float[dP * mP];
        }
        x[layers] = new float[chunk * dP];
        tmp = new float[r * dP];
        if (ln) {
            f = new float[chunk * dP];
            meanF = new float[chunk];
            rstdF = new float[chunk];
        } else {
            f = meanF = rstdF = null;
        }
        out = new float[chunk * cP];
        dRes0 = new float[r * dP];
        dRes1 = new float[r * dP];
        dA = new float[r * dP];
        dZ = new float[r * qW];
        dH = new float[r * mP];
        hScratch = new float[r * mP];
        dQKV = new float[r * qkvW];
        scratch = new float[att.tP];
        unT = new float[cP * dP];
        mapQkv = rowMap(qkvW, k.lanes());
        mapD = rowMap(dP, k.lanes());
        mapM = rowMap(mP, k.lanes());
        mapC = rowMap(cP, k.lanes());
        rows = new int[r * 2];
        zeroBias = new float[dP];
        colMask = lay.colMask();
        classMask = lay.classMask();
        best = new int[chunk];
        labelProb = new float[chunk];
    }

    private static int[] rowMap(int ld, int lanes) {
        int[] m = new int[lanes];
        for (int i = 0; i < lanes; i++) m[i] = i * ld;
        return m;
    }

    /** One optimiser step of {@code net} on the training sequences {@code idx[0 … batch)}. */
    void step(TransformerNet net, int[] seq, int[] labels, int[] idx, int batch) {
        net.clearGradients();
        transposeWeights(net.w);
        for (int from = 0; from < batch; from += chunk) {
            int n = Math.min(chunk, batch - from);
            load(seq, idx, from, n);
            forward(net.w, n, true);
            backward(net, n, labels, idx, from);
        }
        net.update(k, batch);
    }

    /** Adds the loss and accuracy of {@code net} on sequences {@code 0 … count)} to {@code score}. */
    void evaluate(TransformerNet net, int[] seq, int[] labels, int count, Workspace.Score score) {
        for (int from = 0; from < count; from += chunk) {
            int n = Math.min(chunk, count - from);
            load(seq, null, from, n);
            forward(net.w, n, false);
            // margins and the logit probe read the logits before score() turns them into probabilities in place (as the MLP's)
            if (score.margins) score.marginSum = k.margins(out, 0, cP, n, cP, lay.classes, classMask, labels, from, score.marginSum);
            if (score.probe != null) {
                for (int r = 0; r < n && score.probe.wants(); r++) score.probe.add(out, r * cP, labels[from + r]);
            }
            k.score(out, 0, cP, n, cP, lay.classes, classMask, labels, from, labelProb, best);
            for (int r = 0; r < n; r++) score.add(labelProb[r], best[r] == labels[from + r]);
        }
    }

    private void transposeWeights(float[] w) {
        for (int l = 0; l < layers; l++) {
            k.transpose(w, lay.qkvW0[l], qkvW, d, qkvW, qkvT[l], dP, mapQkv);
            k.transpose(w, lay.outW[l], dP, qW, d, outT[l], qW, mapD);
            k.transpose(w, lay.inW[l], mP, d, lay.dMlp, inT[l], dP, mapM);
            k.transpose(w, lay.mlpOutW[l], dP, lay.dMlp, d, mlpOutT[l], mP, mapD);
        }
        k.transpose(w, lay.unW, cP, d, lay.classes, unT, dP, mapC);
    }

    /** Embedding-table rows of the sequences {@code idx[from … from+n)} (or {@code from …} when idx is null). */
    private void load(int[] seq, int[] idx, int from, int n) {
        for (int r = 0; r < n; r++) {
            int e = idx == null ? from + r : idx[from + r];
            for (int q = 0; q < t; q++) {
                int o = (r * t + q) * 2;
                rows[o] = seq[e * t + q];
                rows[o + 1] = lay.vocab + q;
            }
        }
    }

    /** Logits of the loaded chunk into {@code out}, turned into class probabilities if {@code softmax}. */
    private void forward(float[] w, int n, boolean softmax) {
        int rs = n * t;
        k.embed(w, lay.embed, dP, rows, 0, 2, rs, dP, zeroBias, 0, x[0], 0, dP);
        for (int l = 0; l < layers; l++) {
            boolean last = l == layers - 1;
            int rq = last ? n : rs;
            float[] xl = x[l];
            float[] al = ln ? a[l] : xl;
            if (ln) k.layerNorm(xl, 0, dP, rs, d, dP, colMask, w, lay.ln1Gain[l], w, lay.ln1Bias[l], TransformerModel.LN_EPS, al, 0, dP, mean1[l], rstd1[l], 0);
            if (!last) {
                k.matmul(al, 0, dP, w, lay.qkvW0[l], qkvW, qkv[l], 0, qkvW, rs, d, qkvW, w, lay.qkvB[l]);
                k.attention(att, qkv[l], 0, n, probs[l], z[l], qW);
            } else {
                // keys and values at every position, the query at the read-out position only
                k.matmul(al, 0, dP, w, lay.qkvW0[l] + qW, qkvW, qkv[l], qW, qkvW, rs, d, 2 * qW, w, lay.qkvB[l] + qW);
                k.matmul(al, (t - 1) * dP, t * dP, w, lay.qkvW0[l], qkvW, qkv[l], (t - 1) * qkvW, t * qkvW, n, d, qW, w, lay.qkvB[l]);
                k.attention(att, qkv[l], t - 1, n, probs[l], z[l], qW);
            }
            k.matmul(z[l], 0, qW, w, lay.outW[l], dP, tmp, 0, dP, rq, qW, dP, w, lay.outB[l]);
            if (!last) k.add(xl, 0, dP, tmp, 0, dP, y[l], 0, dP, rq, dP);
            else k.add(xl, (t - 1) * dP, t * dP, tmp, 0, dP, y[l], 0, dP, n, dP);
            float[] bl = ln ? b[l] : y[l];
            if (ln) k.layerNorm(y[l], 0, dP, rq, d, dP, colMask, w, lay.ln2Gain[l], w, lay.ln2Bias[l], TransformerModel.LN_EPS, bl, 0, dP, mean2[l], rstd2[l], 0);
            k.matmul(bl, 0, dP, w, lay.inW[l], mP, hpre[l], 0, mP, rq, d, mP, w, lay.inB[l]);
            k.activate(Activation.RELU, hpre[l], hact[l], 0, rq * mP);
            k.matmul(hact[l], 0, mP, w, lay.mlpOutW[l], dP, tmp, 0, dP, rq, lay.dMlp, dP, w, lay.mlpOutB[l]);
            k.add(y[l], 0, dP, tmp, 0, dP, x[l + 1], 0, dP, rq, dP);
        }
        float[] fin = ln ? f : x[layers];
        if (ln) k.layerNorm(x[layers], 0, dP, n, d, dP, colMask, w, lay.lnfGain, w, lay.lnfBias, TransformerModel.LN_EPS, f, 0, dP, meanF, rstdF, 0);
        k.matmul(fin, 0, dP, w, lay.unW, cP, out, 0, cP, n, d, cP, w, lay.unB);
        if (softmax) k.softmax(out, 0, cP, n, cP, classMask);
    }

    /** Accumulates the chunk's gradient of the summed cross-entropy into {@code net.g}. */
    private void backward(TransformerNet net, int n, int[] labels, int[] idx, int from) {
        float[] w = net.w;
        float[] g = net.g;
        int rs = n * t;
        for (int r = 0; r < n; r++) out[r * cP + labels[idx[from + r]]] -= 1f; // softmax + cross-entropy: p − y
        float[] fin = ln ? f : x[layers];
        k.matmulTransAAcc(fin, 0, dP, out, 0, cP, g, lay.unW, cP, n, d, cP);
        k.columnSumsAcc(out, 0, cP, n, cP, g, lay.unB);
        float[] dX = dRes0; // gradient of the residual stream, n rows (read-out positions) until the last block is done
        if (ln) {
            k.matmul(out, 0, cP, unT, 0, dP, dA, 0, dP, n, lay.classes, dP, null, 0);
            k.layerNormBackward(x[layers], 0, dP, dA, 0, dP, n, d, dP, colMask, w, lay.lnfGain, meanF, rstdF, 0, dX, 0, dP, false, g, lay.lnfGain, g, lay.lnfBias);
        } else {
            k.matmul(out, 0, cP, unT, 0, dP, dX, 0, dP, n, lay.classes, dP, null, 0);
        }
        for (int l = layers - 1; l >= 0; l--) {
            boolean last = l == layers - 1;
            int rq = last ? n : rs;
            // the MLP branch: dX → dH → dB (in dA) → dY = dX + LN₂′(dB), in dX
            k.matmulTransAAcc(hact[l], 0, mP, dX, 0, dP, g, lay.mlpOutW[l], dP, rq, lay.dMlp, dP);
            k.columnSumsAcc(dX, 0, dP, rq, dP, g, lay.mlpOutB[l]);
            k.matmul(dX, 0, dP, mlpOutT[l], 0, mP, dH, 0, mP, rq, d, mP, null, 0);
            k.activationBackward(Activation.RELU, hpre[l], hact[l], dH, hScratch, 0, rq * mP);
            float[] bl = ln ? b[l] : y[l];
            k.matmulTransAAcc(bl, 0, dP, dH, 0, mP, g, lay.inW[l], mP, rq, d, mP);
            k.columnSumsAcc(dH, 0, mP, rq, mP, g, lay.inB[l]);
            k.matmul(dH, 0, mP, inT[l], 0, dP, dA, 0, dP, rq, lay.dMlp, dP, null, 0);
            if (ln) {
                k.layerNormBackward(y[l], 0, dP, dA, 0, dP, rq, d, dP, colMask, w, lay.ln2Gain[l], mean2[l], rstd2[l], 0, dX, 0, dP, true,
                        g, lay.ln2Gain[l], g, lay.ln2Bias[l]);
            } else {
                k.add(dX, 0, dP, dA, 0, dP, dX, 0, dP, rq, dP);
            }
            // the attention branch: dY → dZ → dQKV → dA → the residual stream before the block
            k.matmulTransAAcc(z[l], 0, qW, dX, 0, dP, g, lay.outW[l], dP, rq, qW, dP);
            k.columnSumsAcc(dX, 0, dP, rq, dP, g, lay.outB[l]);
            k.matmul(dX, 0, dP, outT[l], 0, qW, dZ, 0, qW, rq, d, qW, null, 0);
            k.attentionBackward(att, qkv[l], last ? t - 1 : 0, n, probs[l], dZ, qW, dQKV, scratch);
            float[] al = ln ? a[l] : x[l];
            if (!last) {
                k.matmulTransAAcc(al, 0, dP, dQKV, 0, qkvW, g, lay.qkvW0[l], qkvW, rs, d, qkvW);
                k.columnSumsAcc(dQKV, 0, qkvW, rs, qkvW, g, lay.qkvB[l]);
                k.matmul(dQKV, 0, qkvW, qkvT[l], 0, dP, dA, 0, dP, rs, qkvW, dP, null, 0);
                if (ln) {
                    k.layerNormBackward(x[l], 0, dP, dA, 0, dP, rs, d, dP, colMask, w, lay.ln1Gain[l], mean1[l], rstd1[l], 0, dX, 0, dP, true,
                            g, lay.ln1Gain[l], g, lay.ln1Bias[l]);
                } else {
                    k.add(dX, 0, dP, dA, 0, dP, dX, 0, dP, rs, dP);
                }
            } else {
                // K and V at every row, Q at the read-out rows only
                k.matmulTransAAcc(al, 0, dP, dQKV, qW, qkvW, g, lay.qkvW0[l] + qW, qkvW, rs, d, 2 * qW);
                k.columnSumsAcc(dQKV, qW, qkvW, rs, 2 * qW, g, lay.qkvB[l] + qW);
                k.matmulTransAAcc(al, (t - 1) * dP, t * dP, dQKV, (t - 1) * qkvW, t * qkvW, g, lay.qkvW0[l], qkvW, n, d, qW);
                k.columnSumsAcc(dQKV, (t - 1) * qkvW, t * qkvW, n, qW, g, lay.qkvB[l]);
                float[] prev = dRes1; // now every row
                float[] da = ln ? dA : prev;
                k.matmul(dQKV, qW, qkvW, qkvT[l], qW * dP, dP, da, 0, dP, rs, 2 * qW, dP, null, 0);
                k.matmul(dQKV, (t - 1) * qkvW, t * qkvW, qkvT[l], 0, dP, tmp, 0, dP, n, qW, dP, null, 0);
                k.add(da, (t - 1) * dP, t * dP, tmp, 0, dP, da, (t - 1) * dP, t * dP, n, dP);
                if (ln) {
                    k.layerNormBackward(x[l], 0, dP, dA, 0, dP, rs, d, dP, colMask, w, lay.ln1Gain[l], mean1[l], rstd1[l], 0, prev, 0, dP, false,
                            g, lay.ln1Gain[l], g, lay.ln1Bias[l]);
                }
                k.add(prev, (t - 1) * dP, t * dP, dX, 0, dP, prev, (t - 1) * dP, t * dP, n, dP); // the residual path at the read-out rows
                dX = prev;
            }
        }
        k.embedBackward(dX, 0, dP, rows, 0, 2, rs, dP, g, lay.embed, dP);
    }
}
