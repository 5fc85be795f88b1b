package io.learncast.forecast.judge;

import io.learncast.common.UserError;
import io.learncast.data.SequenceFormat;
import io.learncast.data.Task;
import io.learncast.data.WeightMeasures;
import io.learncast.farm.measure.Matrix;
import io.learncast.farm.measure.WeightMeasurer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transformer's weights from a {@code .npz} (format {@code npz-transformer-1}, docs/JUDGE.md "Weights files"),
 * checked against a task and measured as the fast transformer trainer measures the live network: norms of
 * {@code embed.tokens}, each block's {@code attn.qkv.w}, {@code attn.out.w}, {@code mlp.in.w}, {@code mlp.out.w}, and
 * {@code unembed.w}; the Fourier measure over the operand tokens' rows of the embedding and the unembedding's class
 * columns (Z_p tasks). The names are an allow-list: the canonical tensors of a transformer with the file's width,
 * MLP width and depth ({@code embed.positions} and the weight matrices required, biases and LayerNorm parameters
 * optional, each of its one shape); anything else is one line.
 */
final class TransformerWeightFile {
    private TransformerWeightFile() {}

    static WeightMeasures measure(Map<String, NpzReader.Array> arrays, Task t, String task, String where) {
        SequenceFormat f = SequenceFormat.orNull(t.spec().name(), t.inputSpace());
        if (f == null) throw new UserError(where, "the file is a transformer's (it holds embed.tokens), and " + task + " has no sequence form", "judge it with a token task, e.g. --task modadd:p=23");
        int classes = t.numClasses();
        NpzReader.Array embed = arrays.get("embed.tokens");
        if (embed.shape().length != 2 || embed.rows() != f.vocab()) {
            throw new UserError(where, "embed.tokens has shape " + WeightFile.shape(embed) + " but needs " + f.vocab() + " rows for " + task
                    + " (its tokens and the read-out token =)", "save the token embedding as (vocabulary, d_model)");
        }
        int d = embed.cols();
        int layers = 0;
        while (arrays.containsKey(layers + ".attn.qkv.w")) layers++;
        if (layers == 0) throw new UserError(where, "no array 0.attn.qkv.w", "save every block's tensors, numbered from 0 (docs/JUDGE.md, \"Weights files\")");
        NpzReader.Array mlpIn = arrays.get("0.mlp.in.w");
        if (mlpIn == null) throw new UserError(where, "no array 0.mlp.in.w", "save every block's tensors, numbered from 0 (docs/JUDGE.md, \"Weights files\")");
        int m = mlpIn.shape().length == 2 ? mlpIn.cols() : -1;
        // the allow-list: every name a transformer of this depth may have, its shape, and whether it must be there
        Map<String, int[]> want = new LinkedHashMap<>();
        Map<String, Boolean> required = new LinkedHashMap<>();
        expect(want, required, "embed.tokens", true, f.vocab(), d);
        expect(want, required, "embed.positions", true, f.positions(), d);
        for (int l = 0; l < layers; l++) {
            expect(want, required, l + ".ln1.gain", false, d);
            expect(want, required, l + ".ln1.bias", false, d);
            expect(want, required, l + ".attn.qkv.w", true, d, 3 * d);
            expect(want, required, l + ".attn.qkv.b", false, 3 * d);
            expect(want, required, l + ".attn.out.w", true, d, d);
            expect(want, required, l + ".attn.out.b", false, d);
            expect(want, required, l + ".ln2.gain", false, d);
            expect(want, required, l + ".ln2.bias", false, d);
            expect(want, required, l + ".mlp.in.w", true, d, m);
            expect(want, required, l + ".mlp.in.b", false, m);
            expect(want, required, l + ".mlp.out.w", true, m, d);
            expect(want, required, l + ".mlp.out.b", false, d);
        }
        expect(want, required, "final.ln.gain", false, d);
        expect(want, required, "final.ln.bias", false, d);
        expect(want, required, "unembed.w", true, d, classes);
        expect(want, required, "unembed.b", false, classes);
        for (String k : arrays.keySet()) {
            if (!want.containsKey(k)) {
                throw new UserError(where, "unexpected array '" + k + "' in a transformer's file (" + layers + " blocks, d_model " + d + ")",
                        "name the arrays as docs/JUDGE.md, \"Weights files\", lists them (blocks numbered 0 … without gaps)");
            }
        }
        for (var e : want.entrySet()) {
            NpzReader.Array a = arrays.get(e.getKey());
            if (a == null) {
                if (required.get(e.getKey())) throw new UserError(where, "no array " + e.getKey(), "save every weight matrix of the transformer (docs/JUDGE.md, \"Weights files\")");
                continue;
            }
            if (!java.util.Arrays.equals(a.shape(), e.getValue())) {
                throw new UserError(where, e.getKey() + " has shape " + WeightFile.shape(a) + " but needs " + shape(e.getValue()) + " (d_model " + d
                        + ", MLP width " + m + ", " + task + ": " + f.vocab() + " tokens, " + f.positions() + " positions, " + classes + " classes)",
                        "save matrices as (inputs, outputs): PyTorch's nn.Linear weight transposed");
            }
            if (!a.finite()) throw new UserError(where, e.getKey() + " holds NaN or infinite values", "judge a network whose weights are finite");
        }
        // the trainer's list, in its order: embedding first and unembedding last, as an MLP's first and last matrices
        List<Matrix> ms = new ArrayList<>();
        ms.add(Matrix.of(embed.values(), embed.rows(), embed.cols()));
        for (int l = 0; l < layers; l++) {
            for (String n : List.of(".attn.qkv.w", ".attn.out.w", ".mlp.in.w", ".mlp.out.w")) {
                NpzReader.Array a = arrays.get(l + n);
                ms.add(Matrix.of(a.values(), a.rows(), a.cols()));
            }
        }
        NpzReader.Array un = arrays.get("unembed.w");
        Matrix unembed = Matrix.of(un.values(), un.rows(), un.cols());
        ms.add(unembed);
        int group = f.source() == SequenceFormat.Source.TOKENS ? f.vocab() - 1 : 0;
        Matrix operands = group > 2 ? Matrix.of(java.util.Arrays.copyOf(embed.values(), group * d), group, d) : null;
        return new WeightMeasurer().measure(ms, operands, 1, group, group > 2 && classes == group ? unembed : null, Double.NaN, null);
    }

    private static void expect(Map<String, int[]> want, Map<String, Boolean> required, String name, boolean must, int... shape) {
        want.put(name, shape);
        required.put(name, must);
    }

    private static String shape(int[] s) {
        return s.length == 1 ? "(" + s[0] + ",)" : "(" + s[0] + ", " + s[1] + ")";
    }
}
