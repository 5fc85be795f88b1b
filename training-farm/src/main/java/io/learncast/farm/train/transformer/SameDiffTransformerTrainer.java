package io.learncast.farm.train.transformer;

import io.learncast.data.SequenceFormat;
import io.learncast.data.CurvePoint;
import io.learncast.data.Dataset;
import io.learncast.data.Split;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.train.BatchOrder;
import io.learncast.farm.train.BatchTrainer;
import io.learncast.farm.train.Nd4jRuntime;
import io.learncast.farm.train.RunTracker;
import io.learncast.farm.train.Scores;
import io.learncast.farm.train.Trainer;
import io.learncast.farm.train.TrainingListener;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The transformer's reference trainer: {@link TransformerModel}'s maths as a SameDiff graph built from
 * plain ops (one-hot products for the embeddings, batched matmuls for attention, softmax with an additive
 * −∞ causal mask, LayerNorm from mean/variance ops), every position computed as researchers write it;
 * gradients by SameDiff's autodiff. The optimiser is applied parameter by parameter with the same ND4J
 * objects DL4J's updater uses for the MLP reference ({@code Adam}/{@code Sgd} updaters, {@link L2Regularization}
 * before the updater for Adam, {@link WeightDecay} with the learning rate after it for SGD and AdamW; weights
 * only), on the gradient of the minibatch's mean loss. Same initial weights ({@link TransformerParams}),
 * batch order ({@link BatchOrder}) and evaluation ({@link RunTracker}) as the fast trainer.
 */
public final class SameDiffTransformerTrainer implements BatchTrainer, Trainer {
    /** The reference trainer's name, as for the MLP: DL4J's (ND4J SameDiff) maths. */
    public static final String NAME = io.learncast.farm.train.Dl4jTrainer.NAME;

    private final TransformerShape shape;

    /** The shape is a constructor argument until the run config carries it. */
    public SameDiffTransformerTrainer(TransformerShape shape) {
        this.shape = shape;
    }

    @Override
    public String name() { return NAME; }

    @Override
    public int maxBatch() { return 1; }

