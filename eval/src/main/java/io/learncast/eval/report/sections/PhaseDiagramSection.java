package io.learncast.eval.report.sections;

import io.learncast.common.UserError;
import io.learncast.eval.report.Charts;
import io.learncast.eval.report.HtmlReport;
import io.learncast.eval.report.Labels;
import io.learncast.eval.report.ReportContext;
import io.learncast.eval.report.ReportSection;
import io.learncast.eval.split.RunField;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.model.FittedForecaster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Phase diagrams: for each task, the observed fraction of runs that learned within a budget over two
 * knobs, beside the forecaster's mean probability over the same runs' configs. The axes are the two
 * knobs the task's runs vary most (preferring data, then regularisation and learning rate, then size),
 * or the ones given with {@code --axes}.
 */
public final class PhaseDiagramSection implements ReportSection {
    static final int MAX_TASKS = 4;
    private final List<String> axes;

    public PhaseDiagramSection() { this(null); }

    /** @param axes two fields (e.g. {@code train_frac, wd}), or null to choose per task. */
    public PhaseDiagramSection(List<String> axes) {
        if (axes != null && (axes.size() != 2 || axes.get(0).equals(axes.get(1)))) {
            throw new UserError("--axes", "give two different fields, not " + String.join(",", axes), "e.g. --axes train_frac,wd");
        }
        if (axes != null) for (String a : axes) RunField.checkName(a, "--axes");
        this.axes = axes == null ? null : List.copyOf(axes);
    }

    @Override public String id() { return "phase"; }

    @Override public String title() { return "Phase diagrams: observed beside forecast"; }

    @Override public boolean needsForecaster() { return true; }

    @Override
    public void write(ReportContext ctx, HtmlReport report) {
        report.section(id(), title());
        if (ctx.forecaster().isEmpty()) {
            report.paragraph("No forecaster has been fitted yet (learncast forecast fit), so there is no forecast to draw beside the observations.");
            return;
        }
        FittedForecaster f = ctx.forecaster().get().forecaster();
        Map<String, List<StoredRun>> tasks = CorpusSection.byTask(ctx.finishedRuns());
        int drawn = 0;
        for (Map.Entry<String, List<StoredRun>> e : tasks.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, List<StoredRun>> t) -> -t.getValue().size())).limit(MAX_TASKS).toList()) {
            List<StoredRun> runs = e.getValue();
            List<String> ax = axes != null ? axes : chooseAxes(runs);
            if (ax == null) {
                report.paragraph(e.getKey() + ": its runs vary fewer than two knobs, so there is no plane to draw.");
                continue;
            }
            long budget = commonBudget(runs);
            Grid g = grid(runs, ax.get(0), ax.get(1), budget, f);
            if (g.x.size() < 2 || g.y.size() < 2) {
                report.paragraph(e.getKey() + ": " + ax.get(0) + " or " + ax.get(1) + " takes a single value among its runs; choose other --axes.");
                continue;
            }
            String slug = e.getKey().replaceAll("[^A-Za-z0-9]+", "-");
            report.html("<h3>" + HtmlReport.esc(e.getKey()) + " — learned within " + budget + " steps</h3>");
            int w = Math.max(420, 90 + 60 * g.x.size()), h = Math.max(320, 90 + 45 * g.y.size());
            report.row(() -> {
                report.figure("phase-observed-" + slug, Charts.heatmap("observed", ax.get(0), g.x, ax.get(1), g.y, g.observed, w, h),
                        "Observed fraction of " + e.getKey() + " runs that learned within " + budget + " steps, per cell (grey: no run); "
                                + "other knobs pooled; runs stopped early before " + budget + " steps are left out (unknown there).");
                report.figure("phase-forecast-" + slug, Charts.heatmap("forecast", ax.get(0), g.x, ax.get(1), g.y, g.forecast, w, h),
                        "The forecaster's mean P(learned within " + budget + ") over the same runs' configs.");
            });
            drawn++;
        }
        if (drawn == 0 && tasks.isEmpty()) report.paragraph("No finished runs yet.");
    }

    /** The two most varied knobs (most distinct values; ties by {@link CorpusSection#KNOBS} order), or null. */
    static List<String> chooseAxes(List<StoredRun> runs) {
        Map<String, Integer> varied = CorpusSection.variedKnobs(runs);
        List<String> order = new ArrayList<>(varied.keySet());
        order.sort(Comparator.comparingInt((String k) -> -Math.min(varied.get(k), 12)).thenComparingInt(CorpusSection.KNOBS::indexOf));
        return order.size() < 2 ? null : List.of(order.get(0), order.get(1));
    }

    /** The largest budget most runs were trained to. */
    static long commonBudget(List<StoredRun> runs) {
        Map<Long, Long> n = runs.stream().collect(Collectors.groupingBy(r -> (long) r.config().steps(), Collectors.counting()));
        return n.entrySet().stream().max(Comparator.comparingLong((Map.Entry<Long, Long> e) -> e.getValue()).thenComparingLong(Map.Entry::getKey))
                .orElseThrow().getKey();
    }

    record Grid(List<String> x, List<String> y, double[][] observed, double[][] forecast) {}

    static Grid grid(List<StoredRun> runs, String xf, String yf, long budget, FittedForecaster f) {
        TreeMap<Object, String> xs = new TreeMap<>(PhaseDiagramSection::compare), ys = new TreeMap<>(PhaseDiagramSection::compare);
        // runs stopped early before the budget are unknown there, never "not learned": left out
        List<StoredRun> used = runs.stream().filter(r -> r.config().steps() >= budget && Labels.learnedWithin(r, budget) != null).toList();
        for (StoredRun r : used) {
            xs.put(RunField.value(r, xf, "--axes"), label(RunField.value(r, xf, "--axes")));
            ys.put(RunField.value(r, yf, "--axes"), label(RunField.value(r, yf, "--axes")));
        }
        List<Object> xk = new ArrayList<>(xs.keySet()), yk = new ArrayList<>(ys.keySet());
        double[][] obs = new double[yk.size()][xk.size()], fc = new double[yk.size()][xk.size()];
        int[][] n = new int[yk.size()][xk.size()];
        Map<String, Double> pByConfig = new HashMap<>();
        for (StoredRun r : used) {
            int c = xk.indexOf(RunField.value(r, xf, "--axes")), w = yk.indexOf(RunField.value(r, yf, "--axes"));
            obs[w][c] += Labels.learnedWithin(r, budget) ? 1 : 0;
            fc[w][c] += pByConfig.computeIfAbsent(r.groupHash(), g -> f.probability(r.config(), budget));
            n[w][c]++;
        }
        for (int i = 0; i < yk.size(); i++) {
            for (int j = 0; j < xk.size(); j++) {
                obs[i][j] = n[i][j] == 0 ? Double.NaN : obs[i][j] / n[i][j];
                fc[i][j] = n[i][j] == 0 ? Double.NaN : fc[i][j] / n[i][j];
            }
        }
        return new Grid(new ArrayList<>(xs.values()), new ArrayList<>(ys.values()), obs, fc);
    }

    private static int compare(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) return Double.compare(x, y);
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static String label(Object v) { return v instanceof Double d ? Fmt.num(d) : String.valueOf(v); }
}
