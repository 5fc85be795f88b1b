package io.learncast.forecast.verdict;

import io.learncast.common.CodeVersion;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.forecast.model.Calibration;
import io.learncast.forecast.validation.GroupedKFold;
import io.learncast.forecast.validation.Metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fits the verdict: grouped k-fold cross-validation (all seeds and cuts of a config on one side) gives
 * out-of-fold probabilities, Platt calibration is fitted on them (and cross-fitted for the scores:
 * each fold calibrated by a map fitted on the other folds), then the model is refitted on every row.
 * The out-of-fold verdicts become the model's {@link StopTrials}, from which its stopping threshold
 * is chosen under a {@link LossBound} and recorded in its report.
 */
public final class VerdictFitter {
    private VerdictFitter() {}

    /** 2: feature sets by name, tasks, stopping trials and the chosen threshold in the artifact. */
    public static final int FORMAT_VERSION = 2;

    public record Options(int folds, long seed, VerdictModel.Params params, CurveFeatures.FeatureSet featureSet, LossBound bound) {
        public static Options defaults() {
            return new Options(5, Seeds.DEFAULT_MASTER, VerdictModel.Params.defaults(), CurveFeatures.FeatureSet.SCALE_FREE, LossBound.defaults());
        }

        public Options withSeed(long s) { return new Options(folds, s, params, featureSet, bound); }

        public Options withFolds(int k) { return new Options(k, seed, params, featureSet, bound); }

        public Options withParams(VerdictModel.Params p) { return new Options(folds, seed, p, featureSet, bound); }

        public Options withFeatureSet(CurveFeatures.FeatureSet f) { return new Options(folds, seed, params, f, bound); }

        public Options withBound(LossBound b) { return new Options(folds, seed, params, featureSet, b); }
    }

    /** The fitted verdict with the rows' cross-fitted out-of-fold probabilities (for eval). */
    public record Result(FittedVerdict verdict, double[] outOfFold) {}

    public static Result fit(VerdictRows rows, Options o) {
        int k = check(rows, o.folds());
        int[] fold = GroupedKFold.of(rows.groups(), k, o.seed()).foldOf();
        double[] raw = rawOf(rows, fold, k, o);
        double[] oof = crossCalibrated(raw, rows.y(), fold, k);
        Calibration cal = PlattFit.fit(raw, rows.y());
        VerdictModel model = VerdictModel.fit(rows, o.params(), o.seed(), cal, o.featureSet());
        StopTrials trials = StopTrials.of(rows, oof);
        SafeThreshold stopping = SafeThreshold.choose(trials, o.bound(), VerdictPolicy.DEFAULT_MIN_FRACTION, VerdictPolicy.DEFAULT_HOLD);
        return new Result(new FittedVerdict(model, report(rows, o, k, cal, oof, stopping), trials), oof);
    }

    /** The number of folds to use, or one line on why {@code rows} cannot be fitted. */
    static int check(VerdictRows rows, int folds) {
        if (rows.size() == 0) throw new UserError("verdict", "no finished run with a curve to learn from", "train some runs first (learncast farm run)");
        long groups = Arrays.stream(rows.groups()).distinct().count();
        if (groups < 2) throw new UserError("verdict", "only " + groups + " config(s) with curves", "train runs of at least two configs");
        return (int) Math.min(folds, groups);
    }

    /**
     * Calibrated out-of-fold probabilities for a given assignment of rows to {@code k} folds (config
     * groups, or whole tasks or sweeps when leaving one out): each fold predicted by a model fitted on
     * the others and calibrated by a map fitted on the others' out-of-fold predictions.
     */
    public static double[] outOfFold(VerdictRows rows, int[] fold, int k, Options o) {
        return crossCalibrated(rawOf(rows, fold, k, o), rows.y(), fold, k);
    }

    private static double[] crossCalibrated(double[] raw, int[] y, int[] fold, int k) {
        double[] oof = new double[raw.length];
        for (int f = 0; f < k; f++) {
            List<Integer> in = new ArrayList<>();
            for (int i = 0; i < raw.length; i++) if (fold[i] != f) in.add(i);
            Calibration c = PlattFit.fit(in.stream().mapToDouble(i -> raw[i]).toArray(), in.stream().mapToInt(i -> y[i]).toArray());
            for (int i = 0; i < raw.length; i++) if (fold[i] == f) oof[i] = c.apply(raw[i]);
        }
        return oof;
    }

    /** Uncalibrated out-of-fold probabilities: each fold predicted by a model fitted on the others. */
    static double[] rawOf(VerdictRows rows, int[] fold, int k, Options o) {
        double[] raw = new double[rows.size()];
        for (int f = 0; f < k; f++) {
            List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) (fold[i] == f ? test : train).add(i);
            if (test.isEmpty()) continue;
            VerdictModel m = VerdictModel.fit(rows.subset(train.stream().mapToInt(Integer::intValue).toArray()), o.params(), Seeds.derive(o.seed(), f + 1),
                    o.featureSet());
            for (int i : test) raw[i] = VerdictModel.clip(m.raw(rows.rows().get(i).x()));
        }
        return raw;
    }

    private static VerdictReport report(VerdictRows rows, Options o, int k, Calibration cal, double[] oof, SafeThreshold stopping) {
        int[] y = rows.y();
        List<VerdictReport.FractionScore> by = new ArrayList<>();
        for (double f : VerdictRows.FRACTIONS) by.add(score(rows, oof, f));
        int learners = (int) rows.runInfos().stream().filter(VerdictRows.RunInfo::learned).count();
        int late = (int) rows.runInfos().stream().filter(VerdictRows.RunInfo::lateLearner).count();
        return new VerdictReport(FORMAT_VERSION, CodeVersion.get(), Instant.now().toString(), rows.runs(), rows.size(), rows.corpusHash(), learners,
                late, k, o.seed(), o.params(), VerdictRows.FRACTIONS.clone(), cal, Metrics.of(oof, y), by, o.featureSet().names(),
                o.featureSet().key(), tasks(rows), stopping, null);
    }

    /** The corpus's runs per task (full spec), with learners and late learners. */
    static List<VerdictReport.TaskCount> tasks(VerdictRows rows) {
        Map<String, int[]> by = new TreeMap<>();
        for (VerdictRows.RunInfo i : rows.runInfos()) {
            int[] c = by.computeIfAbsent(i.task(), t -> new int[3]);
            c[0]++;
            if (i.learned()) c[1]++;
            if (i.lateLearner()) c[2]++;
        }
        List<VerdictReport.TaskCount> out = new ArrayList<>();
        by.forEach((t, c) -> out.add(new VerdictReport.TaskCount(t, c[0], c[1], c[2])));
        return out;
    }

    /** Scores of the rows cut at fraction {@code f}. */
    public static VerdictReport.FractionScore score(VerdictRows rows, double[] p, double f) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) if (Math.abs(rows.rows().get(i).fraction() - f) < 1e-9) idx.add(i);
        double[] pp = idx.stream().mapToDouble(i -> p[i]).toArray();
        int[] yy = idx.stream().mapToInt(i -> rows.rows().get(i).learned() ? 1 : 0).toArray();
        int learners = Arrays.stream(yy).sum();
        return new VerdictReport.FractionScore(f, idx.size(), learners, idx.isEmpty() ? null : Metrics.of(pp, yy));
    }
}