    @Override
    public List<RunResult> train(List<RunConfig> configs, List<Dataset> data, List<TrainingListener> listeners) {
        List<RunResult> out = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) out.add(train(configs.get(i), data.get(i), listeners.get(i)));
        return out;
    }

    @Override
    public RunResult train(RunConfig c, Dataset d, TrainingListener listener) {
        TransformerModel model = TransformerModel.of(shape, d);
        Nd4jRuntime.init();
        BatchOrder order = new BatchOrder(d.train().size(), c.batch(), c.orderSeed());
        int b = order.batchSize();
        SequenceFormat f = model.format();
        int[] trainSeq = f.encode(d.train(), d.input());
        int[] testSeq = d.testIsTrain() ? trainSeq : f.encode(d.test(), d.input());
        Graph g = new Graph(model, b);
        try {
            g.setInitial(model.initial(c));
            Optim opt = new Optim(c, g);
            RunTracker tracker = new RunTracker(c, d, NAME, listener.earlyStop());
            int trainEval = Math.min(RunTracker.TRAIN_EVAL_CAP, d.train().size());
            int[] idx = new int[b];
            if (evaluate(g, model, trainSeq, d.train(), trainEval, testSeq, d.test(), tracker, 0, listener)) return tracker.result();
            for (long step = 1; step <= c.steps(); step++) {
                if (!listener.keepGoing()) return null;
                order.next(idx);
                opt.step(g.gradients(g.batch(trainSeq, d.train().labels(), idx, b)));
                if (tracker.evaluatesAt(step) && evaluate(g, model, trainSeq, d.train(), trainEval, testSeq, d.test(), tracker, step, listener)) break;
            }
            return tracker.result();
        } finally {
            g.close();
            Nd4jRuntime.releaseThreadMemory();
        }
    }

    private static boolean evaluate(Graph g, TransformerModel m, int[] trainSeq, Split train, int trainRows, int[] testSeq, Split test,
                                    RunTracker tracker, long step, TrainingListener listener) {
        double[] tr = g.score(trainSeq, train.labels(), trainRows);
        double[] te = g.score(testSeq, test.labels(), test.size());
        CurvePoint p = new CurvePoint(step, tr[0], tr[1], te[0], te[1], g.norm());
        boolean stop = tracker.record(p);
        listener.evaluated(p);
        return stop;
    }

    /** The SameDiff graph of one run: parameters as variables, inputs as one-hot placeholders. */
    static final class Graph implements AutoCloseable {
        final SameDiff sd = SameDiff.create();
        final TransformerModel m;
        final List<TransformerParams.Tensor> tensors;
        final List<String> names = new ArrayList<>();
        final int inWidth;

        Graph(TransformerModel m, int batch) {
            this.m = m;
            this.tensors = m.tensors();
            int t = m.positions();
            int v = m.vocab();
            int d = m.shape().dModel();
            int heads = m.shape().heads();
            int dh = m.shape().headDim();
            this.inWidth = v + t;
            Map<String, SDVariable> p = new HashMap<>();
            for (TransformerParams.Tensor ts : tensors) {
                long[] dims = ts.rows() == 1 ? new long[] {1, ts.cols()} : new long[] {ts.rows(), ts.cols()};
                p.put(ts.name(), sd.var(ts.name(), Nd4j.zeros(DataType.FLOAT, dims)));
                names.add(ts.name());
            }
            // x: one row per (example, position), one-hot over [tokens | positions]; y: one-hot labels
            SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, inWidth);
            SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, m.classes());
            SDVariable table = sd.concat(0, p.get("embed.tokens"), p.get("embed.positions"));
            SDVariable h = x.mmul(table); // [N·T, d]
            float[][] mask = new float[t][t];
            for (int i = 0; i < t; i++) for (int j = i + 1; j < t; j++) mask[i][j] = Float.NEGATIVE_INFINITY;
            SDVariable causal = sd.constant("causal", Nd4j.create(mask));
            for (int l = 0; l < m.shape().layers(); l++) {
                String pre = l + ".";
                SDVariable a = m.shape().layerNorm() ? layerNorm(h, p.get(pre + "ln1.gain"), p.get(pre + "ln1.bias")) : h;
                SDVariable qkv = a.mmul(p.get(pre + "attn.qkv.w")).add(p.get(pre + "attn.qkv.b"));
                SDVariable q = heads(qkv.get(SDIndex.all(), SDIndex.interval(0, d)), t, heads, dh);
                SDVariable k = heads(qkv.get(SDIndex.all(), SDIndex.interval(d, 2 * d)), t, heads, dh);
                SDVariable vv = heads(qkv.get(SDIndex.all(), SDIndex.interval(2 * d, 3 * d)), t, heads, dh);
                SDVariable scores = sd.mmul(q, k, false, true, false).mul(m.attentionScale()).add(causal); // [N, H, T, T]
                SDVariable attn = sd.nn().softmax(scores, 3);
                SDVariable z = sd.reshape(sd.mmul(attn, vv).permute(0, 2, 1, 3), -1, d); // heads concatenated, [N·T, d]
                h = h.add(z.mmul(p.get(pre + "attn.out.w")).add(p.get(pre + "attn.out.b")));
                SDVariable bIn = m.shape().layerNorm() ? layerNorm(h, p.get(pre + "ln2.gain"), p.get(pre + "ln2.bias")) : h;
                SDVariable hidden = sd.nn().relu(bIn.mmul(p.get(pre + "mlp.in.w")).add(p.get(pre + "mlp.in.b")), 0);
                h = h.add(hidden.mmul(p.get(pre + "mlp.out.w")).add(p.get(pre + "mlp.out.b")));
            }
            // the read-out position: columns of [N, T·d] (a point index on [N, T, d] trips a strided_slice_bp bug in M2.1)
            SDVariable last = sd.reshape(h, -1, t * d).get(SDIndex.all(), SDIndex.interval((t - 1) * d, t * d)); // [N, d]
            if (m.shape().layerNorm()) last = layerNorm(last, p.get("final.ln.gain"), p.get("final.ln.bias"));
            SDVariable logits = last.mmul(p.get("unembed.w")).add(p.get("unembed.b"));
            sd.nn().softmax("probs", logits, 1);
            SDVariable nll = y.mul(sd.nn().logSoftmax(logits)).sum().neg();
            SDVariable loss = nll.div("loss", batch);
            sd.setLossVariables(loss);
        }

        /** [N·T, d] → [N, H, T, d/H]. */
        private SDVariable heads(SDVariable x, int t, int heads, int dh) {
            return sd.reshape(x, -1, t, heads, dh).permute(0, 2, 1, 3);
        }

        private SDVariable layerNorm(SDVariable x, SDVariable gain, SDVariable bias) {
            SDVariable centred = x.sub(x.mean(true, 1));
            SDVariable var = centred.mul(centred).mean(true, 1);
            return centred.mul(sd.math().rsqrt(var.add(TransformerModel.LN_EPS))).mul(gain).add(bias);
        }

        void setInitial(float[][] w) {
            for (int i = 0; i < tensors.size(); i++) {
                TransformerParams.Tensor ts = tensors.get(i);
                param(i).assign(Nd4j.create(w[i], new long[] {ts.rows(), ts.cols()}, 'c'));
            }
        }

        INDArray param(int i) {
            return sd.getVariable(names.get(i)).getArr();
        }

        /** Placeholders for examples {@code idx[0 … n)} of a split's sequences (idx null: rows 0 … n). */
        Map<String, INDArray> batch(int[] seq, int[] labels, int[] idx, int n) {
            int t = m.positions();
            float[] x = new float[n * t * inWidth];
            float[] y = new float[n * m.classes()];
            for (int r = 0; r < n; r++) {
                int e = idx == null ? r : idx[r];
                for (int q = 0; q < t; q++) {
                    int row = (r * t + q) * inWidth;
                    x[row + seq[e * t + q]] = 1f;
                    x[row + m.vocab() + q] = 1f;
                }
                y[r * m.classes() + labels[e]] = 1f;
            }
            Map<String, INDArray> ph = new HashMap<>();
            ph.put("x", Nd4j.create(x, new long[] {(long) n * t, inWidth}, 'c'));
            ph.put("y", Nd4j.create(y, new long[] {n, m.classes()}, 'c'));
            return ph;
        }

        Map<String, INDArray> gradients(Map<String, INDArray> placeholders) {
            Map<String, INDArray> g = sd.calculateGradients(placeholders, names);
            closeAll(placeholders);
            return g;
        }

        /** {@code [loss, accuracy]} on rows 0 … n of a split. */
        double[] score(int[] seq, int[] labels, int n) {
            Map<String, INDArray> ph = batch(seq, labels, null, n);
            INDArray probs = sd.output(ph, "probs").get("probs");
            double[] s = Scores.of(probs.dup('c').data().asFloat(), labels, n, m.classes());
            closeAll(ph);
            return s;
        }

        /** The L2 norm of all parameters. */
        double norm() {
            double s = 0;
            for (int i = 0; i < names.size(); i++) {
                double n = param(i).norm2Number().doubleValue();
                s += n * n;
            }
            return Math.sqrt(s);
        }

        private static void closeAll(Map<String, INDArray> arrays) {
            for (INDArray a : arrays.values()) a.close();
        }

        /** SameDiff 1.0.0-M2.1 has no close(): the off-heap arrays go with the graph at the next GC. */
        @Override
        public void close() {
            sd.getSessions().clear();
        }
    }

    /** The optimiser, applied per parameter as DL4J's updater blocks apply it. */
    static final class Optim {
        private final Graph g;
        private final List<GradientUpdater> updaters = new ArrayList<>();
        private final List<Regularization> decay = new ArrayList<>();
        private final double lr;
        private int iteration;

        Optim(RunConfig c, Graph g) {
            this.g = g;
            this.lr = c.lr();
            IUpdater config = switch (c.optimizer()) {
                case SGD -> new Sgd(c.lr());
                case ADAM, ADAMW -> new Adam(c.lr(), Optimizer.BETA1, Optimizer.BETA2, Optimizer.EPSILON);
            };
            for (int i = 0; i < g.tensors.size(); i++) {
                long n = g.tensors.get(i).size();
                long state = config.stateSize(n);
                INDArray view = state == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, state);
                updaters.add(config.instantiate(view, true));
                Regularization r = null;
                if (c.wd() > 0 && g.tensors.get(i).decayed()) {
                    r = c.optimizer() == Optimizer.ADAM ? new L2Regularization(c.wd()) : new WeightDecay(c.wd(), true);
                }
                decay.add(r);
            }
        }

        void step(Map<String, INDArray> grads) {
            for (int i = 0; i < g.names.size(); i++) {
                INDArray w = g.param(i);
                INDArray grad = grads.get(g.names.get(i));
                Regularization r = decay.get(i);
                if (r != null && r.applyStep() == Regularization.ApplyStep.BEFORE_UPDATER) r.apply(w, grad, lr, iteration, 0);
                updaters.get(i).applyUpdater(grad, iteration, 0);
                if (r != null && r.applyStep() == Regularization.ApplyStep.POST_UPDATER) r.apply(w, grad, lr, iteration, 0);
                w.subi(grad);
            }
            iteration++;
        }
    }
}
