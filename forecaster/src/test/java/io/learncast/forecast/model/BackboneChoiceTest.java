package io.learncast.forecast.model;

import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.validation.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model search takes the structured model with squares and products over the main-effects one only when it wins
 * out of fold by more than its noise ({@link ForecasterFitter#simplerUnlessBeaten}): a near tie is decided by the
 * draw of the inner folds, and the curvature is what extrapolates worst.
 */
class BackboneChoiceTest {

    @Test
    void theGainIsPairedAndItsErrorCountsWholeConfigs() {
        FeatureTable t = Fixtures.TABLE;
        int[] y = t.y();
        double[] half = new double[y.length], perfect = new double[y.length];
        Arrays.fill(half, 0.5);
        for (int i = 0; i < y.length; i++) perfect[i] = y[i];
        double[] g = ForecasterFitter.pairedBrierGain(t, half, perfect);
        assertEquals(0.25, g[0], 1e-12, "every listed row gains 0.25");
        assertEquals(0, g[1], 1e-12, "and every config alike: no spread");
        double[] none = ForecasterFitter.pairedBrierGain(t, half, half);
        assertEquals(0, none[0], 0);
        // one config's rows all better, the rest unchanged: a gain as large as its own error (one group carries it)
        double[] one = half.clone();
        String first = t.groups()[0];
        for (int i = 0; i < y.length; i++) if (t.groups()[i].equals(first)) one[i] = y[i];
        double[] g1 = ForecasterFitter.pairedBrierGain(t, half, one);
        assertTrue(g1[0] > 0 && g1[1] > 0.9 * g1[0], "a gain resting on one config is within its noise: " + Arrays.toString(g1));
    }

    /**
     * On the PyTorch snapshot fitted on width ≤ 64 with the search seeded 3 (as {@code eval --seed 3 --split
     * 'test:width>64'} fits it), the quadratic backbone wins the inner folds on both scores by a near tie (measured
     * before drop_last entered the configs' identity, and so their folds: Brier 0.0043 ± 0.0047, and it forecast widths
     * 128 and 256 with AUC 0.726; with today's folds it is the quadratic backbone with 25 rounds of trees). Held to the
     * one-standard-error rule, the search keeps the main-effects backbone, which ranks them with AUC above 0.85.
     */
    @Test
    void aNearTieKeepsTheMainEffectsBackboneAndItExtrapolates(@TempDir Path dir) throws Exception {
        List<RunRecord> runs = TorchSnapshot.load(dir);
        List<RunRecord> fit = runs.stream().filter(r -> r.knobs().width() <= 64).toList();
        List<RunRecord> beyond = runs.stream().filter(r -> r.knobs().width() > 64).toList();
        FittedForecaster f = ForecasterFitter.fit(FeatureTable.fromRecords(fit, new FeatureTable.Options(true)),
                ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK).withDraws(0).withSeed(3));
        String chosen = f.report().chosen();
        assertTrue(chosen.startsWith("cure(linear") || chosen.startsWith("cure+trees(cure(linear"), chosen);
        FeatureTable held = FeatureTable.fromRecords(beyond, new FeatureTable.Options(false)).listedOnly();
        Metrics m = Metrics.of(f.probabilities(held), held.y());
        assertTrue(m.auc() > 0.85, "AUC beyond the corpus: " + m);
    }
}
