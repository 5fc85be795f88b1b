package io.learncast.farm.train.fast;

import io.learncast.data.CurvePoint;
import io.learncast.data.Dataset;
import io.learncast.data.WeightMeasures;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.measure.Matrix;
import io.learncast.farm.measure.WeightMeasurer;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.train.TrainingListener;
import io.learncast.farm.train.transformer.TransformerModel;
import io.learncast.farm.train.transformer.TransformerParams;
import io.learncast.farm.train.transformer.TransformerShape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The fast transformer trainer stores weight measures with every evaluation, as the MLP trainer does (issue 19). */
class TransformerMeasuresTest {
    static final TransformerShape SHAPE = TransformerShape.of(1, 32, 4);

    @Test
    void everyEvaluationOfAModaddTransformerIsMeasuredOverZp() {
        RunConfig c = TransformerEquivalenceTest.config("modadd:p=11", 0.6, null, 0, Optimizer.ADAMW, 1e-2, 0.5, 0, 300, 50);
        Dataset d = FastTrainerEquivalenceTest.data(c);
        RunResult r = new FastTransformerTrainer(SHAPE).train(c, d, TrainingListener.NONE);
        assertEquals(7, r.curve().size());
        for (CurvePoint p : r.curve()) {
            WeightMeasures m = p.measures();
            assertNotNull(m, "step " + p.step());
            assertEquals(6, m.layers().size(), "embedding, Q|K|V, attention out, MLP in, MLP out, unembedding");
            assertEquals(12, m.layers().get(0).rows(), "the token embedding: 11 residues and the read-out token");
            assertEquals(32, m.layers().get(0).cols());
            assertEquals(11, m.layers().get(5).cols(), "the unembedding's classes");
            assertEquals(11, m.embed().group());
            assertEquals(11, m.unembed().group());
            assertTrue(Double.isFinite(m.trainMargin()));
            assertNotNull(m.logits());
            assertEquals(Math.min(256, d.train().size()), m.logits().rows());
            for (WeightMeasures.Layer l : m.layers()) assertTrue(l.frobenius() > 0 && l.spectral() > 0 && l.stableRank() >= 1 - 1e-9, l.toString());
        }
        CurvePoint last = r.curve().get(r.curve().size() - 1);
        if (last.trainAcc() == 1.0) assertTrue(last.measures().trainMargin() > 0, "every training row right: the label's logit leads");
    }

    @Test
    void theViewsOfThePaddedLayoutMeasureTheModelsTensors() {
        RunConfig c = TransformerEquivalenceTest.config("modadd:p=11", 0.6, null, 0, Optimizer.ADAMW, 1e-2, 0.5, 0, 100, 50);
        Dataset d = FastTrainerEquivalenceTest.data(c);
        TransformerModel model = TransformerModel.of(SHAPE, d);
        TransformerLayout lay = new TransformerLayout(model, Kernels.best().lanes());
        float[][] canonical = model.initial(c);
        TransformerNet net = new TransformerNet(lay, c, canonical);
        WeightMeasures padded = FastTransformerTrainer.measure(new WeightMeasurer(), net, 11, 0.5, null);
        // the canonical tensors (row-major, unpadded), independent of the kernels' layout
        List<String> names = model.tensors().stream().map(TransformerParams.Tensor::name).toList();
        List<String> order = List.of("embed.tokens", "0.attn.qkv.w", "0.attn.out.w", "0.mlp.in.w", "0.mlp.out.w", "unembed.w");
        for (int i = 0; i < order.size(); i++) {
            int t = names.indexOf(order.get(i));
            assertTrue(t >= 0, order.get(i) + " in " + names);
            TransformerParams.Tensor x = model.tensors().get(t);
            WeightMeasures.Layer l = WeightMeasurer.layer(Matrix.of(canonical[t], x.rows(), x.cols()));
            WeightMeasures.Layer m = padded.layers().get(i);
            assertEquals(l.frobenius(), m.frobenius(), 1e-9 * l.frobenius(), order.get(i));
            // the power iteration's start differs with the padded width; both stop at 10⁻³ relative change per iteration
            assertEquals(l.spectral(), m.spectral(), 5e-2 * l.spectral(), order.get(i));
            if (i == 0 || i == order.size() - 1) {
                assertEquals(x.rows(), m.rows());
                assertEquals(x.cols(), m.cols());
            }
        }
        int tok = names.indexOf("embed.tokens");
        int un = names.indexOf("unembed.w");
        // the embedding's Fourier measure reads the 11 residues' rows, not the read-out token's
        assertEquals(new WeightMeasurer().overRows(Matrix.of(java.util.Arrays.copyOf(canonical[tok], 11 * 32), 11, 32), 1, 11), padded.embed());
        assertEquals(new WeightMeasurer().overCols(Matrix.of(canonical[un], 32, 11), 11), padded.unembed());
    }

    @Test
    void bitTasksHaveNormsButNoFourierMeasures() {
        RunConfig c = TransformerEquivalenceTest.config("sparse-parity:n=10,k=2", null, 200, 0, Optimizer.SGD, 0.1, 0, 16, 100, 50);
        RunResult r = new FastTransformerTrainer(SHAPE).train(c, FastTrainerEquivalenceTest.data(c), TrainingListener.NONE);
        for (CurvePoint p : r.curve()) {
            assertNotNull(p.measures());
            assertNull(p.measures().embed());
            assertNull(p.measures().unembed());
            assertNull(p.measures().logits());
            assertEquals(6, p.measures().layers().size());
        }
    }

    @Test
    void withoutMeasuresTheCurveIsTheSameSaveTheMeasures() {
        RunConfig c = TransformerEquivalenceTest.config("modadd:p=11", 0.6, null, 0, Optimizer.ADAMW, 1e-2, 0.5, 0, 100, 50);
        Dataset d = FastTrainerEquivalenceTest.data(c);
        List<CurvePoint> with = new FastTransformerTrainer(SHAPE).train(c, d, TrainingListener.NONE).curve();
        List<CurvePoint> without = FastTransformerTrainer.withoutMeasures(SHAPE).train(c, d, TrainingListener.NONE).curve();
        assertEquals(with.size(), without.size());
        for (int i = 0; i < with.size(); i++) {
            CurvePoint a = with.get(i);
            CurvePoint b = without.get(i);
            assertNull(b.measures());
            assertEquals(new CurvePoint(a.step(), a.trainLoss(), a.trainAcc(), a.testLoss(), a.testAcc(), a.weightNorm()), b, "measuring changes no number of the curve");
        }
    }

}
