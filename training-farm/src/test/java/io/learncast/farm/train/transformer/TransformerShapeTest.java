package io.learncast.farm.train.transformer;

import io.learncast.common.UserError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Shapes validate their knobs with errors naming the key, and count parameters and FLOPs as documented. */
class TransformerShapeTest {

    static UserError refused(Runnable r) {
        return assertThrows(UserError.class, r::run);
    }

    @Test
    void defaultsFollowNandaEtAl() {
        TransformerShape s = TransformerShape.of(1, 128, 4);
        assertEquals(512, s.dMlp(), "d_mlp defaults to 4·d_model");
        assertFalse(s.layerNorm(), "LayerNorm is off by default");
        assertEquals(32, s.headDim());
        assertTrue(s.withLayerNorm(true).layerNorm());
        assertEquals("1L d128 h4 mlp512", s.describe());
        assertEquals(100, new TransformerShape(2, 64, 8, 100, true).dMlp());
    }

    @Test
    void badKnobsNameTheirKey() {
        UserError e = refused(() -> TransformerShape.of(1, 64, 3));
        assertEquals("heads", e.where());
        assertTrue(e.getMessage().contains("3 heads do not divide d_model 64"), e.getMessage());
        assertTrue(e.getMessage().contains("1, 2, 4, 8, 16, 32"), "the hint lists divisors: " + e.getMessage());
        assertEquals("layers", refused(() -> TransformerShape.of(0, 64, 4)).where());
        assertEquals("layers", refused(() -> TransformerShape.of(5, 64, 4)).where());
        assertEquals("d_model", refused(() -> TransformerShape.of(1, 2, 1)).where());
        assertEquals("d_model", refused(() -> TransformerShape.of(1, 2048, 4)).where());
        assertEquals("heads", refused(() -> TransformerShape.of(1, 64, 0)).where());
        assertEquals("heads", refused(() -> TransformerShape.of(1, 256, 128)).where());
        assertEquals("d_mlp", refused(() -> new TransformerShape(1, 64, 4, -1, false)).where());
        assertEquals("d_mlp", refused(() -> new TransformerShape(1, 64, 4, 9000, false)).where());
    }

    @Test
    void parameterCountIsTheSumOfTheTensors() {
        for (TransformerShape s : List.of(TransformerShape.of(1, 64, 4), TransformerShape.of(2, 20, 5).withLayerNorm(true),
                new TransformerShape(4, 48, 3, 100, true), new TransformerShape(3, 8, 1, 5, false))) {
            long sum = TransformerParams.tensors(s, 24, 3, 23).stream().mapToLong(TransformerParams.Tensor::size).sum();
            assertEquals(sum, s.paramCount(24, 3, 23), s.describe());
        }
        // Nanda et al.'s 1-layer model on p = 113 (vocabulary 114 with '='), plus the biases their code leaves out
        TransformerShape nanda = TransformerShape.of(1, 128, 4);
        long d = 128, m = 512;
        long expected = 114 * d + 3 * d + (d * 3 * d + 3 * d) + (d * d + d) + (d * m + m) + (m * d + d) + (d * 113 + 113);
        assertEquals(expected, nanda.paramCount(114, 3, 113));
    }

    @Test
    void flopsCountEveryPositionAsResearchersWriteIt() {
        TransformerShape s = TransformerShape.of(1, 64, 4);
        double perLayer = 3 * (3 * 64 * 64 + 64 * 64) + 2 * 4 * 3 * 3 * 16 + 3 * 2 * 64 * 256;
        assertEquals(2 * perLayer + 2 * 64 * 23, s.forwardFlopsPerExample(3, 23), 1e-6);
        assertEquals(3 * s.forwardFlopsPerExample(3, 23), s.trainingFlopsPerExample(3, 23), 1e-6);
        assertEquals(2 * perLayer, TransformerShape.of(2, 64, 4).forwardFlopsPerExample(3, 23) - s.forwardFlopsPerExample(3, 23), 1e-6);
    }
}
