package io.learncast.farm.train.fast;

import io.learncast.data.CurvePoint;
import io.learncast.data.Dataset;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.train.BatchOrder;
import io.learncast.farm.train.BatchTrainer;
import io.learncast.farm.train.RunTracker;
import io.learncast.farm.train.Trainer;
import io.learncast.farm.train.TrainingListener;
import io.learncast.data.SequenceFormat;
import io.learncast.data.WeightMeasures;
import io.learncast.farm.measure.LogitProbe;
import io.learncast.farm.measure.Matrix;
import io.learncast.farm.measure.WeightMeasurer;
import io.learncast.farm.train.transformer.TransformerModel;
import io.learncast.farm.train.transformer.TransformerParams;
import io.learncast.farm.weights.WeightArray;
import io.learncast.farm.train.transformer.TransformerShape;

import java.util.ArrayList;
import java.util.List;

/**
 * The fast trainer for transformers: {@link TransformerModel}'s maths in the SIMD kernels over plain
 * {@code float[]}s, on the calling thread, checked curve for curve against the SameDiff reference
 * ({@link io.learncast.farm.train.transformer.SameDiffTransformerTrainer}). Like {@link FastTrainer}, a
 * batch of runs shares one {@link TransformerWorkspace} per layout and trains run after run, each with
 * its own parameters, seed, data order, learning rate, weight decay, budget and early stop.
 */
public final class FastTransformerTrainer implements BatchTrainer, Trainer {
    public static final String NAME = FastTrainer.NAME;
    /** Rows (example × position) per chunk: 64 examples of 3 tokens, 9 of 21. */
    static final int CHUNK_ROWS = 192;

    private final TransformerShape shape;
    private final Kernels kernels;
    private final int chunkRows;
    /** Whether each evaluation also records the weight measures (on by default; off only to measure their cost). */
    private final boolean measures;

    /** The shape is a constructor argument until the run config carries it. */
    public FastTransformerTrainer(TransformerShape shape) {
        this(shape, Kernels.best(), CHUNK_ROWS);
    }

    FastTransformerTrainer(TransformerShape shape, Kernels kernels, int chunkRows) {
        this(shape, kernels, chunkRows, true);
    }

    private FastTransformerTrainer(TransformerShape shape, Kernels kernels, int chunkRows, boolean measures) {
        this.shape = shape;
        this.kernels = kernels;
        this.chunkRows = chunkRows;
        this.measures = measures;
    }

    /** The same trainer without weight measures at evaluations: what the speed bench compares against. */
    public static FastTransformerTrainer withoutMeasures(TransformerShape shape) {
        return new FastTransformerTrainer(shape, Kernels.best(), CHUNK_ROWS, false);
    }

    @Override
    public String name() { return NAME; }

    @Override
    public int maxBatch() { return FastTrainer.MAX_BATCH; }

    public TransformerShape shape() { return shape; }

    @Override
    public List<RunResult> train(List<RunConfig> configs, List<Dataset> data, List<TrainingListener> listeners) {
        if (configs.size() != data.size() || configs.size() != listeners.size()) {
            throw new IllegalArgumentException("configs, data and listeners differ in length");
        }
        List<RunResult> out = new ArrayList<>(configs.size());
        TransformerWorkspace[] shared = new TransformerWorkspace[1];
        for (int i = 0; i < configs.size(); i++) out.add(train(configs.get(i), data.get(i), listeners.get(i), shared));
        return out;
    }

    @Override
    public RunResult train(RunConfig c, Dataset d, TrainingListener listener) {
        return train(c, d, listener, new TransformerWorkspace[1]);
    }

    private RunResult train(RunConfig c, Dataset d, TrainingListener listener, TransformerWorkspace[] shared) {
        TransformerModel model = TransformerModel.of(shape, d);
        if (!listener.keepGoing()) return null;
        TransformerLayout lay = new TransformerLayout(model, kernels.lanes());
        TransformerWorkspace ws = shared[0];
        if (ws == null || !ws.lay.equals(lay)) {
            ws = new TransformerWorkspace(lay, Math.max(1, chunkRows / model.positions()), kernels);
            shared[0] = ws;
        }
        SequenceFormat f = model.format();
        int[] trainSeq = f.encode(d.train(), d.input());
        int[] testSeq = d.testIsTrain() ? trainSeq : f.encode(d.test(), d.input());
        RunTracker tracker = new RunTracker(c, d, NAME, listener.earlyStop());
        TransformerNet net = new TransformerNet(lay, c, model.initial(c));
        BatchOrder order = new BatchOrder(d.train().size(), c.batch(), c.orderSeed());
        int b = order.batchSize();
        int[] idx = new int[b];
        int trainEval = Math.min(RunTracker.TRAIN_EVAL_CAP, d.train().size());
        Eval eval = new Eval(ws, net, trainSeq, d.train().labels(), trainEval, testSeq, d.test().labels(), d.test().size(),
                measures ? new WeightMeasurer() : null, f.source() == SequenceFormat.Source.TOKENS ? f.vocab() - 1 : 0);
        if (!eval.at(0, tracker, listener)) {
            for (long step = 1; step <= c.steps(); step++) {
                if (!listener.keepGoing()) return null;
                order.next(idx);
                ws.step(net, trainSeq, d.train().labels(), idx, b);
                if (tracker.evaluatesAt(step) && eval.at(step, tracker, listener)) break;
            }
        }
        if (listener.wantsWeights()) listener.trained(weights(net));
        return tracker.result();
    }

