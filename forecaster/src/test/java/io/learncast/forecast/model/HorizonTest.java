package io.learncast.forecast.model;

import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.features.Features;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How much of P(ever learns) the corpus has seen ({@link Forecast.Horizon}), on the PyTorch snapshot (836 runs, every one
 * trained to 4,000 steps): none of its SGD runs learned, and the cure model places SGD's learning far beyond 4,000 steps
 * rather than never — so a bare "P(ever learns)" near 1 beside "P(learn) = 0.000" would read as a promise. The horizon
 * says that P(ever) is almost all after the longest budget trained; for configs whose seeds learned it is a small part.
 */
class HorizonTest {
    static List<RunRecord> runs;
    static FittedForecaster f;

    @BeforeAll
    static void fit(@TempDir Path dir) throws Exception {
        f = TorchSnapshot.fit(runs = TorchSnapshot.load(dir));
    }

    @Test
    void itIsTheTasksLongestBudgetAndThePartOfPEverAfterIt() {
        RunRecord r = runs.stream().filter(x -> x.knobs().task().equals("modadd:p=47")).findFirst().orElseThrow();
        Forecast fc = f.predict(r.config(), 1000);
        Forecast.Horizon h = fc.horizon();
        assertNotNull(h);
        long longest = runs.stream().filter(x -> x.knobs().task().equals("modadd:p=47")).mapToLong(x -> x.config().steps()).max().orElseThrow();
        assertEquals(4000, longest);
        assertEquals(longest, h.steps(), "the task's longest budget, not the query's");
        assertEquals("modadd:p=47", h.of());
        CureModel.State s = f.survival().state(Features.config(r.knobs()));
        assertEquals(fc.pEver(), s.pEver(), 1e-12, "the same cure model as P(ever)");
        assertEquals(s.pEver() - s.pWithin(4000), h.pEverAfter(), 1e-12);

        // a task never trained answers with its kind's longest runs
        RunConfig c = r.config();
        RunConfig unseen = c.with(new io.learncast.farm.config.TargetConfig("modadd:p=53", c.target().metric(), c.target().threshold(), c.target().hold()));
        Forecast.Horizon k = f.predict(unseen, 4000).horizon();
        assertEquals("modadd", k.of());
        assertEquals(4000, k.steps());
        // only full forecasts carry it (plans and eval ask for the point alone)
        assertNull(f.predict(Knobs.of(r.config()), 4000, FittedForecaster.Detail.PROBABILITY).horizon());
    }

    @Test
    void sgdsPEverIsMostlyAfterTheLongestRunWhileLearnersAreNot() {
        List<RunRecord> sgd = runs.stream().filter(x -> x.config().optimizer() == Optimizer.SGD).toList();
        assertTrue(sgd.size() >= 30 && sgd.stream().noneMatch(RunRecord::learned), "the snapshot's SGD runs: none learned");
        int odd = 0;
        for (RunRecord r : sgd) {
            Forecast fc = f.predict(r.config(), 4000);
            assertTrue(fc.horizon().pEverAfter() >= 0 && fc.horizon().pEverAfter() <= fc.pEver() + 1e-12);
            // the reading the horizon is for: "P(learn) = 0.0…" beside a high P(ever)
            if (fc.p() < 0.05 && fc.pEver() > 0.5) {
                odd++;
                assertTrue(fc.horizon().pEverAfter() > 0.9 * fc.pEver(), r.knobs().task() + ": " + fc.pEver() + " " + fc.horizon());
            }
        }
        assertTrue(odd > 0, "some SGD config reads P(learn) ≈ 0 with P(ever) > 0.5");
        // configs whose every seed learned within 2,000 steps: most of their P(ever) was seen
        List<RunRecord> early = runs.stream().filter(x -> x.learned() && x.confirmStep() != null && x.confirmStep() <= 2000).toList();
        assertTrue(early.size() >= 20);
        double mean = early.stream().mapToDouble(x -> f.predict(x.config(), 4000).horizon().pEverAfter()).average().orElseThrow();
        assertTrue(mean < 0.1, "learners' P(ever) after 4,000 steps, mean " + mean);
    }
}
