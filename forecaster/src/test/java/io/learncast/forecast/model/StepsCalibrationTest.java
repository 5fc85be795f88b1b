package io.learncast.forecast.model;

import io.learncast.forecast.artifact.Artifacts;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The steps interval's widening beyond the corpus, measured on the corpus's own pseudo-extrapolations, on the
 * quickstart's real runs: it holds 80 % of those pseudo-extrapolated learners' steps where σ × W alone (the rule
 * before, and what an artifact without it does) holds far fewer; fitted on train fraction &lt; 0.8 (as {@code eval
 * --split 'test:train_frac>=0.8'} does), the forecaster's intervals hold more of the held-out learners' steps than
 * that rule. Inside the corpus nothing changes.
 */
class StepsCalibrationTest {
    static FittedForecaster f, without;
    static List<RunRecord> fit, held;

    @BeforeAll
    static void fit(@TempDir Path dir) throws Exception {
        List<RunRecord> runs = QuickstartCorpus.load(dir);
        fit = runs.stream().filter(r -> r.config().trainFrac() == null || r.config().trainFrac() < 0.8).toList();
        held = runs.stream().filter(r -> r.config().trainFrac() != null && r.config().trainFrac() >= 0.8).toList();
        f = ForecasterFitter.fit(FeatureTable.fromRecords(fit, FeatureTable.Options.defaults()),
                ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK).withDraws(0));
        without = new FittedForecaster(f.report(), f.model(), f.survival(), f.draws(), f.calibration(), f.coverage(), f.neighbourhood(), f.references(),
                f.tempering(), null);
    }

    /** Held-out learners whose steps the interval of {@code g} holds, and how many were compared. */
    static int[] held(FittedForecaster g) {
        int in = 0, n = 0;
        for (RunRecord r : held) {
            if (!r.learned() || g.state(r.knobs()).pEver() <= 1e-4) continue;
            double[] iv = g.stepsInterval(r.knobs(), r.steps());
            assertTrue(iv[2] > 1, "a train fraction of " + r.config().trainFrac() + " lies beyond the fitted corpus");
            n++;
            if (r.confirmStep() >= iv[0] && r.confirmStep() <= iv[1]) in++;
        }
        return new int[] {in, n};
    }

    @Test
    void itHoldsEightyPercentOfTheCorpussOwnPseudoExtrapolations() {
        int widened = 0;
        for (Candidate.Cure backbone : List.of(new Candidate.Cure(ForecasterFitter.LINEAR, 1, 1), new Candidate.Cure(Basis.Spec.defaults(), 3, 3))) {
            StepsCalibration c = StepsCalibration.fit(fit, backbone, 7);
            assertNotNull(c, "the quickstart's runs offer enough pseudo-extrapolated learners");
            assertTrue(c.learners() >= StepsCalibration.MIN_LEARNERS && c.folds() >= 4, c.toString());
            assertTrue(c.jump() >= 0 && c.slope() >= 0, "it only widens: " + c);
            int in = 0, before = 0, n = 0;
            for (StepsCalibration.Residual r : StepsCalibration.residuals(fit, backbone, 7)) {
                if (!(r.widen() > 1)) continue;
                n++;
                if (Math.abs(r.r()) <= c.halfWidth(r.widen(), r.sigma())) in++;
                if (Math.abs(r.r()) <= r.sigma() * StepsCalibration.Z * r.widen()) before++;
            }
            assertEquals(c.learners(), n);
            String what = backbone.name() + ": " + c + " holds " + in + " of " + n + ", σ × W alone " + before;
            if (c.jump() + c.slope() > 0) {
                widened++;
                assertTrue(in >= 0.8 * n && in <= 0.85 * n, "sized for 80 %: " + what);
                assertTrue(before < 0.8 * n, "widened only where σ × W fell short: " + what);
            } else {
                assertTrue(before >= 0.8 * n, "left as σ × W only where that already holds 80 %: " + what);
            }
        }
        assertTrue(widened > 0, "on the quickstart's train fraction < 0.8 σ × W falls short for some backbone");
    }

    @Test
    void beyondTheCorpusItHoldsMoreHeldOutStepsThanTheRuleBefore() {
        assertNotNull(f.stepsCalibration(), "a new fit measures it");
        int[] with = held(f), before = held(without);
        assertTrue(with[1] >= 10, "learners compared: " + with[1]);
        assertTrue(with[0] > before[0], "held " + with[0] + " of " + with[1] + " where σ × W alone held " + before[0]);
        for (RunRecord r : held) {
            if (!r.learned()) continue;
            double[] a = f.stepsInterval(r.knobs(), r.steps()), b = without.stepsInterval(r.knobs(), r.steps());
            assertTrue(a[0] <= b[0] && a[1] >= b[1], "never narrower than σ × W: " + a[0] + "–" + a[1] + " vs " + b[0] + "–" + b[1]);
        }
    }

    @Test
    void insideTheCorpusTheIntervalIsTheFittedOne() {
        int compared = 0;
        for (RunRecord r : fit) {
            if (!r.learned() || f.widen(r.knobs()) > 1) continue;
            assertArrayEquals(without.stepsInterval(r.knobs(), r.steps()), f.stepsInterval(r.knobs(), r.steps()), 0);
            compared++;
        }
        assertTrue(compared >= 20, "compared " + compared);
    }

    @Test
    void anArtifactKeepsItAndOneWithoutWidensAsBefore() {
        FittedForecaster back = Artifacts.read(Artifacts.write(f));
        assertEquals(f.stepsCalibration(), back.stepsCalibration());
        FittedForecaster old = Artifacts.read(Artifacts.write(without));
        assertNull(old.stepsCalibration());
        RunRecord r = held.stream().filter(RunRecord::learned).findFirst().orElseThrow();
        assertArrayEquals(f.stepsInterval(r.knobs(), r.steps()), back.stepsInterval(r.knobs(), r.steps()), 0);
        double[] was = old.stepsInterval(r.knobs(), r.steps());
        CureModel.State s = old.state(r.knobs());
        CureModel.State wide = new CureModel.State(s.logitEver(), s.mu(), s.sigma() * was[2], s.offset());
        assertEquals(wide.stepsQuantile(0.1), was[0], 0, "without it σ is multiplied by W");
        assertEquals(wide.stepsQuantile(0.9), was[1], 0);
    }
}
