package io.learncast.app.cli;

import io.learncast.data.CurvePoint;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.StoredRun;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a run and its curve look on the terminal and in JSON. */
final class RunPrinter {
    private RunPrinter() {}

    static void summary(PrintWriter out, StoredRun r, List<CurvePoint> curve) {
        RunConfig c = r.config();
        out.println("run #" + r.id() + "  " + c.describe());
        out.println("property: " + c.property().describe());
        if (r.outcome() == null) {
            out.println("state: " + r.state() + (r.error() != null ? " (" + r.error() + ")" : ""));
        } else {
            String learned = switch (r.outcome()) {
                case LEARNED -> "LEARNED at step " + r.stepsToLearn() + " (confirmed at " + r.confirmStep() + ")";
                case NOT_LEARNED -> "NOT LEARNED within " + r.stepsTrained() + " steps";
                case DIVERGED -> "DIVERGED at step " + r.stepsTrained();
                case STOPPED_EARLY -> "STOPPED EARLY at step " + r.stepsTrained() + " by the early verdict";
            };
            out.println("outcome: " + learned);
            out.println("final test acc " + Console.pct(nz(r.finalTestAcc())) + ", best " + Console.pct(nz(r.bestTestAcc()))
                    + ", final train acc " + Console.pct(nz(r.finalTrainAcc())) + "; " + r.trainSize() + " training examples" + fullBatchNote(c, r.trainSize()) + ", "
                    + r.paramCount() + " parameters; " + (r.wallMs() == null ? "?" : String.format(java.util.Locale.ROOT, "%.1f s", r.wallMs() / 1000.0))
                    + " with " + r.trainer());
            out.println("dataset " + shortHash(r.datasetFingerprint()) + ", seed " + c.seed() + " (replica " + c.replica() + ")");
        }
        if (!curve.isEmpty()) {
            out.println();
            curve(out, curve);
        }
        out.flush();
    }

    /** Says so when a batch size at least the training set's made every step a full batch (the config keeps the number it was given). */
    static String fullBatchNote(RunConfig c, long trainSize) {
        return !c.fullBatch() && trainSize > 0 && c.batch() >= trainSize ? " (batch " + c.batch() + " ≥ " + trainSize + ": trained full batch)" : "";
    }

    /** The curve as a table, thinned to about 25 rows (always keeping the first and last). */
    static void curve(PrintWriter out, List<CurvePoint> curve) {
        Console.Table t = new Console.Table("step", "train loss", "train acc", "test loss", "test acc", "|w|");
        int n = curve.size();
        int stride = Math.max(1, (int) Math.ceil(n / 25.0));
        for (int i = 0; i < n; i++) {
            if (i % stride != 0 && i != n - 1) continue;
            CurvePoint p = curve.get(i);
            t.row(p.step(), Console.num(p.trainLoss()), Console.num(p.trainAcc()), Console.num(p.testLoss()), Console.num(p.testAcc()), Console.num(p.weightNorm()));
        }
        t.print(out);
    }

    static Map<String, Object> json(StoredRun r, List<CurvePoint> curve) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("state", r.state());
        m.put("source", r.source());
        m.put("config", r.config());
        m.put("config_hash", r.configHash());
        m.put("group_hash", r.groupHash());
        m.put("outcome", r.outcome());
        m.put("learned", r.outcome() == null ? null : r.learned());
        m.put("steps_to_learn", r.stepsToLearn());
        m.put("confirm_step", r.confirmStep());
        m.put("steps_trained", r.stepsTrained());
        m.put("final_test_acc", r.finalTestAcc());
        m.put("best_test_acc", r.bestTestAcc());
        m.put("final_train_acc", r.finalTrainAcc());
        m.put("wall_ms", r.wallMs());
        m.put("param_count", r.paramCount());
        m.put("train_size", r.trainSize());
        m.put("dataset_fingerprint", r.datasetFingerprint());
        m.put("trainer", r.trainer());
        m.put("attempts", r.attempts());
        m.put("error", r.error());
        if (curve != null) {
            m.put("curve", curve.stream().map(p -> {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("step", p.step());
                pm.put("train_loss", finite(p.trainLoss()));
                pm.put("train_acc", finite(p.trainAcc()));
                pm.put("test_loss", finite(p.testLoss()));
                pm.put("test_acc", finite(p.testAcc()));
                pm.put("weight_norm", finite(p.weightNorm()));
                return pm;
            }).toList());
        }
        return m;
    }

    private static Double finite(double v) { return Double.isFinite(v) ? v : null; }

    private static double nz(Double v) { return v == null ? Double.NaN : v; }

    static String shortHash(String h) { return h == null ? "-" : h.substring(0, Math.min(12, h.length())); }
}
