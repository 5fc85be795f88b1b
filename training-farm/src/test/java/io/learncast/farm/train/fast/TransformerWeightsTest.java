package io.learncast.farm.train.fast;

import io.learncast.data.Dataset;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.train.TrainingListener;
import io.learncast.farm.train.transformer.TransformerModel;
import io.learncast.farm.train.transformer.TransformerParams;
import io.learncast.farm.weights.KeepWeights;
import io.learncast.farm.weights.KeptWeights;
import io.learncast.farm.weights.WeightArray;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** The fast transformer trainer hands its final weights over (`farm run --keep-weights`) as the npz-transformer-1 format names them. */
class TransformerWeightsTest {
    static RunConfig config(long steps) {
        return TransformerEquivalenceTest.config("modadd:p=11", 0.6, null, 0, Optimizer.ADAMW, 1e-2, 0.5, 0, steps, 50);
    }

    @Test
    void gatherIsTheInverseOfScatterBitForBit() {
        RunConfig c = config(100);
        Dataset d = FastTrainerEquivalenceTest.data(c);
        TransformerModel model = TransformerModel.of(TransformerMeasuresTest.SHAPE, d);
        TransformerLayout lay = new TransformerLayout(model, Kernels.best().lanes());
        float[][] canonical = model.initial(c);
        float[] w = new float[lay.size];
        lay.scatter(model.tensors(), canonical, w);
        float[][] back = lay.gather(model.tensors(), w);
        for (int i = 0; i < canonical.length; i++) {
            assertEquals(canonical[i].length, back[i].length);
            for (int j = 0; j < canonical[i].length; j++) {
                assertEquals(Float.floatToRawIntBits(canonical[i][j]), Float.floatToRawIntBits(back[i][j]), model.tensors().get(i).name() + "[" + j + "]");
            }
        }
    }

    @Test
    void aFinishedRunHandsOverEveryCanonicalTensorOnlyWhenAsked() {
        RunConfig c = config(200);
        Dataset d = FastTrainerEquivalenceTest.data(c);
        AtomicReference<List<WeightArray>> got = new AtomicReference<>();
        new FastTransformerTrainer(TransformerMeasuresTest.SHAPE).train(c, d, new TrainingListener() {
            @Override public boolean wantsWeights() { return true; }

            @Override public void trained(List<WeightArray> w) { got.set(w); }
        });
        List<WeightArray> w = got.get();
        assertNotNull(w);
        List<TransformerParams.Tensor> ts = TransformerModel.of(TransformerMeasuresTest.SHAPE, d).tensors();
        assertEquals(ts.stream().map(TransformerParams.Tensor::name).toList(), w.stream().map(WeightArray::name).toList());
        assertArrayEquals(new int[] {12, 32}, w.get(0).shape(), "embed.tokens: 11 residues and the read-out token, d_model 32");
        WeightArray qkv = w.stream().filter(a -> a.name().equals("0.attn.qkv.w")).findFirst().orElseThrow();
        assertArrayEquals(new int[] {32, 96}, qkv.shape(), "unpadded [Q | K | V]");
        WeightArray ub = w.stream().filter(a -> a.name().equals("unembed.b")).findFirst().orElseThrow();
        assertArrayEquals(new int[] {11}, ub.shape(), "biases are vectors");
        assertTrue(w.stream().anyMatch(a -> a.values().length > 0 && a.values()[0] != 0f), "trained values, not zeros");
        KeepWeights.Packed p = KeepWeights.upTo(KeepWeights.DEFAULT_LIMIT).pack(w);
        assertEquals(KeptWeights.FORMAT_TRANSFORMER, p.kept().format());

        AtomicInteger calls = new AtomicInteger();
        new FastTransformerTrainer(TransformerMeasuresTest.SHAPE).train(c, d, new TrainingListener() {
            @Override public void trained(List<WeightArray> x) { calls.incrementAndGet(); }
        });
        assertEquals(0, calls.get(), "nothing copied unless a listener asks");
    }

    @Test
    void anAbandonedRunHandsOverNothing() {
        RunConfig c = config(2000);
        Dataset d = FastTrainerEquivalenceTest.data(c);
        AtomicInteger evaluations = new AtomicInteger();
        AtomicReference<List<WeightArray>> got = new AtomicReference<>();
        var r = new FastTransformerTrainer(TransformerMeasuresTest.SHAPE).train(c, d, new TrainingListener() {
            @Override public void evaluated(io.learncast.data.CurvePoint p) { evaluations.incrementAndGet(); }

            @Override public boolean keepGoing() { return evaluations.get() < 3; } // the worker lost its lease, or was stopped

            @Override public boolean wantsWeights() { return true; }

            @Override public void trained(List<WeightArray> w) { got.set(w); }
        });
        assertNull(r);
        assertNull(got.get(), "a run that did not finish keeps no weights");
    }
}
