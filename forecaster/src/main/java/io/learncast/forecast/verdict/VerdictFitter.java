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

/**
 * Fits the verdict: grouped k-fold cross-validation (all seeds and cuts of a config on one side) gives
 * out-of-fold probabilities, Platt calibration is fitted on them (and cross-fitted for the scores:
 * each fold calibrated by a map fitted on the other folds), then the model is refitted on every row.
 */
public final class VerdictFitter {
    private VerdictFitter() {}

    public static final int FORMAT_VERSION = 1;

    public record Options(int folds, long seed, VerdictModel.Params params) {
        public static Options defaults() { return new Options(5, Seeds.DEFAULT_MASTER, VerdictModel.Params.defaults()); }

        public Options withSeed(long s) { return new Options(folds, s, params); }

        public Options withParams(VerdictModel.Params p) { return new Options(folds, seed, p); }
    }

    /** The fitted verdict with the rows' cross-fitted out-of-fold probabilities (for eval). */
    public record Result(FittedVerdict verdict, double[] outOfFold) {}

    public static Result fit(VerdictRows rows, Options o) {
        if (rows.size() == 0) throw new UserError("verdict", "no finished run with a curve to learn from", "train some runs first (learncast farm run)");
        long groups = Arrays.stream(rows.groups()).distinct().count();
        if (groups < 2) throw new UserError("verdict", "only " + groups + " config(s) with curves", "train runs of at least two configs");
        int k = (int) Math.min(o.folds(), groups);
        int[] y = rows.y();
        double[] raw = outOfFoldRaw(rows, k, o);
        int[] fold = GroupedKFold.of(rows.groups(), k, o.seed()).foldOf();
        double[] oof = new double[raw.length];
        for (int f = 0; f < k; f++) {
            List<Integer> in = new ArrayList<>();
            for (int i = 0; i < raw.length; i++) if (fold[i] != f) in.add(i);
            Calibration c = PlattFit.fit(in.stream().mapToDouble(i -> raw[i]).toArray(), in.stream().mapToInt(i -> y[i]).toArray());
            for (int i = 0; i < raw.length; i++) if (fold[i] == f) oof[i] = c.apply(raw[i]);
        }
        Calibration cal = PlattFit.fit(raw, y);
        VerdictModel model = VerdictModel.fit(rows, o.params(), o.seed(), cal);
        return new Result(new FittedVerdict(model, report(rows, o, k, cal, oof)), oof);
    }

    static double[] outOfFoldRaw(VerdictRows rows, int k, Options o) {
        GroupedKFold folds = GroupedKFold.of(rows.groups(), k, o.seed());
        double[] raw = new double[rows.size()];
        for (GroupedKFold.Split s : folds.splits()) {
            VerdictModel m = VerdictModel.fit(rows.subset(s.train()), o.params(), Seeds.derive(o.seed(), s.fold() + 1));
            for (int i : s.test()) raw[i] = VerdictModel.clip(m.raw(rows.rows().get(i).x()));
        }
        return raw;
    }

    private static VerdictReport report(VerdictRows rows, Options o, int k, Calibration cal, double[] oof) {
        int[] y = rows.y();
        List<VerdictReport.FractionScore> by = new ArrayList<>();
        for (double f : VerdictRows.FRACTIONS) by.add(score(rows, oof, f));
        int learners = (int) rows.runInfos().stream().filter(VerdictRows.RunInfo::learned).count();
        int late = (int) rows.runInfos().stream().filter(VerdictRows.RunInfo::lateLearner).count();
        return new VerdictReport(FORMAT_VERSION, CodeVersion.get(), Instant.now().toString(), rows.runs(), rows.size(), rows.corpusHash(), learners,
                late, k, o.seed(), o.params(), VerdictRows.FRACTIONS.clone(), cal, Metrics.of(oof, y), by, CurveFeatures.ALL);
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
