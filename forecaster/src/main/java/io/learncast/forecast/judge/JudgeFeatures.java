package io.learncast.forecast.judge;

import io.learncast.data.CurvePoint;
import io.learncast.data.WeightMeasures;

import java.util.ArrayList;
import java.util.List;

/**
 * The judge's features of one checkpoint: weight measures (first and last matrix, their mean stable
 * rank, Fourier concentration of the embedding and unembedding) and training-set metrics (accuracy, loss,
 * margin), plus their change since the previous evaluation. Generic over matrices: the first matrix is the
 * input (embedding), the last the output, whatever lies between. {@link Set#WEIGHTS} leaves out everything
 * that needs the training data, for networks that arrive as weights alone.
 */
public final class JudgeFeatures {
    private JudgeFeatures() {}

    /** Which features a model reads. */
    public enum Set {
        /** Weight measures and training-set metrics. */
        FULL,
        /** Weight measures only (a network judged from its weights file). */
        WEIGHTS
    }

    private static final List<String> WEIGHT_NAMES = List.of(
            "w_norm", "w_first_frob", "w_first_spectral", "w_first_stable_rank", "w_last_frob", "w_last_spectral", "w_last_stable_rank",
            "w_mean_stable_rank", "embed_topk_share", "embed_concentration", "unembed_topk_share", "unembed_concentration");
    private static final List<String> TRAIN_NAMES = List.of("train_acc", "log_train_loss", "train_margin");
    private static final List<String> TREND_WEIGHT = List.of("d_w_norm", "d_embed_topk_share", "d_unembed_topk_share",
            "w_norm_of_peak", "embed_share_gain", "unembed_share_gain");
    private static final List<String> TREND_TRAIN = List.of("d_log_train_loss");
    /**
     * Nanda et al.'s progress measures on training rows (restricted / excluded logits at the key frequencies)
     * and trends over the last {@value #WINDOW} evaluations: how fast the Fourier circuit is forming and the
     * weight norm decaying, which move before the test curve does. NaN where the run's points lack them.
     */
    private static final List<String> PROGRESS = List.of("logit_key_share", "restricted_acc", "excluded_acc", "restricted_minus_excluded",
            "trend_logit_key_share", "trend_restricted_acc", "trend_excluded_acc", "trend_unembed_topk_share", "trend_embed_topk_share",
            "trend_log_w_norm", "trend_train_margin", "restricted_acc_gain");
    /** Evaluations back that a trend looks (fewer at the start of a run). */
    static final int WINDOW = 5;
    /**
     * Width-free and long-range history (fourth session, for MLPs, whose test curves ramp slowly): stable ranks as a
     * share of the matrix's smallest side (a w64 and a w256 net read alike), evaluations since the training set was
     * first memorised (train accuracy ≥ 0.99) and the weight norm's log change since then (weight decay's slow
     * clean-up), and trends over the last {@value #LONG_WINDOW} evaluations. NaN before memorisation.
     */
    private static final List<String> LONG = List.of("w_first_stable_rank_frac", "w_last_stable_rank_frac", "w_mean_stable_rank_frac",
            "evals_since_memorised", "log_w_norm_since_memorised", "long_trend_restricted_acc", "long_trend_log_w_norm",
            "long_trend_unembed_topk_share");
    /** Evaluations back that a long trend looks. */
    static final int LONG_WINDOW = 20;
    /**
     * Seventh session: whether the run has memorised its training set yet (train accuracy ≥ 0.99 at this or an earlier
     * evaluation; 1 or 0) — the indicator beside {@code evals_since_memorised} and {@code log_w_norm_since_memorised}, which a
     * judge of version ≥ 2 reads as 0 before memorisation instead of NaN ({@link #imputed}).
     */
    private static final List<String> V2 = List.of("memorised");

    /**
     * What a judge of version ≥ 2 ({@link JudgeModel#VERSION}) reads for a NaN feature, per column of {@link #ALL}. NaN marks a
     * feature that does not exist (yet) at a checkpoint, and Smile's trees do not handle it: its CART sorts a column with NaN
     * in it inconsistently with its split counts (an internal assertion fails under {@code -ea}; without assertions a
     * split's two sides are not what its counts say), so where such a row lands is undefined. Instead:
     * <ul>
     * <li>{@code evals_since_memorised} and {@code log_w_norm_since_memorised} before memorisation: 0 (no evaluation, no
     * change of the weight norm, since a memorisation that has not happened), with the {@code memorised} indicator (0)
     * telling "not yet" from "just now";</li>
     * <li>any other NaN (a Fourier measure of a task without token inputs, a trend of logits a net does not have, a
     * margin that is not finite, every history feature of a weights file): {@value #MISSING}, below every value any
     * feature takes, so a missing value always goes to the low side of a split, the same way at fitting and at judging
     * (the trees' own "missing" indicator).</li>
     * </ul>
     * Judges of version 1 (registered before) read NaN as they were fitted: unchanged.
     */
    static final double MISSING = -1e9;
    private static final double[] FILL;
    /** Where {@code memorised} sits in {@link #ALL} (looked up once, not per checkpoint). */
    private static final int MEMORISED_COL;

