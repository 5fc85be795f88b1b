package io.learncast.forecast.judge;

import io.learncast.common.UserError;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.store.ModelRecord;
import io.learncast.farm.store.NewModel;
import io.learncast.farm.store.Store;
import io.learncast.forecast.store.Registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Fitted judges in the store's model registry (kind {@value #KIND}): a ZIP of {@code report.json} and
 * {@code model.ser} (both Java-serialised judges, as the verdict stores its Smile trees), read back through
 * {@link io.learncast.common.TrustedObjects}' allow-list: a store can be written by others.
 */
public final class JudgeRegistry {
    public static final String KIND = "judge";

    public record Loaded(ModelRecord record, JudgeModel full, JudgeModel weights, JudgeReport report) {}

    private record Models(JudgeModel full, JudgeModel weights) implements java.io.Serializable {}

    /** What an artifact holds; the record it came from is added by {@link #require}. */
    record Stored(JudgeModel full, JudgeModel weights, JudgeReport report) {}

    private static final Registry<Stored> REGISTRY = new Registry<>(KIND, "judge", "learncast judge fit",
            "train runs with the fast trainer (e.g. grids/judge-modadd.yaml), then run `learncast judge fit`", JudgeRegistry::read);

    private JudgeRegistry() {}

    public static long save(Store store, JudgeFitter.Fitted f) {
        JudgeReport r = f.report();
        return REGISTRY.register(store, new NewModel(KIND, r.codeVersion(), JudgeFitter.FORMAT_VERSION, (int) r.runs(), r.rows(),
                "judge-" + r.runs() + "-" + r.rows(), ConfigJson.write(r), write(f)));
    }

    /** The active judge (read once per store, model and artifact), or a user error saying how to fit one. */
    public static Loaded require(Store store) {
        ModelRecord r = REGISTRY.requireActive(store, "judge");
        Stored j = REGISTRY.load(store, r);
        return new Loaded(r, j.full(), j.weights(), j.report());
    }

    static byte[] write(JudgeFitter.Fitted f) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("report.json"));
            zip.write(ConfigJson.write(f.report()).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("model.ser"));
            ObjectOutputStream oos = new ObjectOutputStream(zip);
            oos.writeObject(new Models(f.full(), f.weights()));
            oos.flush();
            zip.closeEntry();
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stored read(byte[] artifact) {
        JudgeReport report = null;
        Models models = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(artifact))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                byte[] b = zip.readAllBytes();
                if (e.getName().equals("report.json")) report = ConfigJson.read(new String(b, StandardCharsets.UTF_8), JudgeReport.class);
                else if (e.getName().equals("model.ser")) {
                    models = io.learncast.common.TrustedObjects.read(b, Models.class);
                }
            }
        } catch (IOException | ClassCastException | IllegalArgumentException | IllegalStateException e) {
            throw new UserError("judge", "the stored judge cannot be read (" + e.getMessage() + ")", "refit it: learncast judge fit");
        }
        if (report == null || models == null) throw new UserError("judge", "the stored judge is incomplete", "refit it: learncast judge fit");
        if (report.formatVersion() > JudgeFitter.FORMAT_VERSION) {
            throw new UserError("judge", "the judge was written by a newer learncast (format " + report.formatVersion() + ")", "refit it here: learncast judge fit");
        }
        return new Stored(models.full(), models.weights(), report);
    }
}
