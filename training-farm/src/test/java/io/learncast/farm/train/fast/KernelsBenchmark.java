package io.learncast.farm.train.fast;

import io.learncast.data.Dataset;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.train.BatchOrder;
import io.learncast.farm.train.InitialWeights;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH micro-benchmarks of the fast trainer's hot kernels on the standard workloads' shapes
 * ({@code bench/kernels}): the matrix products (SIMD against plain loops), softmax, the transposes,
 * the transformer's attention (forward and backward, every query or the read-out one), and whole
 * training steps of the MLP and transformer workloads. Used to choose block sizes and chunk length; see docs/PERFORMANCE.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx1g"})
public class KernelsBenchmark {

    /** One chunk of the output layer: rows × width times width × classes (padded), as in each workload. */
    @State(Scope.Thread)
    public static class Product {
        @Param({"modadd97", "modadd23", "addition"})
        public String shape;
        final Kernels vec = Kernels.best();
        final Kernels scalar = new ScalarKernels();
        float[] a, b, c, g, bias, wt;
        int[] map;
        int m, k, n;

        @Setup
        public void setup() {
            m = FastTrainer.CHUNK;
            int[] kn = switch (shape) {
                case "modadd97" -> new int[] {64, 112};
                case "modadd23" -> new int[] {256, 32};
                default -> new int[] {128, 208};
            };
            k = kn[0];
            n = kn[1];
            SplittableRandom r = new SplittableRandom(1);
            a = fill(new float[m * k], r);
            b = fill(new float[k * n], r);
            c = new float[m * n];
            g = fill(new float[m * n], r);
            bias = fill(new float[n], r);
            wt = new float[n * k];
            map = new int[vec.lanes()];
            for (int i = 0; i < map.length; i++) map[i] = i * n;
        }
    }

