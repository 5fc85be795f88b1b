package io.learncast.farm.store;

import io.learncast.data.CurvePoint;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.result.Outcome;

import java.util.Arrays;
import java.util.Collections;

import java.util.List;

/**
 * A finished run as {@code corpus export} writes it, read from typed columns only (no JSON parsing,
 * so a million runs stream in seconds). Unknown numbers are null; {@code task} is the canonical spec;
 * {@code extraJson} holds an imported run's unknown fields as a JSON object (null when none);
 * {@code curve} is null unless curves were asked for.
 */
public record CorpusRow(
        long id,
        String source,
        /* every knob's value, in catalogue order (null where unset) */
        List<Object> knobs,
        List<Long> budgets,
        long seed,
        int replica,
        Outcome outcome,
        Long stepsToLearn,
        Long confirmStep,
        Long stepsTrained,
        Double finalTestAcc,
        Double bestTestAcc,
        Double finalTrainAcc,
        Double finalTestLoss,
        Double finalTrainLoss,
        Long wallMs,
        String trainer,
        String datasetFingerprint,
        String extraJson,
        List<CurvePoint> curve) {

    /** A knob's value. */
    public <T> T knob(Knob<T> k) { return k.javaType().cast(knobs.get(KnobCatalogue.index(k))); }

    /** The canonical task spec. */
    public String task() { return knob(KnobCatalogue.TASK); }

    public int hold() { return knob(KnobCatalogue.HOLD); }

    public Integer testSize() { return knob(KnobCatalogue.TEST_SIZE); }

    /** Every knob of a config, in catalogue order. */
    public static List<Object> knobsOf(RunConfig c) {
        Object[] v = new Object[KnobCatalogue.all().size()];
        for (int i = 0; i < v.length; i++) v[i] = KnobCatalogue.all().get(i).get(c);
        return Collections.unmodifiableList(Arrays.asList(v));
    }

    /** The same row with a curve. */
    public CorpusRow withCurve(List<CurvePoint> c) {
        return new CorpusRow(id, source, knobs, budgets, seed, replica, outcome, stepsToLearn, confirmStep, stepsTrained, finalTestAcc, bestTestAcc,
                finalTrainAcc, finalTestLoss, finalTrainLoss, wallMs, trainer, datasetFingerprint, extraJson, c);
    }
}
