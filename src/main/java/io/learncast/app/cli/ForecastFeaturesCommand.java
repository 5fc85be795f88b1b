package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.store.Store;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.store.Corpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code learncast forecast features}: the meta-dataset (one row per finished run and budget) as CSV. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Write the forecaster's feature table as CSV: one row per (finished run, budget), with the config's features and the label.")
final class ForecastFeaturesCommand implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file (default: standard output).")
    Path outFile;

    @Option(names = "--extra-budgets", description = "Also add rows at budgets ×√2 apart below each run's own (marked listed_budget = 0).")
    boolean extra;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try (Store s = store.open()) {
            FeatureTable.Options o = new FeatureTable.Options(extra);
            if (outFile == null) {
                Corpus.exportFeatures(s, out, o);
                return;
            }
            Path target = outFile.toAbsolutePath();
            Path tmp = Files.createTempFile(target.getParent() == null ? Path.of(".") : target.getParent(), ".features", ".csv.tmp");
            int rows;
            try (Writer w = new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8)) {
                rows = Corpus.exportFeatures(s, w, o);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out.println("wrote " + rows + " rows to " + target);
        } catch (IOException e) {
            throw new UserError("--out", "cannot write " + outFile + " (" + e.getMessage() + ")", "give a writable file path");
        }
    }
}
