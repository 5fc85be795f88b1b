package io.learncast.forecast.artifact;

import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.Forecast;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** A forecaster survives the trip through its artifact bytes, and the fit is deterministic. */
class ArtifactsTest {

    static FittedForecaster fit(long corpusSeed) {
        FeatureTable t = FeatureTable.fromRecords(SyntheticCorpus.generate(120, 2, corpusSeed), FeatureTable.Options.defaults());
        return ForecasterFitter.fit(t, ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK).withFolds(3).withRounds(40).withDraws(10));
    }

    @Test
    void roundTripGivesTheSameForecasts() {
        FittedForecaster f = fit(4);
        byte[] bytes = Artifacts.write(f);
        assertEquals(Artifacts.FORMAT_VERSION, Artifacts.formatVersion(bytes));
        FittedForecaster g = Artifacts.read(bytes);
        assertEquals(f.report().corpusHash(), g.report().corpusHash());
        assertEquals(f.report().chosen(), g.report().chosen());
        Random r = new Random(2);
        for (int i = 0; i < 30; i++) {
            RunConfig c = SyntheticCorpus.randomConfig(r);
            Forecast a = f.predict(c, c.steps()), b = g.predict(c, c.steps());
            assertEquals(a, b);
        }
        assertArrayEquals(bytes, Artifacts.write(g), "reading and writing again gives the same bytes");
    }

    @Test
    void fittingIsDeterministic() {
        FittedForecaster a = fit(6), b = fit(6);
        Random r = new Random(3);
        for (int i = 0; i < 30; i++) {
            RunConfig c = SyntheticCorpus.randomConfig(r);
            assertEquals(a.probability(c, c.steps()), b.probability(c, c.steps()), 0);
        }
        assertEquals(a.report().candidates(), b.report().candidates().stream().map(cs -> new io.learncast.forecast.model.FitReport.CandidateScore(
                cs.name(), cs.family(), cs.metrics(), a.report().candidates().get(b.report().candidates().indexOf(cs)).seconds())).toList());
    }

    @Test
    void garbageIsRefused() {
        assertThrows(IllegalStateException.class, () -> Artifacts.read(new byte[] {1, 2, 3}));
    }
}
