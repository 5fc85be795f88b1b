package io.learncast.forecast.verdict;

import io.learncast.common.UserError;
import io.learncast.data.CurvePoint;
import io.learncast.forecast.features.RunRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A verdict on a space it has not seen: fitted on synthetic grokking curves mod 23, it judges the same
 * truth mod 47 (chance accuracy, chance-level loss and weight norms all differ) through its scale-free
 * features; its threshold, chosen on mod 23 under a bound, is replayed on mod 47; leave-one-out by p
 * does the same within one corpus; and a verdict says which tasks are new to it.
 */
class VerdictTransferTest {
    static final LossBound BOUND = new LossBound(0.05, 0.05, 0.9);
    /** Fewer, faster-learning trees than the default: the synthetic truth is simple. */
    static final VerdictModel.Params QUICK = new VerdictModel.Params(120, 20, 4, 20, 0.12, 0.7);
    static SyntheticCurves.Corpus p23, p47;
    static FittedVerdict fitted;

    @BeforeAll
    static void fit() {
        p23 = SyntheticCurves.generate(3, 7, 23, 1);
        p47 = SyntheticCurves.generate(2, 8, 47, 10_000);
        VerdictRows rows = VerdictRows.build(p23.runs(), p23.curves(), VerdictRows.FRACTIONS);
        fitted = VerdictFitter.fit(rows, VerdictFitter.Options.defaults().withFolds(4).withSeed(11).withBound(BOUND).withParams(QUICK)).verdict();
    }

    @Test
    void aVerdictFittedOnOneModulusJudgesAnother() {
        VerdictRows target = VerdictRows.build(p47.runs(), p47.curves(), VerdictRows.FRACTIONS);
        VerdictTransfer.HeldOut h = VerdictTransfer.score("p47", fitted, target, BOUND, VerdictPolicy.DEFAULT_MIN_FRACTION);
        assertTrue(h.aucAt(0.1) > 0.95, "AUC at 10 % on an unseen modulus: " + h.aucAt(0.1));
        assertTrue(h.chosen().acts(), h.chosen().refusal());
        assertNotNull(h.applied());
        assertEquals(0, h.applied().lateLearnersStopped(), "late learners stopped on mod 47: " + h.applied().summary());
        assertTrue(h.applied().savedShare() > 0.2, "compute saved on mod 47: " + h.applied().summary());
        assertEquals(h.chosen().threshold(), h.applied().threshold(), "the threshold chosen on mod 23 is the one replayed");
        assertTrue(h.notes().stream().anyMatch(n -> n.contains("seen only at other parameters") && n.contains("modadd:p=47")), h.notes().toString());
    }

    @Test
    void leaveOneOutByP() {
        List<RunRecord> all = new ArrayList<>(p23.runs());
        all.addAll(p47.runs());
        Map<Long, List<CurvePoint>> curves = new HashMap<>(p23.curves());
        curves.putAll(p47.curves());
        VerdictTransfer.LeaveOut r = VerdictTransfer.leaveOut("p", all, curves, x -> x.config().task(),
                VerdictFitter.Options.defaults().withFolds(3).withSeed(5).withBound(BOUND).withParams(QUICK), VerdictPolicy.DEFAULT_MIN_FRACTION);
        assertEquals(List.of("modadd:p=23", "modadd:p=47"), r.heldOut().stream().map(VerdictTransfer.HeldOut::label).toList());
        for (VerdictTransfer.HeldOut h : r.heldOut()) {
            assertTrue(h.aucAt(0.1) > 0.9, h.label() + ": AUC at 10 % " + h.aucAt(0.1));
            assertEquals(h.label().equals("modadd:p=23") ? p23.runs().size() : p47.runs().size(), h.runs());
        }
        assertEquals(all.size(), r.pooled().runs());
        UserError one = assertThrows(UserError.class, () -> VerdictTransfer.leaveOut("p", p23.runs(), p23.curves(), x -> x.config().task(),
                VerdictFitter.Options.defaults(), 0.1));
        assertTrue(one.getMessage().contains("every run has the same p"), one.getMessage());
    }

    @Test
    void saysWhichTasksAreNewToTheVerdict() {
        Map<String, Integer> queued = new java.util.TreeMap<>(Map.of("modadd:p=23", 4, "modadd:p=47", 3, "modsub:p=31", 2));
        List<String> notes = VerdictTransfer.notes(fitted.report(), queued);
        assertEquals(3, notes.size(), notes.toString());
        assertEquals("task kinds the verdict has never seen: modsub:p=31 (2 runs)", notes.get(0));
        assertEquals("tasks the verdict has seen only at other parameters: modadd:p=47 (3 runs)", notes.get(1));
        assertTrue(notes.get(2).startsWith("the verdict was fitted on modadd:p=23 (180)"), notes.get(2));
        assertTrue(VerdictTransfer.notes(fitted.report(), Map.of("modadd:p=23", 9)).isEmpty(), "nothing new, nothing to say");
    }

    @Test
    void theStoppingTrialsTravelWithTheModelAndGiveTheSameThreshold() {
        FittedVerdict back = VerdictArtifacts.read(VerdictArtifacts.write(fitted));
        assertNotNull(back.trials());
        assertEquals(fitted.report().stopping(), back.report().stopping());
        SafeThreshold again = back.safeThreshold(BOUND, VerdictPolicy.DEFAULT_MIN_FRACTION, VerdictPolicy.DEFAULT_HOLD);
        assertEquals(fitted.report().stopping(), again, "recomputed from the stored trials");
        assertEquals("scale-free", back.report().featureSet());
        assertEquals(CurveFeatures.FeatureSet.SCALE_FREE.names(), back.model().features());
    }
}
