package io.learncast.eval.report;

import io.learncast.farm.store.GrowRound;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.grow.GrowSummary;
import io.learncast.forecast.model.FittedForecaster;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * "Growing the corpus": per grow campaign, how the forecaster's cross-validated AUC and Brier score grew
 * with the corpus round by round (and how the forecasts made before training fared), and, for the most
 * recent campaign, where its runs landed on the phase diagram of its first two numeric axes — over the
 * active forecaster's P(learned within the largest budget) when one is fitted.
 */
public final class GrowSection implements ReportSection {
    private static final int GRID = 36;

    @Override public String id() { return "grow"; }

    @Override public String title() { return "Growing the corpus"; }

    @Override
    public void write(ReportContext context, HtmlReport report) {
        report.section(id(), title());
        List<GrowRound> all = context.store().growRounds().all();
        if (all.isEmpty()) {
            report.paragraph("No grow rounds yet: run learncast grow --space SPEC --rounds R --batch B to let the forecaster choose which configs to train next.");
            return;
        }
        Map<String, List<GrowRound>> byCampaign = new LinkedHashMap<>();
        for (GrowRound r : all) byCampaign.computeIfAbsent(r.campaign(), k -> new ArrayList<>()).add(r);
        Map<Long, StoredRun> runs = new HashMap<>();
        for (StoredRun r : context.finishedRuns()) runs.put(r.id(), r);
        report.paragraph("Each round proposes configs, records their forecasts in the ledger before training, trains them and refits the forecaster. "
                + "\"Before training\" scores those prospective forecasts on the round's own runs (an uncertainty round picks configs near P = 0.5, so "
                + "its Brier score there is high by design); CV scores are the refitted forecaster's grouped cross-validation on the whole corpus.");
        List<Charts.Series> auc = new ArrayList<>(), brier = new ArrayList<>();
        for (Map.Entry<String, List<GrowRound>> e : byCampaign.entrySet()) {
            List<List<String>> rows = new ArrayList<>();
            List<double[]> curve = new ArrayList<>();
            for (GrowRound r : e.getValue()) {
                GrowSummary s = GrowSummary.of(r);
                GrowSummary.Prospective pro = s.prospective();
                GrowSummary.Refit fit = s.refit();
                rows.add(List.of(String.valueOf(r.round()), r.strategy() + (s.seeded() ? " (seed batch)" : ""), r.state().toLowerCase(Locale.ROOT),
                        String.valueOf(r.runIds().size()), str(s.runsLearned()),
                        pro == null ? "—" : fmt(pro.meanP(), "%.2f"), pro == null ? "—" : fmt(pro.brier(), "%.3f"),
                        str(s.corpusRuns()), fit == null ? "—" : fmt(fit.cvAuc(), "%.3f"), fit == null ? "—" : fmt(fit.cvBrier(), "%.4f"),
                        r.modelId() == null ? "—" : "#" + r.modelId()));
                if (fit != null && s.corpusRuns() != null) curve.add(new double[] {s.corpusRuns(), fit.cvAuc(), fit.cvBrier()});
            }
            report.html("<h3>" + HtmlReport.esc(e.getKey()) + "</h3>");
            report.table(List.of("round", "strategy", "state", "runs", "learned", "mean P before training", "Brier before training", "corpus runs",
                    "CV AUC", "CV Brier", "model"), rows);
            if (!curve.isEmpty()) {
                auc.add(new Charts.Series(e.getKey(), curve.stream().mapToDouble(c -> c[0]).toArray(), curve.stream().mapToDouble(c -> c[1]).toArray()));
                brier.add(new Charts.Series(e.getKey(), curve.stream().mapToDouble(c -> c[0]).toArray(), curve.stream().mapToDouble(c -> c[2]).toArray()));
            }
        }
        if (!auc.isEmpty()) {
            report.row(() -> {
                report.figure("grow-auc", Charts.lines("Forecaster CV AUC as the corpus grew", "finished runs in the corpus", "AUC", auc, false, null, null, 560, 360),
                        "Grouped cross-validated AUC of the forecaster refitted after each round.");
                report.figure("grow-brier", Charts.lines("Forecaster CV Brier as the corpus grew", "finished runs in the corpus", "Brier", brier, false, null, null, 560, 360),
                        "Grouped cross-validated Brier score (lower is better).");
            });
        }
        GrowRound newest = all.stream().max(Comparator.comparingLong(GrowRound::id)).orElseThrow();
        phase(context, report, byCampaign.get(newest.campaign()), newest, runs);
    }

