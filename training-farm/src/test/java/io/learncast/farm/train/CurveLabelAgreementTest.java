package io.learncast.farm.train;

import io.learncast.farm.config.ModelConfig;
import io.learncast.data.DataSpec;
import io.learncast.farm.config.TargetConfig;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.OptimConfig;
import io.learncast.data.Dataset;
import io.learncast.data.Datasets;
import io.learncast.data.Metric;
import io.learncast.data.property.CurveLabel;
import io.learncast.data.property.CurveLabeller;
import io.learncast.data.property.CurveProperty;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.train.fast.FastTrainer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A property's label read off one run trained to its full budget ({@code farm run --to-budget}) equals
 * the label of a separate run trained for that property (same seed), stopped at its confirmation or at
 * a smaller budget — for several metrics, thresholds, holds and budgets. Real training (fast trainer).
 */
class CurveLabelAgreementTest {

    static final RunConfig BASE = RunConfig.defaults("modadd:p=11").with(new DataSpec(0.6, null, null, 0)).with(ModelConfig.mlp(1, 64, Activation.RELU, 1.0))
            .with(new OptimConfig(Optimizer.ADAMW, 1e-2, 1.0, 0)).with(new BudgetConfig(800, 50, null)).withReplica(11, 0);

    static RunResult train(RunConfig c, EarlyStopRule rule) {
        Dataset d = Datasets.build(c.taskSpec(), c.dataSpec(), c.dataSeed());
        return new FastTrainer().train(c, d, new TrainingListener() {
            @Override public EarlyStopRule earlyStop() { return rule; }
        });
    }

    /** The trainable properties compared: (metric, threshold, hold) and their curve-property twins. */
    record Case(Metric metric, double threshold, int hold, String text) {}

    static final List<Case> CASES = List.of(
            new Case(Metric.TRAIN_ACC, 0.99, 1, "train_acc>=0.99"),
            new Case(Metric.TRAIN_ACC, 0.9, 2, "train_acc>=0.9,hold=2"),
            new Case(Metric.TEST_ACC, 0.6, 1, "test_acc>=0.6"),
            new Case(Metric.TEST_ACC, 0.95, 0, "test_acc>=0.95,hold=0"),
            new Case(Metric.TEST_LOSS, 1.0, 1, "test_loss<=1"));

    @Test
    void labelsReadOffAFullCurveEqualRunsTrainedForEachPropertyAndBudget() {
        RunResult full = train(BASE, EarlyStopRule.TO_BUDGET);
        assertEquals(800, full.stepsTrained(), "trained to its budget past the confirmation");
        int decided = 0, learned = 0;
        for (Case k : CASES) {
            CurveProperty p = CurveProperty.parse(k.text(), "test");
            CurveLabel label = CurveLabeller.label(p, full.curve(), full.outcome() == Outcome.DIVERGED, 11);
            for (long budget : new long[] {200, 400, 800}) {
                RunConfig c = BASE.with(new TargetConfig(BASE.task(), k.metric(), k.threshold(), k.hold())).with(new BudgetConfig(budget, 50, null)).withSeed(BASE.seed());
                RunResult ref = train(c, EarlyStopRule.NEVER);
                Boolean fromCurve = label.within(budget);
                assertNotNull(fromCurve, "a curve trained to 800 decides every budget up to 800");
                assertEquals(ref.outcome() == Outcome.LEARNED, fromCurve, k.text() + " within " + budget);
                if (fromCurve) {
                    assertEquals(ref.confirmStep(), label.eventStep(), k.text() + ": the confirmation step");
                    assertEquals(ref.stepsToLearn(), label.reachStep(), k.text() + ": the reach step");
                    learned++;
                }
                decided++;
            }
        }
        assertEquals(15, decided);
        assertTrue(learned >= 3 && learned < 15, "the cases span both outcomes: " + learned + " of 15 learned");
    }

    @Test
    void aRunStoppedAtItsConfirmationLeavesOtherPropertiesCensoredNotNegative() {
        RunResult stopped = train(BASE.with(new TargetConfig(BASE.task(), Metric.TRAIN_ACC, 0.9, 1)), EarlyStopRule.NEVER);
        assertEquals(Outcome.LEARNED, stopped.outcome());
        long end = stopped.stepsTrained();
        assertTrue(end < 800, "stopped at the confirmation, step " + end);
        CurveLabel test = CurveLabeller.label(CurveProperty.parse("test_acc>=0.99", "t"), stopped.curve(), false, 11);
        assertNull(test.eventStep(), "test accuracy is far from 0.99 when the training set is first fitted");
        assertEquals(Boolean.FALSE, test.within(end), "decided up to where the curve goes");
        assertNull(test.within(end + 50), "unknown beyond it: censored, never 'not learned'");
        assertNull(test.within(800));
        CurveLabel grok = CurveLabeller.label(CurveProperty.parse("grokking", "t"), stopped.curve(), false, 11);
        assertNull(grok.within(800), "grokking is undecided on a curve that stops before generalising");
    }
}
