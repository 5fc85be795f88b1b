package io.learncast.app.cli;

import io.learncast.common.OutputFile;
import io.learncast.common.UserError;
import io.learncast.farm.store.Store;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.store.Corpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code learncast forecast features}: the meta-dataset (one row per finished run and budget) as CSV. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Write the forecaster's feature table as CSV: one row per (finished run, budget), with the config's features and the label.")
final class ForecastFeaturesCommand extends StoreBackedCommand {
    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file (default, or -: standard output). A file is replaced whole; links are followed.")
    Path outFile;

    @Option(names = "--extra-budgets", description = "Also add rows at budgets ×√2 apart below each run's own (marked listed_budget = 0).")
    boolean extra;

    private OutputFile target; // set by check()

    @Override
    protected void check() {
        target = outFile == null ? null : OutputFile.of(outFile, "--out");
        if (target != null) target.check();
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        try {
            FeatureTable.Options o = new FeatureTable.Options(extra);
            if (target == null || target.standardOutput()) {
                Corpus.exportFeatures(s, out, o);
                out.flush();
                return Cli.OK;
            }
            int rows = target.write(os -> {
                Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
                int n = Corpus.exportFeatures(s, w, o);
                w.flush();
                return n;
            }, n -> true);
            out.println("wrote " + rows + " rows to " + target.given().toAbsolutePath());
        } catch (IOException e) {
            throw new UserError("--out", "cannot write the feature table (" + e.getMessage() + ")", "give a writable file path");
        }
        return Cli.OK;
    }
}
