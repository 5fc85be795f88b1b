package io.learncast.forecast.model;

import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.artifact.Artifacts;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Beyond the corpus a forecast leans toward the corpus's base rate; inside it nothing changes. */
class TemperingTest {

    @Test
    void insideTheCorpusTheForecastIsTheModels() {
        FittedForecaster f = Fixtures.forecaster();
        assertNotNull(f.tempering(), "a new fit tempers");
        RunRecord trained = Fixtures.RUNS.get(0);
        assertEquals(1, f.widen(trained.knobs()), "a trained config is not beyond the corpus");
        long b = trained.steps();
        assertEquals(f.probability(io.learncast.forecast.features.Features.row(trained.knobs(), b)), f.probability(trained.knobs(), b), 0);
    }

    @Test
    void beyondItLeansTowardTheBaseRateAndStaysMonotoneInTheBudget() {
        FittedForecaster f = Fixtures.forecaster();
        double base = CureModel.sigmoid(f.tempering().logit());
        RunConfig far = WarningsTest.modadd(23, 0.5, 1, 4096, 0.5);
        Knobs k = Knobs.of(far);
        double w = f.widen(k);
        assertTrue(w > 1, "far beyond the trained widths: widen " + w);
        double prev = 0;
        for (long b : new long[] {250, 500, 1000, 2000, 4000, 8000}) {
            double[] row = io.learncast.forecast.features.Features.row(k, b);
            // the model's own forecast, leaned on the main effects' trend beyond the corpus (TrendBeyondTheCorpusTest); then tempered
            double raw = FittedForecaster.onTrend(f.probability(row), f.calibration().apply(f.trend().probability(row)), w);
            double p = f.probability(k, b);
            assertTrue(Math.abs(p - base) <= Math.abs(raw - base) + 1e-12, "closer to the base rate " + base + ": " + raw + " → " + p);
            assertTrue((p - base) * (raw - base) >= 0, "on the same side of the base rate");
            assertTrue(p >= prev - 1e-12, "monotone in the budget at " + b);
            prev = p;
        }
        Forecast fc = f.predict(far, far.steps());
        assertEquals(f.probability(k, far.steps()), fc.p(), 1e-12, "the forecast shows the tempered P");
        assertTrue(fc.pLow() <= fc.p() && fc.p() <= fc.pHigh(), "the interval holds the tempered P");
        double sum = fc.attributions().stream().mapToDouble(Forecast.Attribution::contribution).sum();
        assertEquals(fc.p() - fc.reference().p(), sum, 2e-3, "attributions still add up");
    }

    @Test
    void anArtifactKeepsIt() {
        FittedForecaster f = Fixtures.forecaster();
        FittedForecaster back = Artifacts.read(Artifacts.write(f));
        assertEquals(f.tempering(), back.tempering());
        Knobs k = Knobs.of(WarningsTest.modadd(23, 0.5, 1, 4096, 0.5));
        assertEquals(f.probability(k, 2000), back.probability(k, 2000), 1e-12);
    }
}
