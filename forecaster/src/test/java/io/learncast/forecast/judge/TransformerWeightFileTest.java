package io.learncast.forecast.judge;

import io.learncast.common.UserError;
import io.learncast.data.CurvePoint;
import io.learncast.data.Dataset;
import io.learncast.data.Datasets;
import io.learncast.data.WeightMeasures;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.train.TrainingListener;
import io.learncast.farm.train.fast.FastTrainer;
import io.learncast.farm.weights.NpzWriter;
import io.learncast.farm.weights.WeightArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A transformer's kept weights (format npz-transformer-1) read back through the same {@code .npz} reader as a file from
 * elsewhere: bit for bit the trained tensors, and the weight measures of the live network's last evaluation; a file that
 * is not a transformer of the task is one line.
 */
class TransformerWeightFileTest {
    static List<WeightArray> live;
    static List<CurvePoint> curve = new ArrayList<>();

    @BeforeAll
    static void train() {
        RunConfig c = RunConfig.defaults("modadd:p=23").with(new io.learncast.data.DataSpec(0.5, null, null, 0))
                .with(ModelConfig.transformer(1, 32, 4, 128, false)).with(new OptimConfig(Optimizer.ADAMW, 3e-3, 1.0, 0))
                .with(new BudgetConfig(200, 100, null)).withReplica(5, 0);
        Dataset d = Datasets.build(c.taskSpec(), c.dataSpec(), c.dataSeed());
        AtomicReference<List<WeightArray>> trained = new AtomicReference<>();
        new FastTrainer().train(c, d, new TrainingListener() {
            @Override public void evaluated(CurvePoint p) { curve.add(p); }

            @Override public boolean wantsWeights() { return true; }

            @Override public void trained(List<WeightArray> w) { trained.set(w); }
        });
        live = trained.get();
    }

    @Test
    void theWrittenFileReadsBackBitExactAndMeasuresAsTheLiveNetwork() {
        Map<String, NpzReader.Array> back = NpzReader.read(NpzWriter.write(live), "kept.npz", "RUN");
        assertEquals(live.stream().map(WeightArray::name).toList(), List.copyOf(back.keySet()));
        for (WeightArray a : live) {
            NpzReader.Array b = back.get(a.name());
            assertArrayEquals(a.shape(), b.shape(), a.name());
            for (int i = 0; i < a.values().length; i++) {
                assertEquals(Float.floatToRawIntBits(a.values()[i]), Float.floatToRawIntBits(b.values()[i]), a.name() + "[" + i + "]");
            }
        }
        WeightMeasures fromFile = WeightFile.measure(back, "modadd:p=23", "RUN");
        WeightMeasures atLast = curve.get(curve.size() - 1).measures();
        assertEquals(6, fromFile.layers().size(), "embedding, Q|K|V, attention out, MLP in, MLP out, unembedding");
        assertEquals(atLast.layers().size(), fromFile.layers().size());
        for (int l = 0; l < atLast.layers().size(); l++) {
            WeightMeasures.Layer x = atLast.layers().get(l);
            WeightMeasures.Layer y = fromFile.layers().get(l);
            // the live Q|K|V and attention-out views are head-padded (zeros: the same norms); a file's are not
            assertEquals(x.frobenius(), y.frobenius(), 1e-6 * x.frobenius(), "matrix " + l);
            // the live spectral norm is warm-started from the previous evaluation, a file's starts cold (10⁻³ relative change per iteration)
            assertEquals(x.spectral(), y.spectral(), 5e-2 * x.spectral(), "matrix " + l);
        }
        assertEquals(atLast.embed(), fromFile.embed(), "Fourier over the 23 residues' rows of embed.tokens");
        assertEquals(atLast.unembed(), fromFile.unembed());
        assertEquals(atLast.weightNorm(), fromFile.weightNorm(), 1e-6 * atLast.weightNorm());
        assertTrue(Double.isNaN(fromFile.trainMargin()), "weights alone: no training rows");
    }

    private static Map<String, NpzReader.Array> arrays() {
        Map<String, NpzReader.Array> m = new LinkedHashMap<>();
        for (WeightArray a : live) m.put(a.name(), new NpzReader.Array(a.shape(), a.values().clone()));
        return m;
    }

    private static String refused(Map<String, NpzReader.Array> m, String task) {
        UserError e = assertThrows(UserError.class, () -> WeightFile.measure(m, task, "--weights"));
        assertEquals(1, e.getMessage().strip().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aFileThatIsNotATransformerOfTheTaskIsOneLine() {
        Map<String, NpzReader.Array> m = arrays();
        m.remove("unembed.w");
        assertTrue(refused(m, "modadd:p=23").contains("no array unembed.w"));

        m = arrays();
        m.put("0.attn.extra.w", m.get("0.attn.out.w"));
        assertTrue(refused(m, "modadd:p=23").contains("unexpected array '0.attn.extra.w'"));

        assertTrue(refused(arrays(), "modadd:p=29").contains("embed.tokens has shape (24, 32) but needs 30 rows"));

        m = arrays();
        m.put("0.mlp.out.w", new NpzReader.Array(new int[] {128, 16}, new float[128 * 16]));
        assertTrue(refused(m, "modadd:p=23").contains("0.mlp.out.w has shape (128, 16) but needs (128, 32)"));

        m = arrays();
        float[] bad = m.get("unembed.w").values();
        bad[3] = Float.NaN;
        assertTrue(refused(m, "modadd:p=23").contains("unembed.w holds NaN"));

        m = arrays();
        m.put("layer0", m.get("embed.tokens"));
        assertTrue(refused(m, "modadd:p=23").contains("unexpected array 'layer0'"));
    }
}
