package io.learncast.app.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.UserError;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.Store;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.Forecast;
import io.learncast.forecast.store.ForecasterRegistry;
import io.learncast.forecast.store.LedgerWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.learncast.farm.grid.GridSpec;
import io.learncast.forecast.plan.GridForecasts;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code learncast forecast}: will this config learn within its step budget? The config flags are
 * those of {@code train} (the seed does not matter: a forecast is about a config); {@code --steps} is
 * the budget. A forecast for a config that has not been trained is recorded in the prospective ledger.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forecast whether a config learns its property within --steps steps, before training it.",
                "Prints P(learn) with its interval, the steps it will take, the knobs that drive the forecast, the nearest trained configs "
                        + "and warnings when the query lies outside the corpus; records the forecast in the ledger if the config was never trained."},
        subcommands = {ForecastFitCommand.class, ForecastModelsCommand.class, ForecastFeaturesCommand.class, ForecastLedgerCommand.class})
final class ForecastCommand extends StoreBackedCommand implements ConfigOptions.Host {
    final ConfigOptions config = new ConfigOptions();

    @Override public ConfigOptions configOptions() { return config; }

    @Override public String configHeading() { return "The config (as for `learncast train`; --steps is the budget):%n"; }

    @Option(names = "--grid", paramLabel = "SPEC", description = "Forecast every config and budget of a grid spec (YAML or JSON, as for `farm enqueue`): plan a sweep before training it.")
    Path grid;

    @Mixin JsonOption json;

    @Option(names = "--csv", description = "With --grid: print the plan as CSV (one row per config and budget).")
    boolean csv;

    @Option(names = "--property", paramLabel = "P", description = {"Forecast a property read off the stored curves instead of the one runs were trained for "
            + "(--metric/--threshold/--hold are then not used): 'train_acc>=0.99', 'test_loss<=0.5,hold=2', grokking[:k=3,train=0.99,test=0.95] "
            + "(with the delay ratio t_gen/t_mem) or memorisation[:train=0.99,level=0.5].",
            "Uses the forecaster registered for P (`forecast fit --property P`), else fits one now; exits 2 with the reason when the corpus cannot label P "
                    + "(metric not recorded, every label censored, too few labelled runs)."})
    String property;

    private GridSpec plan; // --grid: set by check(), with its configs
    private List<RunConfig> planConfigs;
    private RunConfig query; // one config: set by check()
    private io.learncast.data.property.CurveProperty prop; // set by check()

    @Override
    protected void check() {
        if (csv && grid == null) throw new UserError("--csv", "--csv is for plans of a whole grid", "add --grid SPEC, or use --json for one forecast");
        if (json.on() && csv) throw new UserError("--csv", "--json and --csv both given", "choose one output format");
        if (grid != null) {
            if (config.any()) throw new UserError("--grid", "--grid and config flags both given", "the spec names the configs; drop the config flags or --grid");
            plan = GridSpec.read(grid);
            planConfigs = plan.configs();
            return;
        }
        if (!config.any()) {
            throw new UserError("--task", "no config given", "e.g. learncast forecast --task modadd:p=97 --width 128 --lr 1e-3 --wd 1 --train-frac 0.4 --steps 5000; "
                    + "or a subcommand: fit, models, features, ledger");
        }
        query = config.toConfig();
        if (property != null) prop = io.learncast.data.property.CurveProperty.parse(property, "--property");
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        if (plan != null) return forecastGrid(s, out);
        RunConfig c = query;
        if (prop != null) return forecastProperty(s, out, prop, c);
        ForecasterRegistry.Loaded loaded = ForecasterRegistry.require(s, "forecast");
        FittedForecaster f = loaded.forecaster();
        Forecast fc = f.predict(c, c.steps());
        Long ledgerId = LedgerWriter.record(s, loaded.record().id(), c, fc, "cli");
        if (json.on()) {
            Console.json(out, new ForecastJson(fc, loaded.record().id(), ledgerId, Forecast.INTERVAL_MEANING));
        } else {
            ForecastPrinter.print(out, fc, loaded.record().id());
            UserError untrainable = ledgerId != null ? null : io.learncast.farm.train.Trainable.refusal(List.of(c));
            out.println(ledgerId != null
                    ? "recorded in the ledger as forecast #" + ledgerId + " (model #" + loaded.record().id() + "); it is scored once this config is trained"
                    : untrainable == null ? "not recorded in the ledger: this config has already been trained (or is being trained)"
                    : "not recorded in the ledger: the farm's trainers cannot train this config (" + untrainable.where() + "), so no run of it could score the forecast");
        }
        return Cli.OK;
    }

