package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.store.Store;
import io.learncast.forecast.judge.JudgeRegistry;
import io.learncast.forecast.judge.Judgement;
import io.learncast.forecast.judge.Judges;
import io.learncast.forecast.judge.NpzReader;
import io.learncast.data.WeightMeasures;
import io.learncast.forecast.judge.WeightFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code learncast judge RUN [--step S]} and {@code learncast judge --weights FILE.npz --task T}: has the
 * network already learned its property, or will it within Δ steps — from its weights (and, for a stored
 * run, its training-set metrics), never from test data.
 */
@Command(name = "judge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Judge a trained network from its weights and training data alone: P(it has learned its property now), P(it will within Δ steps), "
                + "and the weight measures that drove it. A stored run's checkpoint (its weight measures and training-set metrics), or a network "
                + "trained elsewhere as a NumPy .npz of weight matrices (judged on weights alone).",
                "Fit the judge with `learncast judge fit`."},
        subcommands = {JudgeFitCommand.class, JudgeExportWeightsCommand.class})
final class JudgeCommand extends StoreBackedCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "A stored run (see `learncast runs`).")
    Long runId;

    @Option(names = "--step", paramLabel = "S", description = "The evaluation step to judge (default: the run's last evaluation with weight measures).")
    Long step;

    @Option(names = "--weights", paramLabel = "FILE.npz", description = "A network trained elsewhere: arrays layer0 … layerN (inputs × outputs), optional bias0 … biasN.")
    Path weights;

    @Option(names = "--task", paramLabel = "TASK", description = "The task the --weights network was trained on, e.g. modadd:p=23.")
    String task;

    @Option(names = "--from-weights", description = "Judge a stored run from its kept final weights (`farm run --keep-weights`), "
            + "on weights alone, as a file from elsewhere would be.")
    boolean fromWeights;

    @Mixin JsonOption json;

    private WeightMeasures measures; // set by check()

    @Override
    protected void check() {
        if (runId != null && weights != null) throw new UserError("RUN", "both a run and --weights given", "judge one: a stored run, or a weights file");
        if (runId == null && weights == null) throw new UserError("RUN", "nothing to judge", "e.g. learncast judge 42, or learncast judge --weights net.npz --task modadd:p=23; fit first: learncast judge fit");
        if (weights != null && task == null) throw new UserError("--task", "--weights needs the task the network was trained on", "e.g. --task modadd:p=23");
        if (weights == null && task != null) throw new UserError("--task", "--task goes with --weights", "a stored run knows its task");
        if (weights != null && step != null) throw new UserError("--step", "--step goes with a stored run", "a weights file is one checkpoint");
        if (fromWeights && runId == null) throw new UserError("--from-weights", "--from-weights needs a stored run", "e.g. learncast judge 42 --from-weights");
        if (fromWeights && step != null) throw new UserError("--step", "kept weights are the run's final ones", "drop --step, or judge the checkpoint's measures without --from-weights");
        // read and check the file before the store opens: a bad file costs nothing
        measures = weights == null ? null : WeightFile.measure(NpzReader.read(weights, "--weights"), task, "--weights");
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        JudgeRegistry.Loaded judge = JudgeRegistry.require(s);
        Judges.Result r = measures != null ? Judges.ofWeights(judge, weights.getFileName() + " (" + task + ")", measures)
                : fromWeights ? Judges.ofKeptWeights(s, judge, runId) : Judges.ofRun(s, judge, runId, step);
        if (json.on()) {
            Console.json(out, r);
            return Cli.OK;
        }
        print(out, r);
        return Cli.OK;
    }

    static void print(PrintWriter out, Judges.Result r) {
        Judgement j = r.judgement();
        out.println(r.subject() + " — judge #" + r.judgeModel() + " (" + j.features() + " features)");
        out.println(String.format(Locale.ROOT, "P(learned now)          %.3f", j.pNow()));
        out.println(String.format(Locale.ROOT, "P(learned within %d)  %.3f", j.delta(), j.pWithin()));
        if (j.headNow() != null) out.println("read from: now ← " + j.headNow() + "; within ← " + j.headWithin());
        if (j.predictedTestAcc() != null) out.println(String.format(Locale.ROOT, "predicted test acc.     %.3f  (the judge's regression, from weights and training data)", j.predictedTestAcc()));
        Console.Table t = new Console.Table("measure", "value", "corpus median", "moves P(within) by", "moves P(now) by");
        for (Judgement.Driver d : j.drivers()) {
            t.row(d.measure(), Console.num(d.value()), Console.num(d.median()), signed(d.effectWithin()), signed(d.effectNow()));
        }
        out.println("what drove it (each measure alone set to the corpus median):");
        t.print(out);
        out.flush();
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.3f", v);
    }
}
