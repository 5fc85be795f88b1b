package io.learncast.forecast.artifact;

import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.Forecast;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** A forecaster survives the trip through its artifact bytes, and the fit is deterministic. */
class ArtifactsTest {

    static FittedForecaster fit(long corpusSeed) {
        FeatureTable t = FeatureTable.fromRecords(SyntheticCorpus.generate(120, 2, corpusSeed), FeatureTable.Options.defaults());
        return ForecasterFitter.fit(t, ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK).withFolds(3).withRounds(40).withDraws(10));
    }

    @Test
    void roundTripGivesTheSameForecasts() {
        FittedForecaster f = fit(4);
        byte[] bytes = Artifacts.write(f);
        assertEquals(Artifacts.FORMAT_VERSION, Artifacts.formatVersion(bytes));
        FittedForecaster g = Artifacts.read(bytes);
        assertEquals(f.report().corpusHash(), g.report().corpusHash());
        assertEquals(f.report().chosen(), g.report().chosen());
        Random r = new Random(2);
        for (int i = 0; i < 30; i++) {
            RunConfig c = SyntheticCorpus.randomConfig(r);
            Forecast a = f.predict(c, c.steps()), b = g.predict(c, c.steps());
            assertEquals(a, b);
        }
        assertArrayEquals(bytes, Artifacts.write(g), "reading and writing again gives the same bytes");
    }

    @Test
    void fittingIsDeterministic() {
        FittedForecaster a = fit(6), b = fit(6);
        Random r = new Random(3);
        for (int i = 0; i < 30; i++) {
            RunConfig c = SyntheticCorpus.randomConfig(r);
            assertEquals(a.probability(c, c.steps()), b.probability(c, c.steps()), 0);
        }
        assertEquals(a.report().candidates(), b.report().candidates().stream().map(cs -> new io.learncast.forecast.model.FitReport.CandidateScore(
                cs.name(), cs.family(), cs.metrics(), a.report().candidates().get(b.report().candidates().indexOf(cs)).seconds())).toList());
    }

    /** A forecaster whose probabilities come from a Smile tree model (kept in the artifact's Java-serialised part). */
    static FittedForecaster fitTrees(io.learncast.forecast.model.Candidate trees) {
        FeatureTable t = FeatureTable.fromRecords(SyntheticCorpus.generate(120, 2, 5), FeatureTable.Options.defaults());
        return ForecasterFitter.fit(t, ForecasterFitter.Options.defaults().withCandidates(java.util.List.of(trees)).withFolds(3).withDraws(10));
    }

    @Test
    void smileTreeModelsPassTheAllowList() {
        for (io.learncast.forecast.model.Candidate c : java.util.List.of(
                new io.learncast.forecast.model.Candidate.Boost(new io.learncast.forecast.model.TreeModel.BoostParams(30, 20, 8, 5, 0.1, 0.7)),
                new io.learncast.forecast.model.Candidate.Forest(new io.learncast.forecast.model.TreeModel.ForestParams(20, 0, 20, 200, 2, 1.0)))) {
            FittedForecaster f = fitTrees(c);
            byte[] bytes = Artifacts.write(f);
            assertTrue(entries(bytes).containsKey("probability.ser"), c.name());
            FittedForecaster g = Artifacts.read(bytes);
            Random r = new Random(5);
            for (int i = 0; i < 10; i++) {
                RunConfig q = SyntheticCorpus.randomConfig(r);
                assertEquals(f.probability(q, q.steps()), g.probability(q, q.steps()), 0, c.name());
            }
        }
    }

    @Test
    void aStoredModelNamingAForeignClassIsRefusedUnread() throws java.io.IOException {
        byte[] good = Artifacts.write(fitTrees(new io.learncast.forecast.model.Candidate.Boost(new io.learncast.forecast.model.TreeModel.BoostParams(20, 20, 4, 5, 0.1, 0.7))));
        // the URLDNS probe in place of the trees: a HashMap keyed by a URL resolves its host while it is read
        java.util.Map<java.net.URL, String> probe = new java.util.HashMap<>();
        probe.put(new java.net.URL("http://probe.invalid/"), "x");
        java.io.ByteArrayOutputStream ser = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(ser)) {
            out.writeObject(probe);
        }
        java.util.Map<String, byte[]> files = entries(good);
        files.put("probability.ser", ser.toByteArray());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Artifacts.read(zip(files)));
        assertTrue(e.getMessage().contains("java.net.URL") && e.getMessage().contains("refused"), e.getMessage());
    }

    static java.util.Map<String, byte[]> entries(byte[] zip) {
        java.util.Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) out.put(e.getName(), in.readAllBytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    static byte[] zip(java.util.Map<String, byte[]> files) throws java.io.IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(b)) {
            for (var f : files.entrySet()) {
                z.putNextEntry(new java.util.zip.ZipEntry(f.getKey()));
                z.write(f.getValue());
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    @Test
    void garbageIsRefused() {
        assertThrows(IllegalStateException.class, () -> Artifacts.read(new byte[] {1, 2, 3}));
    }
}
