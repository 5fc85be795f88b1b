package io.learncast.eval.scoring;

import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** eval forecasts a large scored side in two halves on both cores: exactly the forecasts of one pass, row for row. */
class ForecastsInHalvesTest {
    @Test
    void halvesGiveTheSameForecastsAsOnePass() {
        FeatureTable fit = FeatureTable.fromRecords(SyntheticCorpus.generate(150, 2, 3), new FeatureTable.Options(true));
        FittedForecaster f = ForecasterFitter.fit(fit, ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK).withDraws(0));
        FeatureTable score = FeatureTable.fromRecords(SyntheticCorpus.generate(1200, 3, 4), FeatureTable.Options.defaults());
        assertTrue(score.size() >= 2000, "large enough to be split: " + score.size());
        assertArrayEquals(f.probabilities(score), Evaluator.forecasts(f, score), 0);
    }
}
