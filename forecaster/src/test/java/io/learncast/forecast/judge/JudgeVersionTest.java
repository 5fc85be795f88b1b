package io.learncast.forecast.judge;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The judge's feature treatment is versioned (seventh session): a judge fitted before NaN imputation (version 1) judges
 * exactly as it did, and a new one (version 2) never hands a NaN to its trees.
 *
 * <p>{@code judge/judge-v1.zip} is a registry artifact written by the code before the change (commit 90c157c, the
 * generator is {@code judge/judge-v1-generator.java.txt}): a judge fitted with small boosting parameters on 20 configs of the
 * sixth session's p = 47 corpus. {@code judge/judge-v1-predictions.csv} holds 65 of its rows' feature vectors (real, NaN
 * where a feature did not exist yet, as that code computed them) and that code's predictions for them.
 */
class JudgeVersionTest {

    private record Csv(List<String> names, List<double[]> rows) {}

    private static Csv csv() throws IOException { return csv("/judge/judge-v1-predictions.csv"); }

    private static Csv csv(String resource) throws IOException {
        try (InputStream in = JudgeVersionTest.class.getResourceAsStream(resource)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
            List<String> names = List.of(lines.get(0).split(","));
            List<double[]> rows = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) rows.add(Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray());
            return new Csv(names, rows);
        }
    }

    /** A registry artifact kept as a test resource, read as the registry reads it. */
    private static JudgeRegistry.Stored stored(String resource) throws IOException {
        try (InputStream in = JudgeVersionTest.class.getResourceAsStream(resource)) {
            return JudgeRegistry.read(in.readAllBytes());
        }
    }

    /** A full feature vector of this code from a CSV row: the old code's columns by name, NaN for features added since. */
    private static double[] full(Csv c, double[] row) {
        double[] x = new double[JudgeFeatures.ALL.size()];
        Arrays.fill(x, Double.NaN);
        for (int j = 0; j < c.names().size() - 5; j++) x[JudgeFeatures.ALL.indexOf(c.names().get(j))] = row[j];
        return x;
    }

    @Test
    void aJudgeRegisteredBeforeVersionsJudgesExactlyAsItDid() throws IOException {
        JudgeRegistry.Stored s = stored("/judge/judge-v1.zip");
        assertEquals(1, s.report().formatVersion());
        assertEquals(1, s.full().version(), "serialised without the field: version 1");
        assertEquals(1, s.weights().version());
        assertFalse(s.full().features().contains("memorised"), "an old judge reads its own feature list");
        assertEquals(NestedChoice.MEAN, s.full().headNow(), "no choice recorded: the mean, as before");
        assertEquals(NestedChoice.MEAN, s.full().headWithin());
        assertNull(s.full().paramsNow());
        assertEquals(Alternatives.CLASSIFIER, s.weights().headNow(), "the weights-only judge has no regression");
        Csv c = csv();
        int n = c.names().size();
        int since = c.names().indexOf("evals_since_memorised");
        int nan = 0;
        for (double[] row : c.rows()) {
            double[] x = full(c, row);
            if (Double.isNaN(row[since])) nan++;
            assertEquals(row[n - 5], s.full().pNow(x), 0.0);
            assertEquals(row[n - 4], s.full().pWithin(x), 0.0);
            assertEquals(row[n - 3], s.weights().pNow(x), 0.0);
            assertEquals(row[n - 2], s.weights().pWithin(x), 0.0);
            assertEquals(row[n - 1], s.full().judge(x, 3).predictedTestAcc(), 0.0);
        }
        assertTrue(nan >= 10, "rows before memorisation, where the old judge's trees read NaN: " + nan);
    }

    /**
     * Ninth session: format 3 records the head and the boosting hyperparameters chosen per target for the registered judge. A judge
     * of format 2 ({@code judge/judge-v2.zip}, written by the code before the change — commit 96ebe71, generator
     * {@code judge/judge-v2-generator.java.txt} — on the same 20 configs) records none and judges exactly as it did: the mean of its
     * classifier and its regression, NaN imputed (version 2).
     */
    @Test
    void aJudgeRegisteredBeforeTheChoiceJudgesExactlyAsItDid() throws IOException {
        JudgeRegistry.Stored s = stored("/judge/judge-v2.zip");
        assertEquals(2, s.report().formatVersion());
        assertNull(s.report().registered(), "no choice in a report of format 2");
        assertEquals(2, s.full().version());
        assertEquals(NestedChoice.MEAN, s.full().headNow(), "no choice recorded: the mean, as before");
        assertEquals(NestedChoice.MEAN, s.full().headWithin());
        assertNull(s.full().paramsNow());
        assertNull(s.full().paramsWithin());
        Csv c = csv("/judge/judge-v2-predictions.csv");
        int n = c.names().size();
        for (double[] row : c.rows()) {
            double[] x = full(c, row);
            assertEquals(row[n - 5], s.full().pNow(x), 0.0);
            assertEquals(row[n - 4], s.full().pWithin(x), 0.0);
            assertEquals(row[n - 3], s.weights().pNow(x), 0.0);
            assertEquals(row[n - 2], s.weights().pWithin(x), 0.0);
            Judgement j = s.full().judge(x, 3);
            assertEquals(row[n - 1], j.predictedTestAcc(), 0.0);
            assertEquals(row[n - 5], j.pNow(), 0.0);
            assertEquals(NestedChoice.MEAN, j.headNow());
        }
        assertTrue(c.rows().size() >= 60, "rows: " + c.rows().size());
        assertTrue(JudgeFitter.FORMAT_VERSION > 2, "a learncast of format 2 would read a chosen judge as the mean of its heads: it must refuse it");
    }

    @Test
    void aNewJudgeReadsAMissingFeatureAsItsImputedValue() throws IOException {
        Csv c = csv();
        int since = JudgeFeatures.ALL.indexOf("evals_since_memorised");
        int logNorm = JudgeFeatures.ALL.indexOf("log_w_norm_since_memorised");
        int memorised = JudgeFeatures.ALL.indexOf("memorised");
        List<JudgeRows.Row> rows = new ArrayList<>();
        for (double[] row : c.rows()) {
            double[] x = full(c, row);
            x[memorised] = Double.isNaN(x[since]) ? 0 : 1;
            rows.add(new JudgeRows.Row(null, 0, 0, x, x[JudgeFeatures.ALL.indexOf("train_acc")] >= 0.99 ? 1 : 0, 0, 0, 0, 0));
        }
        JudgeRows jr = new JudgeRows(rows, 500);
        int[] all = java.util.stream.IntStream.range(0, rows.size()).toArray();
        JudgeModel m = JudgeModel.fit(jr, all, JudgeFeatures.Set.FULL, new JudgeModel.Params(20, 20, 4, 5, 0.1, 1.0), 3);
        assertEquals(JudgeModel.VERSION, m.version());
        assertTrue(JudgeFitter.FORMAT_VERSION >= 2, "an older learncast refuses the new judges instead of passing them NaN");
        assertTrue(m.features().contains("memorised"));
        int tested = 0;
        for (JudgeRows.Row r : rows) {
            double[] x = r.x();
            if (!Double.isNaN(x[since])) continue;
            double[] y = x.clone();
            y[since] = 0;
            y[logNorm] = 0;
            for (int j = 0; j < y.length; j++) if (Double.isNaN(y[j])) y[j] = JudgeFeatures.MISSING;
            assertEquals(m.pNow(y), m.pNow(x), 0.0, "NaN before memorisation reads as 0 (with memorised = 0), other NaN as the sentinel");
            tested++;
        }
        assertTrue(tested >= 10);
        // the imputation is what the trees were fitted on: no NaN reaches them, at fitting or judging
        for (JudgeRows.Row r : rows) {
            double[] p = JudgeModel.project(r.x(), JudgeFeatures.columns(m.features()));
            assertTrue(Arrays.stream(p).noneMatch(Double::isNaN));
        }
    }

    /**
     * Smile's regression trees mishandle NaN (a column with NaN sorts inconsistently with the split counts; an internal
     * assertion fails under {@code -ea}, as here): on these 65 real rows the regression head of a version-1 judge cannot be
     * fitted with assertions on, the version-2 judge's can — its trees never see a NaN.
     */
    @Test
    void aNewJudgesRegressionFitsOnRealRowsWithMissingFeaturesUnderAssertions() throws IOException {
        boolean ea = false;
        assert ea = true;
        assertTrue(ea, "surefire runs with assertions on");
        Csv c = csv();
        List<String> names = JudgeFeatures.names(JudgeFeatures.Set.FULL);
        int[] cols = JudgeFeatures.columns(names);
        List<double[]> full = c.rows().stream().map(r -> full(c, r)).toList();
        double[][] imputed = full.stream().map(x -> JudgeModel.project(x, cols)).toArray(double[][]::new);
        double[][] raw = full.stream().map(x -> Arrays.stream(cols).mapToDouble(j -> x[j]).toArray()).toArray(double[][]::new);
        // a stand-in target and label (the CSV has no test accuracy): what matters is the features the trees split
        double[] z = full.stream().mapToDouble(x -> x[JudgeFeatures.ALL.indexOf("log_train_loss")]).toArray();
        int[] y = full.stream().mapToInt(x -> x[JudgeFeatures.ALL.indexOf("train_acc")] >= 0.99 ? 1 : 0).toArray();
        String[] g = java.util.stream.IntStream.range(0, z.length).mapToObj(i -> "config-" + i % 7).toArray(String[]::new);
        JudgeModel.Params p = new JudgeModel.Params(50, 20, 4, 5, 0.1, 0.7);
        AccuracyHead h = AccuracyHead.fit(imputed, z, y, g, names, p, 3);
        assertTrue(Arrays.stream(imputed).mapToDouble(h::z).distinct().count() > 5, "a fitted regression, not a constant");
        Throwable t = assertThrows(Throwable.class, () -> AccuracyHead.fit(raw, z, y, g, names, p, 3), "NaN as a version-1 judge passed them");
        assertTrue(t instanceof AssertionError || t.getCause() instanceof AssertionError, t.toString());
    }

    @Test
    void theMemorisedIndicatorIsImputedNowhereAndTheCountsAreZeroBeforeIt() {
        int since = JudgeFeatures.ALL.indexOf("evals_since_memorised");
        int logNorm = JudgeFeatures.ALL.indexOf("log_w_norm_since_memorised");
        assertEquals(0, JudgeFeatures.imputed(Double.NaN, since));
        assertEquals(0, JudgeFeatures.imputed(Double.NaN, logNorm));
        assertEquals(JudgeFeatures.MISSING, JudgeFeatures.imputed(Double.NaN, JudgeFeatures.ALL.indexOf("embed_topk_share")));
        assertEquals(0.25, JudgeFeatures.imputed(0.25, JudgeFeatures.ALL.indexOf("embed_topk_share")));
    }
}
