package io.learncast.forecast.verdict;

import io.learncast.common.UserError;
import io.learncast.farm.config.ConfigJson;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A fitted verdict as bytes: a ZIP holding {@code report.json} (provenance, scores, the feature names),
 * {@code model.ser} (the Java-serialised Smile trees and calibration) and {@code trials.json} (the
 * out-of-fold stopping trials its bound is computed from). The same bytes are the file of
 * {@code verdict export}. A model reading features this code does not compute, or written by a newer
 * format, is refused with a hint to refit, never misread.
 */
public final class VerdictArtifacts {
    private VerdictArtifacts() {}

    public static byte[] write(FittedVerdict v) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("report.json"));
            zip.write(ConfigJson.write(v.report()).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("model.ser"));
            ObjectOutputStream oos = new ObjectOutputStream(zip);
            oos.writeObject(v.model());
            oos.flush();
            zip.closeEntry();
            if (v.trials() != null) {
                zip.putNextEntry(new ZipEntry("trials.json"));
                zip.write(ConfigJson.write(v.trials()).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FittedVerdict read(byte[] artifact) {
        VerdictReport report = null;
        VerdictModel model = null;
        StopTrials trials = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(artifact))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                byte[] b = zip.readAllBytes();
                if (e.getName().equals("report.json")) report = ConfigJson.read(new String(b, StandardCharsets.UTF_8), VerdictReport.class);
                else if (e.getName().equals("trials.json")) trials = ConfigJson.read(new String(b, StandardCharsets.UTF_8), StopTrials.class);
                else if (e.getName().equals("model.ser")) {
                    model = io.learncast.common.TrustedObjects.read(b, VerdictModel.class);
                }
            }
        } catch (IOException | ClassCastException | IllegalArgumentException | IllegalStateException e) {
            throw new UserError("verdict", "the stored verdict model cannot be read (" + e.getMessage() + ")", "refit it: learncast verdict fit");
        }
        if (report == null || model == null) throw new UserError("verdict", "the stored verdict model is incomplete", "refit it: learncast verdict fit");
        if (report.formatVersion() > VerdictFitter.FORMAT_VERSION) {
            throw new UserError("verdict", "the verdict model was written by a newer learncast (format " + report.formatVersion() + ", this one reads ≤ "
                    + VerdictFitter.FORMAT_VERSION + ")", "upgrade learncast, or refit it here: learncast verdict fit");
        }
        if (!CurveFeatures.ALL.containsAll(model.features())) {
            List<String> unknown = model.features().stream().filter(f -> !CurveFeatures.ALL.contains(f)).toList();
            throw new UserError("verdict", "the verdict model reads features this learncast does not compute (" + String.join(", ", unknown) + ")",
                    "refit it: learncast verdict fit");
        }
        return new FittedVerdict(model, report, trials);
    }
}
