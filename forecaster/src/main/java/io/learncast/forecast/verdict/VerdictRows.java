package io.learncast.forecast.verdict;

import io.learncast.common.Hashing;
import io.learncast.data.CurvePoint;
import io.learncast.farm.result.Outcome;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The verdict's training rows: every finished run's curve cut at several fractions of its budget. A
 * row exists only where the run was still training after the cut (a run that learned or diverged
 * before it needs no verdict); its label is "learned by the end of the budget". Runs stopped early by
 * an earlier verdict are left out: their label is unknown.
 */
public final class VerdictRows {

    /** The fractions the verdict is trained on (the farm consults it at the first evaluation at or past each). */
    public static final double[] FRACTIONS = {0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    /** One run cut at {@code step} (≈ fraction × budget); {@code rising}: its test metric was climbing there. {@code confirmStep} is null for runs that did not learn. */
    public record Row(RunRecord run, double fraction, long step, boolean learned, Long confirmStep, boolean rising, double[] x) {
        public String group() { return run.groupHash(); }
    }

    /**
     * One usable run: what training it without a verdict cost ({@code trainedSteps}: to its confirmation
     * if it learned, else its budget or divergence), and whether it is a late learner — it learned, but
     * its test metric was still below half its threshold when train accuracy reached 1 (it memorised
     * first and generalised later).
     */
    public record RunInfo(long runId, String group, String task, long budget, long trainedSteps, boolean learned, boolean lateLearner) {}

    private final List<Row> rows;
    private final List<RunInfo> infos;
    private final String corpusHash;

    private VerdictRows(List<Row> rows, List<RunInfo> infos, String corpusHash) {
        this.rows = rows;
        this.infos = infos;
        this.corpusHash = corpusHash;
    }

    /** Rows of {@code records} (finished runs) with their {@code curves}, at {@code fractions}. */
    public static VerdictRows build(Collection<RunRecord> records, Map<Long, List<CurvePoint>> curves, double[] fractions) {
        List<Row> out = new ArrayList<>();
        List<RunInfo> infos = new ArrayList<>();
        StringBuilder ids = new StringBuilder();
        for (RunRecord r : records) {
            if (!usable(r)) continue;
            List<CurvePoint> curve = curves.get(r.runId());
            if (curve == null || curve.size() < 2) continue;
            ids.append(r.runId()).append(':').append(r.configHash()).append(':').append(r.outcome()).append(':').append(r.confirmStep()).append('|');
            boolean learned = r.learnedWithin(r.steps()) == Boolean.TRUE;
            long lastStep = curve.get(curve.size() - 1).step();
            infos.add(new RunInfo(r.runId(), r.groupHash(), r.config().task(), r.steps(), learned ? r.confirmStep() : lastStep, learned,
                    learned && lateLearner(r, curve)));
            long prev = -1;
            for (double f : fractions) {
                List<CurvePoint> prefix = CurveFeatures.upTo(curve, (long) Math.floor(f * r.steps()));
                if (prefix.isEmpty()) continue;
                long step = prefix.get(prefix.size() - 1).step();
                if (step >= lastStep || step == prev) continue; // the run had already ended here (or this cut repeats the last)
                prev = step;
                double[] x = CurveFeatures.of(r.config(), r.knobs(), prefix);
                out.add(new Row(r, f, step, learned, learned ? r.confirmStep() : null, FittedVerdict.rising(r.config(), prefix), x));
            }
        }
        return new VerdictRows(out, infos, Hashing.sha256Hex(ids.toString()));
    }

    /** Train accuracy reached 1 while the property's metric was still below half its threshold. */
    static boolean lateLearner(RunRecord r, List<CurvePoint> curve) {
        var prop = r.config().property();
        for (CurvePoint p : curve) {
            if (p.trainAcc() >= CurveFeatures.FIT) return CurveFeatures.progress(prop.metric(), prop.threshold(), p) < 0.5;
        }
        return false;
    }

    static boolean usable(RunRecord r) {
        if (r.outcome() == Outcome.STOPPED_EARLY) return false;
        return r.learnedWithin(r.steps()) != null;
    }

    public List<Row> rows() { return rows; }

    public int size() { return rows.size(); }

    public int runs() { return infos.size(); }

    public List<RunInfo> runInfos() { return infos; }

    public String corpusHash() { return corpusHash; }

    public VerdictRows filter(java.util.function.Predicate<Row> keep) {
        return new VerdictRows(rows.stream().filter(keep).toList(), infos, corpusHash);
    }

    public VerdictRows subset(int[] idx) {
        List<Row> out = new ArrayList<>(idx.length);
        for (int i : idx) out.add(rows.get(i));
        return new VerdictRows(out, infos, corpusHash);
    }

    public double[][] x() { return rows.stream().map(Row::x).toArray(double[][]::new); }

    public int[] y() { return rows.stream().mapToInt(r -> r.learned() ? 1 : 0).toArray(); }

    public String[] groups() { return rows.stream().map(Row::group).toArray(String[]::new); }
}
