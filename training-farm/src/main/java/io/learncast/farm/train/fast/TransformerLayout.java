package io.learncast.farm.train.fast;

import io.learncast.farm.train.transformer.TransformerModel;
import io.learncast.farm.train.transformer.TransformerParams;
import io.learncast.farm.train.transformer.TransformerShape;

import java.util.Arrays;
import java.util.List;

/**
 * Where every parameter of one transformer lives in its flat {@code float[]}, padded for the kernels:
 * the residual stream to {@code dP} columns, each head to {@code hP} (so Q, K and V are {@code qW =
 * heads·hP} wide and a fused {@code [Q | K | V]} row is {@code 3·qW}), the MLP to {@code mP} and the
 * classes to {@code cP}, all multiples of the vector length. Padding is zero and stays zero (zero
 * gradients, zero decay). The embedding table is the token rows followed by the position rows, so one
 * lookup of two rows gives {@code embed.tokens[x] + embed.positions[t]}. Canonical tensors
 * ({@link TransformerParams}) map in with {@link #scatter}.
 */
final class TransformerLayout {
    final TransformerModel model;
    final int layers;
    final int d;
    final int dP;
    final int heads;
    final int dh;
    final int hP;
    final int qW;
    final int qkvW;
    final int dMlp;
    final int mP;
    final int classes;
    final int cP;
    final int vocab;
    final int t;
    final boolean ln;
    final AttentionShape attention;

    /** Offsets in the flat parameter array; per-layer arrays indexed by layer, −1 where absent (no LayerNorm). */
    final int embed;
    final int[] ln1Gain, ln1Bias, qkvW0, qkvB, outW, outB, ln2Gain, ln2Bias, inW, inB, mlpOutW, mlpOutB;
    final int lnfGain, lnfBias, unW, unB;
    final int size;
    /** One segment per canonical tensor: padded offset and length, and whether weight decay applies. */
    final int[] segOff, segLen;
    final boolean[] segDecay;

    TransformerLayout(TransformerModel m, int lanes) {
        TransformerShape s = m.shape();
        this.model = m;
        layers = s.layers();
        d = s.dModel();
        dP = Layout.pad(d, lanes);
        heads = s.heads();
        dh = s.headDim();
        hP = Layout.pad(dh, lanes);
        qW = heads * hP;
        qkvW = 3 * qW;
        dMlp = s.dMlp();
        mP = Layout.pad(dMlp, lanes);
        classes = m.classes();
        cP = Layout.pad(classes, lanes);
        vocab = m.vocab();
        t = m.positions();
        ln = s.layerNorm();
        attention = new AttentionShape(heads, hP, t, lanes, m.attentionScale());

        List<TransformerParams.Tensor> ts = m.tensors();
        segOff = new int[ts.size()];
        segLen = new int[ts.size()];
        segDecay = new boolean[ts.size()];
        ln1Gain = fill(); ln1Bias = fill(); qkvW0 = fill(); qkvB = fill(); outW = fill(); outB = fill();
        ln2Gain = fill(); ln2Bias = fill(); inW = fill(); inB = fill(); mlpOutW = fill(); mlpOutB = fill();
        int off = 0;
        int embedAt = -1, lnfG = -1, lnfB = -1, uw = -1, ub = -1;
        for (int i = 0; i < ts.size(); i++) {
            TransformerParams.Tensor x = ts.get(i);
            int len = paddedRows(x) * paddedCols(x);
            segOff[i] = off;
            segLen[i] = len;
            segDecay[i] = x.decayed();
            String n = x.name();
            int dot = n.indexOf('.');
            String local = Character.isDigit(n.charAt(0)) ? n.substring(dot + 1) : n;
            int l = Character.isDigit(n.charAt(0)) ? Integer.parseInt(n.substring(0, dot)) : -1;
            switch (local) {
                case "embed.tokens" -> embedAt = off;
                case "embed.positions" -> { } // right after the token rows
                case "ln1.gain" -> ln1Gain[l] = off;
                case "ln1.bias" -> ln1Bias[l] = off;
                case "attn.qkv.w" -> qkvW0[l] = off;
                case "attn.qkv.b" -> qkvB[l] = off;
                case "attn.out.w" -> outW[l] = off;
                case "attn.out.b" -> outB[l] = off;
                case "ln2.gain" -> ln2Gain[l] = off;
                case "ln2.bias" -> ln2Bias[l] = off;
                case "mlp.in.w" -> inW[l] = off;
                case "mlp.in.b" -> inB[l] = off;
                case "mlp.out.w" -> mlpOutW[l] = off;
                case "mlp.out.b" -> mlpOutB[l] = off;
                case "final.ln.gain" -> lnfG = off;
                case "final.ln.bias" -> lnfB = off;
                case "unembed.w" -> uw = off;
                case "unembed.b" -> ub = off;
                default -> throw new IllegalStateException("unknown tensor " + n);
            }
            off += len;
        }
        embed = embedAt;
        lnfGain = lnfG;
        lnfBias = lnfB;
        unW = uw;
        unB = ub;
        size = off;
    }

