package io.learncast.eval.report.sections;

import io.learncast.common.Seeds;
import io.learncast.data.property.CurveLabel;
import io.learncast.data.property.CurveProperty;
import io.learncast.eval.report.Charts;
import io.learncast.eval.report.HtmlReport;
import io.learncast.eval.report.ReportContext;
import io.learncast.eval.report.ReportSection;
import io.learncast.eval.split.RunField;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.property.DelayRatioModel;
import io.learncast.forecast.property.PropertyLabels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Phenomena read off the curves: where runs grok (generalise ≥ 3× later than they memorise), with the
 * delay ratio t_gen / t_mem observed beside its out-of-fold forecast, and where they only memorise (train
 * accuracy ≥ 0.99, test accuracy below halfway from chance at the budget). The plane is the phase
 * diagram's (the two most varied knobs), binned into at most {@value #BINS} ranges per axis for sampled
 * (Sobol, random) corpora.
 */
public final class PhenomenaSection implements ReportSection {
    static final int BINS = 6;
    static final CurveProperty GROKKING = CurveProperty.parse("grokking", "report");
    static final CurveProperty MEMORISATION = CurveProperty.parse("memorisation", "report");

    @Override public String id() { return "phenomena"; }

    @Override public String title() { return "Phenomena: grokking and memorisation"; }

