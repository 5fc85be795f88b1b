package io.learncast.eval.report.sections;

import io.learncast.data.CurvePoint;
import io.learncast.eval.report.Charts;
import io.learncast.eval.report.HtmlReport;
import io.learncast.eval.report.ReportContext;
import io.learncast.eval.report.ReportSection;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.StoredRun;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Example learning curves, one of each kind the forecaster must tell apart: learned early; learned late
 * (train accuracy reaching 1 long before test accuracy: grokking); never learned; diverged.
 */
public final class CurvesSection implements ReportSection {
    /** Train accuracy counted as "fitted the training set". */
    static final double FITTED = 0.99;
    /** How many of the slowest learners are searched for the clearest late generaliser. */
    static final int LATE_CANDIDATES = 40;

    @Override public String id() { return "curves"; }

    @Override public String title() { return "Example learning curves"; }

    /** A chosen example: its kind, the run, and why it was chosen. */
    record Example(String kind, StoredRun run, String why) {}

    @Override
    public void write(ReportContext ctx, HtmlReport report) {
        report.section(id(), title());
        List<StoredRun> runs = ctx.finishedRuns();
        if (runs.isEmpty()) {
            report.paragraph("No finished runs yet.");
            return;
        }
        List<Example> examples = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<StoredRun> learned = runs.stream().filter(r -> r.learned() && r.confirmStep() != null).toList();
        learned.stream().min(Comparator.comparingDouble((StoredRun r) -> r.confirmStep() / (double) r.config().steps()).thenComparingLong(StoredRun::id))
                .ifPresentOrElse(r -> examples.add(new Example("learned early", r, "confirmed at step " + r.confirmStep() + " of " + r.config().steps())),
                        () -> missing.add("learned"));
        late(ctx, learned).ifPresentOrElse(examples::add, () -> missing.add("learned late (grokking)"));
        runs.stream().filter(r -> r.outcome() == Outcome.NOT_LEARNED)
                .max(Comparator.comparingDouble((StoredRun r) -> nz(r.finalTrainAcc()) - nz(r.bestTestAcc())).thenComparingLong(r -> -r.id()))
                .ifPresentOrElse(r -> examples.add(new Example("never learned", r, String.format(java.util.Locale.ROOT,
                        "final train accuracy %.2f, best test accuracy %.2f after %d steps", nz(r.finalTrainAcc()), nz(r.bestTestAcc()),
                        r.stepsTrained() == null ? 0 : r.stepsTrained()))), () -> missing.add("never learned"));
        runs.stream().filter(r -> r.outcome() == Outcome.DIVERGED).min(Comparator.comparingLong(StoredRun::id))
                .ifPresentOrElse(r -> examples.add(new Example("diverged", r, "stopped at step " + r.stepsTrained() + ": non-finite or exploding loss")),
                        () -> missing.add("diverged"));
        Map<Long, List<CurvePoint>> curves = ctx.store().catalog().curves(examples.stream().map(e -> e.run().id()).toList());
        report.row(() -> {
            for (Example e : examples) {
                List<CurvePoint> c = curves.getOrDefault(e.run().id(), List.of());
                double[] step = c.stream().mapToDouble(CurvePoint::step).toArray();
                double thr = e.run().config().threshold();
                List<Charts.Series> s = List.of(
                        new Charts.Series("train accuracy", step, c.stream().mapToDouble(CurvePoint::trainAcc).toArray()),
                        new Charts.Series("test accuracy", step, c.stream().mapToDouble(CurvePoint::testAcc).toArray()),
                        new Charts.Series("threshold", new double[] {step.length == 0 ? 0 : step[0], step.length == 0 ? 1 : step[step.length - 1]},
                                new double[] {thr, thr}, true));
                report.figure("curve-" + e.kind().replaceAll("[^a-z]+", "-"), Charts.lines(e.kind(), "step", "accuracy", s, false, 0.0, 1.02, 440, 300),
                        e.kind() + ": run #" + e.run().id() + " " + e.run().config().describe() + " — " + e.why() + ".");
            }
        });
        if (!missing.isEmpty()) report.paragraph("No run in the corpus is an example of: " + String.join(", ", missing) + ".");
    }

    /** The learned run whose test accuracy lagged furthest behind a fitted training set (relative to its confirmation step). */
    private static Optional<Example> late(ReportContext ctx, List<StoredRun> learned) {
        List<StoredRun> slow = learned.stream().sorted(Comparator.comparingLong((StoredRun r) -> -r.confirmStep()).thenComparingLong(StoredRun::id))
                .limit(LATE_CANDIDATES).toList();
        Map<Long, List<CurvePoint>> curves = ctx.store().catalog().curves(slow.stream().map(StoredRun::id).toList());
        Example best = null;
        double bestGap = 0;
        for (StoredRun r : slow) {
            Long fitted = null;
            for (CurvePoint p : curves.getOrDefault(r.id(), List.of())) {
                if (p.trainAcc() >= FITTED) {
                    fitted = p.step();
                    break;
                }
            }
            if (fitted == null || fitted >= r.confirmStep()) continue;
            double gap = (r.confirmStep() - fitted) / (double) r.confirmStep();
            if (gap > bestGap && r.confirmStep() - fitted >= 2L * r.config().evalEvery()) {
                bestGap = gap;
                best = new Example("learned late (grokking)", r, "train accuracy ≥ " + FITTED + " at step " + fitted + ", test confirmed only at step "
                        + r.confirmStep());
            }
        }
        return Optional.ofNullable(best);
    }

    private static double nz(Double v) { return v == null ? 0 : v; }
}
