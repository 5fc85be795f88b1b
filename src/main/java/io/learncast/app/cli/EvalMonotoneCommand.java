package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.eval.monotone.Monotonicity;
import io.learncast.eval.scoring.Evaluation;
import io.learncast.farm.store.Store;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code learncast eval monotone}: where learning is monotone in one knob at a time, read off the corpus (no model). */
@Command(name = "monotone", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Where learning is monotone in one knob: configs that differ in that knob only (same task, every other knob equal, "
                + "seeds pooled) are compared at every budget both can label; per task, the share of comparisons where the larger value "
                + "learned at least as often, and the counterexamples. A knob drawn from a continuum (e.g. a Sobol train fraction) is "
                + "matched within ten bins of its range, and the row says so. Budget: from the curves, runs that reached the property and "
                + "lost it later."})
final class EvalMonotoneCommand extends StoreBackedCommand {
    @Option(names = "--knob", paramLabel = "K", description = "A knob to compare (repeatable; default: every numeric knob a task varies): "
            + "width, depth, d_model, layers, heads, d_mlp, train_frac (= n_train), lr, wd, batch, label_noise, init_scale, …")
    List<String> knobs = new ArrayList<>();

    @Option(names = "--examples", defaultValue = "3", description = "Counterexamples shown per knob and task (default ${DEFAULT-VALUE}).")
    int examples;

    @Mixin JsonOption json;

    @Override
    protected void check() {
        List<String> known = Monotonicity.knobNames();
        for (String k : knobs) {
            if (!known.contains(k)) throw new UserError("--knob", "unknown knob '" + k + "'", "use one of " + String.join(", ", known));
        }
        if (examples < 0 || examples > 1000) throw new UserError("--examples", "examples " + examples + " is out of range", "0–1000 (default 3)");
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        List<RunRecord> runs = FeatureTable.from(Evaluation.finishedRuns(s)).runs();
        Monotonicity m = Monotonicity.of(runs, knobs.isEmpty() ? Monotonicity.DEFAULT_KNOBS : knobs, id -> s.catalog().curve(id), examples);
        if (json.on()) {
            Console.json(out, m);
            return Cli.OK;
        }
        print(out, m);
        return Cli.OK;
    }

    static void print(PrintWriter out, Monotonicity m) {
        int w = 4;
        for (Monotonicity.BudgetTask b : m.budget()) w = Math.max(w, b.task().length());
        String t = "%-" + w + "s";
        out.println("learning against one knob at a time: configs differing in that knob only (same task and every other knob), seeds pooled,");
        out.println("neighbouring trained values compared at every budget both label; informative = not both never or both always learned");
        out.printf(Locale.ROOT, "%-11s " + t + " %6s %6s %8s %11s %16s %8s %8s  %s%n", "knob", "task", "values", "pairs", "compared", "informative",
                "larger ≥ smaller", "larger >", "larger <", "matching");
        for (Monotonicity.KnobTask k : m.knobs()) {
            String share = k.informative() == 0 ? "-" : String.format(Locale.ROOT, "%d (%.0f%%)", k.atLeast(), 100 * k.shareAtLeast());
            out.printf(Locale.ROOT, "%-11s " + t + " %6d %6d %8d %11d %16s %8d %8d  %s%n", k.knob(), k.task(), k.values(), k.pairs(), k.comparisons(),
                    k.informative(), share, k.more(), k.less(), k.matching());
        }
        boolean header = false;
        for (Monotonicity.KnobTask k : m.knobs()) {
            for (Monotonicity.Counterexample c : k.counterexamples()) {
                if (!header) {
                    out.println();
                    out.println("counterexamples (the larger value learned less often; the largest drops first):");
                    header = true;
                }
                out.printf(Locale.ROOT, "  %s %s → %s on %s, %s, budget %d: %d/%d → %d/%d learned%n", k.knob(), num(c.smaller()), num(c.larger()), k.task(),
                        c.others(), c.budget(), c.learnedSmaller(), c.runsSmaller(), c.learnedLarger(), c.runsLarger());
            }
        }
        out.println();
        out.println("budget: learned within B (the first confirmation) never decreases as B grows, by definition; from the curves, runs that reached");
        out.println("the property and fell back past its threshold at a later evaluation, and at their last");
        out.printf(Locale.ROOT, t + " %6s %8s %12s %11s %11s%n", "task", "runs", "learned", "with curves", "lost later", "lost at end");
        for (Monotonicity.BudgetTask b : m.budget()) {
            out.printf(Locale.ROOT, t + " %6d %8d %12d %11d %11d%n", b.task(), b.runs(), b.learned(), b.withCurves(), b.lostLater(), b.lostAtEnd());
        }
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.valueOf((long) v);
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
