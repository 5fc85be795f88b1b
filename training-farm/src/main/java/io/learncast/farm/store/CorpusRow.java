package io.learncast.farm.store;

import io.learncast.data.CurvePoint;
import io.learncast.data.Metric;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.result.Outcome;

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
        String task,
        Metric metric,
        double threshold,
        int hold,
        Double trainFrac,
        Integer nTrain,
        Integer testSize,
        double labelNoise,
        int depth,
        int width,
        Activation activation,
        double initScale,
        Optimizer optimizer,
        double lr,
        double wd,
        int batch,
        long steps,
        int evalEvery,
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
        List<CurvePoint> curve) {}
