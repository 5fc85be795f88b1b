package io.learncast.farm.train.fast;

import io.learncast.data.CurvePoint;
import io.learncast.data.Dataset;
import io.learncast.data.WeightMeasures;
import io.learncast.farm.measure.Matrix;
import io.learncast.farm.measure.WeightMeasurer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.train.transformer.TransformerShape;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.train.BatchOrder;
import io.learncast.farm.train.BatchTrainer;
import io.learncast.farm.train.InitialWeights;
import io.learncast.farm.train.RunTracker;
import io.learncast.farm.train.Trainer;
import io.learncast.farm.train.TrainingListener;
import io.learncast.farm.weights.WeightArray;

import java.util.ArrayList;
import java.util.List;

/**
 * The farm's fast trainer: the reference trainer's maths (same initial weights, batch order, optimiser
 * and evaluation; see {@link Net}) in SIMD kernels over plain {@code float[]}s, on the calling thread.
 * Token inputs go through embedding lookups instead of one-hot products. A batch of runs shares one
 * {@link Workspace} per layout and trains run after run: each run keeps its own parameters, seed, data
 * order, budget and early stop, so a finished or diverged run costs its neighbours nothing and cannot
 * touch their numbers. (Interleaving the runs step by step was measured slower: it evicts each run's
 * parameters and optimiser state from the L2 cache between its steps — see docs/PERFORMANCE.md.)
 */
public final class FastTrainer implements BatchTrainer, Trainer {
    public static final String NAME = "fast";
    /** Runs taken per batch: enough to amortise a claim's store round trips over many short runs. */
    public static final int MAX_BATCH = 32;
    /**
     * Rows per chunk of a minibatch or evaluation set: small enough for L2 (measured: 64–256 alike, 512
     * slower), and 10 blocks of 12 rows + one of 8, so power-of-two batches leave no ragged rows.
     */
    static final int CHUNK = 128;

    private final Kernels kernels;
    private final int chunk;
    /** Whether each evaluation also records the weight measures (on by default; off only to measure their cost). */
    private final boolean measures;

    public FastTrainer() {
        this(Kernels.best(), CHUNK, true);
    }

    FastTrainer(Kernels kernels, int chunk) {
        this(kernels, chunk, true);
    }

    private FastTrainer(Kernels kernels, int chunk, boolean measures) {
        this.kernels = kernels;
        this.chunk = chunk;
        this.measures = measures;
    }

    /** The same trainer without weight measures at evaluations: what the speed bench compares against. */
    public static FastTrainer withoutMeasures() {
        return new FastTrainer(Kernels.best(), CHUNK, false);
    }

    @Override
    public String name() { return NAME; }

    @Override
    public int maxBatch() { return MAX_BATCH; }

    /** Which kernels this trainer runs: "vector512" with the Vector API module, "scalar" without. */
    public String kernels() { return kernels.name(); }

    /** True when the JVM has the Vector API ({@code --add-modules jdk.incubator.vector}), i.e. the fast kernels. */
    public static boolean vectorised() { return Kernels.vectorised(); }

    @Override
    public List<RunResult> train(List<RunConfig> configs, List<Dataset> data, List<TrainingListener> listeners) {
        if (configs.size() != data.size() || configs.size() != listeners.size()) {
            throw new IllegalArgumentException("configs, data and listeners differ in length");
        }
        // a batch shares one shape key, and the shape key holds the architecture: a transformer batch goes whole
        if (!configs.isEmpty() && configs.get(0).model().isTransformer()) {
            return new FastTransformerTrainer(TransformerShape.of(configs.get(0).model())).train(configs, data, listeners);
        }
        List<RunResult> out = new ArrayList<>(configs.size());
        Workspace[] shared = new Workspace[1]; // one per batch (and thread): nothing outlives the batch
        for (int i = 0; i < configs.size(); i++) out.add(train(configs.get(i), data.get(i), listeners.get(i), shared));
        return out;
    }

    @Override
    public RunResult train(RunConfig c, Dataset d, TrainingListener listener) {
        if (c.model().isTransformer()) return new FastTransformerTrainer(TransformerShape.of(c.model())).train(c, d, listener);
        return train(c, d, listener, new Workspace[1]);
    }

