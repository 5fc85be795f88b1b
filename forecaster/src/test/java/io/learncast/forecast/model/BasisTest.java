package io.learncast.forecast.model;

import io.learncast.farm.config.ConfigJson;
import io.learncast.forecast.features.Features;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The structured model's design beyond the trained range: what extrapolates and what holds at the edge. */
class BasisTest {
    static final int WIDTH = Features.CONFIG.indexOf("log2_width");
    static final int LR = Features.CONFIG.indexOf("log10_lr");

    /** Configs at widths 16–64 and two learning rates: width and lr vary, so both get a main effect and a square. */
    static Basis fitted() {
        List<double[]> configs = new ArrayList<>();
        for (int w = 4; w <= 6; w++) {
            for (double lr : new double[] {-3, -2.5}) {
                double[] c = new double[Features.N_CONFIG];
                c[WIDTH] = w;
                c[LR] = lr;
                configs.add(c);
            }
        }
        return Basis.build(configs, Basis.Spec.defaults());
    }

    static int term(Basis b, String name) {
        for (int t = 0; t < b.size(); t++) if (b.termName(t).equals(name)) return t;
        throw new AssertionError("no term " + name);
    }

    static double[] at(double log2Width) {
        double[] c = new double[Features.N_CONFIG];
        c[WIDTH] = log2Width;
        c[LR] = -3;
        return c;
    }

    @Test
    void beyondTheRangeASquareHoldsItsEdgeValueAsProductsDo() {
        Basis b = fitted();
        assertEquals(Boolean.TRUE, b.squaresHeld());
        int sq = term(b, "log2_width²");
        int main = term(b, "log2_width");
        double edge = b.design(at(6))[sq];
        assertEquals(edge, b.design(at(7))[sq], 1e-12, "width 128: the square holds at width 64's value");
        assertEquals(edge, b.design(at(8))[sq], 1e-12, "width 256 too");
        assertTrue(b.design(at(8))[main] > b.design(at(7))[main], "the main effect carries on");
        assertEquals(b.design(at(4))[sq], b.design(at(2))[sq], 1e-12, "below the range as well");
        double inside = b.design(at(5.5))[sq];
        assertNotEquals(edge, inside, "inside the range the square is the square");
    }

    @Test
    void aDesignFittedBeforeContinuesItsSquaresOnTheTangentAsItDid() throws Exception {
        Basis now = fitted();
        String json = ConfigJson.MAPPER.writeValueAsString(now);
        assertTrue(json.contains("\"squares_held\":true"), json);
        Basis before = ConfigJson.MAPPER.readValue(json.replace(",\"squares_held\":true", ""), Basis.class);
        assertNull(before.squaresHeld());
        int sq = term(before, "log2_width²");
        double z6 = before.design(at(6))[sq], z7 = before.design(at(7))[sq], z8 = before.design(at(8))[sq];
        assertTrue(z7 > z6 && z8 - z7 > 0, "the tangent at the upper edge rises: " + z6 + ", " + z7 + ", " + z8);
        assertEquals(z8 - z7, z7 - z6, 1e-9, "linearly, with the edge's slope");
        assertArrayEquals(now.design(at(5)), before.design(at(5)), 0.0, "inside the range the two designs agree");
    }
}