    private int forecastProperty(Store s, PrintWriter out, io.learncast.data.property.CurveProperty p, RunConfig c) {
        var pf = io.learncast.forecast.property.PropertyForecast.of(s, p, c, "--property");
        if (json.on()) {
            Console.json(out, pf);
            return Cli.OK;
        }
        Forecast fc = pf.forecast();
        out.println("property: " + pf.description());
        out.println(PropertyText.census(pf.census()));
        out.println(c.describe().replaceAll(" seed#\\d+$", "") + " · budget " + fc.budget() + " steps");
        out.printf(Locale.ROOT, "P(%s within %d steps) = %.3f%s%n", p instanceof io.learncast.data.property.CurveProperty.Grokking ? "groks" : p.key(), fc.budget(), fc.p(),
                p.monotone() ? String.format(Locale.ROOT, "  (80%% interval %.3f–%.3f; P(ever) %.3f%s)", fc.pLow(), fc.pHigh(), fc.pEver(), ForecastPrinter.after(fc)) : "");
        if (fc.stepsMedian() != null) {
            out.printf(Locale.ROOT, "steps to confirm, if it does: median %.0f (10–90%%: %.0f–%.0f)%n", fc.stepsMedian(), fc.stepsLow(), fc.stepsHigh());
        }
        var r = pf.delayRatio();
        if (r != null) {
            out.printf(Locale.ROOT, "delay ratio t_gen/t_mem, if it generalises: median %.1f (80%% interval %.1f–%.1f; fitted on %d runs)%n", r.median(), r.low(), r.high(), r.runs());
        }
        for (Forecast.Warning w : fc.warnings()) out.println("warning: " + w.message());
        out.println(pf.modelId() != null ? "model #" + pf.modelId() + " (registered for this property)" : "model: fitted now");
        for (String n : pf.notes()) out.println("note: " + n);
        return Cli.OK;
    }

