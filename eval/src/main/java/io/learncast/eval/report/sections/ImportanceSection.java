package io.learncast.eval.report.sections;

import io.learncast.common.Seeds;
import io.learncast.eval.report.Charts;
import io.learncast.eval.report.HtmlReport;
import io.learncast.eval.report.ReportContext;
import io.learncast.eval.report.ReportSection;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.Forecast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Knob importance: the mean absolute Shapley contribution of each knob to the forecast probability,
 * over a sample of trained configs at their own step budgets (each forecast is explained against the
 * corpus's reference config of its task kind, as {@code learncast forecast} explains it).
 */
public final class ImportanceSection implements ReportSection {
    static final int SAMPLE = 40;

    @Override public String id() { return "importance"; }

    @Override public String title() { return "What drives the forecast: knob importance"; }

    @Override public boolean needsForecaster() { return true; }

    @Override
    public void write(ReportContext ctx, HtmlReport report) {
        report.section(id(), title());
        if (ctx.forecaster().isEmpty()) {
            report.paragraph("No forecaster has been fitted yet (learncast forecast fit), so there is nothing to explain.");
            return;
        }
        Map<String, Double> mean = importance(ctx.forecaster().get().forecaster(), ctx.finishedRuns(), ctx.seed());
        if (mean.isEmpty()) {
            report.paragraph("No finished runs to explain yet.");
            return;
        }
        report.figure("importance-plot", Charts.bars("Mean |contribution to P(learned)|", "mean |Shapley contribution|", mean, 640,
                        Math.max(260, 60 + 28 * mean.size())),
                "Mean absolute Shapley contribution of each knob to the forecast probability, over " + Math.min(SAMPLE, configs(ctx.finishedRuns()))
                        + " trained configs at their own budgets (forecaster " + ctx.forecaster().get().forecaster().report().chosen() + ").");
        List<List<String>> rows = new ArrayList<>();
        mean.forEach((k, v) -> rows.add(List.of(k, Fmt.p3(v))));
        report.table(List.of("knob", "mean |contribution|"), rows);
    }

    private static long configs(List<StoredRun> runs) { return runs.stream().map(StoredRun::groupHash).distinct().count(); }

    /** Knob → mean |contribution| over a seeded sample of one run per config, largest first. */
    static Map<String, Double> importance(FittedForecaster f, List<StoredRun> runs, long seed) {
        Map<String, StoredRun> byGroup = new LinkedHashMap<>();
        for (StoredRun r : runs) byGroup.putIfAbsent(r.groupHash(), r);
        List<StoredRun> sample = new ArrayList<>(byGroup.values());
        Collections.shuffle(sample, new Random(Seeds.derive(seed, "importance")));
        sample = sample.subList(0, Math.min(SAMPLE, sample.size()));
        Map<String, double[]> sum = new LinkedHashMap<>();
        for (StoredRun r : sample) {
            Forecast fc = f.predict(r.config(), r.config().steps());
            if (fc.attributions() == null) continue;
            for (Forecast.Attribution a : fc.attributions()) {
                double[] s = sum.computeIfAbsent(a.knob(), k -> new double[2]);
                s[0] += Math.abs(a.contribution());
                s[1]++;
            }
        }
        int n = sample.size();
        return sum.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()[0] / n, (a, b) -> a, LinkedHashMap::new));
    }
}
