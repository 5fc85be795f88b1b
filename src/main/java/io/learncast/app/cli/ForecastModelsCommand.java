package io.learncast.app.cli;

import io.learncast.app.json.ModelJson;
import io.learncast.farm.store.ModelRecord;
import io.learncast.farm.store.Store;
import io.learncast.forecast.model.FitReport;
import io.learncast.forecast.store.ForecasterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code learncast forecast models}: the fitted forecasters in the store, with their provenance and scores. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the fitted forecasters (the active one is marked *).")
final class ForecastModelsCommand extends StoreBackedCommand {
    @Mixin JsonOption json;

    @Override
    protected int run(Store s, PrintWriter out) {
        List<ModelRecord> models = ForecasterRegistry.list(s);
        if (json.on()) {
            List<ModelJson> docs = models.stream().map(ModelJson::listed).toList();
            Console.json(out, docs);
            return Cli.OK;
        }
        if (models.isEmpty()) {
            out.println("no forecaster fitted in " + s.location() + " yet: run `learncast forecast fit`");
            return Cli.OK;
        }
        Console.Table t = new Console.Table("", "id", "created", "runs", "rows", "corpus", "model", "CV Brier", "CV AUC", "format", "code");
        for (ModelRecord m : models) {
            FitReport r = FitReport.parse(m.summaryJson());
            t.row(m.active() ? "*" : "", m.id(), m.createdAt().toString().substring(0, 19).replace('T', ' '), m.corpusRuns(), m.corpusRows(),
                    m.corpusHash().substring(0, 12), r.chosen(), String.format(Locale.ROOT, "%.4f", r.chosenCv().brier()),
                    String.format(Locale.ROOT, "%.4f", r.chosenCv().auc()), m.formatVersion(), m.codeVersion());
        }
        t.print(out);
        return Cli.OK;
    }
}
