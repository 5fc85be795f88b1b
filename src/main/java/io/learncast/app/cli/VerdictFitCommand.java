package io.learncast.app.cli;

import io.learncast.app.json.FitJson;
import io.learncast.common.UserError;
import io.learncast.farm.store.Store;
import io.learncast.forecast.verdict.CurveFeatures;
import io.learncast.forecast.verdict.VerdictCorpus;
import io.learncast.forecast.verdict.VerdictFitter;
import io.learncast.forecast.verdict.VerdictRegistry;
import io.learncast.forecast.verdict.VerdictReport;
import io.learncast.forecast.verdict.VerdictRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;

/** {@code learncast verdict fit}: fit the early verdict on the stored curves and register it as the active verdict model. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit the early verdict on every finished run's curve, cut at 5–90 %% of its budget (grouped cross-validation by config), "
                + "and register it (with its provenance and scores) as the active verdict model."})
final class VerdictFitCommand extends StoreBackedCommand {
    @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds over config groups (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--seed", description = "Seed of the folds and the trees (default: the master seed).")
    Long seed;

    @Option(names = "--features", paramLabel = "SET", defaultValue = "scale-free",
            description = "The verdict's features: scale-free (the curve relative to chance — accuracy relative to chance, loss relative to "
                    + "ln(classes), slopes per decade of steps — and the config without the task's identity, so it carries across p and task kinds) "
                    + "or full (also the raw curve and the task's kind and size); default ${DEFAULT-VALUE}.")
    String features;

    @Mixin StopBoundOptions stopBound;

    @Mixin JsonOption json;

    private VerdictFitter.Options options; // set by check()

    @Override
    protected void check() {
        if (folds < 2 || folds > 50) throw new UserError("--folds", "folds " + folds + " is out of range", "2–50");
        options = VerdictFitter.Options.defaults().withFolds(folds).withFeatureSet(CurveFeatures.FeatureSet.parse(features, "--features"))
                .withBound(stopBound.bound());
        if (seed != null) options = options.withSeed(seed);
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        VerdictRows rows = VerdictCorpus.rows(s);
        VerdictFitter.Result r = VerdictFitter.fit(rows, options);
        long id = VerdictRegistry.save(s, r.verdict());
        VerdictReport rep = r.verdict().report();
        if (json.on()) {
            Console.json(out, new FitJson<>(id, rep));
            return Cli.OK;
        }
        out.println(String.format(Locale.ROOT, "verdict model #%d: %d runs (%d learned, %d late learners), %d rows, %d folds over configs, %s features",
                id, rep.corpusRuns(), rep.learners(), rep.lateLearners(), rep.corpusRows(), rep.folds(), rep.featureSet()));
        print(out, rep);
        StoppingPrinter.print(out, rep.stopping());
        out.println("active now: `learncast verdict RUN_ID`, `learncast farm run --early-stop auto`");
        out.flush();
        return Cli.OK;
    }

    static void print(PrintWriter out, VerdictReport rep) {
        Console.Table t = new Console.Table("cut", "runs still training", "of which learn", "AUC", "Brier", "log loss");
        for (VerdictReport.FractionScore f : rep.byFraction()) {
            if (f.metrics() == null) continue;
            t.row(Math.round(100 * f.fraction()) + " %", f.rows(), f.learners(), Console.num(f.metrics().auc()), Console.num(f.metrics().brier()),
                    Console.num(f.metrics().logLoss()));
        }
        t.print(out);
    }
}
