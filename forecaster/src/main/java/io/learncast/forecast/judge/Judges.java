package io.learncast.forecast.judge;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.UserError;
import io.learncast.data.CurvePoint;
import io.learncast.data.WeightMeasures;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.verdict.VerdictCorpus;

import java.util.List;

/** What the judge command and endpoint do: load the corpus rows, judge a stored checkpoint, judge measured weights. */
public final class Judges {
    /** Default Δ: steps ahead for "holds within Δ". */
    public static final long DEFAULT_DELTA = 500;
    /** Measures named in a judgement. */
    public static final int DRIVERS = 4;

    private Judges() {}

    /** The rows of every finished run of the store that carries weight measures. */
    public static JudgeRows rows(Store store, long delta) {
        VerdictCorpus.Loaded c = VerdictCorpus.load(store);
        return JudgeRows.build(c.records(), c.curves(), delta);
    }

    /** Run ids of the k-th further store of a pooled corpus are offset by k times this (the rows key runs by id). */
    public static final long STORE_OFFSET = 1_000_000_000L;

    /**
     * The rows of several stores pooled ({@code judge fit --also-db}): the first store's runs keep their ids, the k-th
     * further store's are offset by k·{@value #STORE_OFFSET}. Configs are grouped by their hash, so the same config
     * in two stores stays on one side of a fold.
     */
    public static JudgeRows rows(List<Store> stores, long delta) {
        List<io.learncast.forecast.features.RunRecord> all = new java.util.ArrayList<>();
        java.util.Map<Long, List<CurvePoint>> curves = new java.util.HashMap<>();
        for (int k = 0; k < stores.size(); k++) {
            long off = k * STORE_OFFSET;
            VerdictCorpus.Loaded c = VerdictCorpus.load(stores.get(k));
            for (var r : c.records()) {
                all.add(new io.learncast.forecast.features.RunRecord(r.runId() + off, r.groupHash(), r.configHash(), r.source(), r.replica(), r.config(), r.knobs(),
                        r.outcome(), r.confirmStep(), r.stepsTrained(), r.steps(), r.evalEvery(), r.budgets(), r.label()));
            }
            for (var e : c.curves().entrySet()) curves.put(e.getKey() + off, e.getValue());
        }
        return JudgeRows.build(all, curves, delta);
    }

    /** A stored run's checkpoint at {@code step} (null: its last evaluation with measures), judged on all features. */
    public static Result ofRun(Store store, JudgeRegistry.Loaded judge, long runId, Long step) {
        StoredRun run = store.catalog().run(runId).orElseThrow(() -> new UserError("RUN", "no run #" + runId + " in " + store.location(),
                "list the runs: learncast runs"));
        List<CurvePoint> curve = store.catalog().curve(runId);
        int at = -1;
        for (int i = 0; i < curve.size(); i++) {
            if (curve.get(i).measures() == null) continue;
            if (step == null || curve.get(i).step() == step) at = i;
        }
        if (at < 0) {
            if (step != null && curve.stream().noneMatch(p -> p.step() == step)) {
                throw new UserError("--step", "run #" + runId + " has no evaluation at step " + step,
                        "its evaluations: " + (curve.isEmpty() ? "none" : curve.get(0).step() + " … " + curve.get(curve.size() - 1).step()) + " (every " + run.config().evalEvery() + ")");
            }
            throw new UserError("RUN", "run #" + runId + " has no weight measures" + (step == null ? "" : " at step " + step),
                    "it was trained before measures were stored, or by a trainer that does not measure (the fast trainer does): retrain it");
        }
        CurvePoint p = curve.get(at);
        Judgement j = judge.full().judge(JudgeFeatures.of(curve, at), DRIVERS);
        return new Result("run #" + runId + " " + run.config().task() + " at step " + p.step(), p.step(), j, p.measures(), judge.record().id());
    }

    /**
     * A stored run's kept final weights ({@code farm run --keep-weights}), read back through the {@code .npz} reader
     * and measured as a file from elsewhere would be: judged on weights alone.
     */
    public static Result ofKeptWeights(Store store, JudgeRegistry.Loaded judge, long runId) {
        StoredRun run = store.catalog().run(runId).orElseThrow(() -> new UserError("RUN", "no run #" + runId + " in " + store.location(),
                "list the runs: learncast runs"));
        byte[] npz = keptNpz(store, runId);
        String task = run.config().task();
        WeightMeasures m = WeightFile.measure(NpzReader.read(npz, "run #" + runId + "'s kept weights", "RUN"), task, "RUN");
        return new Result("run #" + runId + " " + task + ", its kept final weights (step " + run.stepsTrained() + ")", run.stepsTrained(),
                judge.weights().judge(JudgeFeatures.ofWeights(m), DRIVERS), m, judge.record().id());
    }

    /** The kept-weights formats this reader reads (an allow-list): an MLP's and a transformer's {@code .npz}. */
    static final List<String> READABLE = List.of(io.learncast.farm.weights.KeptWeights.FORMAT, io.learncast.farm.weights.KeptWeights.FORMAT_TRANSFORMER);

    /** The {@code .npz} bytes of a run's kept final weights; one line if it has none. */
    public static byte[] keptNpz(Store store, long runId) {
        if (store.catalog().run(runId).isEmpty()) throw new UserError("RUN", "no run #" + runId + " in " + store.location(), "list the runs: learncast runs");
        io.learncast.farm.weights.KeptWeights w = store.catalog().keptWeights(runId).orElseThrow(() -> new UserError("RUN",
                "run #" + runId + " has no kept weights", "train with `learncast farm run --keep-weights` (off by default; runs over --keep-weights-limit, "
                + "diverged runs and trainers other than the fast MLP and transformer trainers keep none)"));
        if (!READABLE.contains(w.format())) {
            throw new UserError("RUN", "run #" + runId + "'s kept weights are in format " + w.format() + ", not one of " + String.join(", ", READABLE),
                    "use a learncast that reads that format");
        }
        return w.npz();
    }

    /** A network known by its measured weights: judged on weights alone. */
    public static Result ofWeights(JudgeRegistry.Loaded judge, String what, WeightMeasures m) {
        return new Result(what, null, judge.weights().judge(JudgeFeatures.ofWeights(m), DRIVERS), m, judge.record().id());
    }

    /** A judgement with what was judged and by which judge (the registry's model id). */
    public record Result(@JsonProperty("subject") String subject, @JsonProperty("step") Long step, @JsonProperty("judgement") Judgement judgement,
                         @JsonProperty("measures") WeightMeasures measures, @JsonProperty("judge_model") long judgeModel) {}
}
