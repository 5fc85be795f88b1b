package io.learncast.app.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.UserError;
import io.learncast.farm.store.Store;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.FitReport;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.Corpus;
import io.learncast.forecast.store.ForecasterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** {@code learncast forecast fit}: fit the forecaster on the store's finished runs and register it as the active model. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit the forecaster on every finished run in the store, pick the best model by cross-validation on held-out configs, "
                + "and register it (with its provenance and scores) as the active forecaster.",
                "Also scores ledger forecasts whose configs have been trained since."})
final class ForecastFitCommand extends StoreBackedCommand {
    @Option(names = "--search", description = "quick (the structured models), standard (plus one GBT, forest and logistic) or full (plus a tuned GBT grid); "
            + "default: standard up to 10,000 rows, quick beyond.")
    String search;

    @Option(names = "--folds", description = "Cross-validation folds over config groups (default 5; 3 above 20,000 rows).")
    Integer folds;

    @Option(names = "--rounds", split = ",", paramLabel = "R[,R…]",
            description = "Boosting rounds at which the structured model with tree corrections is cross-validated (default 50,100,200,300).")
    int[] rounds;

    @Option(names = "--extra-budgets", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also train the row models (GBT, forest, logistic) on budgets ×√2 apart below each run's own; scores always use the runs' own budgets "
                    + "(default: on; it helps trees learn the budget, the structured model uses whole runs either way).")
    boolean extraBudgets;

    @Mixin JsonOption json;

    @Option(names = "--property", paramLabel = "P", description = "Fit a forecaster for a property read off the stored curves ('train_acc>=0.99', grokking, "
            + "memorisation, …) on the corpus labelled for it (censored labels left out), and register it for that property (its key is in the fit "
            + "report's corpus source); the default forecaster is untouched.")
    String property;

    private ForecasterFitter.Search level; // set by check()
    private io.learncast.data.property.CurveProperty prop; // set by check()

    @Override
    protected void check() {
        if (folds != null && (folds < 2 || folds > 50)) throw new UserError("--folds", "folds " + folds + " is out of range", "2–50");
        level = search == null ? null : ForecasterFitter.Search.parse(search);
        if (rounds != null) {
            for (int r : rounds) if (r < 1 || r > 5000) throw new UserError("--rounds", "rounds " + r + " is out of range", "1–5000, e.g. 50,100,200");
        }
        prop = property == null ? null : io.learncast.data.property.CurveProperty.parse(property, "--property");
    }

    @Override
    protected int run(Store st, PrintWriter out) {
        io.learncast.forecast.property.PropertyLabels labels = prop == null ? null
                : io.learncast.forecast.property.PropertyLabels.load(st, prop).require(io.learncast.forecast.property.PropertyLabels.MIN_LABELLED, "--property");
        FeatureTable table = prop == null ? Corpus.table(st, new FeatureTable.Options(extraBudgets))
                : io.learncast.forecast.property.PropertyForecasters.table(labels, extraBudgets);
        if (labels != null && !json.on()) out.println(PropertyText.census(labels.census()));
        ForecasterFitter.Options o = ForecasterFitter.Options.defaults().withSearch(level).withSource(st.location().toString());
        if (folds != null) o = o.withFolds(folds);
        int k = o.foldsFor(table.listedCount());
        if (table.runs().size() < 10 || table.groupCount() < k) {
            throw new UserError("forecast fit", "the store has " + table.runs().size() + " finished runs in " + table.groupCount() + " configs",
                    "train at least 10 runs over at least " + k + " configs first (e.g. `learncast quickstart`)");
        }
        if (rounds != null) o = o.withRounds(rounds);
        if (!json.on()) out.println("fitting on " + table.size() + " rows (" + table.listedOnly().size() + " at the runs' own budgets) of " + table.runs().size()
                + " runs (" + table.groupCount() + " configs); "
                + "grouped " + k + "-fold cross-validation:");
        java.util.function.Consumer<String> progress = line -> {
            if (!json.on()) {
                out.println("  " + line);
                out.flush();
            }
        };
        FittedForecaster f = prop == null ? ForecasterFitter.fit(table, o, progress)
                : io.learncast.forecast.property.PropertyForecasters.fit(labels, table, o.withSource(null), st.location().toString(), progress);
        long id = prop == null ? ForecasterRegistry.save(st, f) : io.learncast.forecast.property.PropertyForecasters.save(st, prop, f);
        int scored = st.ledger().score();
        if (json.on()) {
            Console.json(out, new Fitted(id, prop == null ? null : prop.key(), f.report(), scored));
        } else {
            print(out, f.report());
            out.println("registered as model #" + id + (prop == null ? " (active)" : " (active for property " + prop.key() + ")")
                    + (scored > 0 ? "; scored " + scored + " ledger forecasts" : ""));
        }
        return Cli.OK;
    }

    static void print(PrintWriter out, FitReport r) {
        List<FitReport.CandidateScore> cs = r.candidates().stream().sorted(Comparator.comparingDouble(c -> c.metrics().brier())).toList();
        FitReport.CandidateScore gbt = r.best("gbt");
        Console.Table t = new Console.Table("model", "Brier", "log loss", "AUC", "accuracy", gbt == null ? "" : "Brier / best GBT");
        for (FitReport.CandidateScore c : cs) {
            t.row(c.name(), fmt(c.metrics().brier()), fmt(c.metrics().logLoss()), fmt(c.metrics().auc()), fmt(c.metrics().accuracy()),
                    gbt == null ? "" : String.format(Locale.ROOT, "%.2f", c.metrics().brier() / gbt.metrics().brier()));
        }
        t.print(out);
        out.println("chosen: " + r.chosen() + (r.calibration() != null && !r.calibration().isIdentity()
                ? String.format(Locale.ROOT, ", Platt-calibrated (a=%.2f, b=%.2f): Brier %.4f out of fold", r.calibration().a(), r.calibration().b(), r.calibratedCv().brier())
                : ""));
        if (r.trend() != null) out.println("beyond the corpus it leans on " + r.trend() + " (the main effects' trend; docs/FORECASTER.md)");
        out.printf(Locale.ROOT, "corpus: %d runs, %d rows, %d configs, hash %s; fitted in %.1f s%n", r.corpusRuns(), r.corpusRows(), r.corpusGroups(),
                r.corpusHash().substring(0, 12), r.fitSeconds());
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.4f", v); }

    /** What {@code forecast fit --json} prints; {@code property} only for a property's forecaster. */
    @JsonPropertyOrder(alphabetic = true) // the order it had as a sorted map
    record Fitted(@JsonProperty("model_id") long modelId, @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("property") String property,
                  @JsonProperty("report") FitReport report, @JsonProperty("ledger_scored") int ledgerScored) {}
}
