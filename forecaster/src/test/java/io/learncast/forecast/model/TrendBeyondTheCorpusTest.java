package io.learncast.forecast.model;

import io.learncast.forecast.artifact.Artifacts;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.validation.Metrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beyond the corpus P leans on the main effects' trend by the widening factor W ({@link FittedForecaster#trend}). On the
 * PyTorch snapshot fitted on width ≤ 64, the structured model with squares and products beats the main-effects one far
 * beyond noise on the fit side, yet ranks widths 128 and 256 worse: AUC 0.726 (log loss 1.38) alone.
 */
class TrendBeyondTheCorpusTest {
    @TempDir static Path dir;
    static List<RunRecord> inside, beyond;
    static FittedForecaster f, curvedAlone;

    @BeforeAll
    static void fitTheSnapshotsNarrowNets() throws Exception {
        List<RunRecord> runs = TorchSnapshot.load(dir);
        inside = runs.stream().filter(r -> r.knobs().width() <= 64).toList();
        beyond = runs.stream().filter(r -> r.knobs().width() > 64).toList();
        // the two plain backbones of the search (no trees, to keep it short)
        List<Candidate> both = ForecasterFitter.candidates(ForecasterFitter.Search.QUICK).stream().filter(c -> c instanceof Candidate.Cure).toList();
        f = ForecasterFitter.fit(FeatureTable.fromRecords(inside, new FeatureTable.Options(true)),
                ForecasterFitter.Options.defaults().withCandidates(both).withDraws(20));
        curvedAlone = new FittedForecaster(f.report(), f.model(), f.survival(), f.draws(), f.calibration(), f.coverage(), f.neighbourhood(), f.references(),
                f.tempering(), f.stepsCalibration(), null);
    }

    @Test
    void aCurvedChoiceLeansOnTheTrendBeyondTheCorpus() {
        assertTrue(f.report().chosen().startsWith("cure(quadratic"), f.report().chosen());
        assertNotNull(f.trend());
        assertEquals(ForecasterFitter.TREND.name(), f.report().trend());
        FeatureTable held = FeatureTable.fromRecords(beyond, new FeatureTable.Options(false)).listedOnly();
        Metrics with = Metrics.of(f.probabilities(held), held.y()), without = Metrics.of(curvedAlone.probabilities(held), held.y());
        System.out.println("TREND with " + with + " without " + without);
        assertTrue(without.auc() < 0.8, "the curved model alone ranks the wider nets badly: " + without);
        assertTrue(with.auc() > without.auc() + 0.05 && with.logLoss() < without.logLoss(), with + " vs " + without);
    }

    @Test
    void insideTheCorpusTheChosenModelAnswersAlone() {
        RunRecord trained = beyond.get(0);
        Knobs narrow = null;
        for (RunRecord r : inside) {
            if (f.widen(r.knobs()) == 1) { narrow = r.knobs(); break; }
        }
        assertNotNull(narrow, "a trained config lies inside the corpus");
        assertEquals(curvedAlone.probability(narrow, 2000), f.probability(narrow, 2000), 0);
        assertEquals(curvedAlone.predict(narrow, 2000, FittedForecaster.Detail.FULL).p(), f.predict(narrow, 2000, FittedForecaster.Detail.FULL).p(), 0);
        assertTrue(f.widen(trained.knobs()) > 1, "a width-256 net lies beyond the corpus");
    }

    @Test
    void beyondItTheLogOddsMixByTheWideningFactorAndStayMonotoneInTheBudget() {
        Knobs wide = beyond.stream().filter(r -> r.knobs().width() == 256).findFirst().orElseThrow().knobs();
        double w = f.widen(wide);
        assertTrue(w > 1);
        Forecast a = f.predict(wide, 2000, FittedForecaster.Detail.FULL), alone = curvedAlone.predict(wide, 2000, FittedForecaster.Detail.FULL);
        double trendP = f.calibration().apply(f.trend().probability(io.learncast.forecast.features.Features.row(wide, 2000)));
        double own = f.calibration().apply(f.survival().probability(io.learncast.forecast.features.Features.row(wide, 2000)));
        assertEquals(f.tempering().apply(FittedForecaster.onTrend(own, trendP, w), f.lean(wide)), a.p(), 1e-12);
        assertTrue(Math.abs(a.p() - alone.p()) > 1e-6, "the trend moved it");
        assertTrue(a.pLow() <= a.p() && a.p() <= a.pHigh(), a.toString());
        // the Shapley values still add up to p − p_reference
        double sum = a.attributions().stream().mapToDouble(Forecast.Attribution::contribution).sum();
        assertEquals(a.p() - a.reference().p(), sum, 1e-3);
        double last = 0;
        for (long b : new long[] {250, 500, 1000, 2000, 4000, 8000}) {
            double p = f.probability(wide, b);
            assertTrue(p >= last - 1e-12, "monotone in the budget at " + b);
            last = p;
        }
    }

    /** Beyond the corpus the steps median leans on the trend's μ by the same factor; the learners of widths 128–256 are nearer it. */
    @Test
    void theStepsMedianLeansOnTheTrendToo() {
        Knobs wide = beyond.stream().filter(r -> r.knobs().width() == 256).findFirst().orElseThrow().knobs();
        double w = f.widen(wide);
        double[] config = io.learncast.forecast.features.Features.config(wide);
        CureModel.State own = f.survival().state(config), leaned = f.state(wide);
        assertEquals(own.mu() / w + f.trend().state(config).mu() * (1 - 1 / w), leaned.mu(), 1e-12);
        assertEquals(own.pEver(), leaned.pEver(), 0, "P(ever learns) is not the steps' business");
        assertEquals(Math.round(leaned.stepsQuantile(0.5)), f.predict(wide, 4000, FittedForecaster.Detail.FULL).stepsMedian(), 1.0);
        java.util.List<Double> with = new java.util.ArrayList<>(), without = new java.util.ArrayList<>();
        for (RunRecord r : beyond) {
            if (!r.learned()) continue;
            CureModel.State a = f.state(r.knobs()), b = curvedAlone.state(r.knobs());
            if (a.pEver() <= 1e-4) continue;
            with.add(Math.abs(Math.log(a.stepsQuantile(0.5) / r.confirmStep()) / Math.log(2)));
            without.add(Math.abs(Math.log(b.stepsQuantile(0.5) / r.confirmStep()) / Math.log(2)));
        }
        java.util.Collections.sort(with);
        java.util.Collections.sort(without);
        double m = with.get(with.size() / 2), m0 = without.get(without.size() / 2);
        System.out.printf("STEPS median |log2 error| over %d learners: %.3f leaning, %.3f alone%n", with.size(), m, m0);
        assertTrue(m < m0, m + " vs " + m0);
    }

    @Test
    void theArtifactKeepsTheTrendAndOlderOnesHaveNone() {
        FittedForecaster back = Artifacts.read(Artifacts.write(f));
        assertEquals(f.report().trend(), back.report().trend());
        FeatureTable held = FeatureTable.fromRecords(beyond.subList(0, 40), new FeatureTable.Options(false)).listedOnly();
        double[] p = f.probabilities(held), q = back.probabilities(held);
        for (int i = 0; i < p.length; i++) assertEquals(p[i], q[i], 0);
        assertNull(Artifacts.read(Artifacts.write(curvedAlone)).trend());
    }
}
