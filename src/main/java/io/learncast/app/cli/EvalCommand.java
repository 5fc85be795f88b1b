package io.learncast.app.cli;

import io.learncast.common.OutputFile;
import io.learncast.common.UserError;
import io.learncast.data.property.CurveProperty;
import io.learncast.eval.scoring.Evaluation;
import io.learncast.eval.scoring.Evaluator;
import io.learncast.eval.scoring.HeldOutRows;
import io.learncast.eval.split.Split;
import io.learncast.farm.store.Store;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.property.PropertyLabels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code learncast eval}: score the forecaster against baselines and the seed-noise ceiling, per split, and the prospective ledger. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false, subcommands = EvalMonotoneCommand.class,
        description = {"Score the forecaster honestly: on each split it is refitted on the fit side (model search included) and scored on the held-out "
                + "configs, beside a plain GBT, a logistic model on log compute alone and the majority class; AUC, Brier, log loss, accuracy, "
                + "calibration error and the steps-to-learn error, each with a 95%% group-bootstrap interval; the seed-noise ceiling; and the "
                + "prospective ledger (forecasts recorded before their runs were trained)."})
final class EvalCommand extends StoreBackedCommand {
    @Option(names = "--split", paramLabel = "S",
            description = {"A split (repeatable; default kfold): kfold[:K] (grouped random K-fold, default 5); test:FIELD OP VALUE (fit on the rest, "
                    + "e.g. test:width>64, test:p>=50); test:FIELD=LOW..HIGH (hold out a range, e.g. test:lr=3e-3..1e-2); leave-out:FIELD "
                    + "(one fold per value, e.g. leave-out:task). A config's seeds and budgets always stay on one side."})
    List<String> splits = new ArrayList<>();

    @Option(names = "--search", defaultValue = "quick", description = "The forecaster's model search in every fold: quick, standard or full (default ${DEFAULT-VALUE}).")
    String search;

    @Option(names = "--resamples", defaultValue = "1000", description = "Group-bootstrap resamples per interval (default ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the fold assignment, every fit (the forecaster's model search and its inner folds "
            + "included) and the bootstrap (default: learncast's master seed, so a rerun gives the same figures). Rerun with a few seeds to see how "
            + "much a figure moves with the folds alone before trusting a difference between two models.")
    Long seed;

    @Mixin JsonOption json;

    @Option(names = "--property", paramLabel = "P", description = "Score forecasts of a property read off the stored curves instead of the one runs were trained for: "
            + "'train_acc>=0.99', 'test_loss<=0.5,hold=2', grokking[:k=3,…] or memorisation[:level=0.5,…]. Censored labels (curves ending before "
            + "the property is decided) are never scored; exits 2 when the corpus cannot label it.")
    String property;

    @Option(names = "--rows", paramLabel = "FILE", description = "Also write every held-out row as CSV: split, run, config, budget, outcome, "
            + "the forecaster's out-of-fold P and its squared error (cell = config group @ budget, as the seed-noise ceiling pools them): "
            + "where a split's Brier comes from. A file is replaced whole, only when the evaluation finished.")
    Path rowsFile;

    private OutputFile rowsTarget; // set by check()
    private List<Split> parsed; // set by check()
    private Evaluator.Options options; // set by check()
    private CurveProperty prop; // set by check()

    @Override
    protected void check() {
        parsed = (splits.isEmpty() ? List.of("kfold") : splits).stream().map(Split::parse).toList();
        if (resamples < 0 || resamples > 100_000) throw new UserError("--resamples", "resamples " + resamples + " is out of range", "0–100000 (default 1000)");
        options = Evaluator.Options.defaults().withSearch(ForecasterFitter.Search.parse(search)).withResamples(resamples);
        if (seed != null) options = options.withSeed(seed);
        prop = property == null ? null : CurveProperty.parse(property, "--property");
        rowsTarget = rowsFile == null ? null : OutputFile.of(rowsFile, "--rows");
        if (rowsTarget != null) {
            if (rowsTarget.standardOutput()) throw new UserError("--rows", "the rows cannot go to standard output (the scores do)", "give a file name, e.g. --rows held-out.csv");
            rowsTarget.check();
        }
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        Evaluator.Options o = options;
        if (prop != null) {
            var labels = PropertyLabels.load(s, prop).require(PropertyLabels.MIN_LABELLED, "--property");
            o = o.withProperty(labels);
            if (!json.on()) out.println(PropertyText.census(labels.census()));
        }
        Evaluation e = Evaluation.run(s, parsed, o, s.now(), line -> {
            if (!json.on()) {
                out.println(line);
                out.flush();
            }
        });
        if (json.on()) Console.json(out, e);
        else EvalPrinter.print(out, e);
        if (rowsTarget != null) {
            var rows = HeldOutRows.of(e);
            rowsTarget.write(os -> { // whole or not at all: a temporary file beside it, moved over it when complete
                Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
                int n = HeldOutRows.write(rows, w);
                w.flush();
                return n;
            }, n -> true);
            if (!json.on()) out.println("wrote " + rows.size() + " held-out rows to " + rowsTarget.given().toAbsolutePath());
        }
        return Cli.OK;
    }
}
