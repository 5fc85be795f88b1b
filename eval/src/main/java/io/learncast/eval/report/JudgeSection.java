package io.learncast.eval.report;

import io.learncast.forecast.judge.JudgeRegistry;
import io.learncast.forecast.judge.JudgeReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The judge (issue 19) in the report: the active judge's out-of-fold scores beside its baselines, its
 * reliability, its lead on grokking runs and false alarms on memorisers, and for a few grokking runs the
 * test curve beside the judge's P over training. Read from the judge's stored fit report (fitting it again
 * here would take minutes), so it describes the corpus the judge was fitted on.
 */
public final class JudgeSection implements ReportSection {

    @Override public String id() { return "judge"; }

    @Override public String title() { return "Judge: learned already? (from weights and training data)"; }

    @Override
    public void write(ReportContext context, HtmlReport report) {
        report.section(id(), title());
        if (context.store().models().active(JudgeRegistry.KIND).isEmpty()) {
            report.paragraph("No judge has been fitted in this store: train runs with the fast trainer (it stores weight measures at every "
                    + "evaluation; e.g. learncast farm enqueue grids/judge-modadd.yaml), then learncast judge fit.");
            return;
        }
        JudgeRegistry.Loaded j = JudgeRegistry.require(context.store());
        JudgeReport r = j.report();
        report.paragraph(String.format(Locale.ROOT, "Judge #%d (fitted %s, code %s): from a checkpoint's weight measures and training-set metrics only "
                        + "— never test data — P(the property holds now) and P(it holds within %d steps). %d runs, %d checkpoints, %d configs (%s); "
                        + "scored out of fold with a config's seeds and budgets held out together (grouped %d-fold CV).",
                j.record().id(), r.fittedAt(), r.codeVersion(), r.delta(), r.runs(), r.rows(), r.groups(), String.join(", ", r.tasks()), r.folds()));
        List<List<String>> rows = new ArrayList<>();
        for (JudgeReport.Score s : r.scores()) {
            rows.add(List.of(s.target(), s.model(), String.valueOf(s.n()), String.valueOf(s.positives()), num(s.auc()), num(s.brier()), num(s.ece())));
        }
        report.table(List.of("target", "model", "checkpoints", "positives", "AUC", "Brier", "ECE"), rows);
        JudgeReport.Lead l = r.lead();
        report.paragraph(String.format(Locale.ROOT, "Grokking runs (train accuracy ≥ 0.99 before test accuracy crossed the threshold): %d; memorisers "
                        + "(train accuracy ≥ 0.99, never crossed): %d. At P(within) ≥ %.3f — the smallest threshold with ≤ 5 %% of memorisers ever "
                        + "flagged, chosen on the same out-of-fold predictions — %d memorisers were flagged (%.1f %%) and the judge said yes a median "
                        + "of %s evaluations before the test crossing (per run: %s; negative = after). At 0.5: %.1f %% false alarms, median lead %s.",
                l.grokkingRuns(), l.memorisers(), l.threshold(), l.falseAlarms(), 100 * l.falseAlarmRate(), num(l.medianLead()),
                l.leads().stream().map(String::valueOf).collect(Collectors.joining(", ")), 100 * l.falseAlarmRateAtHalf(), num(l.medianLeadAtHalf())));
        List<JudgeReport.Bin> bins = r.reliability().stream().filter(b -> b.n() > 0).toList();
        report.figure("judge-reliability", Charts.calibration("Judge P(learned now), out of fold", bins.stream().mapToDouble(JudgeReport.Bin::meanP).toArray(),
                bins.stream().mapToDouble(JudgeReport.Bin::observed).toArray(), 520, 380), "Reliability of the judge's P(learned now), out of fold.");
        for (JudgeReport.Trajectory t : r.trajectories()) {
            double[] x = t.steps().stream().mapToDouble(Long::doubleValue).toArray();
            List<Charts.Series> s = List.of(new Charts.Series("test accuracy", x, unbox(t.testAcc())),
                    new Charts.Series("train accuracy", x, unbox(t.trainAcc()), true),
                    new Charts.Series("judge P(now)", x, unbox(t.pNow())),
                    new Charts.Series("judge P(within " + r.delta() + ")", x, unbox(t.pWithin())));
            report.figure("judge-run-" + t.runId(), Charts.lines(t.label(), "step", "accuracy / P", s, false, 0.0, 1.0, 640, 360),
                    "Grokking run #" + t.runId() + ": the test curve (never seen by the judge) beside the judge's out-of-fold P over training.");
        }
    }

    private static double[] unbox(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }
}
