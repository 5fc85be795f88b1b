package io.learncast.app.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunState;
import io.learncast.data.CurvePoint;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.StoredRun;

import java.io.PrintWriter;
import java.util.List;

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

    /** A run as {@code runs --json} and {@code train --json} print it; {@code curve} only for one run shown whole. */
    @JsonPropertyOrder(alphabetic = true) // the order these documents had as sorted maps
    record RunJson(@JsonProperty("id") long id, @JsonProperty("state") RunState state, @JsonProperty("source") String source,
                   @JsonProperty("config") RunConfig config, @JsonProperty("config_hash") String configHash, @JsonProperty("group_hash") String groupHash,
                   @JsonProperty("outcome") Outcome outcome, @JsonProperty("learned") Boolean learned, @JsonProperty("steps_to_learn") Long stepsToLearn,
                   @JsonProperty("confirm_step") Long confirmStep, @JsonProperty("steps_trained") Long stepsTrained,
                   @JsonProperty("final_test_acc") Double finalTestAcc, @JsonProperty("best_test_acc") Double bestTestAcc,
                   @JsonProperty("final_train_acc") Double finalTrainAcc, @JsonProperty("wall_ms") Long wallMs, @JsonProperty("param_count") long paramCount,
                   @JsonProperty("train_size") long trainSize, @JsonProperty("dataset_fingerprint") String datasetFingerprint,
                   @JsonProperty("trainer") String trainer, @JsonProperty("attempts") int attempts, @JsonProperty("error") String error,
                   @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("curve") List<PointJson> curve) {}

    /** One evaluation of a run's curve; a value that is not finite is null. */
    @JsonPropertyOrder(alphabetic = true)
    record PointJson(@JsonProperty("step") long step, @JsonProperty("train_loss") Double trainLoss, @JsonProperty("train_acc") Double trainAcc,
                     @JsonProperty("test_loss") Double testLoss, @JsonProperty("test_acc") Double testAcc, @JsonProperty("weight_norm") Double weightNorm) {}

    static RunJson json(StoredRun r, List<CurvePoint> curve) {
        return new RunJson(r.id(), r.state(), r.source(), r.config(), r.configHash(), r.groupHash(), r.outcome(), r.outcome() == null ? null : r.learned(),
                r.stepsToLearn(), r.confirmStep(), r.stepsTrained(), r.finalTestAcc(), r.bestTestAcc(), r.finalTrainAcc(), r.wallMs(), r.paramCount(),
                r.trainSize(), r.datasetFingerprint(), r.trainer(), r.attempts(), r.error(),
                curve == null ? null : curve.stream().map(p -> new PointJson(p.step(), finite(p.trainLoss()), finite(p.trainAcc()), finite(p.testLoss()),
                        finite(p.testAcc()), finite(p.weightNorm()))).toList());
    }

    private static Double finite(double v) { return Double.isFinite(v) ? v : null; }

    private static double nz(Double v) { return v == null ? Double.NaN : v; }

    static String shortHash(String h) { return h == null ? "-" : h.substring(0, Math.min(12, h.length())); }
}