    /**
     * The net's parameters as the {@code npz-transformer-1} format names them: every canonical tensor under its own name
     * ({@code embed.tokens}, {@code 0.attn.qkv.w}, …, {@code unembed.b}), matrices (fan-in × fan-out) as 2-D arrays and
     * vectors (biases, LayerNorm gains) as 1-D ones, unpadded — the layout of {@link TransformerParams}.
     */
    static List<WeightArray> weights(TransformerNet net) {
        TransformerLayout lay = net.layout;
        List<TransformerParams.Tensor> ts = lay.model.tensors();
        float[][] canonical = lay.gather(ts, net.w);
        List<WeightArray> out = new ArrayList<>(ts.size());
        for (int i = 0; i < ts.size(); i++) {
            TransformerParams.Tensor x = ts.get(i);
            boolean vector = x.rows() == 1 && x.kind() != TransformerParams.Kind.WEIGHT;
            out.add(new WeightArray(x.name(), vector ? new int[] {x.cols()} : new int[] {x.rows(), x.cols()}, canonical[i]));
        }
        return out;
    }

    /**
     * One evaluation. {@code group}: the operand tokens' count for token tasks (the vocabulary without the read-out token
     * {@code =}: Z_p for modadd), 0 for bit tasks — the Fourier measures and the logit probe run over it.
     */
    private record Eval(TransformerWorkspace ws, TransformerNet net, int[] trainSeq, int[] trainLabels, int trainRows, int[] testSeq,
                        int[] testLabels, int testRows, WeightMeasurer measurer, int group) {
        boolean at(long step, RunTracker tracker, TrainingListener listener) {
            double norm = net.norm();
            boolean measure = measurer != null && Double.isFinite(norm);
            TransformerLayout lay = net.layout;
            Matrix unembed = new Matrix(net.w, lay.unW, lay.d, lay.classes, lay.cP);
            boolean zp = group > 2 && lay.classes == group;
            LogitProbe probe = measure && zp ? measurer.probe(unembed, 1, group, lay.classes) : null;
            Workspace.Score tr = new Workspace.Score(measurer != null, probe);
            ws.evaluate(net, trainSeq, trainLabels, trainRows, tr);
            Workspace.Score te = new Workspace.Score();
            ws.evaluate(net, testSeq, testLabels, testRows, te);
            double[] a = tr.result();
            double[] b = te.result();
            WeightMeasures m = measure && Double.isFinite(a[0]) ? measure(measurer, net, group, tr.margin(), probe == null ? null : probe.result()) : null;
            CurvePoint p = new CurvePoint(step, a[0], a[1], b[0], b[1], norm, m);
            boolean stop = tracker.record(p);
            listener.evaluated(p);
            return stop;
        }
    }

    /**
     * A transformer's weight measures: norms of the token embedding, each layer's fused Q|K|V, attention output, MLP in
     * and MLP out, and the unembedding, in that order (embedding first, unembedding last, as an MLP's); the position
     * embedding, biases and LayerNorm gains are left out. Views of the padded layout: padding is zero and changes no
     * norm, but Q|K|V and the attention output are counted at their head-padded width. The Fourier measures run over
     * the operand tokens' embedding rows (Z_p for modadd) and, when the classes are Z_p, the unembedding's columns.
     */
    static WeightMeasures measure(WeightMeasurer measurer, TransformerNet net, int group, double margin, WeightMeasures.Logits logits) {
        TransformerLayout lay = net.layout;
        List<Matrix> ms = new ArrayList<>(2 + 4 * lay.layers);
        ms.add(new Matrix(net.w, lay.embed, lay.vocab, lay.d, lay.dP));
        for (int l = 0; l < lay.layers; l++) {
            ms.add(new Matrix(net.w, lay.qkvW0[l], lay.d, lay.qkvW, lay.qkvW));
            ms.add(new Matrix(net.w, lay.outW[l], lay.qW, lay.d, lay.dP));
            ms.add(new Matrix(net.w, lay.inW[l], lay.d, lay.dMlp, lay.mP));
            ms.add(new Matrix(net.w, lay.mlpOutW[l], lay.dMlp, lay.d, lay.dP));
        }
        Matrix unembed = new Matrix(net.w, lay.unW, lay.d, lay.classes, lay.cP);
        ms.add(unembed);
        Matrix operands = group > 2 ? new Matrix(net.w, lay.embed, group, lay.d, lay.dP) : null;
        return measurer.measure(ms, operands, 1, group, group > 2 && lay.classes == group ? unembed : null, margin, logits);
    }
}
