package io.learncast.eval.report.sections;

import io.learncast.eval.report.Charts;
import io.learncast.eval.report.HtmlReport;
import io.learncast.eval.report.ReportContext;
import io.learncast.eval.report.ReportSection;
import io.learncast.eval.scoring.SplitScore;

import java.util.ArrayList;
import java.util.List;

/** Reliability diagram of the forecaster's out-of-fold probabilities (grouped 5-fold). */
public final class CalibrationSection implements ReportSection {
    static final int BINS = 10;

    @Override public String id() { return "calibration"; }

    @Override public String title() { return "Calibration"; }

    @Override
    public void write(ReportContext ctx, HtmlReport report) {
        report.section(id(), title());
        SplitScore s;
        try {
            s = ctx.finishedRuns().isEmpty() ? null : Scores.kfold(ctx);
        } catch (io.learncast.common.UserError e) {
            s = null;
        }
        if (s == null || s.forecast().length == 0) {
            report.paragraph("Not enough finished runs to cross-validate the forecaster yet, so there is nothing to calibrate against.");
            return;
        }
        Bins b = bins(s.forecast(), s.scored().stream().mapToInt(r -> r.learned() ? 1 : 0).toArray(), BINS);
        report.figure("calibration-plot", Charts.calibration("Calibration (out of fold)", b.meanForecast, b.observed, 560, 420),
                "Observed fraction learned against the forecast probability, in " + BINS + " equal-width bins of the out-of-fold forecasts "
                        + "(bins with no rows omitted); on the diagonal a forecast of 70% comes true 70% of the time.");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < b.meanForecast.length; i++) rows.add(List.of(Fmt.p3(b.meanForecast[i]), Fmt.p3(b.observed[i]), String.valueOf(b.count[i])));
        report.table(List.of("mean forecast", "observed", "rows"), rows);
    }

    /** Non-empty equal-width bins: mean forecast, observed frequency and count per bin. */
    record Bins(double[] meanForecast, double[] observed, int[] count) {}

    static Bins bins(double[] p, int[] y, int bins) {
        double[] sp = new double[bins], sy = new double[bins];
        int[] n = new int[bins];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(bins - 1, (int) Math.floor(p[i] * bins));
            sp[b] += p[i];
            sy[b] += y[i];
            n[b]++;
        }
        int k = 0;
        for (int v : n) if (v > 0) k++;
        double[] mf = new double[k], ob = new double[k];
        int[] c = new int[k];
        int j = 0;
        for (int b = 0; b < bins; b++) {
            if (n[b] == 0) continue;
            mf[j] = sp[b] / n[b];
            ob[j] = sy[b] / n[b];
            c[j++] = n[b];
        }
        return new Bins(mf, ob, c);
    }
}
