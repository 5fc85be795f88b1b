package io.learncast.forecast.model;

import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The steps-to-learn interval is the fitted one inside the corpus and widens with the distance beyond it. */
class StepsIntervalTest {

    @Test
    void widensOnlyBeyondTheNearnessThreshold() {
        FittedForecaster f = Fixtures.forecaster();
        RunRecord trained = Fixtures.RUNS.get(0);
        Knobs k = trained.knobs();
        CureModel.State s = f.state(k);
        double[] inside = f.stepsInterval(k, trained.steps());
        assertEquals(1, inside[2], "a trained config is not widened");
        assertEquals(s.stepsQuantile(0.1), inside[0], 1e-9);
        assertEquals(s.stepsQuantile(0.9), inside[1], 1e-9);

        RunConfig far = WarningsTest.modadd(23, 0.5, 1, 4096, 0.5);
        Knobs kf = Knobs.of(far);
        CureModel.State sf = f.state(kf);
        double[] out = f.stepsInterval(kf, far.steps());
        assertTrue(out[2] > 1, "beyond the threshold: widened by " + out[2]);
        assertTrue(out[0] < sf.stepsQuantile(0.1) && out[1] > sf.stepsQuantile(0.9), "wider on both sides");
        // the median stays
        double[] twice = f.stepsInterval(kf, sf, 2 * f.neighbourhood().nearest(kf, far.steps(), 1).distance());
        assertTrue(twice[1] / twice[0] > out[1] / out[0], "farther, wider");
        Forecast fc = f.predict(far, far.steps());
        if (fc.stepsLow() != null) assertEquals(Math.round(out[0] * 10) / 10.0, fc.stepsLow(), 1e-9, "the forecast shows the widened interval");
    }
}
