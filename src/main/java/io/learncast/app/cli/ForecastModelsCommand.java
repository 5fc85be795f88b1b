package io.learncast.app.cli;

import io.learncast.farm.store.ModelRecord;
import io.learncast.farm.store.Store;
import io.learncast.forecast.model.FitReport;
import io.learncast.forecast.store.ForecasterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code learncast forecast models}: the fitted forecasters in the store, with their provenance and scores. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the fitted forecasters (the active one is marked *).")
final class ForecastModelsCommand implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try (Store s = store.open()) {
            List<ModelRecord> models = ForecasterRegistry.list(s);
            if (json) {
                List<Map<String, Object>> docs = new ArrayList<>();
                for (ModelRecord m : models) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("id", m.id());
                    d.put("active", m.active());
                    d.put("created", m.createdAt().toString());
                    d.put("code_version", m.codeVersion());
                    d.put("format_version", m.formatVersion());
                    d.put("corpus_runs", m.corpusRuns());
                    d.put("corpus_rows", m.corpusRows());
                    d.put("corpus_hash", m.corpusHash());
                    d.put("artifact_sha256", m.artifactSha256());
                    d.put("report", FitReport.parse(m.summaryJson()));
                    docs.add(d);
                }
                Console.json(out, docs);
                return;
            }
            if (models.isEmpty()) {
                out.println("no forecaster fitted in " + s.location() + " yet: run `learncast forecast fit`");
                return;
            }
            Console.Table t = new Console.Table("", "id", "created", "runs", "rows", "corpus", "model", "CV Brier", "CV AUC", "format", "code");
            for (ModelRecord m : models) {
                FitReport r = FitReport.parse(m.summaryJson());
                t.row(m.active() ? "*" : "", m.id(), m.createdAt().toString().substring(0, 19).replace('T', ' '), m.corpusRuns(), m.corpusRows(),
                        m.corpusHash().substring(0, 12), r.chosen(), String.format(Locale.ROOT, "%.4f", r.chosenCv().brier()),
                        String.format(Locale.ROOT, "%.4f", r.chosenCv().auc()), m.formatVersion(), m.codeVersion());
            }
            t.print(out);
        }
    }
}