    private RunResult train(RunConfig c, Dataset d, TrainingListener listener, Workspace[] shared) {
        if (!listener.keepGoing()) return null;
        Layout lay = Layout.of(c, d, kernels.lanes());
        Workspace ws = shared[0];
        if (ws == null || !ws.lay.equals(lay)) {
            ws = new Workspace(lay, chunk, kernels);
            shared[0] = ws;
        }
        RunTracker tracker = new RunTracker(c, d, NAME, listener.earlyStop());
        Net net = new Net(lay, c, InitialWeights.weights(c, d.input().inputWidth(), d.numClasses()));
        BatchOrder order = new BatchOrder(d.train().size(), c.batch(), c.orderSeed());
        int b = order.batchSize();
        int[] idx = new int[b];
        int trainEval = Math.min(RunTracker.TRAIN_EVAL_CAP, d.train().size());
        WeightMeasurer measurer = measures ? new WeightMeasurer() : null;
        if (!evaluate(ws, net, d, trainEval, tracker, 0, listener, measurer)) {
            for (long step = 1; step <= c.steps(); step++) {
                if (!listener.keepGoing()) return null;
                order.next(idx);
                ws.step(net, d.train(), idx, b);
                if (tracker.evaluatesAt(step) && evaluate(ws, net, d, trainEval, tracker, step, listener, measurer)) break;
            }
        }
        if (listener.wantsWeights()) listener.trained(weights(net));
        return tracker.result();
    }

    /** The net's weights and biases as the {@code .npz} format names them (real rows and columns only: no padding). */
    static List<WeightArray> weights(Net net) {
        Layout lay = net.layout;
        List<WeightArray> out = new ArrayList<>(2 * lay.layers());
        for (int l = 0; l < lay.layers(); l++) out.add(WeightArray.matrix("layer" + l, net.w, lay.wOff[l], lay.rows[l], lay.realCols[l], lay.cols[l]));
        for (int l = 0; l < lay.layers(); l++) out.add(WeightArray.vector("bias" + l, net.w, lay.bOff[l], lay.realCols[l]));
        return out;
    }

    private static boolean evaluate(Workspace ws, Net net, Dataset d, int trainRows, RunTracker tracker, long step, TrainingListener listener,
                                    WeightMeasurer measurer) {
        double norm = net.norm();
        io.learncast.farm.measure.LogitProbe probe = measurer != null && Double.isFinite(norm) ? probe(measurer, net) : null;
        Workspace.Score tr = new Workspace.Score(measurer != null, probe);
        ws.evaluate(net, d.train(), trainRows, tr);
        Workspace.Score te = new Workspace.Score();
        ws.evaluate(net, d.test(), d.test().size(), te);
        double[] a = tr.result();
        double[] b = te.result();
        // a diverged net's weights are not worth measuring (and may hold non-finite numbers)
        WeightMeasures m = measurer != null && Double.isFinite(norm) && Double.isFinite(a[0]) ? measure(measurer, net, d, tr.margin(), probe == null ? null : probe.result()) : null;
        CurvePoint p = new CurvePoint(step, a[0], a[1], b[0], b[1], norm, m);
        boolean stop = tracker.record(p);
        listener.evaluated(p);
        return stop;
    }

    /** The measures of the net's weight matrices (real rows and columns only: the padding is left out). */
    static WeightMeasures measure(WeightMeasurer measurer, Net net, Dataset d, double margin) {
        return measure(measurer, net, d, margin, null);
    }

    static WeightMeasures measure(WeightMeasurer measurer, Net net, Dataset d, double margin, WeightMeasures.Logits logits) {
        Layout lay = net.layout;
        List<Matrix> ms = new ArrayList<>(lay.layers());
        for (int l = 0; l < lay.layers(); l++) ms.add(new Matrix(net.w, lay.wOff[l], lay.rows[l], lay.realCols[l], lay.cols[l]));
        return measurer.measure(ms, lay.tokens ? lay.positions : 0, lay.tokens ? lay.vocab : 0, lay.classes, margin, logits);
    }

    /** The logit probe at the output matrix's key frequencies (Z_p → Z_p token tasks), else null. */
    private static io.learncast.farm.measure.LogitProbe probe(WeightMeasurer measurer, Net net) {
        Layout lay = net.layout;
        if (!lay.tokens) return null;
        int l = lay.layers() - 1;
        return measurer.probe(new Matrix(net.w, lay.wOff[l], lay.rows[l], lay.realCols[l], lay.cols[l]), lay.positions, lay.vocab, lay.classes);
    }
}
