package io.learncast.forecast.model;

import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The fast path for Smile's boosted trees gives exactly Smile's probabilities; the forest is repeatable. */
class TreeModelTest {
    static final FeatureTable T = FeatureTable.fromRecords(SyntheticCorpus.generate(100, 2, 9), FeatureTable.Options.defaults());

    @Test
    void flatBoostedTreesAgreeWithSmile() {
        TreeModel m = TreeModel.boost(T.x(), T.y(), new TreeModel.BoostParams(80, 20, 8, 5, 0.1, 0.7), 3);
        FeatureTable other = FeatureTable.fromRecords(SyntheticCorpus.generate(50, 1, 10), FeatureTable.Options.defaults());
        for (FeatureTable.Row r : other.rows()) assertEquals(m.smileProbability(r.x()), m.probability(r.x()), 1e-12);
    }

    @Test
    void fitsAreRepeatable() {
        TreeModel a = TreeModel.forest(T.x(), T.y(), new TreeModel.ForestParams(30, 0, 20, 100, 2, 1.0), 5);
        TreeModel b = TreeModel.forest(T.x(), T.y(), new TreeModel.ForestParams(30, 0, 20, 100, 2, 1.0), 5);
        TreeModel c = TreeModel.boost(T.x(), T.y(), new TreeModel.BoostParams(40, 20, 8, 5, 0.1, 0.7), 5);
        TreeModel d = TreeModel.boost(T.x(), T.y(), new TreeModel.BoostParams(40, 20, 8, 5, 0.1, 0.7), 5);
        for (FeatureTable.Row r : T.rows()) {
            assertEquals(a.probability(r.x()), b.probability(r.x()), 0);
            assertEquals(c.probability(r.x()), d.probability(r.x()), 0);
        }
    }
}
