package io.learncast.eval.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap intervals that resample whole groups (a config's seeds and budgets), because
 * rows of one group are not independent: resampling rows would make intervals too narrow.
 */
public final class GroupBootstrap {
    private final int[][] groups; // row indices per group
    private final int resamples;
    private final long seed;

    public GroupBootstrap(String[] groupOfRow, int resamples, long seed) {
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < groupOfRow.length; i++) byGroup.computeIfAbsent(groupOfRow[i], k -> new ArrayList<>()).add(i);
        this.groups = byGroup.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        this.resamples = resamples;
        this.seed = seed;
    }

    public int groupCount() { return groups.length; }

    /** The metric on all rows, with the 2.5 % and 97.5 % percentiles over group resamples (NaN resamples skipped). */
    public Interval interval(ToDoubleFunction<int[]> metricOnRows) {
        int all = Arrays.stream(groups).mapToInt(g -> g.length).sum();
        int[] allRows = new int[all];
        int k = 0;
        for (int[] g : groups) for (int r : g) allRows[k++] = r;
        double point = metricOnRows.applyAsDouble(allRows);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] stats = new double[resamples];
        int m = 0;
        int[] buf = new int[all * 2];
        for (int b = 0; b < resamples; b++) {
            int len = 0;
            for (int i = 0; i < groups.length; i++) {
                int[] g = groups[rnd.nextInt(groups.length)];
                if (len + g.length > buf.length) buf = Arrays.copyOf(buf, 2 * (len + g.length));
                System.arraycopy(g, 0, buf, len, g.length);
                len += g.length;
            }
            double v = metricOnRows.applyAsDouble(Arrays.copyOf(buf, len));
            if (!Double.isNaN(v)) stats[m++] = v;
        }
        if (m < 10) return Interval.point(point);
        double[] s = Arrays.copyOf(stats, m);
        Arrays.sort(s);
        return new Interval(point, s[(int) Math.floor(0.025 * (m - 1))], s[(int) Math.ceil(0.975 * (m - 1))]);
    }

    /** Convenience: a metric of (p, y) restricted to the chosen rows. */
    public static ToDoubleFunction<int[]> on(double[] p, int[] y, java.util.function.BiFunction<double[], int[], Double> metric) {
        return rows -> {
            double[] ps = new double[rows.length];
            int[] ys = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                ps[i] = p[rows[i]];
                ys[i] = y[rows[i]];
            }
            return metric.apply(ps, ys);
        };
    }
}