    @Override
    public void write(ReportContext ctx, HtmlReport report) {
        report.section(id(), title());
        List<StoredRun> all = ctx.finishedRuns();
        if (all.isEmpty()) {
            report.paragraph("No finished runs yet.");
            return;
        }
        Map<String, List<StoredRun>> tasks = CorpusSection.byTask(all);
        Map.Entry<String, List<StoredRun>> top = tasks.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow();
        List<StoredRun> runs = top.getValue();
        PropertyLabels grok = PropertyLabels.load(ctx.store(), GROKKING, runs);
        PropertyLabels mem = PropertyLabels.load(ctx.store(), MEMORISATION, runs);
        long budget = PhaseDiagramSection.commonBudget(runs);
        int groks = 0, fast = 0, memorisers = 0, censored = 0, other = 0;
        for (StoredRun r : runs) {
            CurveLabel g = grok.label(r.id()), m = mem.label(r.id());
            Boolean gb = g.within(budget), mb = m.within(budget);
            if (gb == null || mb == null) censored++;
            else if (gb) groks++;
            else if (g.tGen() != null) fast++;
            else if (mb) memorisers++;
            else other++;
        }
        report.paragraph(String.format(Locale.ROOT, "%s, %d runs at %d steps, read off their curves: %d grok (%s), %d generalise without grokking "
                        + "(test before %s × t_mem), %d memorise (%s), %d neither; %d censored (their curves end before %d steps — runs stop at the "
                        + "confirmation of the property they were trained for; `farm run --to-budget` trains them on).", top.getKey(), runs.size(), budget,
                groks, GROKKING.key(), fast, Fmt.num(((CurveProperty.Grokking) GROKKING).k()), memorisers, MEMORISATION.key(), other, censored, budget));
        List<String> ax = PhaseDiagramSection.chooseAxes(runs);
        if (ax == null) {
            report.paragraph("The runs vary fewer than two knobs, so there is no plane to draw.");
            return;
        }
        Axis x = Axis.of(runs, ax.get(0)), y = Axis.of(runs, ax.get(1));
        if (x.labels.size() < 2 || y.labels.size() < 2) {
            report.paragraph(ax.get(0) + " or " + ax.get(1) + " takes a single value among the runs: no plane to draw.");
            return;
        }
        Map<Long, Double> oof = DelayRatioModel.outOfFold(grok.records(), Seeds.DEFAULT_MASTER);
        int nx = x.labels.size(), ny = y.labels.size();
        List<List<Double>> obs = new ArrayList<>(), fc = new ArrayList<>();
        for (int i = 0; i < nx * ny; i++) {
            obs.add(new ArrayList<>());
            fc.add(new ArrayList<>());
        }
        double[][] memFrac = new double[ny][nx];
        int[][] memN = new int[ny][nx];
        for (StoredRun r : runs) {
            int i = x.index(r), j = y.index(r);
            CurveLabel g = grok.label(r.id());
            if (g.delayRatio() != null && oof.containsKey(r.id())) {
                obs.get(j * nx + i).add(g.delayRatio());
                fc.get(j * nx + i).add(oof.get(r.id()));
            }
            Boolean mb = mem.label(r.id()).within(budget);
            if (mb != null) {
                memFrac[j][i] += mb ? 1 : 0;
                memN[j][i]++;
            }
        }
        double[][] o = new double[ny][nx], f = new double[ny][nx];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                o[j][i] = log2(median(obs.get(j * nx + i)));
                f[j][i] = log2(median(fc.get(j * nx + i)));
                memFrac[j][i] = memN[j][i] == 0 ? Double.NaN : memFrac[j][i] / memN[j][i];
            }
        }
        int w = Math.max(420, 90 + 60 * nx), h = Math.max(320, 90 + 45 * ny);
        if (oof.isEmpty()) {
            report.paragraph("Fewer than " + DelayRatioModel.MIN_RUNS + " runs generalised within their curves: no delay ratio to draw.");
        } else {
            report.row(() -> {
                report.figure("phenomena-ratio-observed", Charts.heatmap("delay ratio observed", ax.get(0), x.labels, ax.get(1), y.labels, o, w, h, 1, 6, "log2 t_gen / t_mem"),
                        "Median observed delay ratio t_gen / t_mem per cell (log2 scale: 2 → ratio 4, 5 → 32), over the runs that generalised within their curves (grey: none did).");
                report.figure("phenomena-ratio-forecast", Charts.heatmap("delay ratio forecast", ax.get(0), x.labels, ax.get(1), y.labels, f, w, h, 1, 6, "log2 t_gen / t_mem"),
                        "The same runs' out-of-fold forecast (ridge on the config features, 5 folds over configs): each run forecast by a model that never saw its config.");
            });
        }
        report.figure("phenomena-memorisers", Charts.heatmap("memorisers at " + budget, ax.get(0), x.labels, ax.get(1), y.labels, memFrac, w, h, 0, 1, "fraction memorising"),
                "Fraction of runs that memorise at " + budget + " steps (train accuracy ≥ 0.99, test accuracy below chance + 0.5·(1 − chance)); "
                        + "censored runs left out (grey: no run decided).");
    }

    private static double log2(double v) { return Double.isNaN(v) ? Double.NaN : Math.log(v) / Math.log(2); }

    private static double median(List<Double> v) {
        if (v.isEmpty()) return Double.NaN;
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** An axis of the plane: its distinct values, or equal-count bins of them when there are more than {@link #BINS}. */
    record Axis(String field, List<String> labels, double[] edges, List<Object> values) {
        static Axis of(List<StoredRun> runs, String field) {
            List<Object> vals = runs.stream().map(r -> RunField.value(r, field, "report")).distinct().toList();
            boolean numeric = vals.stream().allMatch(v -> v instanceof Double);
            if (!numeric || vals.size() <= BINS) {
                List<Object> sorted = new ArrayList<>(vals);
                sorted.sort((a, b) -> a instanceof Double p && b instanceof Double q ? Double.compare(p, q) : String.valueOf(a).compareTo(String.valueOf(b)));
                return new Axis(field, sorted.stream().map(v -> v instanceof Double d ? Fmt.num(d) : String.valueOf(v)).toList(), null, sorted);
            }
            double[] s = vals.stream().mapToDouble(v -> (Double) v).sorted().toArray();
            double[] edges = new double[BINS + 1];
            for (int k = 0; k <= BINS; k++) edges[k] = s[Math.min(s.length - 1, (int) Math.round((double) k * (s.length - 1) / BINS))];
            List<String> labels = new ArrayList<>();
            for (int k = 0; k < BINS; k++) labels.add(Fmt.num(edges[k]) + "–" + Fmt.num(edges[k + 1]));
            return new Axis(field, labels, edges, null);
        }

        int index(StoredRun r) {
            Object v = RunField.value(r, field, "report");
            if (edges == null) return values.indexOf(v);
            double d = (Double) v;
            int k = Arrays.binarySearch(edges, d);
            int bin = k >= 0 ? k - (k == BINS ? 1 : 0) : -k - 2;
            return Math.max(0, Math.min(BINS - 1, bin));
        }
    }
}
