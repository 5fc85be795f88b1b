package io.learncast.forecast.model;

import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.synthetic.SyntheticCorpus;

import java.util.List;

/** One synthetic corpus and one forecaster fitted on it, shared by the model tests (fitting takes seconds). */
final class Fixtures {
    private Fixtures() {}

    static final List<RunRecord> RUNS = SyntheticCorpus.generate(300, 3, 1);
    static final FeatureTable TABLE = FeatureTable.fromRecords(RUNS, FeatureTable.Options.defaults());

    private static FittedForecaster forecaster;

    static synchronized FittedForecaster forecaster() {
        if (forecaster == null) {
            forecaster = ForecasterFitter.fit(TABLE, ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK)
                    .withFolds(4).withRounds(60, 150).withDraws(30));
        }
        return forecaster;
    }
}
