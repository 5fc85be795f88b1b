package io.learncast.farm.train.transformer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Initial weights: a pure function of the init seed and scale, drawn as documented. */
class TransformerParamsTest {
    final TransformerShape shape = TransformerShape.of(2, 64, 4).withLayerNorm(true);
    final List<TransformerParams.Tensor> tensors = TransformerParams.tensors(shape, 24, 3, 23);

    @Test
    void canonicalOrderAndRoles() {
        assertEquals(List.of("embed.tokens", "embed.positions", "0.ln1.gain", "0.ln1.bias", "0.attn.qkv.w", "0.attn.qkv.b", "0.attn.out.w",
                "0.attn.out.b", "0.ln2.gain", "0.ln2.bias", "0.mlp.in.w", "0.mlp.in.b", "0.mlp.out.w", "0.mlp.out.b"),
                tensors.subList(0, 14).stream().map(TransformerParams.Tensor::name).toList());
        assertEquals(List.of("final.ln.gain", "final.ln.bias", "unembed.w", "unembed.b"),
                tensors.subList(tensors.size() - 4, tensors.size()).stream().map(TransformerParams.Tensor::name).toList());
        for (TransformerParams.Tensor t : tensors) {
            assertEquals(t.name().endsWith(".w") || t.name().startsWith("embed."), t.decayed(), t.name() + ": decay on weights only");
        }
        assertEquals(256, tensors.stream().filter(t -> t.name().equals("0.mlp.out.w")).findFirst().orElseThrow().fanIn());
    }

    @Test
    void drawnFromTheSeedWithTheDocumentedScale() {
        float[][] a = TransformerParams.initial(tensors, 99, 1.0);
        assertArrayEquals(a[4], TransformerParams.initial(tensors, 99, 1.0)[4], "same seed, same numbers");
        assertFalse(java.util.Arrays.equals(a[4], TransformerParams.initial(tensors, 100, 1.0)[4]));
        float[][] twice = TransformerParams.initial(tensors, 99, 2.0);
        for (int i = 0; i < tensors.size(); i++) {
            TransformerParams.Tensor t = tensors.get(i);
            switch (t.kind()) {
                case GAIN -> { for (float v : a[i]) assertEquals(1f, v); }
                case BIAS -> { for (float v : a[i]) assertEquals(0f, v); }
                case WEIGHT -> {
                    double sd = Math.sqrt(java.util.Arrays.stream(box(a[i])).map(v -> v * v).average().orElseThrow());
                    double want = 1 / Math.sqrt(t.fanIn());
                    assertEquals(want, sd, want * 6 / Math.sqrt(a[i].length) + want * 0.02, t.name());
                    for (int j = 0; j < a[i].length; j++) assertEquals(2 * a[i][j], twice[i][j], 1e-6, "init_scale multiplies the draws");
                }
            }
        }
    }

    private static double[] box(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
