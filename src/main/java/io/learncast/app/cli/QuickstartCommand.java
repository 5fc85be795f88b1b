package io.learncast.app.cli;

import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.train.BatchTrainer;
import io.learncast.farm.train.Trainers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code learncast quickstart}: the main job, end to end on the embedded store. */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Train a small sweep on the embedded store and show the outcomes (reuses what is stored).")
final class QuickstartCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RunConfig> configs = new ArrayList<>();
        for (double frac : new double[] {0.3, 0.8}) {
            for (double wd : new double[] {0.1, 1.0}) {
                configs.add(RunConfig.defaults("modadd:p=23").withData(frac, null, null, 0).withOptim(io.learncast.farm.config.Optimizer.ADAMW, 1e-3, wd, 0)
                        .withModel(1, 256, io.learncast.farm.config.Activation.RELU, 1.0).withBudget(3000, 100, null)
                        .withReplica(io.learncast.common.Seeds.DEFAULT_MASTER, 0));
            }
        }
        BatchTrainer t = Trainers.byName(Trainers.DEFAULT, "--trainer");
        try (Interrupts.Work work = Interrupts.begin(); Store s = store.open()) {
            out.println("store: " + s.location());
            Console.Table table = new Console.Table("run", "config", "outcome", "learned at", "test acc");
            for (RunConfig c : configs) {
                StoredRun r = TrainCommand.trainOrReuse(s, c, t, out, false);
                if (r == null) return Cli.INTERRUPTED;
                table.row("#" + r.id(), c.describe(), r.outcome(), r.stepsToLearn() == null ? "-" : r.stepsToLearn(), Console.num(r.finalTestAcc()));
            }
            out.println();
            table.print(out);
        }
        return Cli.OK;
    }
}