    /** The campaign's runs on its first two numeric axes: the newest round's runs stand out; the forecaster's P underneath. */
    private static void phase(ReportContext context, HtmlReport report, List<GrowRound> rounds, GrowRound newest, Map<Long, StoredRun> runs) {
        GrowSummary s0 = GrowSummary.of(rounds.get(0));
        List<String> axes = s0.axes();
        List<Boolean> logs = s0.axisLog();
        List<Integer> numeric = new ArrayList<>();
        for (int j = 0; j < axes.size(); j++) if (modifier(axes.get(j)) != null) numeric.add(j);
        numeric = strongest(context, rounds, newest, runs, numeric, axes);
        if (numeric.size() < 2) {
            report.paragraph("The phase diagram needs two numeric axes in the campaign's space; " + newest.campaign() + " has " + numeric.size() + ".");
            return;
        }
        int ix = numeric.get(0), iy = numeric.get(1);
        boolean lx = Boolean.TRUE.equals(logs.size() > ix ? logs.get(ix) : null), ly = Boolean.TRUE.equals(logs.size() > iy ? logs.get(iy) : null);
        String ax = axes.get(ix), ay = axes.get(iy);
        XYSeries oldYes = new XYSeries("earlier rounds: learned"), oldNo = new XYSeries("earlier rounds: not learned");
        XYSeries newYes = new XYSeries("round " + newest.round() + " (newest): learned"), newNo = new XYSeries("round " + newest.round() + " (newest): not learned");
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        StoredRun base = null;
        int pending = 0, stopped = 0;
        for (GrowRound r : rounds) {
            for (GrowSummary.Proposal p : GrowSummary.of(r).proposals()) {
                double x = tf(p.number(ix), lx), y = tf(p.number(iy), ly);
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                StoredRun run = runs.get(p.runId());
                boolean isNew = r.id() == newest.id();
                if (run == null) {
                    pending++;
                    continue;
                }
                Boolean label = Labels.learnedWithin(run, run.config().steps());
                if (label == null) { // stopped early by the verdict: unknown, not "not learned"
                    stopped++;
                    continue;
                }
                if (isNew && base == null) base = run;
                boolean learned = label;
                (isNew ? (learned ? newYes : newNo) : (learned ? oldYes : oldNo)).add(x, y);
            }
        }
        if (!Double.isFinite(minX) || oldYes.getItemCount() + oldNo.getItemCount() + newYes.getItemCount() + newNo.getItemCount() == 0) {
            report.paragraph("No run of campaign " + newest.campaign() + " has finished yet.");
            return;
        }
        XYSeriesCollection points = new XYSeriesCollection();
        for (XYSeries s : List.of(oldYes, oldNo, newYes, newNo)) points.addSeries(s);
        // learned: filled; not learned: hollow; the newest round: larger red squares
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setUseFillPaint(true);
        dots.setDrawOutlines(true);
        dots.setUseOutlinePaint(true);
        Color[] edge = {Color.BLACK, Color.BLACK, new Color(0xd62728), new Color(0xd62728)};
        Color[] fill = {Color.BLACK, Color.WHITE, new Color(0xd62728), Color.WHITE};
        for (int i = 0; i < 4; i++) {
            dots.setSeriesPaint(i, fill[i]);
            dots.setSeriesFillPaint(i, fill[i]);
            dots.setSeriesOutlinePaint(i, edge[i]);
            dots.setSeriesOutlineStroke(i, new java.awt.BasicStroke(i < 2 ? 1f : 1.5f));
            double r = i < 2 ? 6 : 9;
            dots.setSeriesShape(i, i < 2 ? new Ellipse2D.Double(-r / 2, -r / 2, r, r) : new Rectangle2D.Double(-r / 2, -r / 2, r, r));
        }
        NumberAxis xAxis = new NumberAxis(lx ? "log10 " + ax : ax), yAxis = new NumberAxis(ly ? "log10 " + ay : ay);
        xAxis.setAutoRangeIncludesZero(false);
        yAxis.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(points, xAxis, yAxis, dots);
        plot.setBackgroundPaint(Color.WHITE);
        String caption = "Runs of campaign " + newest.campaign() + " by " + ax + " and " + ay + " (learned within the largest budget: filled; not: hollow); "
                + "squares: the newest round." + (pending > 0 ? " " + pending + " runs not finished yet are left out." : "")
                + (stopped > 0 ? " " + stopped + " runs stopped early by the verdict are left out (whether they would have learned is unknown)." : "");
        FittedForecaster f = context.forecaster().map(l -> l.forecaster()).orElse(null);
        if (f != null && base != null && maxX > minX && maxY > minY) {
            // the forecaster's P over the two axes, the other knobs held at the newest round's first run
            Knobs k0 = Knobs.of(base.config());
            long budget = base.config().steps();
            double dx = (maxX - minX) / (GRID - 1), dy = (maxY - minY) / (GRID - 1);
            double[] xs = new double[GRID * GRID], ys = new double[GRID * GRID], zs = new double[GRID * GRID];
            int n = 0;
            for (int i = 0; i < GRID; i++) {
                for (int j = 0; j < GRID; j++) {
                    double x = minX + i * dx, y = minY + j * dy;
                    Knobs k = modifier(ay).apply(modifier(ax).apply(k0, inv(x, lx)), inv(y, ly));
                    xs[n] = x;
                    ys[n] = y;
                    zs[n++] = f.probability(k, budget);
                }
            }
            DefaultXYZDataset z = new DefaultXYZDataset();
            z.addSeries("P", new double[][] {xs, ys, zs});
            XYBlockRenderer blocks = new XYBlockRenderer();
            blocks.setBlockWidth(dx);
            blocks.setBlockHeight(dy);
            LookupPaintScale scale = new LookupPaintScale(0, 1.0001, Color.WHITE);
            for (int i = 0; i <= 10; i++) {
                float t = i / 10f;
                scale.add(t, new Color(1 - 0.7f * t, 1 - 0.5f * t, 1 - 0.15f * t));
            }
            blocks.setPaintScale(scale);
            blocks.setDefaultSeriesVisibleInLegend(false);
            plot.setDataset(1, z);
            plot.setRenderer(1, blocks);
            // the shading under the runs
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
            caption += " Shading from white (P = 0) to blue (P = 1): the active forecaster's P(learned within " + budget + " steps) with the other knobs as in " + base.config().describe() + ".";
        }
        JFreeChart chart = new JFreeChart("Where the runs landed", new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        report.figure("grow-phase", Charts.png(chart, 720, 520), caption);
    }

    /**
     * The two numeric axes along which the active forecaster's P (at the newest round's first finished run,
     * largest budget) moves most between the lowest and highest value the campaign tried; without a
     * forecaster, the first two.
     */
    private static List<Integer> strongest(ReportContext context, List<GrowRound> rounds, GrowRound newest, Map<Long, StoredRun> runs,
                                           List<Integer> numeric, List<String> axes) {
        FittedForecaster f = context.forecaster().map(l -> l.forecaster()).orElse(null);
        if (f == null || numeric.size() <= 2) return numeric.subList(0, Math.min(2, numeric.size()));
        StoredRun base = null;
        Map<Integer, double[]> range = new HashMap<>();
        for (GrowRound r : rounds) {
            for (GrowSummary.Proposal p : GrowSummary.of(r).proposals()) {
                for (int j : numeric) {
                    double v = p.number(j);
                    double[] mm = range.computeIfAbsent(j, k -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
                    mm[0] = Math.min(mm[0], v);
                    mm[1] = Math.max(mm[1], v);
                }
                StoredRun run = runs.get(p.runId());
                if (run != null && r.id() == newest.id() && base == null) base = run;
            }
        }
        if (base == null) return numeric.subList(0, 2);
        Knobs k0 = Knobs.of(base.config());
        long budget = base.config().steps();
        List<Integer> order = new ArrayList<>(numeric);
        Map<Integer, Double> effect = new HashMap<>();
        for (int j : numeric) {
            BiFunction<Knobs, Double, Knobs> m = modifier(axes.get(j));
            double[] mm = range.get(j);
            effect.put(j, mm == null ? 0 : Math.abs(f.probability(m.apply(k0, mm[1]), budget) - f.probability(m.apply(k0, mm[0]), budget)));
        }
        order.sort(Comparator.comparingDouble((Integer j) -> -effect.get(j)));
        return order.subList(0, 2);
    }

    private static double tf(double v, boolean log) { return log ? Math.log10(v) : v; }

    private static double inv(double v, boolean log) { return log ? Math.pow(10, v) : v; }

    /** How an axis of a space changes a config's knobs (null for axes that are names, not numbers). */
    /** How an axis of the grow plot changes a config: a numeric catalogue knob (integers rounded), or the training-set size. */
    static BiFunction<Knobs, Double, Knobs> modifier(String axis) {
        if (axis.equals(KnobCatalogue.N_TRAIN.key())) return (k, v) -> k.withNTrain(Math.max(1, Math.round(v)));
        if (axis.equals(KnobCatalogue.TRAIN_FRAC.key())) return (k, v) -> k.withNTrain(Math.max(1, Math.round(v * Math.max(1, k.universe()))));
        Knob<?> knob = KnobCatalogue.byKey(axis).filter(Knob::numeric).filter(x -> x.group() != Knob.Group.BUDGET && x.group() != Knob.Group.PROPERTY).orElse(null);
        if (knob == null) return null;
        return (k, v) -> k.withRaw(knob, switch (knob.type()) {
            case INT -> (int) Math.max(knob.fullMeansZero() ? 0 : 1, Math.round(v));
            case LONG -> Math.max(1L, Math.round(v));
            default -> v;
        });
    }

    private static String str(Object o) { return o == null ? "—" : String.valueOf(o); }

    private static String fmt(Object o, String f) { return o instanceof Number n ? String.format(Locale.ROOT, f, n.doubleValue()) : "—"; }
}
