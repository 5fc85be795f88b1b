package io.learncast.forecast.artifact;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.learncast.forecast.features.Features;
import io.learncast.forecast.model.Basis;
import io.learncast.forecast.model.BlendModel;
import io.learncast.forecast.model.BoostedCure;
import io.learncast.forecast.model.CureModel;
import io.learncast.forecast.model.FlatTrees;
import io.learncast.forecast.model.BoostedProbability;
import io.learncast.forecast.model.BudgetEnvelope;
import io.learncast.forecast.model.Calibration;
import io.learncast.forecast.model.Coverage;
import io.learncast.forecast.model.FitReport;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.LogisticModel;
import io.learncast.forecast.model.Neighbourhood;
import io.learncast.forecast.model.ProbabilityModel;
import io.learncast.forecast.model.TreeModel;
import io.learncast.forecast.model.Tempering;
import io.learncast.forecast.model.StepsCalibration;
import smile.classification.DataFrameClassifier;
import smile.data.type.StructType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes forecaster artifacts. An artifact is a ZIP:
 * <ul>
 *   <li>{@code manifest.json}: {@code {"format": "learncast-forecaster", "format_version": N, "report": …}};</li>
 *   <li>{@code model.json}: calibration, coverage, neighbours, references, the structured model (backbone
 *   coefficients and its boosted trees as arrays) with its parameter draws, which model answers
 *   probabilities, the tempering beyond the corpus, the steps interval's measured widening and the main-effects model P
 *   leans on beyond the corpus (all optional: absent in artifacts fitted before them, which
 *   forecast as they did);</li>
 *   <li>{@code probability.ser}: only when a Smile tree model answers probabilities, Java-serialised (Smile 3.1.1).</li>
 * </ul>
 * Every format version ever written stays readable: {@link #read} upgrades older documents in memory
 * (see {@link #upgrade}). Version history: 1 — first format; 2 — the structured model's design records the
 * trained range of each feature (squares and products stop bending beyond it; version-1 designs have no
 * ranges and extend unclipped, as they did).
 */
public final class Artifacts {
    private Artifacts() {}

    public static final String FORMAT = "learncast-forecaster";
    public static final int FORMAT_VERSION = 2;

    static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** The JSON form of the parts that are plain data. */
    record ModelDoc(List<String> configFeatures, List<String> rowFeatures, Calibration calibration, Coverage coverage, Neighbourhood neighbourhood,
                    Map<String, FittedForecaster.Reference> references, BoostedCure survival, List<double[]> draws,
                    String probabilityKind, LogisticModel logistic, long[] envelopeGrid, Double blendWeight,
                    Tempering tempering, StepsCalibration stepsCalibration,
                    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) BoostedCure trend) {}

    /** The Smile parts. */
    record Classifier(String name, DataFrameClassifier model, StructType schema, double constant) implements java.io.Serializable {}

    public static byte[] write(FittedForecaster f) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                ObjectNode manifest = JSON.createObjectNode();
                manifest.put("format", FORMAT);
                manifest.put("format_version", FORMAT_VERSION);
                manifest.set("report", JSON.valueToTree(f.report()));
                entry(zip, "manifest.json", JSON.writeValueAsBytes(manifest));
                BoostedCure s = f.survival();
                ProbabilityModel m = f.model();
                String kind;
                LogisticModel logistic = null;
                long[] grid = null;
                Classifier classifier = null;
                Double weight = null;
                if (m instanceof BlendModel blend && blend.members().size() == 2 && blend.members().get(0) instanceof BoostedProbability bp
                        && bp.model().equals(s) && blend.members().get(1) instanceof BudgetEnvelope env && env.inner() instanceof TreeModel tm) {
                    // the structured model blended with a Smile tree model
                    kind = "blend";
                    weight = blend.weights()[0];
                    grid = env.grid();
                    classifier = new Classifier(tm.name(), tm.smile(), tm.schema(), tm.constant());
                } else if (m instanceof BoostedProbability bp && bp.model().equals(s)) {
                    kind = "survival";
                } else if (m instanceof BudgetEnvelope env && env.inner() instanceof TreeModel tm) {
                    kind = "trees";
                    grid = env.grid();
                    classifier = new Classifier(tm.name(), tm.smile(), tm.schema(), tm.constant());
                } else if (m instanceof BudgetEnvelope env && env.inner() instanceof LogisticModel lm) {
                    kind = "logistic";
                    grid = env.grid();
                    logistic = lm;
                } else {
                    throw new IllegalArgumentException("cannot store a " + m.getClass().getSimpleName());
                }
                ModelDoc doc = new ModelDoc(Features.CONFIG, Features.ALL, f.calibration(), f.coverage(), f.neighbourhood(), f.references(), s, f.draws(),
                        kind, logistic, grid, weight, f.tempering(), f.stepsCalibration(), f.trend());
                entry(zip, "model.json", JSON.writeValueAsBytes(doc));
                if (classifier != null) entry(zip, "probability.ser", serialise(classifier));
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the artifact", e);
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(0); // equal models give equal bytes
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    private static byte[] serialise(Object o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    private static Classifier deserialise(byte[] bytes) throws IOException {
        if (bytes == null) throw new IOException("its tree model (probability.ser) is missing");
        return io.learncast.common.TrustedObjects.read(bytes, Classifier.class);
    }

    /** The format version of an artifact, without loading it. */
    public static int formatVersion(byte[] artifact) {
        try {
            return JSON.readTree(entries(artifact).get("manifest.json")).path("format_version").asInt(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    public static FitReport report(byte[] artifact) {
        try {
            JsonNode manifest = upgrade(JSON.readTree(entries(artifact).get("manifest.json")));
            return JSON.treeToValue(manifest.get("report"), FitReport.class);
        } catch (IOException e) {
            throw new IllegalStateException("not a forecaster artifact: " + e.getMessage(), e);
        }
    }

    public static FittedForecaster read(byte[] artifact) {
        try {
            Map<String, byte[]> files = entries(artifact);
            byte[] manifestBytes = files.get("manifest.json");
            if (manifestBytes == null) throw new IOException("no manifest.json");
            JsonNode manifest = JSON.readTree(manifestBytes);
            if (!FORMAT.equals(manifest.path("format").asText())) throw new IOException("not a " + FORMAT + " artifact");
            int version = manifest.path("format_version").asInt(-1);
            if (version < 1 || version > FORMAT_VERSION) {
                throw new IOException("format version " + version + " is not readable by this build (it reads 1–" + FORMAT_VERSION + ")");
            }
            manifest = upgrade(manifest);
            FitReport report = JSON.treeToValue(manifest.get("report"), FitReport.class);
            ModelDoc doc = JSON.readValue(files.get("model.json"), ModelDoc.class);
            BoostedCure survival = remap(doc.survival(), doc.configFeatures());
            if (!doc.probabilityKind().equals("survival") && !Features.ALL.equals(doc.rowFeatures())) {
                throw new IOException("its " + doc.probabilityKind() + " model was fitted on another feature layout; refit with `learncast forecast fit`");
            }
            ProbabilityModel model = switch (doc.probabilityKind()) {
                case "survival" -> new BoostedProbability(survival);
                case "trees" -> {
                    Classifier c = deserialise(files.get("probability.ser"));
                    yield new BudgetEnvelope(TreeModel.restore(c.name(), c.model(), c.schema(), c.constant()), doc.envelopeGrid());
                }
                case "logistic" -> new BudgetEnvelope(doc.logistic(), doc.envelopeGrid());
                case "blend" -> {
                    Classifier c = deserialise(files.get("probability.ser"));
                    ProbabilityModel trees = new BudgetEnvelope(TreeModel.restore(c.name(), c.model(), c.schema(), c.constant()), doc.envelopeGrid());
                    yield new BlendModel(List.of(new BoostedProbability(survival), trees), new double[] {doc.blendWeight(), 1 - doc.blendWeight()});
                }
                default -> throw new IOException("unknown model kind " + doc.probabilityKind());
            };
            return new FittedForecaster(report, model, survival, doc.draws(), doc.calibration(), doc.coverage(), doc.neighbourhood(), doc.references(),
                    doc.tempering(), doc.stepsCalibration(), doc.trend() == null ? null : remap(doc.trend(), doc.configFeatures()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the forecaster artifact: " + e.getMessage(), e);
        }
    }

    /**
     * The structured model refers to config features by position; an artifact records their names, so
     * a build that adds or reorders features still reads it (positions are mapped by name).
     */
    static BoostedCure remap(BoostedCure s, List<String> names) {
        if (names == null || names.equals(Features.CONFIG)) return s;
        int[] map = new int[names.size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = Features.CONFIG.indexOf(names.get(i));
            if (map[i] < 0) throw new IllegalStateException("the artifact uses the feature '" + names.get(i) + "', which this build no longer computes");
        }
        Basis b = s.backbone().basis();
        int[] base = Arrays.stream(b.base()).map(i -> map[i]).toArray();
        int[][] terms = Arrays.stream(b.terms()).map(t -> new int[] {t[0], t[1], t[2] < 0 ? t[2] : map[t[2]]}).toArray(int[][]::new);
        int[] sigma = Arrays.stream(b.sigmaKinds()).map(i -> map[i]).toArray();
        Basis nb = new Basis(base, b.mean(), b.sd(), terms, sigma, b.low(), b.high(), b.sigmaTerms(), b.squaresHeld());
        CureModel backbone = new CureModel(nb, s.backbone().alpha(), s.backbone().beta(), s.backbone().gamma());
        return new BoostedCure(backbone, remap(s.pi(), map), remap(s.mu(), map), s.shrinkage());
    }

    private static FlatTrees remap(FlatTrees t, int[] map) {
        int[] f = Arrays.stream(t.feature()).map(i -> i < 0 ? i : map[i]).toArray();
        return new FlatTrees(t.roots(), f, t.threshold(), t.yes(), t.no(), t.value());
    }

    /**
     * Brings an older manifest up to the current format. Version 1 → 2 changed only model.json, whose
     * missing design ranges read as "no clipping"; the report is unchanged.
     */
    static JsonNode upgrade(JsonNode manifest) {
        return manifest;
    }

    private static Map<String, byte[]> entries(byte[] artifact) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(artifact))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) out.put(e.getName(), readAll(zip));
        }
        return out;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