    private int[] fill() {
        int[] a = new int[layers];
        Arrays.fill(a, -1);
        return a;
    }

    /** Padded rows of a canonical tensor: W_out's rows are the heads' (hP each); vectors have one. */
    private int paddedRows(TransformerParams.Tensor x) {
        if (x.rows() == 1) return 1;
        if (x.name().endsWith("attn.out.w")) return qW;
        if (x.name().startsWith("embed.")) return x.rows();
        return x.name().endsWith("mlp.out.w") ? mP : dP;
    }

    private int paddedCols(TransformerParams.Tensor x) {
        if (x.name().endsWith("attn.qkv.w") || x.name().endsWith("attn.qkv.b")) return qkvW;
        if (x.name().endsWith("mlp.in.w") || x.name().endsWith("mlp.in.b")) return mP;
        if (x.name().startsWith("unembed.")) return cP;
        return dP;
    }

    /** Copies the canonical tensors (row-major, unpadded) into their padded places in {@code w}. */
    void scatter(List<TransformerParams.Tensor> ts, float[][] canonical, float[] w) {
        for (int i = 0; i < ts.size(); i++) {
            TransformerParams.Tensor x = ts.get(i);
            int ld = paddedCols(x);
            boolean qkv = x.name().endsWith("attn.qkv.w") || x.name().endsWith("attn.qkv.b");
            boolean headRows = x.name().endsWith("attn.out.w");
            for (int r = 0; r < x.rows(); r++) {
                int pr = headRows ? headIndex(r) : r;
                for (int c = 0; c < x.cols(); c++) {
                    int pc = qkv ? (c / d) * qW + headIndex(c % d) : c;
                    w[segOff[i] + pr * ld + pc] = canonical[i][r * x.cols() + c];
                }
            }
        }
    }

    /** The inverse of {@link #scatter}: the canonical tensors (row-major, unpadded) copied out of {@code w}. */
    float[][] gather(List<TransformerParams.Tensor> ts, float[] w) {
        float[][] out = new float[ts.size()][];
        for (int i = 0; i < ts.size(); i++) {
            TransformerParams.Tensor x = ts.get(i);
            int ld = paddedCols(x);
            boolean qkv = x.name().endsWith("attn.qkv.w") || x.name().endsWith("attn.qkv.b");
            boolean headRows = x.name().endsWith("attn.out.w");
            float[] c = new float[x.size()];
            for (int r = 0; r < x.rows(); r++) {
                int pr = headRows ? headIndex(r) : r;
                for (int k = 0; k < x.cols(); k++) {
                    int pc = qkv ? (k / d) * qW + headIndex(k % d) : k;
                    c[r * x.cols() + k] = w[segOff[i] + pr * ld + pc];
                }
            }
            out[i] = c;
        }
        return out;
    }

    /** Position of feature {@code f} of the concatenated heads (h·dh + e) in the padded head layout. */
    int headIndex(int f) {
        return (f / dh) * hP + f % dh;
    }

    /** 1 on the d_model real columns, 0 on the padding (for LayerNorm). */
    float[] colMask() {
        float[] m = new float[dP];
        Arrays.fill(m, 0, d, 1f);
        return m;
    }

    /** 0 for real classes, −∞ for padding. */
    float[] classMask() {
        float[] m = new float[cP];
        Arrays.fill(m, classes, cP, Float.NEGATIVE_INFINITY);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformerLayout l && l.model.equals(model) && l.dP == dP;
    }

    @Override
    public int hashCode() {
        return model.hashCode() * 31 + dP;
    }
}
