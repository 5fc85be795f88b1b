package io.learncast.forecast.model;

import io.learncast.forecast.features.Features;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The flattened trees give exactly Smile's predictions. */
class FlatTreesTest {
    @Test
    void flatTreesAgreeWithSmile() {
        assertTrue(FlatTrees.available());
        var runs = SyntheticCorpus.generate(80, 2, 2);
        BoostedCure m = BoostedCure.fit(Candidate.Cure.defaults().fitModel(runs), runs, BoostedCure.Spec.defaults().withRounds(30), 5);
        Random r = new Random(1);
        for (int i = 0; i < 200; i++) {
            double[] c = Features.config(Knobs.of(SyntheticCorpus.randomConfig(r)));
            double[] flat = m.corrections(c), smile = m.smileCorrections(c);
            assertEquals(smile[0], flat[0], 1e-12);
            assertEquals(smile[1], flat[1], 1e-12);
        }
    }
}
