package io.learncast.forecast.model;

import io.learncast.farm.config.Toggle;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.Features;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.validation.Metrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PyTorch's loader keeps an epoch's incomplete last batch; when it holds a few examples (under 5 % of a batch) each epoch
 * ends with one noisy full-size AdamW step, and on the PyTorch snapshot such runs learn far less often. The trees read
 * it ({@code tiny_last_batch}); the structured design does not. Checked on the runs that completed the snapshot, trained
 * after it: the forecaster fitted on the snapshot that sees it against the same fit blind to it (every run's drop_last
 * set to on, as the forecaster was before).
 */
class TinyLastBatchTest {
    @TempDir static Path dir, later;
    static List<RunRecord> fit, held;
    static FittedForecaster seeing, blind;

    @BeforeAll
    static void fitTheSnapshotWithAndWithoutIt() throws Exception {
        fit = TorchSnapshot.load(dir);
        java.util.Set<String> seen = fit.stream().map(RunRecord::groupHash).collect(java.util.stream.Collectors.toSet());
        // configs the snapshot never trained (a config's seeds and budgets stay on one side)
        held = TorchSnapshot.load(later, TorchSnapshot.MORE).stream().filter(r -> !seen.contains(r.groupHash())).toList();
        // the main-effects backbone with trees: the snapshot's grouped k-fold choice
        List<Candidate> trees = ForecasterFitter.candidates(ForecasterFitter.Search.QUICK).stream()
                .filter(c -> c instanceof Candidate.CureTrees t && t.backbone().basis().equals(ForecasterFitter.LINEAR)).toList();
        assertEquals(1, trees.size());
        ForecasterFitter.Options o = ForecasterFitter.Options.defaults().withCandidates(trees).withDraws(20);
        seeing = ForecasterFitter.fit(FeatureTable.fromRecords(fit, new FeatureTable.Options(true)), o);
        blind = ForecasterFitter.fit(FeatureTable.fromRecords(fit.stream().map(TinyLastBatchTest::dropped).toList(), new FeatureTable.Options(true)), o);
    }

    /** The same run as if its last batch had been dropped. */
    static RunRecord dropped(RunRecord r) {
        return new RunRecord(r.runId(), r.groupHash(), r.configHash(), r.source(), r.replica(), r.config(), r.knobs().with(KnobCatalogue.DROP_LAST, Toggle.ON),
                r.outcome(), r.confirmStep(), r.stepsTrained(), r.steps(), r.evalEvery(), r.budgets(), r.label());
    }

    @Test
    void laterRunsWithATinyLastBatchAreForecastNearerWhatTheyDid() {
        List<RunRecord> tiny = held.stream().filter(r -> r.knobs().tinyLastBatch()).toList();
        assertTrue(tiny.size() >= 10, "the snapshot holds runs with a tiny kept last batch on both sides: " + tiny.size());
        FeatureTable t = FeatureTable.fromRecords(tiny, new FeatureTable.Options(false)).listedOnly();
        double learned = java.util.Arrays.stream(t.y()).sum(), with = sum(seeing.probabilities(t)), without = sum(blind.probabilities(t));
        System.out.printf("TINY %d rows: learned %.0f, forecast %.1f seeing it, %.1f blind%n", t.y().length, learned, with, without);
        assertTrue(without > learned + 1, "blind to it, the forecaster expects more of them to learn than did");
        assertTrue(Math.abs(with - learned) < Math.abs(without - learned), "seeing it, nearer: " + with + " vs " + without + ", learned " + learned);
        Metrics a = Metrics.of(seeing.probabilities(t), t.y()), b = Metrics.of(blind.probabilities(t), t.y());
        assertTrue(a.brier() < b.brier(), a + " vs " + b);
    }

    @Test
    void overAllLaterRunsItCostsNothing() {
        FeatureTable t = FeatureTable.fromRecords(held, new FeatureTable.Options(false)).listedOnly();
        Metrics a = Metrics.of(seeing.probabilities(t), t.y()), b = Metrics.of(blind.probabilities(t), t.y());
        System.out.println("ALL later: seeing " + a + " blind " + b);
        assertTrue(a.brier() <= b.brier() && a.logLoss() <= b.logLoss() + 1e-3, a + " vs " + b);
    }

    @Test
    void onlyTheTreesReadItAndOnlyWhenTheKeptBatchIsTiny() {
        int j = Features.CONFIG.indexOf("tiny_last_batch");
        CureModel backbone = seeing.survival().backbone();
        assertFalse(java.util.Arrays.stream(backbone.basis().base()).anyMatch(b -> b == j), "the structured design never holds it");
        RunRecord small = fit.stream().filter(r -> r.knobs().tinyLastBatch()).findFirst().orElseThrow();
        RunRecord kept = fit.stream().filter(r -> r.knobs().keptLastBatch() > 0 && !r.knobs().tinyLastBatch()).findFirst().orElseThrow();
        long b = 4000;
        assertTrue(seeing.probability(small.knobs(), b) < seeing.probability(dropped(small).knobs(), b), "a tiny kept last batch lowers P");
        assertEquals(seeing.probability(dropped(kept).knobs(), b), seeing.probability(kept.knobs(), b), 0, "a larger kept one is read as dropped");
    }

    /** drop_last is a player of the explanation now that a feature reads it: the values still add up to p − p_reference. */
    @Test
    void theExplanationNamesDropLastAndStillAddsUp() {
        RunRecord small = fit.stream().filter(r -> r.knobs().tinyLastBatch()).findFirst().orElseThrow();
        int named = 0;
        for (RunRecord r : List.of(small, dropped(small))) {
            Forecast fc = seeing.predict(r.knobs(), 4000, FittedForecaster.Detail.FULL);
            double sum = fc.attributions().stream().mapToDouble(Forecast.Attribution::contribution).sum();
            assertEquals(fc.p() - fc.reference().p(), sum, 2e-3, "attributions add up: " + fc.attributions());
            if (fc.attributions().stream().anyMatch(a -> a.knob().equals("drop_last"))) named++;
        }
        assertTrue(named >= 1, "the reference keeps or drops its last batch, so one of the two differs from it in drop_last");
    }

    private static double sum(double[] p) { return java.util.Arrays.stream(p).sum(); }
}
