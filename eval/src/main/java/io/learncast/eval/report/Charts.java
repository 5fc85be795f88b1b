package io.learncast.eval.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's figures, rendered with JFreeChart to PNG bytes. */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private Charts() {}

    /** An x/y series for line charts. */
    public record Series(String name, double[] x, double[] y, boolean dashed) {
        public Series(String name, double[] x, double[] y) { this(name, x, y, false); }
    }

    /**
     * A phase diagram: {@code values[row][col]} in [0, 1] (NaN = no data) over categorical axes,
     * coloured from "not learned" (white) to "learned" (dark blue).
     */
    public static byte[] heatmap(String title, String xLabel, List<String> xTicks, String yLabel, List<String> yTicks, double[][] values,
                                 int width, int height) {
        return heatmap(title, xLabel, xTicks, yLabel, yTicks, values, width, height, 0, 1, "P(learned)");
    }

    /** The same on the scale [{@code min}, {@code max}] (values outside are clamped), with {@code legendLabel} on the legend. */
    public static byte[] heatmap(String title, String xLabel, List<String> xTicks, String yLabel, List<String> yTicks, double[][] values,
                                 int width, int height, double min, double max, String legendLabel) {
        int nx = xTicks.size(), ny = yTicks.size();
        double[] xs = new double[nx * ny], ys = new double[nx * ny], zs = new double[nx * ny];
        int k = 0;
        for (int r = 0; r < ny; r++) {
            for (int c = 0; c < nx; c++) {
                xs[k] = c;
                ys[k] = r;
                double v = values[r][c];
                zs[k] = Double.isNaN(v) ? Double.NaN : (Math.max(min, Math.min(max, v)) - min) / (max - min);
                k++;
            }
        }
        DefaultXYZDataset ds = new DefaultXYZDataset();
        ds.addSeries("p", new double[][] {xs, ys, zs});
        SymbolAxis xAxis = new SymbolAxis(xLabel, xTicks.toArray(String[]::new));
        SymbolAxis yAxis = new SymbolAxis(yLabel, yTicks.toArray(String[]::new));
        xAxis.setGridBandsVisible(false);
        yAxis.setGridBandsVisible(false);
        XYBlockRenderer renderer = new XYBlockRenderer();
        LookupPaintScale scale = new LookupPaintScale(0, 1.0001, new Color(0xeeeeee));
        for (int i = 0; i <= 10; i++) {
            float t = i / 10f;
            scale.add(t, new Color(1 - 0.85f * t, 1 - 0.65f * t, 1 - 0.25f * t));
        }
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(ds, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(new Color(0xeeeeee));
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
        NumberAxis legendAxis = new NumberAxis(legendLabel);
        legendAxis.setRange(min, max);
        LookupPaintScale shown = new LookupPaintScale(min, max + (max - min) * 1e-4, new Color(0xeeeeee));
        for (int i = 0; i <= 10; i++) {
            float t = i / 10f;
            shown.add(min + t * (max - min), new Color(1 - 0.85f * t, 1 - 0.65f * t, 1 - 0.25f * t));
        }
        PaintScaleLegend legend = new PaintScaleLegend(shown, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(5, 5, 5, 5));
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        return png(chart, width, height);
    }

    /** A line chart of several series; {@code logX} for budgets or run counts on a log scale. */
    public static byte[] lines(String title, String xLabel, String yLabel, List<Series> series, boolean logX, Double yMin, Double yMax,
                               int width, int height) {
        XYSeriesCollection ds = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.x().length; i++) if (Double.isFinite(s.y()[i]) && (!logX || s.x()[i] > 0)) xy.add(s.x()[i], s.y()[i]);
            ds.addSeries(xy);
        }
        org.jfree.chart.axis.ValueAxis x;
        if (logX) {
            x = new org.jfree.chart.axis.LogAxis(xLabel);
        } else {
            NumberAxis nx = new NumberAxis(xLabel);
            nx.setAutoRangeIncludesZero(false);
            x = nx;
        }
        NumberAxis y = new NumberAxis(yLabel);
        if (yMin != null && yMax != null) y.setRange(yMin, yMax);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, series.get(i).dashed()
                    ? new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(ds, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(title, TITLE, plot, series.size() > 1);
        chart.setBackgroundPaint(Color.WHITE);
        return png(chart, width, height);
    }

    /** Reliability diagram: observed frequency against forecast probability per bin, with the diagonal. */
    public static byte[] calibration(String title, double[] meanForecast, double[] observed, int width, int height) {
        Series diag = new Series("perfect calibration", new double[] {0, 1}, new double[] {0, 1}, true);
        Series model = new Series("forecaster", meanForecast, observed);
        return lines(title, "forecast P(learned)", "observed fraction learned", List.of(model, diag), false, 0.0, 1.0, width, height);
    }

    /** Horizontal bars, e.g. feature importance (largest first as given). */
    public static byte[] bars(String title, String valueLabel, Map<String, Double> values, int width, int height) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (Map.Entry<String, Double> e : new LinkedHashMap<>(values).entrySet()) ds.addValue(e.getValue(), valueLabel, e.getKey());
        JFreeChart chart = org.jfree.chart.ChartFactory.createBarChart(title, null, valueLabel, ds, PlotOrientation.HORIZONTAL, false, false, false);
        chart.getTitle().setFont(TITLE);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().getRenderer().setSeriesPaint(0, PALETTE[0]);
        ((org.jfree.chart.renderer.category.BarRenderer) chart.getCategoryPlot().getRenderer()).setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        return png(chart, width, height);
    }

    static byte[] png(JFreeChart chart, int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(out, chart, width, height);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
