package io.learncast.forecast.judge;

import io.learncast.data.CurvePoint;
import io.learncast.data.Metric;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The judge's training rows: one per evaluation of a finished run that carries weight measures. Labels
 * come from the test curve (only here, never as a feature): {@code now} — the property's metric meets its
 * threshold at this evaluation; {@code within} — it does at some evaluation in (step, step + Δ], or now.
 * A run that stopped before step + Δ without reaching it cannot say (within = −1, left out of that model).
 */
public record JudgeRows(List<Row> rows, long delta) {

    /**
     * One checkpoint. {@code index} counts the run's evaluations from 0. {@code futureAcc}: the highest test accuracy
     * at this evaluation or any in (step, step + Δ] — a training label of the regression heads ({@link AccuracyHead}),
     * NaN where within is censored.
     */
    public record Row(RunRecord run, int index, long step, double[] x, int now, int within, double testAcc, double trainAcc, double futureAcc) {}

    public static JudgeRows build(List<RunRecord> runs, Map<Long, List<CurvePoint>> curves, long delta) {
        List<Row> out = new ArrayList<>();
        for (RunRecord r : runs) {
            List<CurvePoint> c = curves.getOrDefault(r.runId(), List.of());
            double threshold = r.config().property().threshold();
            if (r.config().property().metric() != Metric.TEST_ACC) continue; // the judge's labels read the test accuracy curve
            for (int i = 0; i < c.size(); i++) {
                CurvePoint p = c.get(i);
                if (p.measures() == null || !p.isFinite()) continue;
                int now = p.testAcc() >= threshold ? 1 : 0;
                int within = now;
                double best = p.testAcc();
                for (int j = i + 1; j < c.size() && c.get(j).step() <= p.step() + delta; j++) {
                    if (Double.isFinite(c.get(j).testAcc())) best = Math.max(best, c.get(j).testAcc());
                }
                if (within == 0) {
                    boolean seen = false;
                    for (int j = i + 1; j < c.size() && c.get(j).step() <= p.step() + delta; j++) {
                        if (c.get(j).testAcc() >= threshold) {
                            seen = true;
                            break;
                        }
                    }
                    long last = c.get(c.size() - 1).step();
                    within = seen ? 1 : last >= p.step() + delta || last >= r.steps() ? 0 : -1;
                }
                out.add(new Row(r, i, p.step(), JudgeFeatures.of(c, i), now, within, p.testAcc(), p.trainAcc(), within < 0 ? Double.NaN : best));
            }
        }
        return new JudgeRows(List.copyOf(out), delta);
    }

    public String[] groups() {
        return rows.stream().map(r -> r.run().groupHash()).toArray(String[]::new);
    }

    /** The rows of one architecture's runs (MLP or transformer), in the same order. */
    public JudgeRows only(io.learncast.farm.config.knob.Knob.Arch arch) {
        return new JudgeRows(rows.stream().filter(r -> r.run().knobs().arch() == arch).toList(), delta);
    }

    public long runs() {
        return rows.stream().mapToLong(r -> r.run().runId()).distinct().count();
    }
}
