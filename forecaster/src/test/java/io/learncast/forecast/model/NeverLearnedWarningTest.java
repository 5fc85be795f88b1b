package io.learncast.forecast.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "never learned" warning on the PyTorch snapshot ({@code bench/torch-corpus/torch-mlp-v1.runs.jsonl.gz}, 836 runs):
 * none of its SGD or plain-Adam runs learned (9 SGD runs of p = 47, 2 of p = 97, 34 across the modadd tasks), nor any
 * run without weight decay. A forecast that gives such a value a P above what 0 of n allows (3 ÷ n, the rule of three)
 * says so, per task — and of the kind when the task has too few runs of the value — and stays quiet otherwise.
 */
class NeverLearnedWarningTest {
    static List<RunRecord> runs;
    static Coverage cov;

    @BeforeAll
    static void load(@TempDir Path dir) throws Exception {
        runs = TorchSnapshot.load(dir);
        cov = Coverage.of(runs);
    }

    static RunConfig of(String task, Optimizer o, double wd) {
        RunConfig c = runs.stream().filter(x -> x.knobs().task().equals(task) && x.config().optimizer() == Optimizer.ADAMW && x.learned())
                .findFirst().orElseThrow().config();
        return c.with(new OptimConfig(o, c.lr(), wd, c.batch()));
    }

    static List<Forecast.Warning> never(RunConfig c, double p) {
        return cov.neverLearned(Knobs.of(c), p);
    }

    @Test
    void aValueNoneOfWhoseRunsLearnedIsNamedWhenPSaysItLikelyDoes() {
        long sgd47 = runs.stream().filter(x -> x.knobs().task().equals("modadd:p=47") && x.config().optimizer() == Optimizer.SGD).count();
        assertEquals(9, sgd47, "the snapshot's SGD runs of p = 47");
        assertTrue(runs.stream().noneMatch(x -> x.config().optimizer() == Optimizer.SGD && x.learned()), "no SGD run learned");

        List<Forecast.Warning> w = never(of("modadd:p=47", Optimizer.SGD, 1), 0.9);
        assertEquals(1, w.size(), w.toString());
        Forecast.Warning x = w.get(0);
        assertEquals(Forecast.Warning.NEVER_LEARNED, x.kind());
        assertEquals("optimizer", x.knob());
        assertEquals("sgd", x.value());
        assertEquals(List.of(9, 0), x.range(), "[runs, learners] of the task");
        assertEquals("optimizer sgd: none of the 9 modadd:p=47 runs with it learned, so P is held to 0.333, the most 0 of 9 allows at 95% "
                + "(the model's log-odds carried P over from runs with other optimizer values)", x.message());
        assertEquals(3.0 / 9, cov.neverLearnedBound(Knobs.of(of("modadd:p=47", Optimizer.SGD, 1))), 1e-15, "the bound a forecast holds P to");
        assertEquals(1, cov.neverLearnedBound(Knobs.of(of("modadd:p=47", Optimizer.ADAMW, 1))), "no bound where the value learned");
    }

    @Test
    void quietWhenPIsWithinWhatNoneOfNAllowsOrTheValueLearned() {
        RunConfig sgd = of("modadd:p=47", Optimizer.SGD, 1);
        assertEquals(List.of(), never(sgd, 0.30), "3 ÷ 9 = 0.333: a P of 0.30 agrees with 0 of 9");
        assertEquals(1, never(sgd, 0.34).size(), "just above 3 ÷ 9");
        assertEquals(1, never(sgd, 3.0 / 9).size(), "a P the forecast held at 3 ÷ 9");
        assertEquals(List.of(), never(sgd, 0), "P = 0");
        assertEquals(List.of(), never(of("modadd:p=47", Optimizer.ADAMW, 1), 0.999), "AdamW runs of p = 47 learned");
    }

    @Test
    void aTaskWithTooFewRunsOfTheValueIsAnsweredByItsKind() {
        // p = 97 trained SGD twice: too few to say anything of p = 97; across the modadd tasks 34 SGD runs, none learned
        List<Forecast.Warning> w = never(of("modadd:p=97", Optimizer.SGD, 1), 0.5);
        assertEquals(1, w.size(), w.toString());
        assertEquals(List.of(34, 0), w.get(0).range());
        assertTrue(w.get(0).message().contains("none of the 34 runs of modadd tasks with it learned"), w.get(0).message());
    }

    @Test
    void everyCategoricalKnobIsCountedWeightDecayOffToo() {
        List<Forecast.Warning> w = never(of("modadd:p=47", Optimizer.ADAMW, 0), 0.5);
        Forecast.Warning off = w.stream().filter(x -> x.knob().equals("weight decay")).findFirst().orElseThrow(() -> new AssertionError(w.toString()));
        assertEquals("off", off.value());
        assertEquals(List.of(25, 0), off.range(), "the snapshot's 25 p = 47 runs without weight decay");
        // SGD without weight decay: two values, two warnings
        assertEquals(2, never(of("modadd:p=47", Optimizer.SGD, 0), 0.9).size());
    }

