package io.learncast.forecast.judge;

import io.learncast.common.UserError;
import io.learncast.data.InputSpace;
import io.learncast.data.Task;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.data.WeightMeasures;
import io.learncast.farm.measure.Matrix;
import io.learncast.farm.measure.WeightMeasurer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An MLP's weights from a {@code .npz} ({@link NpzReader}), checked against a task and measured. The
 * arrays are {@code layer0 … layerN} (2-D, inputs × outputs: PyTorch's {@code nn.Linear.weight.T}) and
 * optionally {@code bias0 … biasN} (1-D, read for shape only: the measures are of weights). For token
 * tasks {@code layer0} has one row per (position, token): positions·vocab rows, as the farm's embedding.
 * Any other name, a gap in the numbering, shapes that do not chain or do not fit the task, or a value that
 * is not finite is refused with one line. A file holding {@code embed.tokens} is a transformer's
 * ({@link TransformerWeightFile}).
 */
public final class WeightFile {
    private static final Pattern NAME = Pattern.compile("(layer|bias)(0|[1-9][0-9]?)");

    private WeightFile() {}

    public static WeightMeasures measure(Map<String, NpzReader.Array> arrays, String task, String where) {
        Task t = TaskCatalog.create(TaskSpec.parse(task, "--task"), 0, "--task");
        InputSpace in = t.inputSpace();
        int classes = t.numClasses();
        if (arrays.containsKey("embed.tokens")) return TransformerWeightFile.measure(arrays, t, task, where);
        for (String k : arrays.keySet()) {
            if (!NAME.matcher(k).matches()) throw new UserError(where, "unexpected array '" + k + "'", "name the arrays layer0 … layerN (and optionally bias0 … biasN); "
                    + "a transformer's file holds embed.tokens (docs/JUDGE.md, \"Weights files\")");
        }
        List<NpzReader.Array> layers = new ArrayList<>();
        for (int i = 0; arrays.containsKey("layer" + i); i++) layers.add(arrays.get("layer" + i));
        long named = arrays.keySet().stream().filter(k -> k.startsWith("layer")).count();
        if (layers.isEmpty()) throw new UserError(where, "no array layer0", "name the weight matrices layer0 … layerN, input first");
        if (named != layers.size()) throw new UserError(where, "layer" + layers.size() + " is missing (the file has " + named + " layer arrays)", "number the layers 0, 1, 2, … without gaps");
        if (layers.size() < 2) throw new UserError(where, "only one layer; an MLP here has an input layer and an output layer", "save every weight matrix: layer0 … layerN");
        int inputRows = in.inputWidth();
        for (int i = 0; i < layers.size(); i++) {
            NpzReader.Array a = layers.get(i);
            if (a.shape().length != 2) throw new UserError(where, "layer" + i + " has shape " + shape(a) + ", not a matrix", "save weights as (inputs, outputs) matrices");
            int wantRows = i == 0 ? inputRows : layers.get(i - 1).cols();
            if (a.rows() != wantRows) {
                throw new UserError(where, "layer" + i + " has shape " + shape(a) + " but needs " + wantRows + " rows" + (i == 0 ? " for " + task
                        + (in.isTokens() ? " (" + in.positions() + " positions × " + in.vocab() + " tokens, one-hot)" : "") : " (layer" + (i - 1) + "'s outputs)"),
                        i == 0 ? "save (inputs, outputs): PyTorch's nn.Linear weight transposed" : "check the layer order");
            }
            if (!a.finite()) throw new UserError(where, "layer" + i + " holds NaN or infinite values", "judge a network whose weights are finite");
        }
        NpzReader.Array last = layers.get(layers.size() - 1);
        if (last.cols() != classes) throw new UserError(where, "layer" + (layers.size() - 1) + " has " + last.cols() + " outputs; " + task + " has " + classes + " classes", "check --task");
        for (int i = 0; i <= 99; i++) {
            NpzReader.Array b = arrays.get("bias" + i);
            if (b == null) continue;
            if (i >= layers.size() || b.shape().length != 1 || b.cols() != layers.get(i).cols()) {
                throw new UserError(where, "bias" + i + " has shape " + shape(b) + (i < layers.size() ? ", layer" + i + " has " + layers.get(i).cols() + " outputs" : " but there is no layer" + i),
                        "save each bias as a vector of its layer's outputs");
            }
            if (!b.finite()) throw new UserError(where, "bias" + i + " holds NaN or infinite values", "judge a network whose weights are finite");
        }
        List<Matrix> ms = layers.stream().map(a -> Matrix.of(a.values(), a.rows(), a.cols())).toList();
        return new WeightMeasurer().measure(ms, in.isTokens() ? in.positions() : 0, in.isTokens() ? in.vocab() : 0, classes, Double.NaN);
    }

    static String shape(NpzReader.Array a) {
        return a.shape().length == 1 ? "(" + a.shape()[0] + ",)" : "(" + a.shape()[0] + ", " + a.shape()[1] + ")";
    }
}