    /** Every feature's name, in vector order. */
    public static final List<String> ALL;

    static {
        List<String> all = new ArrayList<>(WEIGHT_NAMES);
        all.addAll(TRAIN_NAMES);
        all.addAll(TREND_WEIGHT);
        all.addAll(TREND_TRAIN);
        all.addAll(PROGRESS);
        all.addAll(LONG);
        all.addAll(V2);
        ALL = List.copyOf(all);
        double[] fill = new double[ALL.size()];
        java.util.Arrays.fill(fill, MISSING);
        for (String n : List.of("evals_since_memorised", "log_w_norm_since_memorised")) fill[ALL.indexOf(n)] = 0;
        FILL = fill;
        MEMORISED_COL = ALL.indexOf(V2.get(0));
    }

    /** The value a version-2 judge reads at column {@code col} of {@link #ALL} for a feature value {@code v}. */
    static double imputed(double v, int col) {
        return Double.isNaN(v) ? FILL[col] : v;
    }

    /**
     * Scale-dependent measures (norms, their change) are computed and stored but not read by the judge: they
     * grow with width and init scale, so on held-out configs they mostly tell the config apart (measured: AUC
     * 0.81 with them, see README). The judge reads scale-free ones: stable ranks, Fourier shares, training
     * metrics, and norms only relative to the run's own peak.
     */
    private static final List<String> SCALE_DEPENDENT = List.of("w_norm", "w_first_frob", "w_first_spectral", "w_last_frob", "w_last_spectral", "d_w_norm");

    /** The names a set reads. */
    public static List<String> names(Set set) {
        // history needs earlier checkpoints, which a lone weights file does not have: the weights set leaves it out
        List<String> weights = new ArrayList<>(WEIGHT_NAMES);
        weights.addAll(LONG.subList(0, 3)); // the rank fractions need the weights alone
        return (set == Set.FULL ? ALL : weights).stream().filter(n -> !SCALE_DEPENDENT.contains(n)).toList();
    }

    /** Columns of {@link #ALL} the names sit at. */
    static int[] columns(List<String> names) {
        int[] c = new int[names.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALL.indexOf(names.get(i));
            if (c[i] < 0) throw new IllegalArgumentException("unknown judge feature " + names.get(i));
        }
        return c;
    }

    /** The weights-only part of a checkpoint: NaN where a measure does not apply (no Fourier for dense inputs). */
    static double[] weights(WeightMeasures m) {
        List<WeightMeasures.Layer> ls = m.layers();
        WeightMeasures.Layer first = ls.get(0);
        WeightMeasures.Layer last = ls.get(ls.size() - 1);
        double meanStable = ls.stream().mapToDouble(WeightMeasures.Layer::stableRank).average().orElse(Double.NaN);
        return new double[] {m.weightNorm(), first.frobenius(), first.spectral(), first.stableRank(), last.frobenius(), last.spectral(), last.stableRank(),
                meanStable, share(m.embed()), conc(m.embed()), share(m.unembed()), conc(m.unembed())};
    }

    private static double share(WeightMeasures.Fourier f) { return f == null ? Double.NaN : f.topKShare(); }

    private static double conc(WeightMeasures.Fourier f) { return f == null ? Double.NaN : f.concentration(); }

    /**
     * The full vector of checkpoint {@code i} of a stored curve: its measures, its training metrics, their
     * change since the evaluation before, and its history so far — the weight norm as a share of its peak
     * (weight decay shrinks the norm after memorisation when a run generalises) and the Fourier shares' gain
     * since the first evaluation. Only evaluations up to {@code i} are read.
     */
    public static double[] of(List<CurvePoint> curve, int i) {
        CurvePoint p = curve.get(i);
        CurvePoint prev = i > 0 ? curve.get(i - 1) : null;
        double[] w = weights(p.measures());
        double[] x = new double[ALL.size()];
        System.arraycopy(w, 0, x, 0, w.length);
        int k = w.length;
        x[k++] = p.trainAcc();
        x[k++] = Math.log(Math.max(p.trainLoss(), 1e-12));
        x[k++] = p.measures().trainMargin();
        double[] pw = prev != null && prev.measures() != null ? weights(prev.measures()) : null;
        x[k++] = pw == null ? 0 : w[0] - pw[0];
        x[k++] = pw == null ? 0 : w[8] - pw[8];
        x[k++] = pw == null ? 0 : w[10] - pw[10];
        double peak = w[0];
        double[] first = null;
        for (int j = 0; j <= i; j++) {
            WeightMeasures m = curve.get(j).measures();
            if (m == null) continue;
            double[] wj = weights(m);
            if (first == null) first = wj;
            peak = Math.max(peak, wj[0]);
        }
        x[k++] = peak > 0 ? w[0] / peak : 1;
        x[k++] = w[8] - first[8];
        x[k++] = w[10] - first[10];
        x[k++] = prev == null ? 0 : Math.log(Math.max(p.trainLoss(), 1e-12)) - Math.log(Math.max(prev.trainLoss(), 1e-12));
        progress(curve, i, x, k);
        longRange(curve, i, x, ALL.indexOf(LONG.get(0)));
        return x;
    }

