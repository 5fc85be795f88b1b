package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.data.Datasets;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.store.Claim;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.train.BatchTrainer;
import io.learncast.farm.train.Trainable;
import io.learncast.farm.train.Trainers;
import io.learncast.farm.worker.Identity;
import io.learncast.farm.worker.LeaseKeeper;
import io.learncast.farm.worker.RunExecutor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code learncast train}: train one config now, store it, and show its outcome and curve. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train one network now, store the run and print its outcome and learning curve.")
final class TrainCommand implements Callable<Integer>, ConfigOptions.Host {
    @Spec CommandSpec spec;
    final ConfigOptions config = new ConfigOptions();
    @Mixin StoreOption store;

    @Option(names = "--trainer", defaultValue = Trainers.DEFAULT, description = "Trainer (default ${DEFAULT-VALUE}).")
    String trainer;

    @Mixin JsonOption json;

    @Override public ConfigOptions configOptions() { return config; }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RunConfig c = config.toConfig();
        UserError refused = Trainable.refusal(List.of(c));
        if (refused != null) throw KnobCatalogue.toFlag(refused); // before the store is opened: nothing is written
        // build the data once before touching the store: a bad task or file writes nothing
        Datasets.build(c.taskSpec(), c.dataSpec(), c.dataSeed());
        BatchTrainer t = Trainers.byName(trainer, "--trainer");
        try (Interrupts.Work work = Interrupts.begin(); Store s = store.open()) {
            StoredRun run = trainOrReuse(s, c, t, out, json.on());
            if (run == null) {
                out.println("interrupted: the run was given back to the queue");
                return Cli.INTERRUPTED;
            }
            List<io.learncast.data.CurvePoint> curve = s.catalog().curve(run.id());
            if (json.on()) Console.json(out, RunPrinter.json(run, curve));
            else RunPrinter.summary(out, run, curve);
            return run.state() == RunState.FAILED ? Cli.INTERNAL_ERROR : Cli.OK;
        }
    }

    /** Trains {@code c} unless the store already has it; returns the stored run, or null if interrupted. */
    static StoredRun trainOrReuse(Store s, RunConfig c, BatchTrainer t, PrintWriter out, boolean quiet) {
        s.queue().enqueue(List.of(c), io.learncast.farm.corpus.CorpusFields.TRAIN, null);
        StoredRun existing = s.catalog().byConfigHash(c.configHash()).orElseThrow();
        if (existing.state() == RunState.DONE || existing.state() == RunState.FAILED) {
            if (!quiet) out.println("already in the store as run #" + existing.id() + "; showing the stored result (change --seed for a new replica)");
            return existing;
        }
        if (existing.state() == RunState.RUNNING) {
            throw new UserError("--task", "this exact run (#" + existing.id() + ") is being trained by " + existing.worker(),
                    "wait for it, or use another --seed");
        }
        String worker = Identity.newWorkerId("train");
        Claim claim = s.queue().claimRun(existing.id(), worker, Duration.ofMinutes(2))
                .orElseThrow(() -> new UserError("--task", "run #" + existing.id() + " was claimed by a farm worker meanwhile", "wait for it, or use another --seed"));
        try (LeaseKeeper keeper = new LeaseKeeper(s.queue(), Duration.ofMinutes(2));
             Progress bar = Progress.start("train #" + claim.runId(), c.steps(), "steps", quiet)) {
            RunExecutor exec = new RunExecutor(s, t, keeper, Interrupts::stopping);
            RunExecutor.Report r = exec.execute(List.of(claim), (id, p) -> {
                bar.stepTo(p.step());
                bar.message(String.format(Locale.ROOT, "train %.2f test %.2f", p.trainAcc(), p.testAcc()));
            }).get(0);
            if (r.status() == RunExecutor.Status.RELEASED || r.status() == RunExecutor.Status.FENCED) return null;
        }
        return s.catalog().run(claim.runId()).orElseThrow();
    }
}
