package io.learncast.forecast.model;

import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.Features;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** P(learned within B) never decreases as B grows, for every model family and for the fitted forecaster. */
class MonotoneInBudgetTest {
    static final long[] BUDGETS = {50, 100, 200, 350, 500, 700, 1000, 1400, 2000, 2800, 4000, 6000, 10_000, 50_000, 1_000_000};

    static void assertMonotone(String name, java.util.function.ToDoubleBiFunction<Knobs, Long> p) {
        Random r = new Random(3);
        for (int i = 0; i < 150; i++) {
            Knobs k = Knobs.of(SyntheticCorpus.randomConfig(r));
            double prev = -1;
            for (long b : BUDGETS) {
                double v = p.applyAsDouble(k, b);
                assertTrue(v >= prev - 1e-12, name + ": P fell from " + prev + " to " + v + " at budget " + b + " for " + k);
                assertTrue(v >= 0 && v <= 1);
                prev = v;
            }
        }
    }

    @Test
    void everyCandidateIsMonotone() {
        FeatureTable t = FeatureTable.fromRecords(SyntheticCorpus.generate(120, 2, 8), FeatureTable.Options.defaults());
        List<Candidate> cs = List.of(Candidate.Cure.defaults(),
                new Candidate.CureTrees(Candidate.Cure.defaults(), BoostedCure.Spec.defaults().withRounds(40)),
                new Candidate.Boost(new TreeModel.BoostParams(60, 20, 8, 5, 0.1, 0.7)),
                new Candidate.Forest(new TreeModel.ForestParams(40, 0, 20, 200, 2, 1.0)),
                new Candidate.Logistic(0.1));
        for (Candidate c : cs) {
            ProbabilityModel m = c.fit(t, 1);
            assertMonotone(c.name(), (k, b) -> m.probability(Features.row(k, b)));
        }
    }

    @Test
    void twoBudgetsAtOnceEqualTwoCalls() {
        FeatureTable t = FeatureTable.fromRecords(SyntheticCorpus.generate(80, 2, 12), FeatureTable.Options.defaults());
        BudgetEnvelope env = (BudgetEnvelope) new Candidate.Boost(new TreeModel.BoostParams(40, 20, 8, 5, 0.1, 0.7)).fit(t, 1);
        BlendModel blend = new BlendModel(List.of(new Candidate.Cure(ForecasterFitter.LINEAR, 1, 1).fit(t, 1), env), new double[] {0.6, 0.4});
        Random r = new Random(5);
        for (int i = 0; i < 100; i++) {
            Knobs k = Knobs.of(SyntheticCorpus.randomConfig(r));
            long b0 = 100 + r.nextInt(6000), b1 = 100 + r.nextInt(6000);
            double[] x = Features.row(k, b0);
            for (FittedForecaster.TwoBudgets m : new FittedForecaster.TwoBudgets[] {env, blend}) {
                double[] two = m.probabilities(x, b0, b1);
                ProbabilityModel pm = (ProbabilityModel) m;
                assertEquals(pm.probability(x), two[0], 1e-12);
                assertEquals(pm.probability(Features.row(k, b1)), two[1], 1e-12);
            }
        }
    }

    @Test
    void theEnvelopeRepairsANonMonotoneModel() {
        // a model that forgets with more steps
        ProbabilityModel bad = new ProbabilityModel() {
            @Override public String name() { return "bad"; }

            @Override public double probability(double[] x) { return Features.budget(x) < 1000 ? 0.9 : 0.2; }
        };
        ProbabilityModel fixed = new BudgetEnvelope(bad, new long[] {500, 1000, 2000});
        Knobs k = Knobs.of(RunConfig.defaults("modadd:p=23"));
        assertEquals(0.9, fixed.probability(Features.row(k, 500)), 1e-12);
        assertEquals(0.9, fixed.probability(Features.row(k, 2000)), 1e-12);
        assertEquals(0.9, fixed.probability(Features.row(k, 100_000)), 1e-12);
        assertMonotone("envelope", (kk, b) -> fixed.probability(Features.row(kk, b)));
    }

    @Test
    void theFittedForecasterIsMonotoneAndItsIntervalHoldsP() {
        FittedForecaster f = Fixtures.forecaster();
        assertMonotone("forecaster", f::probability);
        Random r = new Random(4);
        for (int i = 0; i < 50; i++) {
            RunConfig c = SyntheticCorpus.randomConfig(r);
            Forecast fc = f.predict(c, c.steps(), FittedForecaster.Detail.PROBABILITY);
            assertTrue(fc.pLow() <= fc.p() && fc.p() <= fc.pHigh(), fc.toString());
            if (fc.stepsMedian() != null) assertTrue(fc.stepsLow() <= fc.stepsMedian() && fc.stepsMedian() <= fc.stepsHigh());
        }
    }
}
