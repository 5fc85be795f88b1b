package io.learncast.data.property;

import io.learncast.data.CurvePoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.*;

class CurveLabellerTest {

    /** A curve every 100 steps to {@code end}: train accuracy from {@code train}, test accuracy from {@code test}. */
    static List<CurvePoint> curve(long end, LongFunction<Double> train, LongFunction<Double> test) {
        List<CurvePoint> c = new ArrayList<>();
        for (long s = 0; s <= end; s += 100) c.add(new CurvePoint(s, 1.0 / (1 + s), train.apply(s), 2 - test.apply(s), test.apply(s), 5 + s / 1000.0));
        return c;
    }

    static CurveLabel label(String p, List<CurvePoint> c) { return CurveLabeller.label(CurveProperty.parse(p, "t"), c, false, 23); }

    @Test
    void aThresholdIsReachedAndConfirmedLikeTheFarmDecidesIt() {
        var c = curve(1000, s -> s >= 300 ? 1.0 : 0.5, s -> s >= 600 ? 0.97 : 0.1);
        CurveLabel l = label("train_acc>=0.99", c);
        assertEquals(300, l.reachStep());
        assertEquals(400, l.eventStep(), "confirmed at the next evaluation");
        assertFalse(l.within(300), "reached but not yet confirmed");
        assertTrue(l.within(400));
        assertEquals(500, label("train_acc>=0.99,hold=2", c).eventStep());
        assertEquals(300, label("train_acc>=0.99,hold=0", c).eventStep());
        assertEquals(700, label("test_loss<=1.1", c).eventStep(), "losses are ≤");
        assertEquals(100, label("weight_norm<=5.2", c).reachStep(), "step 0 never counts");
    }

    @Test
    void aCurveEndingBeforeThePropertyIsDecidedIsCensoredNotNegative() {
        var stopped = curve(500, s -> s >= 300 ? 1.0 : 0.5, s -> 0.1);
        CurveLabel l = label("test_acc>=0.95", stopped);
        assertNull(l.eventStep());
        assertFalse(l.never());
        assertEquals(Boolean.FALSE, l.within(500), "known up to the curve's end");
        assertNull(l.within(600), "unknown beyond it");
        assertTrue(l.censoredAt(3000));
        CurveLabel diverged = CurveLabeller.label(CurveProperty.parse("test_acc>=0.95", "t"), stopped, true, 23);
        assertEquals(Boolean.FALSE, diverged.within(3000), "a diverged run never learns: decided");
    }

    @Test
    void grokkingSeparatesGrokkersFastLearnersMemorisersAndTheUndecided() {
        CurveLabel grok = label("grokking", curve(3000, s -> s >= 200 ? 1.0 : 0.5, s -> s >= 1500 ? 0.99 : 0.05));
        assertEquals(1600, grok.eventStep());
        assertEquals(200, grok.tMem());
        assertEquals(1500, grok.tGen());
        assertEquals(7.5, grok.delayRatio(), 1e-12);
        assertTrue(grok.within(2000));
        assertFalse(grok.within(1500));
        assertFalse(label("grokking:k=10", curve(3000, s -> s >= 200 ? 1.0 : 0.5, s -> s >= 1500 ? 0.99 : 0.05)).within(3000), "k = 10 asks for a longer delay");

        CurveLabel fast = label("grokking", curve(3000, s -> s >= 200 ? 1.0 : 0.5, s -> s >= 400 ? 0.99 : 0.05));
        assertTrue(fast.never(), "generalising at 2 × t_mem is learning without grokking: never grokking, decided as soon as it generalises");
        assertEquals(Boolean.FALSE, fast.within(100_000));
        assertEquals(2.0, fast.delayRatio(), 1e-12);

        CurveLabel first = label("grokking", curve(3000, s -> s >= 900 ? 1.0 : 0.5, s -> s >= 600 ? 0.99 : 0.05));
        assertTrue(first.never(), "test before train is not delayed generalisation");

        CurveLabel memoriser = label("grokking", curve(3000, s -> s >= 200 ? 1.0 : 0.5, s -> 0.05));
        assertEquals(Boolean.FALSE, memoriser.within(3000));
        assertNull(memoriser.within(6000), "it might still grok later: censored beyond its curve");
    }

    @Test
    void memorisationIsReadAtTheBudgetAndCanEnd() {
        var c = curve(3000, s -> s >= 200 ? 1.0 : 0.5, s -> s >= 2000 ? 0.99 : 0.05);
        CurveLabel m = label("memorisation", c);
        assertFalse(m.within(200), "train accuracy not yet confirmed");
        assertTrue(m.within(300));
        assertTrue(m.within(1999));
        assertFalse(m.within(2000), "it generalised: no longer a memoriser");
        assertNull(m.within(3100), "beyond the curve: unknown");
        CurveLabel learner = label("memorisation", curve(3000, s -> s >= 200 ? 1.0 : 0.5, s -> s >= 200 ? 0.9 : 0.05));
        assertFalse(learner.within(3000));
    }
}
