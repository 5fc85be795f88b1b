package io.learncast.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PropertyTest {
    private static List<CurvePoint> curve(double... testAcc) {
        List<CurvePoint> c = new ArrayList<>();
        for (int i = 0; i < testAcc.length; i++) c.add(new CurvePoint(i * 100L, 1, 1, 1, testAcc[i], 1));
        return c;
    }

    private final Property p = Property.defaultFor(TaskSpec.parse("modadd:p=7", "t"));

    @Test
    void reachedMeansReachedAndHeldAtTheNextEvaluation() {
        List<CurvePoint> c = curve(0, 0.2, 0.96, 0.90, 0.97, 0.99, 0.99);
        assertEquals(400, p.reachedStep(c, 600).getAsLong(), "a blip that is not held does not count");
        assertTrue(p.learnedWithin(c, 500), "reached at 400, confirmed at 500");
        assertFalse(p.learnedWithin(c, 499), "the confirming evaluation must lie within the budget");
        assertFalse(p.learnedWithin(c, 200), "an unconfirmed reach at the budget's end does not count");
    }

    @Test
    void learnedWithinIsMonotoneInTheBudget() {
        List<CurvePoint> c = curve(0, 0.5, 0.96, 0.5, 0.97, 0.98, 0.2, 0.99, 0.99);
        boolean before = false;
        for (long b = 0; b <= 800; b += 50) {
            boolean l = p.learnedWithin(c, b);
            assertTrue(l || !before, "once learned within a budget, learned within every larger one (budget " + b + ")");
            assertEquals(b >= 500, l, "budget " + b);
            before = l;
        }
    }

    @Test
    void confirmationStopsTraining() {
        assertTrue(p.confirmedAt(curve(0, 0.5, 0.96)).isEmpty());
        assertEquals(200, p.confirmedAt(curve(0, 0.5, 0.96, 0.97)).getAsLong());
        assertTrue(p.confirmedAt(curve(0, 0.96, 0.5)).isEmpty());
    }

    @Test
    void lossPropertiesPointDown() {
        Property loss = new Property(TaskSpec.parse("modadd:p=7", "t"), Metric.TEST_LOSS, 0.1, 0);
        List<CurvePoint> c = List.of(new CurvePoint(0, 3, 0, 3, 0, 1), new CurvePoint(100, 0.5, 0, 0.05, 0, 1));
        assertEquals(100, loss.reachedStep(c, 100).getAsLong());
        assertTrue(p.describe().contains("test accuracy ≥ 0.95"));
    }
}