    /** Stable rank over the matrix's smallest side, per matrix: 1 at full effective rank, whatever the width. */
    private static double[] rankFractions(WeightMeasures m) {
        List<WeightMeasures.Layer> ls = m.layers();
        double mean = ls.stream().mapToDouble(l -> l.stableRank() / Math.min(l.rows(), l.cols())).average().orElse(Double.NaN);
        WeightMeasures.Layer f = ls.get(0);
        WeightMeasures.Layer l = ls.get(ls.size() - 1);
        return new double[] {f.stableRank() / Math.min(f.rows(), f.cols()), l.stableRank() / Math.min(l.rows(), l.cols()), mean};
    }

    /** The {@link #LONG} features of checkpoint {@code i}, from evaluations up to {@code i} only, written at {@code x[k …]}. */
    private static void longRange(List<CurvePoint> curve, int i, double[] x, int k) {
        WeightMeasures m = curve.get(i).measures();
        double[] r = rankFractions(m);
        x[k++] = r[0];
        x[k++] = r[1];
        x[k++] = r[2];
        int memorised = -1;
        for (int j = 0; j <= i; j++) {
            if (curve.get(j).measures() != null && curve.get(j).trainAcc() >= JudgeFitter.MEMORISED) {
                memorised = j;
                break;
            }
        }
        double n = m.weightNorm();
        double nm = memorised < 0 ? Double.NaN : curve.get(memorised).measures().weightNorm();
        x[k++] = memorised < 0 ? Double.NaN : i - memorised;
        x[k++] = memorised < 0 || !(n > 0 && nm > 0) ? Double.NaN : Math.log(n / nm);
        x[MEMORISED_COL] = memorised < 0 ? 0 : 1;
        int back = i;
        while (back > 0 && i - back < LONG_WINDOW && curve.get(back - 1).measures() != null) back--;
        WeightMeasures b = curve.get(back).measures();
        WeightMeasures.Logits l = m.logits();
        WeightMeasures.Logits lb = b.logits();
        x[k++] = l == null || lb == null ? Double.NaN : l.restrictedAcc() - lb.restrictedAcc();
        double nb = b.weightNorm();
        x[k++] = n > 0 && nb > 0 ? Math.log(n / nb) : 0;
        x[k] = share(m.unembed()) - share(b.unembed());
    }

    /** The {@link #PROGRESS} features of checkpoint {@code i}, from evaluations up to {@code i} only, written at {@code x[k …]}. */
    private static void progress(List<CurvePoint> curve, int i, double[] x, int k) {
        WeightMeasures m = curve.get(i).measures();
        WeightMeasures.Logits l = m.logits();
        int back = i;
        while (back > 0 && i - back < WINDOW && curve.get(back - 1).measures() != null) back--;
        WeightMeasures b = curve.get(back).measures();
        WeightMeasures.Logits lb = b.logits();
        double nan = Double.NaN;
        x[k++] = l == null ? nan : l.keyShare();
        x[k++] = l == null ? nan : l.restrictedAcc();
        x[k++] = l == null ? nan : l.excludedAcc();
        x[k++] = l == null ? nan : l.restrictedAcc() - l.excludedAcc();
        x[k++] = l == null || lb == null ? nan : l.keyShare() - lb.keyShare();
        x[k++] = l == null || lb == null ? nan : l.restrictedAcc() - lb.restrictedAcc();
        x[k++] = l == null || lb == null ? nan : l.excludedAcc() - lb.excludedAcc();
        x[k++] = share(m.unembed()) - share(b.unembed());
        x[k++] = share(m.embed()) - share(b.embed());
        double n = m.weightNorm();
        double nb = b.weightNorm();
        x[k++] = n > 0 && nb > 0 ? Math.log(n / nb) : 0;
        x[k++] = Double.isFinite(m.trainMargin()) && Double.isFinite(b.trainMargin()) ? m.trainMargin() - b.trainMargin() : nan;
        double lowest = Double.POSITIVE_INFINITY;
        for (int j = 0; j <= i; j++) {
            WeightMeasures mj = curve.get(j).measures();
            if (mj != null && mj.logits() != null) lowest = Math.min(lowest, mj.logits().restrictedAcc());
        }
        x[k] = l == null || lowest == Double.POSITIVE_INFINITY ? nan : l.restrictedAcc() - lowest;
    }

    /** The vector of a network known by its weights alone: NaN wherever training data or history would be needed. */
    public static double[] ofWeights(WeightMeasures m) {
        double[] w = weights(m);
        double[] x = new double[ALL.size()];
        java.util.Arrays.fill(x, Double.NaN);
        System.arraycopy(w, 0, x, 0, w.length);
        System.arraycopy(rankFractions(m), 0, x, ALL.indexOf(LONG.get(0)), 3);
        return x;
    }
}