    private int forecastGrid(Store s, PrintWriter out) {
        GridSpec g = plan;
        List<RunConfig> configs = planConfigs;
        ForecasterRegistry.Loaded loaded = ForecasterRegistry.require(s, "forecast --grid");
        List<GridForecasts.Row> rows = GridForecasts.of(loaded.forecaster(), configs);
        List<LedgerWriter.Entry> entries = new ArrayList<>();
        for (GridForecasts.Row r : rows) entries.add(new LedgerWriter.Entry(r.config(), r.forecast()));
        long recorded = LedgerWriter.record(s, loaded.record().id(), entries, "grid").stream().filter(Objects::nonNull).count();
        if (csv) {
            GridForecasts.writeCsv(rows, out);
            out.flush();
        } else if (json.on()) {
            Console.json(out, new GridJson(g.name(), loaded.record().id(), recorded,
                    rows.stream().map(r -> new GridRowJson(r.config(), r.forecast(), r.warnings())).toList()));
        } else {
            Console.Table t = new Console.Table("config", "steps", "P(learn)", "80% interval", "steps to learn (median)", "outside corpus");
            double sum = 0;
            for (GridForecasts.Row r : rows) {
                var f = r.forecast();
                sum += f.p();
                t.row(f.config(), r.budget(), Console.num(f.p()),
                        Console.num(f.pLow()) + "–" + Console.num(f.pHigh()), f.stepsMedian() == null ? "-" : String.format(Locale.ROOT, "%.0f", f.stepsMedian()),
                        r.warnings().isEmpty() ? "" : r.warnings().size() + " warning(s)");
            }
            t.print(out);
            Map<String, Integer> distinct = new LinkedHashMap<>();
            List<Forecast.Warning> far = new ArrayList<>();
            List<Forecast.Warning> tempered = new ArrayList<>();
            for (GridForecasts.Row r : rows) {
                for (Forecast.Warning w : r.warnings()) {
                    if (w.kind().equals(Forecast.Warning.NEARNESS)) far.add(w);
                    else if (w.kind().equals(Forecast.Warning.TEMPERED)) tempered.add(w);
                    else distinct.merge(w.message(), 1, Integer::sum);
                }
            }
            distinct.forEach((w, n) -> out.println("warning (" + n + " row" + (n == 1 ? "" : "s") + "): " + w));
            if (!far.isEmpty()) {
                // one line for all of them: each row's message differs only by its distance
                double lo = far.stream().mapToDouble(w -> ((Number) w.value()).doubleValue()).min().orElse(0);
                double hi = far.stream().mapToDouble(w -> ((Number) w.value()).doubleValue()).max().orElse(0);
                out.printf(Locale.ROOT, "warning (%d row%s): no trained config is close (nearest at distance %s, beyond what held-out configs "
                        + "of their task usually have; `forecast --json` gives each row's)%n", far.size(), far.size() == 1 ? "" : "s", span(lo, hi));
            }
            if (!tempered.isEmpty()) {
                // likewise one line: each row's factor differs; the knobs outside are what a planner acts on
                double lo = tempered.stream().mapToDouble(w -> ((Number) w.value()).doubleValue()).min().orElse(1);
                double hi = tempered.stream().mapToDouble(w -> ((Number) w.value()).doubleValue()).max().orElse(1);
                Set<String> knobs = new TreeSet<>();
                for (Forecast.Warning w : tempered) for (Object o : w.range()) knobs.add(String.valueOf(o));
                out.printf(Locale.ROOT, "warning (%d row%s): beyond the corpus (%s): forecasts tempered toward the corpus's base rate, intervals %s× as wide; "
                                + "`forecast --json` gives each row's%n", tempered.size(), tempered.size() == 1 ? "" : "s",
                        knobs.isEmpty() ? "no trained config is close" : String.join(", ", knobs) + " outside what was trained for the task", span(lo, hi));
            }
            out.printf(Locale.ROOT, "%d configs × budgets = %d forecasts from model #%d; expected learned: %.1f; %d recorded in the ledger (configs never trained)%n",
                    configs.size(), rows.size(), loaded.record().id(), sum, recorded);
            out.println("CSV for a notebook: learncast forecast --grid " + grid + " --csv > plan.csv");
        }
        return Cli.OK;
    }

    /** "0.65" when a summary line's rows agree, else "0.61–0.72". */
    private static String span(double lo, double hi) {
        String a = String.format(Locale.ROOT, "%.2f", lo), b = String.format(Locale.ROOT, "%.2f", hi);
        return a.equals(b) ? a : a + "–" + b;
    }

    /** What {@code forecast --json} prints; {@code ledger_id} is null when the config was already trained (nothing recorded). */
    @JsonPropertyOrder(alphabetic = true) // the order these documents had as sorted maps
    record ForecastJson(@JsonProperty("forecast") Forecast forecast, @JsonProperty("model_id") long modelId, @JsonProperty("ledger_id") Long ledgerId,
                        @JsonProperty("interval") String interval) {}

    /** What {@code forecast --grid … --json} prints: every config's forecast at its budget. */
    @JsonPropertyOrder(alphabetic = true)
    record GridJson(@JsonProperty("spec") String spec, @JsonProperty("model_id") long modelId, @JsonProperty("recorded_in_ledger") long recordedInLedger,
                    @JsonProperty("forecasts") List<GridRowJson> forecasts) {}

    @JsonPropertyOrder(alphabetic = true)
    record GridRowJson(@JsonProperty("config") RunConfig config, @JsonProperty("forecast") Forecast forecast,
                       @JsonProperty("warnings") List<Forecast.Warning> warnings) {}
}
