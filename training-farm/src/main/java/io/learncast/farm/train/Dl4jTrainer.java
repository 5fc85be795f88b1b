package io.learncast.farm.train;

import io.learncast.data.CurvePoint;
import io.learncast.data.Dataset;
import io.learncast.data.Split;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.RunResult;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The reference trainer: a DL4J {@link MultiLayerNetwork} (dense hidden layers, softmax output,
 * cross-entropy), fed one-hot token inputs, trained step by step on the shared batch order from the
 * shared initial weights. Evaluates train/test loss and accuracy and the weight norm every interval.
 */
public final class Dl4jTrainer implements Trainer {
    public static final String NAME = "dl4j";

    @Override
    public String name() { return NAME; }

    @Override
    public RunResult train(RunConfig c, Dataset data, TrainingListener listener) {
        if (c.model().isTransformer()) {
            return new io.learncast.farm.train.transformer.SameDiffTransformerTrainer(
                    io.learncast.farm.train.transformer.TransformerShape.of(c.model())).train(c, data, listener);
        }
        Nd4jRuntime.init();
        int in = data.input().inputWidth();
        int classes = data.numClasses();
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(c, in, classes));
        net.init();
        setInitialWeights(net, c, in, classes);

        RunTracker tracker = new RunTracker(c, data, NAME, listener.earlyStop());
        BatchOrder order = new BatchOrder(data.train().size(), c.batch(), c.orderSeed());
        int b = order.batchSize();
        int[] idx = new int[b];
        float[] xBuf = new float[b * in];
        float[] yBuf = new float[b * classes];
        INDArray x = Nd4j.create(DataType.FLOAT, b, in);
        INDArray y = Nd4j.create(DataType.FLOAT, b, classes);
        Eval trainEval = new Eval(data.train(), data, Math.min(RunTracker.TRAIN_EVAL_CAP, data.train().size()));
        Eval testEval = new Eval(data.test(), data, data.test().size());
        try {
            if (evaluate(net, tracker, trainEval, testEval, 0, listener)) return tracker.result();
            for (long step = 1; step <= c.steps(); step++) {
                if (!listener.keepGoing()) return null;
                order.next(idx);
                fillBatch(data, idx, b, in, classes, xBuf, yBuf);
                x.data().setData(xBuf);
                y.data().setData(yBuf);
                net.fit(new DataSet(x, y));
                if (tracker.evaluatesAt(step) && evaluate(net, tracker, trainEval, testEval, step, listener)) break;
            }
            return tracker.result();
        } finally {
            x.close();
            y.close();
            trainEval.close();
            testEval.close();
            net.clear();
            Nd4jRuntime.releaseThreadMemory();
        }
    }

    static MultiLayerConfiguration configuration(RunConfig c, int in, int classes) {
        IUpdater updater = switch (c.optimizer()) {
            case SGD -> new Sgd(c.lr());
            case ADAM, ADAMW -> new Adam(c.lr(), io.learncast.farm.config.Optimizer.BETA1, io.learncast.farm.config.Optimizer.BETA2,
                    io.learncast.farm.config.Optimizer.EPSILON);
        };
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(c.initSeed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.ZERO) // replaced by the shared initial weights
                .updater(updater);
        if (c.wd() > 0 && c.optimizer() == io.learncast.farm.config.Optimizer.ADAM) b.l2(c.wd()); // L2 added to the gradient
        NeuralNetConfiguration.ListBuilder list = b.list();
        int prev = in;
        for (int l = 0; l < c.depth(); l++) {
            DenseLayer.Builder layer = new DenseLayer.Builder().nIn(prev).nOut(c.width()).activation(activation(c));
            list.layer(decoupledDecay(layer, c).build());
            prev = c.width();
        }
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(prev).nOut(classes).activation(Activation.SOFTMAX);
        list.layer(decoupledDecay(out, c).build());
        return list.build();
    }

    /**
     * SGD and AdamW: decoupled decay, lr·wd·w added to each step, weights only. Set per layer: DL4J
     * 1.0.0-M2.1 copies a network-wide {@code weightDecay(wd, true)} into every layer twice, which
     * decays by 2·lr·wd·w (see FastTrainerEquivalenceTest#weightDecayIsAppliedOnce).
     */
    private static <B extends org.deeplearning4j.nn.conf.layers.BaseLayer.Builder<B>> B decoupledDecay(B layer, RunConfig c) {
        if (c.wd() > 0 && c.optimizer() != io.learncast.farm.config.Optimizer.ADAM) {
            layer.regularization(java.util.List.of(new org.nd4j.linalg.learning.regularization.WeightDecay(c.wd(), true)));
        }
        return layer;
    }

    static IActivation activation(RunConfig c) {
        return switch (c.activation()) {
            case RELU -> Activation.RELU.getActivationFunction();
            case TANH -> Activation.TANH.getActivationFunction();
            case GELU -> new ActivationGELU(false);
            case QUADRATIC -> new SquareActivation();
        };
    }

    static void setInitialWeights(MultiLayerNetwork net, RunConfig c, int in, int classes) {
        int[] sizes = InitialWeights.sizes(c, in, classes);
        float[][] w = InitialWeights.weights(c, in, classes);
        for (int l = 0; l < w.length; l++) {
            net.getLayer(l).setParam("W", Nd4j.create(w[l], new long[] {sizes[l], sizes[l + 1]}, 'c'));
            net.getLayer(l).setParam("b", Nd4j.zeros(DataType.FLOAT, 1, sizes[l + 1]));
        }
    }

    private static void fillBatch(Dataset data, int[] idx, int b, int in, int classes, float[] x, float[] y) {
        Split s = data.train();
        java.util.Arrays.fill(y, 0f);
        for (int i = 0; i < b; i++) {
            s.writeInput(idx[i], data.input(), x, i * in);
            y[i * classes + s.labels()[idx[i]]] = 1f;
        }
    }

    private static boolean evaluate(MultiLayerNetwork net, RunTracker tracker, Eval train, Eval test, long step, TrainingListener listener) {
        double[] tr = train.score(net);
        double[] te = test.score(net);
        double norm = net.params().norm2Number().doubleValue();
        CurvePoint p = new CurvePoint(step, tr[0], tr[1], te[0], te[1], norm, Double.isFinite(norm) && Double.isFinite(tr[0]) ? measure(net, train, tr[2]) : null);
        boolean stop = tracker.record(p);
        listener.evaluated(p);
        return stop;
    }

    /**
     * The weight measures of the reference net (as the fast trainer's, from each layer's W; the margin from
     * the training evaluation's probabilities, log p_label − log max other p, which is the logit margin).
     */
    private static io.learncast.data.WeightMeasures measure(MultiLayerNetwork net, Eval train, double margin) {
        java.util.List<io.learncast.farm.measure.Matrix> ms = new java.util.ArrayList<>();
        for (int l = 0; l < net.getnLayers(); l++) {
            INDArray w = net.getLayer(l).getParam("W");
            int rows = (int) w.size(0);
            int cols = (int) w.size(1);
            try (INDArray c = w.dup('c')) {
                ms.add(io.learncast.farm.measure.Matrix.of(c.data().asFloat(), rows, cols));
            }
        }
        io.learncast.data.InputSpace in = train.input;
        return new io.learncast.farm.measure.WeightMeasurer().measure(ms, in.isTokens() ? in.positions() : 0, in.isTokens() ? in.vocab() : 0, train.classes, margin);
    }

    /** A fixed evaluation set as a feature matrix, scored in one forward pass. */
    private static final class Eval implements AutoCloseable {
        private final INDArray x;
        private final int[] labels;
        private final int n;
        private final int classes;
        private final io.learncast.data.InputSpace input;

        Eval(Split split, Dataset data, int n) {
            this.input = data.input();
            int in = data.input().inputWidth();
            float[] buf = new float[n * in];
            for (int i = 0; i < n; i++) split.writeInput(i, data.input(), buf, i * in);
            this.x = Nd4j.create(buf, new long[] {n, in}, 'c');
            this.labels = split.labels();
            this.n = n;
            this.classes = data.numClasses();
        }

        /** {@code [loss, accuracy, mean margin]}. */
        double[] score(MultiLayerNetwork net) {
            try (INDArray out = net.output(x, false); INDArray probs = out.dup('c')) {
                float[] p = probs.data().asFloat();
                double[] la = Scores.of(p, labels, n, classes);
                double margin = 0;
                for (int i = 0; i < n; i++) {
                    double other = 0;
                    for (int k = 0; k < classes; k++) if (k != labels[i]) other = Math.max(other, p[i * classes + k]);
                    margin += Math.log(Math.max(p[i * classes + labels[i]], 1e-30)) - Math.log(Math.max(other, 1e-30));
                }
                return new double[] {la[0], la[1], margin / n};
            }
        }

        @Override
        public void close() { x.close(); }
    }
}
