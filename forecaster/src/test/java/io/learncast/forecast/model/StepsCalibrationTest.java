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
 * quickstart's real runs: about the median leaned on the trend, each direction out of the corpus weighing alike, it
 * holds 80 % of those pseudo-extrapolated learners' steps where σ × W alone (the rule before, and what an artifact
 * without it does) holds far fewer; fitted on train fraction &lt; 0.8 (as {@code eval
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
    void itHoldsEightyPercentOfTheCorpussOwnPseudoExtrapolationsEachDirectionAlike() {
        int widened = 0;
        for (Candidate.Cure backbone : List.of(new Candidate.Cure(ForecasterFitter.LINEAR, 1, 1), new Candidate.Cure(Basis.Spec.defaults(), 3, 3))) {
            StepsCalibration c = StepsCalibration.fit(fit, backbone, ForecasterFitter.TREND, 7);
            assertNotNull(c, "the quickstart's runs offer enough pseudo-extrapolated learners");
            assertTrue(c.learners() >= StepsCalibration.MIN_LEARNERS && c.folds() >= 4, c.toString());
            assertTrue(c.jump() >= 0 && c.slope() >= 0, "it only widens: " + c);
            StepsCalibration.Pseudo pseudo = StepsCalibration.residuals(fit, backbone, ForecasterFitter.TREND, 7);
            List<StepsCalibration.Residual> beyond = pseudo.beyond();
            double[] w = pseudo.weights();
            assertEquals(c.learners(), beyond.size());
            assertEquals(c.folds(), pseudo.folds());
            // every fold with learners beyond its corpus weighs one unit, however many learners it has
            java.util.Map<Integer, Double> perFold = new java.util.TreeMap<>();
            for (int i = 0; i < w.length; i++) perFold.merge(beyond.get(i).fold(), w[i], Double::sum);
            assertTrue(perFold.size() >= 3, "directions: " + perFold);
            perFold.values().forEach(v -> assertEquals(1, v, 1e-9));
            double in = 0, before = 0, heaviest = 0;
            for (int i = 0; i < w.length; i++) {
                StepsCalibration.Residual r = beyond.get(i);
                if (Math.abs(r.r()) <= c.halfWidth(r.widen(), r.sigma())) in += w[i];
                if (Math.abs(r.r()) <= r.sigma() * StepsCalibration.Z * r.widen()) before += w[i];
                heaviest = Math.max(heaviest, w[i]);
            }
            double total = perFold.size(), share = in / total;
            String what = backbone.name() + ": " + c + " holds " + share + " of the directions' weight, σ × W alone " + before / total;
            // each side's line holds 90 % of the weight on its side: 80 % lie between
            assertTrue(c.above().jump() >= 0 && c.above().slope() >= 0 && c.below().jump() >= 0 && c.below().slope() >= 0, "sides only widen: " + c);
            double notAbove = 0, notBelow = 0;
            for (int i = 0; i < w.length; i++) {
                StepsCalibration.Residual r = beyond.get(i);
                double[] h = c.halfWidths(r.widen(), r.sigma());
                if (r.r() <= h[1]) notAbove += w[i];
                if (-r.r() <= h[0]) notBelow += w[i];
            }
            // at least 90 % on each side; no more than one learner's weight past it where the side widens at all
            // (where σ × W alone already holds over 90 % the side's line stays at 0)
            double slack = heaviest / total + 1e-9;
            assertTrue(notAbove / total >= 0.9 - 1e-9, "above: " + notAbove / total + " " + c);
            assertTrue(notBelow / total >= 0.9 - 1e-9, "below: " + notBelow / total + " " + c);
            if (c.above().jump() + c.above().slope() > 0) assertTrue(notAbove / total <= 0.9 + slack, "above sized for 90 %: " + notAbove / total + " " + c);
            if (c.below().jump() + c.below().slope() > 0) assertTrue(notBelow / total <= 0.9 + slack, "below sized for 90 %: " + notBelow / total + " " + c);
            if (c.jump() + c.slope() > 0) {
                widened++;
                assertTrue(share >= 0.8 - 1e-9 && share <= 0.8 + heaviest / total + 1e-9, "sized for 80 %: " + what);
                assertTrue(before / total < 0.8, "widened only where σ × W fell short: " + what);
            } else {
                assertTrue(before / total >= 0.8 - 1e-9, "left as σ × W only where that already holds 80 %: " + what);
            }
        }
        assertTrue(widened > 0, "on the quickstart's train fraction < 0.8 σ × W falls short for some backbone");
    }

    /** The residuals are about the median a forecast gives: leaned on the trend's beyond each fold's corpus, its own inside. */
    @Test
    void theResidualsAreAboutTheLeanedMedian() {
        Candidate.Cure backbone = new Candidate.Cure(ForecasterFitter.LINEAR, 1, 1);
        StepsCalibration.Pseudo leaned = StepsCalibration.residuals(fit, backbone, ForecasterFitter.TREND, 7),
                own = StepsCalibration.residuals(fit, backbone, null, 7);
        assertEquals(own.folds(), leaned.folds());
        assertEquals(own.learners().size(), leaned.learners().size());
        int moved = 0;
        for (int i = 0; i < own.learners().size(); i++) {
            StepsCalibration.Residual a = own.learners().get(i), b = leaned.learners().get(i);
            assertEquals(a.fold(), b.fold());
            assertEquals(a.widen(), b.widen(), 0);
            assertEquals(a.sigma(), b.sigma(), 0, "σ is the backbone's either way");
            if (a.widen() > 1) moved += a.r() != b.r() ? 1 : 0;
            else assertEquals(a.r(), b.r(), 0, "inside a fold's corpus the median is the backbone's");
        }
        assertTrue(moved > 0, "beyond a fold's corpus the median leans on the trend");
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

    /** An artifact measured before the sides were (no {@code above}/{@code below}) keeps the symmetric line. */
    @Test
    void withoutSidesTheIntervalIsSymmetric() throws Exception {
        StepsCalibration c = f.stepsCalibration();
        String json = io.learncast.farm.config.ConfigJson.MAPPER.writeValueAsString(c);
        com.fasterxml.jackson.databind.node.ObjectNode old = (com.fasterxml.jackson.databind.node.ObjectNode) io.learncast.farm.config.ConfigJson.MAPPER.readTree(json);
        old.remove("above");
        old.remove("below");
        StepsCalibration back = io.learncast.farm.config.ConfigJson.MAPPER.treeToValue(old, StepsCalibration.class);
        assertNull(back.above());
        for (double w : new double[] {1, 1.5, 3}) {
            double[] h = back.halfWidths(w, 0.2);
            assertEquals(back.halfWidth(w, 0.2), h[0], 0);
            assertEquals(back.halfWidth(w, 0.2), h[1], 0);
        }
        assertArrayEquals(new double[] {0.2 * StepsCalibration.Z, 0.2 * StepsCalibration.Z}, c.halfWidths(1, 0.2), 0, "inside the corpus both sides are σ·ln 9");
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
