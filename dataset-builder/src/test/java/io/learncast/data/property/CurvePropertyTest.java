package io.learncast.data.property;

import io.learncast.common.UserError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class CurvePropertyTest {

    @Test
    void parsesThresholdsOnEveryRecordedMetricWithTheirDirection() {
        var p = (CurveProperty.Threshold) CurveProperty.parse("train_acc>=0.99", "--property");
        assertEquals(CurveMetric.TRAIN_ACC, p.metric());
        assertTrue(p.atLeast());
        assertEquals(1, p.hold());
        var l = (CurveProperty.Threshold) CurveProperty.parse(" test_loss <= 0.5 , hold=2", "--property");
        assertFalse(l.atLeast());
        assertEquals(2, l.hold());
        assertEquals("test_loss<=0.5,hold=2", l.key());
        assertEquals("weight_norm<=40", CurveProperty.parse("weight_norm≤40", "x").key());
        assertEquals("train_loss<=0.01", CurveProperty.parse("TRAIN_LOSS<=0.01", "x").key());
    }

    @Test
    void phenomenaHaveDefaultsAndParameters() {
        var g = (CurveProperty.Grokking) CurveProperty.parse("grokking", "x");
        assertEquals(3, g.k());
        assertEquals(0.99, g.train());
        assertEquals("grokking:k=3,train=0.99,test=0.95,hold=1", g.key());
        assertEquals(10, ((CurveProperty.Grokking) CurveProperty.parse("grokking:k=10,test=0.9", "x")).k());
        var m = (CurveProperty.Memorisation) CurveProperty.parse("memorization:level=0.3", "x");
        assertEquals(0.3, m.level());
        assertFalse(m.monotone());
        assertEquals(1.0 / 23 + 0.3 * (1 - 1.0 / 23), m.testCeiling(23), 1e-12);
    }

    @Test
    void keysRoundTrip() {
        for (String s : new String[] {"train_acc>=0.99", "test_acc>=0.95,hold=0", "grokking:k=5,train=0.9,test=0.8,hold=2", "memorisation:train=0.99,level=0.5,hold=1"}) {
            assertEquals(s, CurveProperty.parse(CurveProperty.parse(s, "x").key(), "x").key());
        }
    }

    @Test
    void badInputNamesTheOptionAndTheFix() {
        for (String bad : new String[] {"", "train_acc>0.99", "val_acc>=0.9", "train_acc>=1.5", "test_loss<=-1", "grokking:k=0.5", "grokking:speed=2",
                "memorisation:level=1", "train_acc>=x", "train_acc>=0.9,hold=1.5", "grokking:k=3,k=4"}) {
            UserError e = assertThrows(UserError.class, () -> CurveProperty.parse(bad, "--property"), bad);
            assertEquals("--property", e.where(), bad);
        }
    }
}