    static float[] fill(float[] x, SplittableRandom r) {
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() - 0.5);
        return x;
    }

    @Benchmark
    public float[] matmulVector(Product p) {
        p.vec.matmul(p.a, 0, p.k, p.b, 0, p.n, p.c, 0, p.n, p.m, p.k, p.n, p.bias, 0);
        return p.c;
    }

    @Benchmark
    public float[] matmulScalar(Product p) {
        p.scalar.matmul(p.a, 0, p.k, p.b, 0, p.n, p.c, 0, p.n, p.m, p.k, p.n, p.bias, 0);
        return p.c;
    }

    @Benchmark
    public float[] weightGradientVector(Product p) {
        p.vec.matmulTransAAcc(p.a, 0, p.k, p.g, 0, p.n, p.b, 0, p.n, p.m, p.k, p.n);
        return p.b;
    }

    @Benchmark
    public float[] softmaxVector(Product p) {
        p.vec.softmax(p.g, 0, p.n, p.m, p.n, new float[p.n]);
        return p.g;
    }

    @Benchmark
    public float[] transposeVector(Product p) {
        p.vec.transpose(p.b, 0, p.n, p.k, p.n, p.wt, p.k, p.map);
        return p.wt;
    }

    @Benchmark
    public float[] transposeScalar(Product p) {
        p.scalar.transpose(p.b, 0, p.n, p.k, p.n, p.wt, p.k, p.map);
        return p.wt;
    }

    /** A whole optimiser step (forward, backward, AdamW/SGD) of a standard workload. */
    @State(Scope.Thread)
    public static class Step {
        @Param({"modadd97", "modadd23", "parity", "addition"})
        public String workload;
        Workspace ws;
        Net net;
        BatchOrder order;
        Dataset data;
        int[] idx;

        @Setup
        public void setup() {
            RunConfig c = switch (workload) {
                case "modadd97" -> FastTrainerEquivalenceTest.config("modadd:p=97", 0.5, null, 0, 1, 64, Activation.RELU, Optimizer.ADAMW, 1e-3, 1, 512, 500, 100);
                case "modadd23" -> FastTrainerEquivalenceTest.config("modadd:p=23", 0.8, null, 0, 1, 256, Activation.RELU, Optimizer.ADAMW, 1e-3, 1, 0, 500, 100);
                case "parity" -> FastTrainerEquivalenceTest.config("sparse-parity:n=20,k=3", null, 2000, 0, 1, 64, Activation.RELU, Optimizer.SGD, 0.1, 0, 32, 500, 100);
                default -> FastTrainerEquivalenceTest.config("addition:digits=2", 0.5, null, 0, 2, 128, Activation.RELU, Optimizer.ADAMW, 1e-3, 0.1, 256, 500, 100);
            };
            data = FastTrainerEquivalenceTest.data(c);
            Kernels k = Kernels.best();
            Layout lay = Layout.of(c, data, k.lanes());
            ws = new Workspace(lay, FastTrainer.CHUNK, k);
            net = new Net(lay, c, InitialWeights.weights(c, data.input().inputWidth(), data.numClasses()));
            order = new BatchOrder(data.train().size(), c.batch(), c.orderSeed());
            idx = new int[order.batchSize()];
        }
    }

    @Benchmark
    public float[] trainingStep(Step s) {
        s.order.next(s.idx);
        s.ws.step(s.net, s.data.train(), s.idx, s.idx.length);
        return s.net.w;
    }

    /** The attention kernels on one chunk of the transformer workloads' shapes (T = 3, 4 heads of 16 or 32). */
    @State(Scope.Thread)
    public static class Attention {
        @Param({"tfm23", "tfm97"})
        public String shape;
        @Param({"all", "readout"})
        public String queries;
        final Kernels vec = Kernels.best();
        final Kernels scalar = new ScalarKernels();
        AttentionShape s;
        float[] qkv, probs, z, dqkv, scratch;
        int n, first;

        @Setup
        public void setup() {
            int dh = shape.equals("tfm23") ? 16 : 32;
            s = new AttentionShape(4, Layout.pad(dh, vec.lanes()), 3, vec.lanes(), (float) (1 / Math.sqrt(dh)));
            n = FastTransformerTrainer.CHUNK_ROWS / 3;
            first = queries.equals("all") ? 0 : 2;
            SplittableRandom r = new SplittableRandom(2);
            qkv = fill(new float[n * 3 * s.ldq], r);
            probs = new float[s.probsSize(n, first)];
            z = fill(new float[n * (3 - first) * s.qW], r);
            dqkv = new float[qkv.length];
            scratch = new float[s.tP];
        }
    }

    @Benchmark
    public float[] attentionVector(Attention a) {
        a.vec.attention(a.s, a.qkv, a.first, a.n, a.probs, a.z, a.s.qW);
        return a.z;
    }

    @Benchmark
    public float[] attentionBackwardVector(Attention a) {
        a.vec.attentionBackward(a.s, a.qkv, a.first, a.n, a.probs, a.z, a.s.qW, a.dqkv, a.scratch);
        return a.dqkv;
    }

    @Benchmark
    public float[] attentionScalar(Attention a) {
        a.scalar.attention(a.s, a.qkv, a.first, a.n, a.probs, a.z, a.s.qW);
        return a.z;
    }

    /** A whole optimiser step of a transformer workload (forward, backward, AdamW). */
    @State(Scope.Thread)
    public static class TransformerStep {
        @Param({"tfm23", "tfm47", "tfm97"})
        public String workload;
        TransformerWorkspace ws;
        TransformerNet net;
        BatchOrder order;
        int[] seq, labels, idx;

        @Setup
        public void setup() {
            io.learncast.farm.train.transformer.TransformerShape shape = workload.equals("tfm97")
                    ? io.learncast.farm.train.transformer.TransformerShape.of(2, 128, 4) : io.learncast.farm.train.transformer.TransformerShape.of(1, 64, 4);
            RunConfig c = switch (workload) {
                case "tfm23" -> TransformerEquivalenceTest.config("modadd:p=23", 0.5, null, 0, Optimizer.ADAMW, 1e-3, 1, 0, 500, 100);
                case "tfm47" -> TransformerEquivalenceTest.config("modadd:p=47", 0.3, null, 0, Optimizer.ADAMW, 1e-3, 1, 0, 500, 100);
                default -> TransformerEquivalenceTest.config("modadd:p=97", 0.3, null, 0, Optimizer.ADAMW, 1e-3, 1, 256, 500, 100);
            };
            Dataset data = FastTrainerEquivalenceTest.data(c);
            var model = io.learncast.farm.train.transformer.TransformerModel.of(shape, data);
            Kernels k = Kernels.best();
            TransformerLayout lay = new TransformerLayout(model, k.lanes());
            ws = new TransformerWorkspace(lay, FastTransformerTrainer.CHUNK_ROWS / model.positions(), k);
            net = new TransformerNet(lay, c, model.initial(c));
            seq = model.format().encode(data.train(), data.input());
            labels = data.train().labels();
            order = new BatchOrder(data.train().size(), c.batch(), c.orderSeed());
            idx = new int[order.batchSize()];
        }
    }

    @Benchmark
    public float[] transformerStep(TransformerStep s) {
        s.order.next(s.idx);
        s.ws.step(s.net, s.seq, s.labels, s.idx, s.idx.length);
        return s.net.w;
    }
}
