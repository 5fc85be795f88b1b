package io.learncast.forecast.model;

import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.data.DataSpec;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import io.learncast.forecast.validation.Metrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The whole fitting plumbing recovers a known boundary: on a synthetic corpus whose steps-to-learn is a
 * known function of the knobs, forecasts for configs never trained match the truth.
 */
class SyntheticBoundaryTest {

    @Test
    void forecastsForUntrainedConfigsMatchTheTruth() {
        FittedForecaster f = Fixtures.forecaster();
        Random r = new Random(99);
        Random noise = new Random(100);
        List<Double> p = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<Double> logErr = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            RunConfig c = SyntheticCorpus.randomConfig(r);
            var run = SyntheticCorpus.run(i, c, 0, noise);
            p.add(f.probability(c, c.steps()));
            y.add(run.learnedWithin(c.steps()) ? 1 : 0);
            SyntheticCorpus.Truth t = SyntheticCorpus.truth(Knobs.of(c));
            Forecast fc = f.predict(c, c.steps(), FittedForecaster.Detail.PROBABILITY);
            if (t.learns() && !t.diverges() && t.medianSteps() < c.steps() && fc.stepsMedian() != null) {
                // the forecast is of the confirmation step: the reach step plus one evaluation
                logErr.add(Math.abs(Math.log(fc.stepsMedian() / (t.medianSteps() + c.evalEvery()))));
            }
        }
        Metrics m = Metrics.of(p.stream().mapToDouble(Double::doubleValue).toArray(), y.stream().mapToInt(Integer::intValue).toArray());
        assertTrue(m.auc() > 0.97, "AUC " + m.auc());
        assertTrue(m.accuracy() > 0.92, "accuracy " + m.accuracy());
        assertTrue(m.brier() < 0.06, "Brier " + m.brier());
        double medianErr = logErr.stream().sorted().toList().get(logErr.size() / 2);
        assertTrue(logErr.size() > 40, "enough learners to check the steps: " + logErr.size());
        assertTrue(medianErr < Math.log(1.3), "steps-to-learn within 30% for the median config: " + Math.exp(medianErr));
    }

    @Test
    void theWeightDecayBoundaryLiesWhereTheTruthPutsIt() {
        FittedForecaster f = Fixtures.forecaster();
        // modadd p=47, frac 0.6, lr 1e-3, width 128: T = 600·wd^−0.7·(0.5/0.6)^1.2·(47/23)^0.3 reaches the 3000-step budget at wd ≈ 0.1
        RunConfig base = RunConfig.defaults("modadd:p=47").with(new DataSpec(0.6, null, null, 0)).with(ModelConfig.mlp(1, 128, Activation.RELU, 1))
                .with(new BudgetConfig(3000, 100, null));
        double trueWd = Math.pow((3000 - 100) / (600 * Math.pow(0.5 / 0.6, 1.2) * Math.pow(47 / 23.0, 0.3)), -1 / 0.7);
        double crossing = Double.NaN;
        double prev = -1;
        for (double lwd = Math.log(0.01); lwd <= Math.log(3); lwd += 0.02) {
            double wd = Math.exp(lwd);
            double p = f.probability(base.with(new OptimConfig(Optimizer.ADAMW, 1e-3, wd, 0)), 3000);
            if (prev < 0.5 && p >= 0.5 && Double.isNaN(crossing)) crossing = wd;
            prev = p;
        }
        assertFalse(Double.isNaN(crossing), "P crosses 0.5 somewhere along weight decay");
        assertTrue(crossing / trueWd < 1.5 && trueWd / crossing < 1.5, "boundary at wd " + crossing + ", truth " + trueWd);
        assertTrue(f.probability(base.with(new OptimConfig(Optimizer.ADAMW, 1e-3, trueWd / 3, 0)), 3000) < 0.2);
        assertTrue(f.probability(base.with(new OptimConfig(Optimizer.ADAMW, 1e-3, trueWd * 3, 0)), 3000) > 0.8);
    }

    @Test
    void theStructuredFitAloneRecoversTheTimeScaling() {
        // the truth for modular addition: ln T = const − 0.9 ln lr − 0.7 ln wd − 1.2 ln frac (sparse parity differs:
        // main effects per task kind, no curvature)
        CureModel m = new Candidate.Cure(new Basis.Spec(false, false, true, Basis.Spec.defaults().key()), 1, 1).fitModel(Fixtures.RUNS);
        Knobs k = Knobs.of(RunConfig.defaults("modadd:p=47").with(new DataSpec(0.6, null, null, 0)).with(new OptimConfig(Optimizer.ADAMW, 1e-3, 0.5, 128)));
        double mu = m.state(io.learncast.forecast.features.Features.config(k)).mu();
        double muLr = m.state(io.learncast.forecast.features.Features.config(k.with(KnobCatalogue.LR, 2e-3))).mu();
        double muWd = m.state(io.learncast.forecast.features.Features.config(k.with(KnobCatalogue.WD, 1.0))).mu();
        assertEquals(-0.9, (muLr - mu) / Math.log(2), 0.2, "elasticity of T in lr");
        assertEquals(-0.7, (muWd - mu) / Math.log(2), 0.2, "elasticity of T in wd");
    }
}