    /**
     * Where nothing learned at all the value says nothing: fitted on widths ≤ 64, the snapshot's p = 23 never learned (its
     * learners are wider), so neither AdamW nor ReLU — nor SGD — is named there, however high P; on the width
     * extrapolations such warnings fired on held-out rows that mostly learned, beyond a width threshold the fit side never
     * reached.
     */
    @Test
    void quietWhereTheTaskItselfNeverLearned() {
        Coverage narrow = Coverage.of(runs.stream().filter(x -> x.knobs().width() <= 64).toList());
        RunConfig adamw = runs.stream().filter(x -> x.knobs().task().equals("modadd:p=23") && x.knobs().width() <= 64
                && x.config().optimizer() == Optimizer.ADAMW).findFirst().orElseThrow().config();
        int[] c = narrow.tasks().get("modadd:p=23").learned().get("optimizer").get("adamw");
        assertTrue(c[0] >= 5 && c[1] == 0, "p = 23 at widths ≤ 64: AdamW runs, none learned");
        assertEquals(List.of(), narrow.neverLearned(Knobs.of(adamw), 0.9));
        RunConfig sgd = adamw.with(new OptimConfig(Optimizer.SGD, adamw.lr(), adamw.wd(), adamw.batch()));
        assertEquals(List.of(), narrow.neverLearned(Knobs.of(sgd), 0.9), "no value of p = 23's optimizer learned there");
        // p = 47 learned at widths ≤ 64 with AdamW: its SGD runs are still named
        assertEquals(1, narrow.neverLearned(Knobs.of(of("modadd:p=47", Optimizer.SGD, 1)), 0.9).size());
    }

    @Test
    void anArtifactWrittenBeforeTheCountsSaysNothing() throws Exception {
        ObjectNode json = (ObjectNode) ConfigJson.MAPPER.readTree(ConfigJson.MAPPER.writeValueAsString(cov));
        for (String group : List.of("kinds", "tasks")) json.get(group).forEach(k -> ((ObjectNode) k).remove("learned"));
        Coverage old = ConfigJson.MAPPER.treeToValue(json, Coverage.class);
        Knobs sgd = Knobs.of(of("modadd:p=47", Optimizer.SGD, 1));
        assertEquals(List.of(), old.neverLearned(sgd, 0.99));
        assertEquals(cov.warnings(sgd, 4000), old.warnings(sgd, 4000), "the other warnings are unchanged");
        // and the counts survive the artifact's round trip
        Coverage again = ConfigJson.MAPPER.readValue(ConfigJson.MAPPER.writeValueAsString(cov), Coverage.class);
        JsonNode counts = ConfigJson.MAPPER.valueToTree(again.neverLearned(sgd, 0.99));
        assertEquals(9, counts.get(0).get("range").get(0).asInt());
    }

    /**
     * Fitted on the snapshot without one SGD config (p = 47, depth 2, width 128, lr 0.003, four seeds, none learned), the
     * forecaster gives it a P far above what the other SGD runs of p = 47 allow — the case the warning is for — and its
     * forecast and the plan's warnings carry it.
     */
    @Test
    void aForecastCarriesTheWarningItsPCallsFor() {
        java.util.function.Predicate<RunRecord> held = x -> x.knobs().task().equals("modadd:p=47") && x.config().optimizer() == Optimizer.SGD
                && x.knobs().depth() == 2 && x.knobs().width() == 128 && x.config().lr() == 3e-3;
        List<RunRecord> fit = runs.stream().filter(held.negate()).toList();
        RunRecord q = runs.stream().filter(held).findFirst().orElseThrow();
        assertEquals(4, runs.size() - fit.size(), "the config's four seeds");
        FittedForecaster f = TorchSnapshot.fit(fit);
        Forecast fc = f.predict(q.config(), q.config().steps());
        System.out.println("held-out SGD config: P = " + fc.p() + ", warnings " + fc.warnings());
        List<Forecast.Warning> never = fc.warnings().stream().filter(x -> x.kind().equals(Forecast.Warning.NEVER_LEARNED)).toList();
        assertEquals(f.coverage().neverLearned(q.knobs(), fc.p()), never);
        assertTrue(never.size() == 1 && never.get(0).value().equals("sgd") && never.get(0).range().equals(List.of(5, 0)), fc.p() + " " + never);
        // the model alone says more (0.81 when P was not held); P and its interval are held to 3 ÷ the 5 SGD runs left of p = 47
        assertEquals(0.6, fc.p(), 1e-12, "P held to 3 ÷ 5");
        assertEquals(0, fc.pLow(), "held: its interval runs from 0 of 5's lower bound, 0,");
        assertEquals(0.6, fc.pHigh(), 1e-12, "to the bound");
        assertTrue(fc.horizon().pEverAfter() >= fc.pEver() - 0.6 - 1e-12, "P(ever) beyond the held P is after the 4,000 steps trained: " + fc.horizon());
        assertEquals(fc.p(), f.probability(q.config(), q.config().steps()), 1e-12, "eval's and the plan's P are the forecast's");
        double sum = fc.attributions().stream().mapToDouble(Forecast.Attribution::contribution).sum();
        assertEquals(fc.p() - fc.reference().p(), sum, 1e-3, "the Shapley values still add up: " + fc.attributions());
        assertEquals(fc.warnings(), f.warnings(q.knobs(), q.config().steps()), "the plan's and the forecast's warnings agree");
    }
}
