package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.Store;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.Forecast;
import io.learncast.forecast.store.ForecasterRegistry;
import io.learncast.forecast.store.LedgerWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code learncast forecast}: will this config learn within its step budget? The config flags are
 * those of {@code train} (the seed does not matter: a forecast is about a config); {@code --steps} is
 * the budget. A forecast for a config that has not been trained is recorded in the prospective ledger.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forecast whether a config learns its property within --steps steps, before training it.",
                "Prints P(learn) with its interval, the steps it will take, the knobs that drive the forecast, the nearest trained configs "
                        + "and warnings when the query lies outside the corpus; records the forecast in the ledger if the config was never trained."},
        subcommands = {ForecastFitCommand.class, ForecastModelsCommand.class, ForecastFeaturesCommand.class, ForecastLedgerCommand.class,
                ForecastBenchCommand.class})
final class ForecastCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = false, heading = "The config (as for `learncast train`; --steps is the budget):%n")
    ConfigOptions config;

    @Mixin StoreOption store;

    @Option(names = "--json", description = "Print the forecast as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (config == null) {
            throw new UserError("--task", "no config given", "e.g. learncast forecast --task modadd:p=97 --width 128 --lr 1e-3 --wd 1 --train-frac 0.4 --steps 5000; "
                    + "or a subcommand: fit, models, features, ledger");
        }
        RunConfig c = config.toConfig();
        try (Store s = store.open()) {
            ForecasterRegistry.Loaded loaded = ForecasterRegistry.require(s, "forecast");
            FittedForecaster f = loaded.forecaster();
            Forecast fc = f.predict(c, c.steps());
            Long ledgerId = LedgerWriter.record(s, loaded.record().id(), c, fc, "cli");
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("forecast", fc);
                doc.put("model_id", loaded.record().id());
                doc.put("ledger_id", ledgerId);
                doc.put("interval", Forecast.INTERVAL_MEANING);
                Console.json(out, doc);
            } else {
                ForecastPrinter.print(out, fc, loaded.record().id());
                out.println(ledgerId != null
                        ? "recorded in the ledger as forecast #" + ledgerId + " (model #" + loaded.record().id() + "); it is scored once this config is trained"
                        : "not recorded in the ledger: this config has already been trained (or is being trained)");
            }
            return Cli.OK;
        }
    }
}
