package io.learncast.forecast.verdict;

import io.learncast.data.CurvePoint;
import io.learncast.forecast.features.RunRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The verdict on synthetic grokking curves with known late learners (memorise first, generalise much
 * later): scored out of fold with configs held out, it must not stop them, while still stopping most
 * memorisers early; a median pruner, which only sees test accuracy, stops late learners.
 */
class VerdictSyntheticTest {
    static SyntheticCurves.Corpus corpus;
    static VerdictRows rows;
    static VerdictFitter.Result fit;

    @BeforeAll
    static void fit() {
        corpus = SyntheticCurves.generate(3, 7);
        rows = VerdictRows.build(corpus.runs(), corpus.curves(), VerdictRows.FRACTIONS);
        fit = VerdictFitter.fit(rows, VerdictFitter.Options.defaults().withFolds(4).withSeed(11));
    }

    @Test
    void theCorpusHasLateLearners() {
        long late = rows.runInfos().stream().filter(VerdictRows.RunInfo::lateLearner).count();
        long learners = rows.runInfos().stream().filter(VerdictRows.RunInfo::learned).count();
        assertTrue(late >= 30 && late < learners, late + " late of " + learners + " learners");
    }

    @Test
    void theVerdictStopsNoLateLearnerButMostMemorisers() {
        VerdictEval.Result r = VerdictEval.score(rows, fit.outOfFold(), VerdictPolicy.DEFAULT_MIN_FRACTION);
        VerdictEval.PolicyScore at5 = r.policies().stream().filter(p -> p.threshold() == 0.05).findFirst().orElseThrow();
        assertEquals(0, at5.lateLearnersStopped(), "late learners stopped at P < 0.05");
        assertTrue(at5.learnersStopped() <= 0.01 * at5.learners(), at5.learnersStopped() + " of " + at5.learners() + " learners stopped");
        long memorisers = rows.runInfos().stream().filter(i -> !i.learned()).count();
        assertTrue(at5.stopped() >= 0.6 * memorisers, at5.stopped() + " stopped of " + memorisers + " memorisers");
        assertTrue(at5.savedShare() > 0.3, "compute saved " + at5.savedShare());
        // the median pruner sees only test accuracy, where a late learner looks like a memoriser
        assertTrue(r.medianPruner().lateLearnersStopped() > 0, "median pruner stopped " + r.medianPruner().lateLearnersStopped());
        // and the verdict ranks well at 10 % of the budget, with configs held out
        VerdictReport.FractionScore at10 = r.byFraction().get(1);
        assertEquals(0.1, at10.fraction());
        assertTrue(at10.metrics().auc() > 0.95, "AUC at 10 %: " + at10.metrics().auc());
    }

    @Test
    void aLateLearnersVerdictStaysHighWhileItStillLooksLikeAMemoriser() {
        FittedVerdict v = fit.verdict();
        RunRecord late = corpus.runs().stream()
                .filter(r -> r.learned() && r.confirmStep() > 1500 && VerdictRows.lateLearner(r, corpus.curves().get(r.runId())))
                .findFirst().orElseThrow();
        List<CurvePoint> early = CurveFeatures.upTo(corpus.curves().get(late.runId()), 500);
        CurvePoint last = early.get(early.size() - 1);
        assertTrue(last.trainAcc() > 0.99 && last.testAcc() < 0.1, "memorised, not yet generalised: " + last);
        Verdict verdict = v.judge(late.config(), early, VerdictPolicy.of(0.05));
        assertFalse(verdict.stop(), "stopped a late learner: " + verdict);
        assertTrue(verdict.learnStepMedian() > 800, "it expects the run to learn late: " + verdict.learnStepMedian());
    }

    @Test
    void theFarmConsultsTheVerdictExactlyAtTheTrainedCuts() {
        RunRecord r = corpus.runs().get(0);
        List<CurvePoint> curve = corpus.curves().get(r.runId());
        for (double f : VerdictRows.FRACTIONS) {
            List<CurvePoint> prefix = CurveFeatures.upTo(curve, (long) Math.floor(f * r.steps()));
            long step = prefix.get(prefix.size() - 1).step();
            int k = VerdictStopRule.cutAt(step, r.steps(), r.evalEvery());
            assertTrue(k >= 0 && Math.floor(VerdictRows.FRACTIONS[k] * r.steps()) >= step, "cut " + f + " at step " + step);
        }
        assertEquals(-1, VerdictStopRule.cutAt(0, 3000, 50));
        assertEquals(-1, VerdictStopRule.cutAt(3000, 3000, 50), "the last evaluation ends the run anyway");
        assertEquals(1, VerdictStopRule.cutAt(300, 3000, 50), "10 % of 3000");
        assertEquals(-1, VerdictStopRule.cutAt(350, 3000, 50));
    }

    @Test
    void theArtifactRoundTripsWithTheSameVerdicts() {
        FittedVerdict back = VerdictArtifacts.read(VerdictArtifacts.write(fit.verdict()));
        assertEquals(fit.verdict().report().corpusHash(), back.report().corpusHash());
        for (int i = 0; i < rows.size(); i += 37) {
            double[] x = rows.rows().get(i).x();
            assertEquals(fit.verdict().model().probability(x), back.model().probability(x), 1e-12);
            assertEquals(fit.verdict().model().stepFraction(x), back.model().stepFraction(x), 1e-12);
        }
    }
}
