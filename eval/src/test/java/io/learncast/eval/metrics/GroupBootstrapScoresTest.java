package io.learncast.eval.metrics;

import io.learncast.forecast.validation.Metrics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fast five-score bootstrap gives the intervals the row-copying one gives, from the same group draws. */
class GroupBootstrapScoresTest {

    @Test
    void sameIntervalsAsCopyingTheRows() {
        Random r = new Random(4);
        int n = 3000;
        double[] p = new double[n];
        int[] y = new int[n];
        String[] g = new String[n];
        for (int i = 0; i < n; i++) {
            // coarse probabilities (many ties), outcomes that follow them, groups of 1–6 rows
            p[i] = Math.round(r.nextDouble() * 20) / 20.0;
            y[i] = r.nextDouble() < p[i] ? 1 : 0;
            g[i] = "g" + (i / (1 + i % 6));
        }
        GroupBootstrap boot = new GroupBootstrap(g, 300, 17);
        Interval[] fast = boot.scores(p, y);
        List<BiFunction<double[], int[], Double>> metrics = List.of(Metrics::auc, Metrics::brier, Metrics::logLoss, Metrics::accuracy,
                (pp, yy) -> Metrics.ece(pp, yy, 10));
        for (int j = 0; j < 5; j++) {
            Interval slow = boot.interval(GroupBootstrap.on(p, y, metrics.get(j)));
            assertEquals(slow.value(), fast[j].value(), 1e-12, "point " + j);
            assertEquals(slow.low(), fast[j].low(), 1e-9, "low " + j);
            assertEquals(slow.high(), fast[j].high(), 1e-9, "high " + j);
        }
    }
}
